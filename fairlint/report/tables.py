"""The text forms of a batch report: Markdown (tables by tabulate), CSV (one row per finding) and JSON."""

from __future__ import annotations

import csv
import html
import io
import json

from tabulate import tabulate

from fairlint.finding import Severity
from fairlint.i18n import N, T, _, gettext

# Column names: English keys in the JSON report, translated headings in Markdown and HTML.
RULE_HEADERS = (_("code"), _("rule"), _("severity"), _("findings"), _("campaigns"))
CAMPAIGN_HEADERS = (_("campaign"), _("file or folder"), _("errors"), _("warnings"), _("info"), _("total"))
FINDING_HEADERS = (_("where"), _("code"), _("severity"), _("message"))
SEVERITY_WORDS = {"error": _("error"), "warning": _("warning"), "info": _("info")}


def lang_of(report) -> str:
    return getattr(report, "lang", "en")


def say(report, text) -> str:
    """A heading or sentence (a ``T(...)``) in the report's language."""
    return text.render(lang_of(report))


def headers(report, names) -> list[str]:
    return [gettext(lang_of(report), name) for name in names]


def severity_word(report, severity: str) -> str:
    return gettext(lang_of(report), SEVERITY_WORDS.get(severity, severity))


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
    return say(report, T("{findings} in {files}, {campaigns}",
                         findings=N("{n} finding", "{n} findings", n=total),
                         files=N("{n} file", "{n} files", n=report.files_checked),
                         campaigns=N("{n} campaign", "{n} campaigns", n=campaigns)))


def generated_line(report) -> str:
    return say(report, T("{headline}; generated {date} by fairlint {version}.", headline=headline(report),
                         date=report.generated, version=report.tool_version))


def group_title(report, group) -> tuple[str, str]:
    """(title, what the small print says) of a campaign's or a folder's findings."""
    if group.kind == "campaign":
        return say(report, T("Campaign {campaign}", campaign=group.label)), group.path
    return (say(report, T("Files in {folder}", folder=group.label)),
            say(report, T("no campaign links to them")))


def markdown(report) -> str:
    out = [
        "# " + say(report, T("fairlint report")),
        "",
        generated_line(report),
        "",
        *([f"**{_text(report.incomplete())}**", ""] if report.errors else []),
        "## " + say(report, T("Findings per severity")),
        "",
        _table(headers(report, ("severity", "findings")),
               [(severity_word(report, s), n) for s, n in report.by_severity()]),
        "",
        "## " + say(report, T("Findings per rule")),
        "",
        _table(headers(report, RULE_HEADERS), [(c, n, severity_word(report, s), k, g) for c, n, s, k, g in
                                               report.by_rule()]) if report.findings else say(report, T("No findings.")),
        "",
        "## " + say(report, T("Campaigns, worst first")),
        "",
        _table(headers(report, CAMPAIGN_HEADERS), report.campaign_rows()) if report.groups
        else say(report, T("No campaigns were checked.")),
        "",
    ]
    for group in report.groups:
        if not group.findings:
            continue
        title, small = group_title(report, group)
        out += [f"## {_text(title)} ({_text(small)})", "",
                _table(headers(report, FINDING_HEADERS),
                       [(f"{f.path}:{f.line}", f.code, severity_word(report, str(f.severity)), f.local_message)
                        for f in group.findings]), ""]
    return "\n".join(out)


def finding_rows(report):
    for group in report.groups:
        for f in group.findings:
            yield {"campaign": group.label, "campaign_file": group.path, "path": f.path, "line": f.line,
                   "column": f.col, "code": f.code, "rule": f.name, "severity": str(f.severity), "message": f.message,
                   "lang": f.lang, "translated_message": f.local_message}


def csv_rows(report) -> str:
    """One row per finding, worst campaign first: for a spreadsheet's pivot tables."""
    buffer = io.StringIO()
    fields = ("campaign", "campaign_file", "path", "line", "column", "code", "rule", "severity", "message", "lang",
              "translated_message")
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

