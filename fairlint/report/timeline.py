"""What a price finding's timeline shows (no drawing here).

For FL201 (undisclosed next-day sale), FL202 (unsupported reference price) and
FL103 (loyalty penalty): the SKU's price in force per audience (and channel),
the day the finding is about, the announced date, a marked span of days (the
full-price days before a drop, the look-back window of a "was" price, the days
existing customers paid more) and the reference price. The day, the span and
the prices compared come from the finding's evidence (fairlint/prices/evidence.py),
the price lines from the price engine's price in force, for all the timelines in one
query: nothing here works out again what the rule found.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from fairlint import model
from fairlint.i18n import N, T, Text
from fairlint.lexicon.amounts import find_amounts
from fairlint.paths import resolve
from fairlint.prices.evidence import Drop, OfferDrop, Penalty, Reference
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
    label: Text  # "all customers", "new customers, web", "offer 'rug-weekend'" (rendered in the finding's language)
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
    event_label: Text | str = ""
    announced: dt.date | None = None
    marked: tuple[dt.date, dt.date] | None = None  # inclusive
    marked_label: Text | str = ""
    reference: Decimal | None = None
    currency: str = ""
    channel: str | None = None  # draw only this channel's prices (and those for every channel)


class _Index:
    """The project's offers and messages by (resolved path, line), for findings without evidence."""

    def __init__(self, project):
        self.project = project
        self.offers: dict[tuple[Path, int], model.Offer] = {}
        self.messages: dict[tuple[Path, int], model.Message] = {}
        for offer in project.offers:
            self.offers[(resolve(offer.loc.path), offer.loc.line)] = offer
        for message in project.messages:
            # a finding about a phrase sits on that phrase's line, anywhere in a multi-line text
            text = getattr(message, "text_origin", None) or message.at("text")
            lines = {message.loc.line, message.at("text").line,
                     *range(text.line, text.line + message.text.count("\n") + 1)}
            for line in lines:
                self.messages.setdefault((resolve(message.loc.path), line), message)
        self.schedules = {resolve(s.stream or s.loc.path) for s in project.schedules}

    def holds(self, finding) -> bool:
        path = resolve(Path(finding.path))
        return path in self.schedules or (path, finding.line) in self.offers or (path, finding.line) in self.messages


def timelines(report, limit: int = 100) -> tuple[list[Timeline], int]:
    """Timelines for the report's price findings (at most ``limit``), and how many were left out."""
    if report.project is None:
        return [], 0
    # each finding is drawn from its own project's prices: two teams' SKUs never share a chart
    indexes = [_Index(project) for project in report.projects] if len(report.projects) > 1 else [
        _Index(report.project)]
    found: list[Timeline] = []
    owners: list[int] = []  # the index (project) of each timeline
    left_out = 0
    for finding in report.findings:
        if finding.code not in CODES:
            continue
        if len(found) >= limit:
            left_out += 1
            continue
        owner = next((n for n, i in enumerate(indexes) if i.holds(finding)), 0)
        drawn = for_finding(finding, indexes[owner], report.options.get(finding.code, {}))
        room = limit - len(found)
        found += drawn[:max(room, 0)]
        owners += [owner] * len(drawn[:max(room, 0)])
        left_out += max(len(drawn) - max(room, 0), 0)
    priced = list(found)
    for n, index in enumerate(indexes):
        mine = [k for k, owner in enumerate(owners) if owner == n]
        for k, timeline in zip(mine, _with_prices(index.project, [found[k] for k in mine])):
            priced[k] = timeline
    return priced, left_out


def for_finding(finding, index: _Index, options: dict) -> list[Timeline]:
    """The timelines of one finding, their price lines still to be drawn (``_with_prices``)."""
    evidence, project = finding.evidence, index.project
    if isinstance(evidence, Drop):
        row = evidence.row
        marked = (evidence.full_days[0], evidence.full_days[-1])
        first, last = _span(evidence.day, marked[0], row.announced_on,
                            row.end if row.end and row.end < evidence.day + dt.timedelta(days=60) else None)
        return [Timeline(finding, row.sku, (), first, last, event=evidence.day,
                         event_label=T("drops to {price:.2f}", price=row.price), announced=row.announced,
                         marked=marked, marked_label=T("full price paid, no notice"),
                         currency=_currency(project, row.sku),
                         channel=row.channel)]
    if isinstance(evidence, OfferDrop):
        return _offer_drop(finding, project, evidence, index.offers.get((resolve(evidence.loc.path), evidence.loc.line)))
    if isinstance(evidence, Reference):
        row = evidence.row
        first, last = _span(evidence.window[0], evidence.day, row.announced, before=3)
        return [Timeline(finding, row.sku, (), first, last, event=evidence.day,
                         event_label=T("'was {price:.2f}' shown", price=row.reference_price),
                         announced=row.announced, marked=evidence.window, marked_label=_looked_back(evidence.lookback),
                         reference=row.reference_price, currency=_currency(project, row.sku), channel=row.channel)]
    if isinstance(evidence, Penalty):
        marked = (evidence.first_day, evidence.last_day)
        first, last = _span(evidence.existing.start, *marked, before=14, after=14)
        return [Timeline(finding, evidence.existing.sku, (), first, last, marked=marked,
                         marked_label=T("existing customers pay more than new"),
                         currency=_currency(project, evidence.existing.sku), channel=evidence.channel or None)]
    if finding.code == "FL202":
        message = index.messages.get((resolve(Path(finding.path)), finding.line))
        if message is not None:
            return _message_reference(finding, project, message, int(options.get("lookback-days", 30)))
    return []


