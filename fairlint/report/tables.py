"""The text forms of a batch report: Markdown (tables by tabulate), CSV (one row per finding) and JSON."""

from __future__ import annotations

import csv
import html
import io
import json

from tabulate import tabulate

from fairlint.finding import Severity

RULE_HEADERS = ("code", "rule", "severity", "findings", "campaigns")
CAMPAIGN_HEADERS = ("campaign", "file or folder", "errors", "warnings", "info", "total")
FINDING_HEADERS = ("where", "code", "severity", "message")


def _cell(text) -> str:
    """Markdown table cells: a '|' would end the cell, a newline the row, and HTML is text, not markup."""
    return _text(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _text(text) -> str:
    """Markdown text: HTML in a document (``<img src=...>``, ``<script>``) is shown, never rendered."""
    return html.escape(str(text), quote=False)


# A spreadsheet runs a cell starting with one of these as a formula (OWASP's "CSV injection"); a line
# starting with "::" is a workflow command when a CI log shows the report. Such a cell gets a "'" first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "::")


def _csv_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _table(headers, rows) -> str:
    return tabulate([[_cell(c) for c in row] for row in rows], headers=headers, tablefmt="github",
                    disable_numparse=True)


def headline(report) -> str:
    campaigns = sum(1 for g in report.groups if g.kind == "campaign")
    total = len(report.findings)
    return (f"{total} finding{'s' if total != 1 else ''} in {report.files_checked} "
            f"file{'s' if report.files_checked != 1 else ''}, {campaigns} campaign{'s' if campaigns != 1 else ''}")


def markdown(report) -> str:
    out = [
        "# fairlint report",
        "",
        f"{headline(report)}; generated {report.generated} by fairlint {report.tool_version}.",
        "",
        *([f"**{_text(report.incomplete())}**", ""] if report.errors else []),
        "## Findings per severity",
        "",
        _table(("severity", "findings"), report.by_severity()),
        "",
        "## Findings per rule",
        "",
        _table(RULE_HEADERS, report.by_rule()) if report.findings else "No findings.",
        "",
        "## Campaigns, worst first",
        "",
        _table(CAMPAIGN_HEADERS, report.campaign_rows()) if report.groups else "No campaigns were checked.",
        "",
    ]
    for group in report.groups:
        if not group.findings:
            continue
        title = f"Campaign {_text(group.label)} ({_text(group.path)})" if group.kind == "campaign" else \
            f"Files in {_text(group.label)} (no campaign links to them)"
        out += [f"## {title}", "",
                _table(FINDING_HEADERS, [(f"{f.path}:{f.line}", f.code, str(f.severity), f.message)
                                         for f in group.findings]), ""]
    return "\n".join(out)


def finding_rows(report):
    for group in report.groups:
        for f in group.findings:
            yield {"campaign": group.label, "campaign_file": group.path, "path": f.path, "line": f.line,
                   "column": f.col, "code": f.code, "rule": f.name, "severity": str(f.severity), "message": f.message}


def csv_rows(report) -> str:
    """One row per finding, worst campaign first: for a spreadsheet's pivot tables."""
    buffer = io.StringIO()
    fields = ("campaign", "campaign_file", "path", "line", "column", "code", "rule", "severity", "message")
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _csv_cell(value) for key, value in row.items()} for row in finding_rows(report))
    return buffer.getvalue()


def json_report(report) -> str:
    data = {
        "tool": {"name": "fairlint", "version": report.tool_version},
        "generated": report.generated.isoformat(),
        "files_checked": report.files_checked,
        "errors": list(report.errors),  # internal errors: when there are any, the report is incomplete
        "by_severity": dict(report.by_severity()),
        "by_rule": [dict(zip(RULE_HEADERS, row)) for row in report.by_rule()],
        "campaigns": [
            {"campaign": g.label, "kind": g.kind, "path": g.path, "errors": g.count(Severity.ERROR),
             "warnings": g.count(Severity.WARNING), "info": g.count(Severity.INFO), "total": len(g.findings)}
            for g in report.groups
        ],
        "findings": list(finding_rows(report)),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

