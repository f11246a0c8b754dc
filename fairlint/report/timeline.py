"""What a price finding's timeline shows, worked out from the project's price rows (no drawing here).

For FL201 (undisclosed next-day sale), FL202 (unsupported reference price) and
FL103 (loyalty penalty): the SKU's price steps per audience (and channel), the
day the finding is about, the announced date, a marked span of days (the
full-price days before a drop, the look-back window of a "was" price, the days
existing customers paid more) and the reference price.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from fairlint import model
from fairlint.lexicon.amounts import find_amounts
from fairlint.paths import resolve
from fairlint.pricing import PRICE_TYPES, offer_price

CODES = ("FL201", "FL202", "FL103")
MAX_SKUS = 3  # an offer on "LAMP-*" could cover hundreds of SKUs: draw the first few
DAY = dt.timedelta(days=1)


@attrs.frozen
class Step:
    start: dt.date
    end: dt.date  # inclusive; open-ended rows are cut at the chart's end
    price: Decimal


@attrs.frozen
class Series:
    label: str  # "all customers", "new customers, web", "offer 'rug-weekend'"
    steps: tuple[Step, ...]
    audience: str = "all"
    channel: str = ""
    offer: bool = False


@attrs.frozen
class Timeline:
    finding: object
    sku: str
    series: tuple[Series, ...]
    first_day: dt.date
    last_day: dt.date
    event: dt.date | None = None  # the drop, or the start of the row the finding is about
    event_label: str = ""
    announced: dt.date | None = None
    marked: tuple[dt.date, dt.date] | None = None  # inclusive
    marked_label: str = ""
    reference: Decimal | None = None
    currency: str = ""


class _Index:
    """The project's rows, offers and messages by (resolved path, line)."""

    def __init__(self, project):
        self.project = project
        self.rows: dict[tuple[Path, int], model.PriceRow] = {}
        self.offers: dict[tuple[Path, int], model.Offer] = {}
        self.messages: dict[tuple[Path, int], model.Message] = {}
        for row in project.rows:
            # One line of a shop export may give several rows (the regular price around a sale, a
            # market's price): the one with a "was" price is the one its findings are about.
            key = (resolve(row.loc.path), row.loc.line)
            if key not in self.rows or (row.reference_price is not None and self.rows[key].reference_price is None):
                self.rows[key] = row
        for offer in project.offers:
            self.offers[(resolve(offer.loc.path), offer.loc.line)] = offer
        for message in project.messages:
            # a finding about a phrase sits on that phrase's line, anywhere in a multi-line text
            text = getattr(message, "text_origin", None) or message.at("text")
            lines = {message.loc.line, message.at("text").line,
                     *range(text.line, text.line + message.text.count("\n") + 1)}
            for line in lines:
                self.messages.setdefault((resolve(message.loc.path), line), message)

    def holds(self, finding) -> bool:
        key = (resolve(Path(finding.path)), finding.line)
        return key in self.rows or key in self.offers or key in self.messages


def timelines(report, limit: int = 100) -> tuple[list[Timeline], int]:
    """Timelines for the report's price findings (at most ``limit``), and how many were left out."""
    if report.project is None:
        return [], 0
    # each finding is drawn from its own project's prices: two teams' SKUs never share a chart
    indexes = [_Index(project) for project in report.projects] if len(report.projects) > 1 else [
        _Index(report.project)]
    found: list[Timeline] = []
    left_out = 0
    for finding in report.findings:
        if finding.code not in CODES:
            continue
        index = next((i for i in indexes if i.holds(finding)), indexes[0])
        drawn = for_finding(finding, index, report.options.get(finding.code, {}))
        room = limit - len(found)
        found += drawn[:max(room, 0)]
        left_out += max(len(drawn) - max(room, 0), 0)
    return found, left_out


