"""``--statistics``: how many findings each rule has, most first (as ruff's)."""

from __future__ import annotations

import json

STATISTICS_FORMATS = ("text", "json")


def rows(findings) -> list[tuple[int, str, str, str]]:
    """(count, code, name, severity) per rule, most findings first."""
    table: dict[str, list] = {}
    for f in findings:
        row = table.setdefault(f.code, [0, f.code, f.name, f.severity])
        row[0] += 1
        row[3] = max(row[3], f.severity)
    return sorted(((n, code, name, str(severity)) for n, code, name, severity in table.values()),
                  key=lambda row: (-row[0], row[1]))


def render(findings, fmt: str) -> str:
    table = rows(findings)
    if fmt == "json":
        return json.dumps([{"code": c, "name": n, "severity": s, "count": k} for k, c, n, s in table], indent=2) + "\n"
    if not table:
        return "No findings.\n"
    from tabulate import tabulate  # imported here: every check imports this module

    return tabulate([(k, c, n, f"[{s}]") for k, c, n, s in table], tablefmt="plain", colalign=("right",)) + "\n"
