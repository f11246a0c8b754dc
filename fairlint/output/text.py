"""``path:line:col: CODE [severity] message``, then a summary line with counts per severity.

Each message is in its finding's language (``--lang``), followed by the legal
basis when a market profile cites one; the summary line is in the run's language.
"""

from __future__ import annotations

from collections import Counter

from fairlint.finding import Severity
from fairlint.i18n import N, T


def render(findings, context) -> str:
    lines = [f"{f.path}:{f.line}:{f.col}: {f.code} [{f.severity}] {f.local_message}{_cited(f)}" for f in findings]
    errors = getattr(context, "errors", 0)
    if errors:  # never a clean-looking result for a run that did not check everything
        lines.append(T("Incomplete: {errors} (on standard error) stopped fairlint checking everything; {findings} in "
                       "the {files} it checked. Do not rely on this result.",
                       errors=N("{n} internal error", "{n} internal errors", n=errors),
                       findings=N("{n} finding", "{n} findings", n=len(findings)),
                       files=N("{n} file", "{n} files", n=context.files_checked)).render(context.lang))
    else:
        lines.append(summary(findings, context.files_checked, context.files_skipped, context.lang))
    unread = len(getattr(context, "unread", ()))
    if unread:  # never a clean-looking summary for what was not read
        lines[-1] += " " + N("{n} file or folder could not be read.", "{n} files or folders could not be read.",
                             n=unread).render(getattr(context, "lang", "en"))
    return "\n".join(lines) + "\n"


def _cited(finding) -> str:
    if not finding.citations:
        return ""
    return " [" + "; ".join(c.source for c in finding.citations) + "]"


def summary(findings, files_checked: int, files_skipped: int = 0, lang: str = "en") -> str:
    files = N("{n} file", "{n} files", n=files_checked)
    skipped = ""
    if files_skipped:
        skipped = " " + N("({n} other file skipped; --verbose lists them)",
                          "({n} other files skipped; --verbose lists them)", n=files_skipped).render(lang)
    if not findings:
        return T("No findings in {files}{skipped}.", files=files, skipped=skipped).render(lang)
    counts = Counter(f.severity for f in findings)
    parts = [
        N("{n} error", "{n} errors", n=counts.get(Severity.ERROR, 0)),
        N("{n} warning", "{n} warnings", n=counts.get(Severity.WARNING, 0)),
        T("{n} info", n=counts.get(Severity.INFO, 0)),
    ]
    total = len(findings)
    found = N("Found {n} finding in {files}: {errors}, {warnings}, {infos}.{skipped}",
              "Found {n} findings in {files}: {errors}, {warnings}, {infos}.{skipped}",
              n=total, files=files, errors=parts[0], warnings=parts[1], infos=parts[2], skipped=skipped)
    return found.render(lang)
