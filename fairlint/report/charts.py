"""SVG charts for the HTML report, written as SVG text from what the report holds (no plotting library).

Each chart is an ``<svg>`` element ready to inline in HTML: no ids (several charts share a
page), its text kept as ``<text>`` so that the reader's browser shapes Chinese, Russian or
Devanagari with its own fonts, in the page's font. A chart is a few kilobytes and takes well
under a millisecond: a report of 100 timelines costs no more than its tables.

The price timeline draws what ``fairlint.report.timeline`` gives it, which comes from the
finding's evidence and the price engine's price in force: nothing is worked out here.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import unicodedata
from decimal import Decimal

from fairlint.i18n import T, render
from fairlint.i18n.formatting import format_value
from fairlint.report.timeline import Timeline

SEVERITY_COLOURS = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
# one colour per audience, one dash pattern per channel: the same customers look the same in every chart
AUDIENCE_COLOURS = {"all": "#0f766e", "existing": "#1d4ed8", "new": "#ea580c", "lapsed": "#7c3aed"}
OFFER_COLOUR = "#65a30d"
CHANNEL_DASHES = ("", "12 4", "3 3", "12 4 3 4")
OFFER_DASHES = "9 3"
MARKED_FILL, MARKED_OPACITY = "#fecaca", 0.7  # the days a finding is about
INK, MUTED, GRID = "#111827", "#6b7280", "#e5e7eb"
REFERENCE_COLOUR = "#b42318"
WIDTH = 800  # every chart's viewBox is this wide; the page scales it to its column
FONT = 12  # px in the viewBox: tick labels and legend
DAY = dt.timedelta(days=1)


# --- text ---------------------------------------------------------------------------------------

def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is in a sans-serif font of ``size`` px: wide (CJK) characters a full
    em, combining marks (Devanagari vowel signs) nothing, the rest a little over half an em."""
    width = 0.0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch in " .,:;'!|il()[]":
            width += 0.3
        elif ch.isupper() or ch in "mwMW@%":
            width += 0.7
        else:
            width += 0.57
    return width * size


def _text(x: float, y: float, text: str, size: float = FONT, anchor: str = "start", fill: str = INK,
          extra: str = "", room: float | None = None) -> str:
    """A ``<text>`` element; squeezed to ``room`` px when it would be wider (a long file path)."""
    fit = ""
    if room is not None and text_width(text, size) > room:
        fit = f' textLength="{room:.0f}" lengthAdjust="spacingAndGlyphs"'
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    colour = "" if fill == INK else f' fill="{fill}"'
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{anchor_attr}{colour}{fit}{extra}>'
            f"{html.escape(text)}</text>")


def _svg(height: float, label: str, body: list[str]) -> str:
    return (f'<svg role="img" aria-label="{html.escape(label)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" fill="{INK}">'
            + "".join(body) + "</svg>")


def _line(x1: float, y1: float, x2: float, y2: float, colour: str = INK, width: float = 1, dashes: str = "") -> str:
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{width:g}"{dash}/>')


# --- legend -------------------------------------------------------------------------------------

