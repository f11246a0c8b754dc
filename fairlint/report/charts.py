"""SVG charts for the HTML report, written as SVG text from what the report holds (no plotting library).

Each chart is an ``<svg>`` element ready to inline in HTML: no ids (several charts share a
page), its text kept as ``<text>`` so that the reader's browser shapes Chinese, Russian or
Devanagari with its own fonts, in the page's font. A chart is a few kilobytes and takes well
under a millisecond: a report of 100 timelines costs no more than its tables.

The price timeline draws what ``fairlint.report.timeline`` gives it, which comes from the
finding's evidence and the price engine's price in force: nothing is worked out here.
"""

from __future__ import annotations

from fairlint.i18n import T, render
from fairlint.report import svg
from fairlint.report.svg import DAY, INK, WIDTH
from fairlint.report.timeline import Timeline

SEVERITY_COLOURS = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
# one colour per audience, one dash pattern per channel: the same customers look the same in every chart
AUDIENCE_COLOURS = {"all": "#0f766e", "existing": "#1d4ed8", "new": "#ea580c", "lapsed": "#7c3aed"}
OFFER_COLOUR = "#65a30d"
CHANNEL_DASHES = ("", "12 4", "3 3", "12 4 3 4")
OFFER_DASHES = "9 3"
MARKED_FILL, MARKED_OPACITY = "#fecaca", 0.7  # the days a finding is about
MUTED, GRID = "#6b7280", "#e5e7eb"
REFERENCE_COLOUR = "#b42318"


def rule_bars(by_rule, xlabel: str = "findings", severity_labels=None, title: str = "Findings per rule") -> str:
    """Horizontal bars: findings per rule (``Report.by_rule`` rows), coloured by severity, most first."""
    rows = list(by_rule)
    labels = [f"{code} {name}" for code, name, *_ in rows]
    left = min(max(svg.text_width(label) for label in labels) + 18, WIDTH * 0.45)
    right, top, bar, pitch = WIDTH - 40, 10, 17, 24
    bottom = top + pitch * len(rows) + 4
    most = max(row[3] for row in rows)
    ticks, _ = svg.nice_ticks(0, most, target=min(6, max(most, 1)), integer=True)
    limit = max(most * 1.15 + 0.5, ticks[-1])
    x = lambda value: left + (right - left) * value / limit  # noqa: E731 - a scale
    parts = [svg.line(x(t), top, x(t), bottom, GRID) for t in ticks if t]
    for n, (label, (code, name, severity, count, _)) in enumerate(zip(labels, rows)):
        y = top + n * pitch + (pitch - bar) / 2
        parts.append(svg.text(left - 8, y + bar / 2 + 4, label, anchor="end", room=left - 14))
        parts.append(f'<rect x="{left:.1f}" y="{y:.1f}" width="{x(count) - left:.1f}" height="{bar}" '
                     f'fill="{SEVERITY_COLOURS.get(severity, MUTED)}"/>')
        parts.append(svg.text(x(count) + 4, y + bar / 2 + 4, str(count)))
    parts.append(svg.line(left, top, left, bottom))
    parts.append(svg.line(left, bottom, right, bottom))
    for t in ticks:
        parts += [svg.line(x(t), bottom, x(t), bottom + 4), svg.text(x(t), bottom + 17, str(int(t)), anchor="middle")]
    parts.append(svg.text((left + right) / 2, bottom + 34, xlabel, anchor="middle"))
    # the legend: a row under the axis, one swatch per severity shown
    words = severity_labels or {}
    entries = [("span", {"fill": SEVERITY_COLOURS[s]}, words.get(s, s)) for s in SEVERITY_COLOURS
               if any(row[2] == s for row in rows)]
    legend, height = svg.legend(entries, bottom + 58, (left + right) / 2)
    return svg.svg(bottom + 48 + height + 4, title, parts + legend)


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
    yticks, decimals = svg.nice_ticks(low, high)
    ylabels = [svg.tick_number(t, max(decimals, 2) if decimals else 0, lang) for t in yticks]  # 1.50, as prices read
    price = T("price ({currency})", currency=timeline.currency) if timeline.currency else T("price")
    left = 30 + max(svg.text_width(label) for label in ylabels)
    right, top, bottom = WIDTH - 14, 34, 34 + 210
    days = (end - timeline.first_day).days

    def x(day) -> float:
        return left + (right - left) * min(max((day - timeline.first_day).days, 0), days) / days

    def y(value) -> float:
        return bottom - (bottom - top) * (float(value) - low) / (high - low)

    parts = [svg.text(left, 18, T("{sku}: {code} at {place}", sku=timeline.sku, code=f.code, place=place).render(lang),
                   size=14, room=WIDTH - left)]
    entries, marks = [], []
    if timeline.marked:
        start, last = timeline.marked
        parts.append(f'<rect x="{x(start):.1f}" y="{top}" width="{x(last + DAY) - x(start):.1f}" '
                     f'height="{bottom - top}" fill="{MARKED_FILL}" fill-opacity="{MARKED_OPACITY}"/>')
        marks.append(("span", {"fill": MARKED_FILL, "opacity": MARKED_OPACITY}, render(timeline.marked_label, lang)))
    for t, label in zip(yticks, ylabels):
        parts += [svg.line(left, y(t), right, y(t), GRID), svg.line(left - 4, y(t), left, y(t)),
                  svg.text(left - 7, y(t) + 4, label, anchor="end")]
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
        parts.append(svg.line(x(timeline.event), top, x(timeline.event), bottom, INK, 1.3))
        marks.append(("line", {"colour": INK, "width": 1.3},
                      T("{event} ({date})", event=timeline.event_label, date=timeline.event).render(lang)))
    if timeline.announced:
        parts.append(svg.line(x(timeline.announced), top, x(timeline.announced), bottom, MUTED, 1.5, "5 3"))
        marks.append(("line", {"colour": MUTED, "width": 1.5, "dashes": "5 3"},
                      T("announced {date}", date=timeline.announced).render(lang)))
    if timeline.reference is not None:
        parts.append(svg.line(left, y(timeline.reference), right, y(timeline.reference), REFERENCE_COLOUR, 1.5, "2 3"))
        marks.append(("line", {"colour": REFERENCE_COLOUR, "width": 1.5, "dashes": "2 3"},
                      T("'was' price {price:.2f}", price=timeline.reference).render(lang)))
    parts += [svg.line(left, top, left, bottom), svg.line(left, bottom, right, bottom)]
    for day, label in svg.date_ticks(timeline.first_day, end, lang):
        at = x(day)
        half = svg.text_width(label) / 2
        parts += [svg.line(at, bottom, at, bottom + 4),
                  svg.text(min(max(at, left - 20 + half), WIDTH - half - 2), bottom + 18, label, anchor="middle")]
    middle = (top + bottom) / 2
    parts.append(svg.text(14, middle, price.render(lang), anchor="middle",
                          extra=f' transform="rotate(-90 14 {middle:.1f})"'))
    legend, height = svg.legend(entries + marks, bottom + 46, (left + right) / 2)
    label = T("Price timeline of {sku} for {code} at {place}", sku=timeline.sku, code=f.code, place=place)
    return svg.svg(bottom + 36 + height + 6, label.render(lang), parts + legend)


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
