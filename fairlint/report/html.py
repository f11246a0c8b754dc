"""The HTML report: one self-contained file (inline CSS and SVG, nothing fetched) for a browser.

Tables come from tabulate; charts (findings per rule, and a price timeline for the
first FL201, FL202 and FL103 findings) are SVG written by ``fairlint.report.charts``.
"""

from __future__ import annotations

import html
from collections import defaultdict

from tabulate import tabulate

from fairlint.report import charts
from fairlint.i18n import N, T
from fairlint.report.tables import CAMPAIGN_HEADERS, RULE_HEADERS, generated_line, group_title, headers, lang_of, say, severity_word
from fairlint.report.timeline import timelines

CHART_LIMIT = 100  # price timelines per report; the tables list every finding

STYLE = """
:root { color-scheme: light; --ink: #111827; --muted: #4b5563; --line: #e5e7eb;
  --error: #b42318; --warning: #b54708; --info: #175cd3; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 4rem; background: #fff; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .75rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
h3 small { color: var(--muted); font-weight: normal; font-size: .85rem; margin-left: .5rem; }
.lede { color: var(--muted); margin: 0 0 1rem; }
.totals { display: flex; gap: .75rem; padding: 0; margin: 0; list-style: none; }
.totals li { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; min-width: 7rem; }
.totals b { display: block; font-size: 1.6rem; }
.totals .error b { color: var(--error); } .totals .warning b { color: var(--warning); }
.totals .info b { color: var(--info); }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { text-align: left; padding: .35rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f9fafb; }
td { font-variant-numeric: tabular-nums; }
.badge { display: inline-block; border-radius: .3rem; padding: 0 .4rem; color: #fff; font-size: .8rem;
  font-weight: 600; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); }
.badge.info { background: var(--info); }
ol.findings { list-style: none; padding: 0; margin: 0; }
ol.findings > li { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .9rem; margin: .6rem 0; }
.where { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem;
  color: var(--muted); }
.rule { font-weight: 600; margin-left: .35rem; }
.message { margin: .25rem 0 0; }
figure { margin: .75rem 0 .25rem; }
figure svg { max-width: 100%; height: auto; display: block; }
.notice { border-left: 4px solid var(--warning); background: #fffaeb; padding: .6rem 1rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
"""


def _table(headers, rows, numeric: set[int], cells_are_html: bool = False) -> str:
    """An HTML table by tabulate; cells are escaped here so that the first may carry a link."""
    body = [[cell if cells_are_html and i == 0 else html.escape(str(cell)) for i, cell in enumerate(row)]
            for row in rows]
    align = ["right" if i in numeric else "left" for i in range(len(headers))]
    return tabulate(body, headers=[html.escape(h) for h in headers], tablefmt="unsafehtml", colalign=align,
                    disable_numparse=True)