def _legend(entries: list[tuple[str, dict, str]], top: float, centre: float = WIDTH / 2,
            width: float = WIDTH) -> tuple[list[str], float]:
    """Legend entries ``(kind, style, label)`` (kind "line" or "span") in up to three columns,
    read left to right, centred on ``centre`` (the plot's middle); returns the elements and the height used."""
    if not entries:
        return [], 0
    swatch, gap, pad, row = 26, 6, 22, 18
    column = max(text_width(label) for _, _, label in entries) + swatch + gap + pad
    columns = min(3, len(entries))
    while columns > 1 and columns * column > width - 20:
        columns -= 1
    column = min(column, (width - 20) / columns)
    left = min(max(centre - (columns * column - pad) / 2, 10), width - columns * column + pad - 10)
    parts = []
    for n, (kind, style, label) in enumerate(entries):
        x, y = left + (n % columns) * column, top + (n // columns) * row
        if kind == "span":
            parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="{swatch - 4}" height="9" fill="{style["fill"]}" '
                         f'fill-opacity="{style.get("opacity", 1)}"/>')
        else:
            parts.append(_line(x, y - 4.5, x + swatch - 4, y - 4.5, style["colour"], style.get("width", 2),
                               style.get("dashes", "")))
        parts.append(_text(x + swatch + 2, y, label, room=column - swatch - pad))
    return parts, -(-len(entries) // columns) * row


# --- scales -------------------------------------------------------------------------------------

def nice_ticks(low: float, high: float, target: int = 5, integer: bool = False) -> tuple[list[float], int]:
    """Round tick values covering [low, high] (1, 2, 2.5 or 5 times a power of ten apart) and the
    decimals they need."""
    span = high - low
    if span <= 0:
        span = abs(high) or 1.0
    raw = span / target
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * magnitude
        if integer and step < 1:
            continue
        if span / step <= target:
            break
    step = max(step, 1) if integer else step
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    exponent = math.floor(math.log10(step) + 1e-9)
    decimals = max(0, -exponent + (1 if round(step / 10 ** exponent, 6) == 2.5 else 0))
    return ticks, decimals


def _number(value: float, decimals: int, lang: str) -> str:
    """A tick label, written as the report's language writes numbers."""
    amount = Decimal(f"{value:.{decimals}f}")
    return format_value(amount, lang, f".{decimals}f") if decimals else format_value(int(amount), lang)


def date_ticks(first: dt.date, end: dt.date, lang: str, most: int = 8) -> list[tuple[dt.date, str]]:
    """Ticks between ``first`` and ``end`` (exclusive), at most ``most``: days of the month (1, 8,
    15, 22), months or years, labelled in ``lang`` (Babel): the first tick with its year, a new
    month by its name, the other days by their number."""
    days = (end - first).days
    for step in (1, 2, 3, 7, 14):
        monthdays = {7: (1, 8, 15, 22), 14: (1, 15)}.get(step) or tuple(range(1, 29, step))
        if days / 30 * len(monthdays) <= most + 1:
            ticks = [first + DAY * n for n in range(days) if (first + DAY * n).day in monthdays]
            if len(ticks) <= most:
                return _day_labels(ticks, lang)
    for step in (1, 2, 3, 4, 6):
        ticks = _month_starts(first, end, step)
        if len(ticks) <= most:
            return _month_labels(ticks, lang)
    step = 1
    while True:
        ticks = [dt.date(year, 1, 1) for year in range(first.year, end.year + 1)
                 if year % step == 0 and first <= dt.date(year, 1, 1) < end]
        if len(ticks) <= most:
            return [(day, str(day.year)) for day in ticks]
        step *= 5 if str(step)[0] == "2" else 2  # 1, 2, 10, 20, 100 ... years


def _month_starts(first: dt.date, end: dt.date, step: int) -> list[dt.date]:
    year, month = first.year, first.month
    if first.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    ticks = []
    while dt.date(year, month, 1) < end:
        if (month - 1) % step == 0:
            ticks.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


def _format(day: dt.date, skeleton: str, lang: str) -> str:
    from babel.dates import format_skeleton

    return format_skeleton(skeleton, day, locale=lang)


def _month_name(day: dt.date, lang: str) -> str:
    from babel.dates import get_month_names

    return get_month_names("abbreviated", context="stand-alone", locale=lang)[day.month]


def _day_labels(ticks: list[dt.date], lang: str) -> list[tuple[dt.date, str]]:
    labels = []
    for n, day in enumerate(ticks):
        if n == 0:
            labels.append((day, _format(day, "yMMMd", lang)))
        elif day.day == 1:
            labels.append((day, _format(day, "yMMM" if day.month == 1 else "MMMd", lang)))
        else:
            labels.append((day, str(day.day)))
    return labels


def _month_labels(ticks: list[dt.date], lang: str) -> list[tuple[dt.date, str]]:
    return [(day, _format(day, "yMMM", lang) if n == 0 or day.month == 1 else _month_name(day, lang))
            for n, day in enumerate(ticks)]


# --- charts -------------------------------------------------------------------------------------

def rule_bars(by_rule, xlabel: str = "findings", severity_labels=None, title: str = "Findings per rule") -> str:
    """Horizontal bars: findings per rule (``Report.by_rule`` rows), coloured by severity, most first."""
    rows = list(by_rule)
    labels = [f"{code} {name}" for code, name, *_ in rows]
    left = min(max(text_width(label) for label in labels) + 18, WIDTH * 0.45)
    right, top, bar, pitch = WIDTH - 40, 10, 17, 24
    bottom = top + pitch * len(rows) + 4
    most = max(row[3] for row in rows)
    ticks, _ = nice_ticks(0, most, target=min(6, max(most, 1)), integer=True)
    limit = max(most * 1.15 + 0.5, ticks[-1])
    x = lambda value: left + (right - left) * value / limit  # noqa: E731 - a scale
    parts = [_line(x(t), top, x(t), bottom, GRID) for t in ticks if t]
    for n, (label, (code, name, severity, count, _)) in enumerate(zip(labels, rows)):
        y = top + n * pitch + (pitch - bar) / 2
        parts.append(_text(left - 8, y + bar / 2 + 4, label, anchor="end", room=left - 14))
        parts.append(f'<rect x="{left:.1f}" y="{y:.1f}" width="{x(count) - left:.1f}" height="{bar}" '
                     f'fill="{SEVERITY_COLOURS.get(severity, MUTED)}"/>')
        parts.append(_text(x(count) + 4, y + bar / 2 + 4, str(count)))
    parts.append(_line(left, top, left, bottom))
    parts.append(_line(left, bottom, right, bottom))
    for t in ticks:
        parts += [_line(x(t), bottom, x(t), bottom + 4), _text(x(t), bottom + 17, str(int(t)), anchor="middle")]
    parts.append(_text((left + right) / 2, bottom + 34, xlabel, anchor="middle"))
    # the legend: a row under the axis, one swatch per severity shown
    words = severity_labels or {}
    entries = [("span", {"fill": SEVERITY_COLOURS[s]}, words.get(s, s)) for s in SEVERITY_COLOURS
               if any(row[2] == s for row in rows)]
    legend, height = _legend(entries, bottom + 58, (left + right) / 2)
    return _svg(bottom + 48 + height + 4, title, parts + legend)


def price_timeline(timeline: Timeline, lang: str = "en") -> str:
    """The SKU's price steps per audience around the finding, with its marked days and dates.

    Its words are in ``lang`` (the finding's language); they stay text in the SVG."""
    f = timeline.finding
    place = f"{f.path}:{f.line}"
    end = timeline.last_day + DAY
    prices = [float(step.price) for series in timeline.series for step in series.steps]
    if timeline.reference is not None:
        prices.append(float(timeline.reference))
    low, high = (min(prices), max(prices)) if prices else (0.0, 1.0)
    span = high - low or max(abs(high) * 0.1, 1.0)
    low, high = low - 0.2 * span, high + 0.2 * span  # room above and below the lines
    yticks, decimals = nice_ticks(low, high)
    ylabels = [_number(t, decimals, lang) for t in yticks]
    price = T("price ({currency})", currency=timeline.currency) if timeline.currency else T("price")
    left = 30 + max(text_width(label) for label in ylabels)
    right, top, bottom = WIDTH - 14, 34, 34 + 210
    days = (end - timeline.first_day).days

    def x(day: dt.date) -> float:
        return left + (right - left) * min(max((day - timeline.first_day).days, 0), days) / days

    def y(value) -> float:
        return bottom - (bottom - top) * (float(value) - low) / (high - low)

    parts = [_text(left, 18, T("{sku}: {code} at {place}", sku=timeline.sku, code=f.code, place=place).render(lang),
                   size=14, room=WIDTH - left)]
    entries, marks = [], []
    if timeline.marked:
        start, last = timeline.marked
        parts.append(f'<rect x="{x(start):.1f}" y="{top}" width="{x(last + DAY) - x(start):.1f}" '
                     f'height="{bottom - top}" fill="{MARKED_FILL}" fill-opacity="{MARKED_OPACITY}"/>')
        marks.append(("span", {"fill": MARKED_FILL, "opacity": MARKED_OPACITY}, render(timeline.marked_label, lang)))
    for t, label in zip(yticks, ylabels):
        parts += [_line(left, y(t), right, y(t), GRID), _line(left - 4, y(t), left, y(t)),
                  _text(left - 7, y(t) + 4, label, anchor="end")]
    channels = sorted({s.channel for s in timeline.series if not s.offer})
    for series in timeline.series:
        if series.offer:
            colour, dashes = OFFER_COLOUR, OFFER_DASHES
        else:
            colour = AUDIENCE_COLOURS.get(series.audience, INK)
            dashes = CHANNEL_DASHES[channels.index(series.channel) % len(CHANNEL_DASHES)]
        parts.append(_steps_path(series.steps, x, y, colour, dashes))
        entries.append(("line", {"colour": colour, "dashes": dashes, "width": 2.4}, render(series.label, lang)))
    if timeline.event:
        parts.append(_line(x(timeline.event), top, x(timeline.event), bottom, INK, 1.3))
        marks.append(("line", {"colour": INK, "width": 1.3},
                      T("{event} ({date})", event=timeline.event_label, date=timeline.event).render(lang)))
    if timeline.announced:
        parts.append(_line(x(timeline.announced), top, x(timeline.announced), bottom, MUTED, 1.5, "5 3"))
        marks.append(("line", {"colour": MUTED, "width": 1.5, "dashes": "5 3"},
                      T("announced {date}", date=timeline.announced).render(lang)))
    if timeline.reference is not None:
        parts.append(_line(left, y(timeline.reference), right, y(timeline.reference), REFERENCE_COLOUR, 1.5, "2 3"))
        marks.append(("line", {"colour": REFERENCE_COLOUR, "width": 1.5, "dashes": "2 3"},
                      T("'was' price {price:.2f}", price=timeline.reference).render(lang)))
    parts += [_line(left, top, left, bottom), _line(left, bottom, right, bottom)]
    for day, label in date_ticks(timeline.first_day, end, lang):
        at = x(day)
        half = text_width(label) / 2
        parts += [_line(at, bottom, at, bottom + 4),
                  _text(min(max(at, left - 20 + half), WIDTH - half - 2), bottom + 18, label, anchor="middle")]
    middle = (top + bottom) / 2
    parts.append(_text(14, middle, price.render(lang), anchor="middle", extra=f' transform="rotate(-90 14 {middle:.1f})"'))
    legend, height = _legend(entries + marks, bottom + 46, (left + right) / 2)
    label = T("Price timeline of {sku} for {code} at {place}", sku=timeline.sku, code=f.code, place=place)
    return _svg(bottom + 36 + height + 6, label.render(lang), parts + legend)


def _steps_path(steps, x, y, colour: str, dashes: str) -> str:
    """One path for a series of price steps: flat while a price holds, a riser where it changes on the
    next day, a gap where no price is in force."""
    commands, last_end = [], None
    for step in sorted(steps, key=lambda s: s.start):
        if last_end == step.start:
            commands.append(f"V{y(step.price):.1f}")
        else:
            commands.append(f"M{x(step.start):.1f} {y(step.price):.1f}")
        last_end = step.end + DAY
        commands.append(f"H{x(last_end):.1f}")
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return (f'<path d="{"".join(commands)}" fill="none" stroke="{colour}" stroke-width="2.4" '
            f'stroke-linejoin="round"{dash}/>')