def for_finding(finding, index: _Index, options: dict) -> list[Timeline]:
    key = (resolve(Path(finding.path)), finding.line)
    row, offer, message = index.rows.get(key), index.offers.get(key), index.messages.get(key)
    if finding.code == "FL201":
        if row is not None:
            return [_row_drop(finding, index.project, row, int(options.get("notice-days", 1)))]
        if offer is not None:
            return _offer_drop(finding, index.project, offer, int(options.get("notice-days", 1)))
    elif finding.code == "FL202":
        lookback = int(options.get("lookback-days", 30))
        if row is not None and row.reference_price is not None:
            return [_row_reference(finding, index.project, row, lookback)]
        if message is not None:
            return _message_reference(finding, index.project, message, lookback)
    elif finding.code == "FL103" and row is not None:
        return [_penalty(finding, index.project, row)]
    return []


def _who(audience: str, channel: str) -> str:
    who = "all customers" if audience == "all" else f"{audience} customers"
    return f"{who}, {channel}" if channel else who


def _series(project, sku: str, first: dt.date, last: dt.date, channel: str | None = None) -> list[Series]:
    """The SKU's schedule rows within [first, last], one series per audience and channel.

    With ``channel``, only that channel's rows and rows for every channel (no channel) are drawn.
    """
    grouped: dict[tuple[str, str], list[Step]] = {}
    for row in project.rows_by_sku.get(sku, []):
        start, end = row.start or first, row.end or last
        if end < first or start > last or (channel is not None and row.channel not in (channel, "")):
            continue
        grouped.setdefault((row.audience, row.channel), []).append(Step(max(start, first), min(end, last), row.price))
    order = {"all": 0, "existing": 1, "new": 2, "lapsed": 3}
    return [Series(_who(*key), tuple(steps), audience=key[0], channel=key[1])
            for key, steps in sorted(grouped.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1]))]


def _span(*days: dt.date | None, before: int = 7, after: int = 10) -> tuple[dt.date, dt.date]:
    known = [d for d in days if d is not None]
    return min(known) - dt.timedelta(days=before), max(known) + dt.timedelta(days=after)


def _currency(project, sku: str) -> str:
    for row in project.rows_by_sku.get(sku, []):
        currency = row.currency or (row.schedule.currency if row.schedule else "")
        if currency:
            return currency
    return ""


def _full_price_days(rows, start: dt.date, price: Decimal, notice: int) -> tuple[dt.date, dt.date] | None:
    days = [start - dt.timedelta(days=back) for back in range(notice, 0, -1)]
    full = [d for d in days if any(r.price > price and r.is_active(d) for r in rows)]
    return (full[0], full[-1]) if full else None


def _row_drop(finding, project, row, notice: int) -> Timeline:
    group = [r for r in project.rows_by_sku.get(row.sku, []) if (r.audience, r.channel) == (row.audience, row.channel)]
    marked = _full_price_days([r for r in group if r is not row], row.start, row.price, notice)
    first, last = _span(row.start, marked[0] if marked else None, row.announced_on,
                        row.end if row.end and row.end < row.start + dt.timedelta(days=60) else None)
    return Timeline(finding, row.sku, tuple(_series(project, row.sku, first, last, row.channel)), first, last,
                    event=row.start, event_label=f"drops to {row.price:.2f}",
                    announced=row.announced, marked=marked, marked_label="full price paid, no notice",
                    currency=_currency(project, row.sku))


def _offer_drop(finding, project, offer, notice: int) -> list[Timeline]:
    drawn = []
    for sku in project.skus_matching(offer.products)[:MAX_SKUS]:
        rows = [r for r in project.rows_by_sku[sku] if r.audience in (offer.audience, "all")]
        on_start = [r.price for r in rows if r.is_active(offer.starts)]
        if not on_start or offer.type not in PRICE_TYPES or not offer.value:
            continue
        price = offer_price(offer, min(on_start))
        marked = _full_price_days(rows, offer.starts, price, notice)
        end = offer.ends or offer.starts
        first, last = _span(offer.starts, marked[0] if marked else None, offer.announced_on,
                            end if end < offer.starts + dt.timedelta(days=60) else None)
        sale = _offer_series(project, offer, sku, last)
        drawn.append(Timeline(finding, sku, (*_series(project, sku, first, last), *sale), first, last,
                              event=offer.starts, event_label=f"offer '{offer.id}' starts",
                              announced=offer.announced, marked=marked, marked_label="full price paid, no notice",
                              currency=_currency(project, sku)))
    return drawn