def render(report) -> str:
    drawn, left_out = timelines(report, CHART_LIMIT)
    by_finding = defaultdict(list)
    for timeline in drawn:
        by_finding[timeline.finding].append(timeline)
    severities = report.by_severity()
    title = say(report, T("fairlint report"))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang_of(report)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="lede">{html.escape(generated_line(report))}</p>',
        '<ul class="totals">'
        + "".join(f'<li class="{s}"><b>{n}</b>{html.escape(_severity_count(report, s, n))}</li>'
                  for s, n in severities)
        + "</ul>",
        "</header>",
    ]
    if report.errors:
        parts.append(f'<p class="notice">{html.escape(report.incomplete())}</p>')
    parts += _rules_section(report)
    parts += _campaigns_section(report)
    parts += _findings_section(report, by_finding, left_out)
    footer = html.escape(say(report, T("Made by fairlint. Each finding says what is wrong and what to do; "
                                       "{command} explains a rule.", command="\0"))).replace(
        "\0", "<code>fairlint rule CODE</code>")
    parts += [f"<footer>{footer}</footer>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _severity_count(report, severity: str, count: int) -> str:
    """The word after a count in the totals: "errors", "warning", "info" (the number is drawn apart)."""
    if severity == "error":
        text = N("error", "errors", n=count)
    elif severity == "warning":
        text = N("warning", "warnings", n=count)
    else:
        text = T("info")
    return say(report, text)


def _rules_section(report) -> list[str]:
    heading, empty = say(report, T("Findings per rule")), say(report, T("No findings."))
    parts = ['<section id="rules">', f"<h2>{html.escape(heading)}</h2>"]
    rows = report.by_rule()
    if not rows:
        return parts + [f"<p>{html.escape(empty)}</p>", "</section>"]
    label = say(report, T("findings"))
    words = {s: severity_word(report, s) for s in ("error", "warning", "info")}
    chart = _chart(lambda: charts.rule_bars(rows, xlabel=label, severity_labels=words, title=heading))
    parts.append(f"<figure>{chart}</figure>")
    parts.append(_table(headers(report, RULE_HEADERS),
                        [(c, n, severity_word(report, s), k, g) for c, n, s, k, g in rows], numeric={3, 4}))
    return parts + ["</section>"]


def _campaigns_section(report) -> list[str]:
    heading, empty = say(report, T("Campaigns, worst first")), say(report, T("No campaigns were checked."))
    parts = ['<section id="campaigns">', f"<h2>{html.escape(heading)}</h2>"]
    if not report.groups:
        return parts + [f"<p>{html.escape(empty)}</p>", "</section>"]
    rows = []
    for group, row in zip(report.groups, report.campaign_rows()):
        label = html.escape(row[0])
        first = f'<a href="#{group.anchor}">{label}</a>' if group.findings else label
        rows.append((first, *row[1:]))
    parts.append(_table(headers(report, CAMPAIGN_HEADERS), rows, numeric={2, 3, 4, 5}, cells_are_html=True))
    return parts + ["</section>"]


def _findings_section(report, by_finding, left_out: int) -> list[str]:
    heading = say(report, T("Findings by campaign"))
    parts = ['<section id="findings">', f"<h2>{html.escape(heading)}</h2>"]
    if left_out:
        notice = say(report, T("Price timelines are drawn for the first {drawn}; {left_out} more are left out to keep "
                               "the page light.", drawn=CHART_LIMIT, left_out=left_out))
        parts.append(f'<p class="notice">{html.escape(notice)}</p>')
    for group in report.groups:
        if not group.findings:
            continue
        heading, small = group_title(report, group)
        title = f"{html.escape(heading)}<small>{html.escape(small)}</small>"
        parts += [f'<article id="{group.anchor}">', f"<h3>{title}</h3>",
                  '<ol class="findings">']
        for f in group.findings:
            severity = str(f.severity)
            parts.append(
                f'<li><div class="where">{html.escape(f.path)}:{f.line}:{f.col}</div>'
                f'<span class="badge {severity}">{f.code} {html.escape(severity_word(report, severity))}</span>'
                f'<span class="rule">{html.escape(f.name)}</span>'
                f'<p class="message" lang="{f.lang}">{html.escape(f.local_message)}</p>'
            )
            for timeline in by_finding.get(f, []):
                svg = _chart(lambda t=timeline, lang=f.lang: charts.price_timeline(t, lang))
                parts.append(f"<figure>{svg}</figure>")
            parts.append("</li>")
        parts += ["</ol>", "</article>"]
    return parts + ["</section>"]


def _chart(draw) -> str:
    """A chart, or a line saying why it is missing: one bad chart must not cost the whole report."""
    try:
        return draw()
    except Exception as exc:  # noqa: BLE001 - reported in the page instead
        return f'<p class="notice">This chart could not be drawn ({html.escape(type(exc).__name__)}: ' \
               f"{html.escape(str(exc))}); please report it.</p>"