def _with_prices(project, drawn: list[Timeline]) -> list[Timeline]:
    """The timelines with the price in force of their SKU over their days, from one engine query."""
    if not drawn or not project.schedules:
        return drawn
    wanted: dict[str, tuple[dt.date, dt.date]] = {}
    for timeline in drawn:
        first, last = wanted.get(timeline.sku, (timeline.first_day, timeline.last_day))
        wanted[timeline.sku] = (min(first, timeline.first_day), max(last, timeline.last_day))
    shown = None if any(t.channel is None for t in drawn) else {t.channel for t in drawn}  # None: every channel
    by_channel: dict[str, dict[str, list[tuple]]] = {}  # sku -> channel -> its days: a timeline reads only its own
    for sku, days in project.prices.steps_of(wanted, shown).items():
        of_sku = by_channel.setdefault(sku, {})
        for day in days:
            of_sku.setdefault(day[1], []).append(day)
    result = []
    for timeline in drawn:
        of_sku = by_channel.get(timeline.sku, {})
        days = [day for channel, days in of_sku.items() if timeline.channel in (None, channel) or channel == ""
                for day in days]
        series = _series(days, timeline.first_day, timeline.last_day, timeline.channel)
        result.append(attrs.evolve(timeline, series=(*series, *timeline.series)))
    return result


AUDIENCE_WORDS = {"all": T("all customers"), "existing": T("existing customers"), "new": T("new customers"),
                  "lapsed": T("lapsed customers")}


def _who(audience: str, channel: str) -> Text:
    who = AUDIENCE_WORDS.get(audience) or T("{audience} customers", audience=audience)
    return T("{who}, {channel}", who=who, channel=channel) if channel else who


def _looked_back(days: int) -> Text:
    return N("{n} day looked back", "{n} days looked back", n=days)


def _series(days, first: dt.date, last: dt.date, channel: str | None = None) -> list[Series]:
    """Price steps per audience and channel from (audience, channel, day, price) in force, within
    [first, last]; with ``channel``, only that channel's prices and those of no named channel."""
    grouped: dict[tuple[str, str], list[Step]] = {}
    for audience, chan, day, price in days:
        if day < first or day > last or (channel is not None and chan not in (channel, "")):
            continue
        steps = grouped.setdefault((audience, chan), [])
        if steps and steps[-1].price == price and steps[-1].end == day - DAY:
            steps[-1] = Step(steps[-1].start, day, price)
        else:
            steps.append(Step(day, day, price))
    order = {"all": 0, "existing": 1, "new": 2, "lapsed": 3}
    return [Series(_who(*key), tuple(steps), audience=key[0], channel=key[1])
            for key, steps in sorted(grouped.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1]))]


def _span(*days: dt.date | None, before: int = 7, after: int = 10) -> tuple[dt.date, dt.date]:
    known = [d for d in days if d is not None]
    return min(known) - dt.timedelta(days=before), max(known) + dt.timedelta(days=after)


def _currency(project, sku: str) -> str:
    for row in project.rows_by_sku.get(sku, []):  # rows parsed in Python; a streamed file has no currency
        currency = row.currency or (row.schedule.currency if row.schedule else "")
        if currency:
            return currency
    return ""


def _offer_drop(finding, project, evidence, offer) -> list[Timeline]:
    if offer is None:
        return []
    by_sku: dict[str, list[dt.date]] = {}
    for sku, day, _ in evidence.paid:
        by_sku.setdefault(sku, []).append(day)
    drawn = []
    for sku in sorted(by_sku)[:MAX_SKUS]:
        days = sorted(by_sku[sku])
        marked = (days[0], days[-1])
        end = offer.ends or offer.starts
        first, last = _span(offer.starts, marked[0], offer.announced_on,
                            end if end < offer.starts + dt.timedelta(days=60) else None)
        sale = _offer_series(project, offer, sku, last)
        drawn.append(Timeline(finding, sku, tuple(sale), first, last,
                              event=offer.starts, event_label=T("offer '{offer}' starts", offer=offer.id),
                              announced=offer.announced, marked=marked, marked_label=T("full price paid, no notice"),
                              currency=_currency(project, sku)))
    return drawn


def _offer_series(project, offer, sku: str, last: dt.date) -> list[Series]:
    """The price an offer makes for a SKU over its days, from the schedule's price on its first day."""
    on_start = [r.price for r in project.prices_on(sku, offer.starts, (offer.audience, "all"))]
    if not on_start or offer.type not in PRICE_TYPES or not offer.value or offer.starts > last:
        return []
    end = min(offer.ends or offer.starts, last)
    return [Series(T("offer '{offer}' ({who})", offer=offer.id, who=_who(offer.audience, "")),
                   (Step(offer.starts, end, offer_price(offer, min(on_start))),), audience=offer.audience, offer=True)]


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
            drawn.append(Timeline(finding, sku, tuple(_offer_series(project, offer, sku, last)), first, last,
                                  event=offer.starts, event_label=T("offer '{offer}' starts", offer=offer.id),
                                  announced=offer.announced, marked=window,
                                  marked_label=_looked_back(lookback), reference=reference,
                                  currency=_currency(project, sku)))
    return drawn