def _offer_series(project, offer, sku: str, last: dt.date) -> list[Series]:
    """The price an offer makes for a SKU over its days, from the schedule's price on its first day."""
    on_start = [r.price for r in project.rows_by_sku.get(sku, [])
                if r.audience in (offer.audience, "all") and r.is_active(offer.starts)]
    if not on_start or offer.type not in PRICE_TYPES or not offer.value or offer.starts > last:
        return []
    end = min(offer.ends or offer.starts, last)
    return [Series(f"offer '{offer.id}' ({_who(offer.audience, '')})",
                   (Step(offer.starts, end, offer_price(offer, min(on_start))),), audience=offer.audience, offer=True)]


def _row_reference(finding, project, row, lookback: int) -> Timeline:
    window = (row.start - dt.timedelta(days=lookback), row.start - DAY)
    first, last = _span(window[0], row.start, row.announced, before=3)
    return Timeline(finding, row.sku, tuple(_series(project, row.sku, first, last, row.channel)), first, last,
                    event=row.start, event_label=f"'was {row.reference_price:.2f}' shown",
                    announced=row.announced, marked=window, marked_label=f"{lookback} days looked back",
                    reference=row.reference_price, currency=_currency(project, row.sku))


def _message_reference(finding, project, message, lookback: int) -> list[Timeline]:
    campaign = message.campaign
    offers = [o for o in (campaign.offer(i) for i in message.offers) if o is not None and o.starts] if campaign else []
    claim = finding.subject.rsplit("/", 1)[-1]
    amounts = find_amounts(claim)
    reference = amounts[0].value if amounts else None
    drawn = []
    for offer in offers[:1]:
        window = (offer.starts - dt.timedelta(days=lookback), offer.starts - DAY)
        first, last = _span(window[0], offer.starts, before=3)
        for sku in project.skus_matching(offer.products)[:MAX_SKUS]:
            series = (*_series(project, sku, first, last), *_offer_series(project, offer, sku, last))
            drawn.append(Timeline(finding, sku, series, first, last,
                                  event=offer.starts, event_label=f"offer '{offer.id}' starts",
                                  announced=offer.announced, marked=window,
                                  marked_label=f"{lookback} days looked back", reference=reference,
                                  currency=_currency(project, sku)))
    return drawn


def _penalty(finding, project, row) -> Timeline:
    """FL103: the existing-customer row against the cheaper new-customer rows it overlaps."""
    cheaper = [r for r in project.rows_by_sku.get(row.sku, []) if r.audience == "new" and r.price < row.price
               and (not r.channel or not row.channel or r.channel == row.channel)
               and (r.end is None or row.start is None or r.end >= row.start)
               and (row.end is None or r.start is None or r.start <= row.end)]
    starts = [max(d for d in (r.start, row.start) if d) for r in cheaper if r.start or row.start]
    ends = [min(d for d in (r.end, row.end) if d) for r in cheaper if r.end or row.end]
    marked = None
    if starts:
        begin = min(starts)
        marked = (begin, max(ends) if ends else begin + dt.timedelta(days=30))
    first, last = _span(row.start, *(marked or ()), before=14, after=14)
    return Timeline(finding, row.sku, tuple(_series(project, row.sku, first, last, row.channel or None)), first,
                    last, marked=marked, marked_label="existing customers pay more than new",
                    currency=_currency(project, row.sku))
