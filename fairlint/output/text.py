"""``path:line:col: CODE [severity] message``, then a summary line with counts per severity."""

from __future__ import annotations

from collections import Counter

from fairlint.finding import Severity


def render(findings, context) -> str:
    lines = [f"{f.path}:{f.line}:{f.col}: {f.code} [{f.severity}] {f.message}" for f in findings]
    errors = getattr(context, "errors", 0)
    if errors:  # never a clean-looking result for a run that did not check everything
        lines.append(f"Incomplete: {errors} internal error{'s' if errors != 1 else ''} (on standard error) stopped "
                     f"fairlint checking everything; {len(findings)} finding{'s' if len(findings) != 1 else ''} in the "
                     f"{context.files_checked} file{'s' if context.files_checked != 1 else ''} it checked. "
                     "Do not rely on this result.")
    else:
        lines.append(summary(findings, context.files_checked, context.files_skipped))
    unread = len(getattr(context, "unread", ()))
    if unread:  # never a clean-looking summary for what was not read
        lines[-1] += f" {unread} file{'s' if unread != 1 else ''} or folder{'s' if unread != 1 else ''} could not be read."
    return "\n".join(lines) + "\n"


def summary(findings, files_checked: int, files_skipped: int = 0) -> str:
    files = f"{files_checked} file{'s' if files_checked != 1 else ''}"
    skipped = f" ({files_skipped} other file{'s' if files_skipped != 1 else ''} skipped; --verbose lists them)" if files_skipped else ""
    if not findings:
        return f"No findings in {files}{skipped}."
    counts = Counter(f.severity for f in findings)
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = counts.get(severity, 0)
        label = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}[severity]
        parts.append(f"{n} {label}{'s' if n != 1 and severity != Severity.INFO else ''}")
    total = len(findings)
    return f"Found {total} finding{'s' if total != 1 else ''} in {files}: {', '.join(parts)}.{skipped}"
