"""Writing SVG by hand for the report's charts: text, lines, a legend, and round ticks for
numbers and dates. Text stays ``<text>`` (the browser shapes every script in the page's font);
its width is estimated, as nothing here measures fonts.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import unicodedata
from decimal import Decimal

from fairlint.i18n.formatting import format_value

INK = "#111827"
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


def text(x: float, y: float, words: str, size: float = FONT, anchor: str = "start", fill: str = INK,
         extra: str = "", room: float | None = None) -> str:
    """A ``<text>`` element; squeezed to ``room`` px when it would be wider (a long file path)."""
    fit = ""
    if room is not None and text_width(words, size) > room:
        fit = f' textLength="{room:.0f}" lengthAdjust="spacingAndGlyphs"'
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    colour = "" if fill == INK else f' fill="{fill}"'
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{anchor_attr}{colour}{fit}{extra}>'
            f"{html.escape(words)}</text>")


def svg(height: float, label: str, body: list[str]) -> str:
    """The chart: ``body`` in a viewBox ``WIDTH`` wide, named ``label`` for screen readers."""
    return (f'<svg role="img" aria-label="{html.escape(label)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" fill="{INK}">'
            + "".join(body) + "</svg>")


def line(x1: float, y1: float, x2: float, y2: float, colour: str = INK, width: float = 1, dashes: str = "") -> str:
    """A straight line; ``dashes`` an SVG dash pattern ("5 3"), else solid."""
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{width:g}"{dash}/>')


# --- legend -------------------------------------------------------------------------------------

def legend(entries: list[tuple[str, dict, str]], top: float, centre: float = WIDTH / 2,
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
            parts.append(line(x, y - 4.5, x + swatch - 4, y - 4.5, style["colour"], style.get("width", 2),
                               style.get("dashes", "")))
        parts.append(text(x + swatch + 2, y, label, room=column - swatch - pad))
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
        if span / step <= target + 2:  # 3 to 7 ticks for 5
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


def tick_number(value: float, decimals: int, lang: str) -> str:
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
