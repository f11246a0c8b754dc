"""SVG charts for the HTML report, drawn by matplotlib's SVG backend (the ``report`` extra).

``available()`` says whether matplotlib can be imported; the HTML report shows
its tables without charts, and says how to get them, when it cannot.
Each chart is returned as an ``<svg>`` element ready to inline in HTML: no XML
prologue, no metadata, its element ids prefixed so several charts can share a
page.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import warnings

from fairlint.i18n import T, render
from fairlint.report.timeline import Timeline

SEVERITY_COLOURS = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
# one colour per audience, one dash pattern per channel: the same customers look the same in every chart
AUDIENCE_COLOURS = {"all": "#0f766e", "existing": "#1d4ed8", "new": "#ea580c", "lapsed": "#7c3aed"}
OFFER_COLOUR = "#65a30d"
CHANNEL_DASHES = ("-", (0, (6, 2)), (0, (1.5, 1.5)), (0, (6, 2, 1.5, 2)))
RC = {
    "svg.fonttype": "none",  # text stays text: readable, searchable, small
    "svg.hashsalt": "fairlint",  # the same report twice gives the same file
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _svg(figure, prefix: str, label: str) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Text stays text in the SVG (svg.fonttype none): the reader's browser shapes Chinese or
        # Devanagari with its own fonts, so matplotlib's fonts lacking those glyphs do not matter.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    for name in set(re.findall(r'\bid="([^"]+)"', text)):
        text = (text.replace(f'id="{name}"', f'id="{prefix}-{name}"')
                .replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
                .replace(f"url(#{name})", f"url(#{prefix}-{name})"))
    return text.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def rule_bars(by_rule, prefix: str = "rules", xlabel: str = "findings", severity_labels=None,
              title: str = "Findings per rule") -> str:
    """Horizontal bars: findings per rule, coloured by severity, most first."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows = list(reversed(by_rule))  # barh draws bottom-up
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(7.5, 0.45 * len(rows) + 0.9), layout="constrained")
        axes = figure.subplots()
        labels = [f"{code} {name}" for code, name, *_ in rows]
        counts = [count for *_, count, _ in rows]
        bars = axes.barh(labels, counts, color=[SEVERITY_COLOURS[severity] for _, _, severity, *_ in rows])
        axes.bar_label(bars, padding=3)
        axes.set_xlabel(xlabel)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_xlim(0, max(counts) * 1.15 + 0.5)
        labels_of = severity_labels or {}
        handles = [Patch(color=c, label=labels_of.get(s, s)) for s, c in SEVERITY_COLOURS.items()
                   if any(r[2] == s for r in rows)]
        axes.legend(handles=handles, loc="lower right", frameon=False)
        return _svg(figure, prefix, title)


def price_timeline(timeline: Timeline, prefix: str, lang: str = "en") -> str:
    """The SKU's price steps per audience around the finding, with its marked days and dates.

    Its words are in ``lang`` (the finding's language); they stay text in the SVG."""
    import matplotlib
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure

    one_day = dt.timedelta(days=1)
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(8, 3.4), layout="constrained")
        axes = figure.subplots()
        lines, marks = [], []  # legend: the prices first, then what is marked on them
        if timeline.marked:
            start, end = timeline.marked
            marks.append(axes.axvspan(start, end + one_day, color="#fecaca", alpha=0.7, lw=0,
                                      label=render(timeline.marked_label, lang)))
        channels = sorted({s.channel for s in timeline.series if not s.offer})
        for series in timeline.series:
            xs, ys = [], []
            for step in sorted(series.steps, key=lambda s: s.start):
                if xs and xs[-1] != step.start:
                    xs.append(xs[-1])
                    ys.append(float("nan"))  # a gap: no price on those days
                xs += [step.start, step.end + one_day]
                ys += [float(step.price), float(step.price)]
            if series.offer:
                colour, dashes = OFFER_COLOUR, (0, (4, 1.5))
            else:
                colour = AUDIENCE_COLOURS.get(series.audience, "#111827")
                dashes = CHANNEL_DASHES[channels.index(series.channel) % len(CHANNEL_DASHES)]
            lines += axes.plot(xs, ys, color=colour, lw=2.2, ls=dashes, label=render(series.label, lang))
        if timeline.event:
            marks.append(axes.axvline(timeline.event, color="#111827", lw=1.2,
                                      label=T("{event} ({date})", event=timeline.event_label,
                                              date=timeline.event).render(lang)))
        if timeline.announced:
            marks.append(axes.axvline(timeline.announced, color="#6b7280", lw=1.4, ls=(0, (3, 2)),
                                      label=T("announced {date}", date=timeline.announced).render(lang)))
        if timeline.reference is not None:
            marks.append(axes.axhline(float(timeline.reference), color="#b42318", lw=1.4, ls=":", zorder=3,
                                      label=T("'was' price {price:.2f}", price=timeline.reference).render(lang)))
        axes.set_xlim(timeline.first_day, timeline.last_day + one_day)
        axes.margins(y=0.2)
        locator = mdates.AutoDateLocator(maxticks=8)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(_date_formatter(locator, lang))
        price = T("price ({currency})", currency=timeline.currency) if timeline.currency else T("price")
        axes.set_ylabel(price.render(lang))
        axes.grid(axis="y", color="#e5e7eb")
        entries = lines + marks
        columns = min(3, len(entries))
        figure.legend(handles=_row_major(entries, columns), loc="outside lower center", ncols=columns,
                      frameon=False, fontsize=8)
        f = timeline.finding
        place = f"{f.path}:{f.line}"
        axes.set_title(T("{sku}: {code} at {place}", sku=timeline.sku, code=f.code, place=place).render(lang),
                       loc="left", fontsize=10)
        label = T("Price timeline of {sku} for {code} at {place}", sku=timeline.sku, code=f.code, place=place)
        return _svg(figure, prefix, label.render(lang))


def _date_formatter(locator, lang: str):
    """matplotlib's concise dates ("Mar", "2027-Mar", "15"), with the months named in ``lang`` (Babel)."""
    from matplotlib import dates as mdates

    if lang == "en":
        return mdates.ConciseDateFormatter(locator)
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", context="stand-alone", locale=lang)
    english = {dt.date(2000, month, 1).strftime("%b"): names[month] for month in range(1, 13)}
    pattern = re.compile(r"\b(" + "|".join(english) + r")\b")

    class Localized(mdates.ConciseDateFormatter):
        def format_ticks(self, values):
            return [pattern.sub(lambda m: english[m.group(1)], label) for label in super().format_ticks(values)]

        def get_offset(self):
            return pattern.sub(lambda m: english[m.group(1)], super().get_offset())

    return Localized(locator)


def _row_major(entries: list, columns: int) -> list:
    """Order legend entries so that they read left to right (matplotlib fills a column at a time)."""
    if columns <= 1:
        return entries
    rows = -(-len(entries) // columns)
    return [entries[row * columns + column] for column in range(columns) for row in range(rows)
            if row * columns + column < len(entries)]
