"""A price drops the day after customers paid full price, and nobody told them.

## What it checks
A price for a SKU (a schedule row, or a campaign offer) that starts on day S is
a drop when a higher price for the same SKU, audience and channel was charged
on one of the `notice-days` days before S. The drop is undisclosed when all of
these hold:

- its `announced` date (default: its start) is later than the first of those
  full-price days;
- no loaded campaign covering the SKU sets `disclose_upcoming_sales: true`;
- no loaded sales script (about that SKU, or about every product) has a seller
  turn telling of an upcoming sale.

A campaign offer is a drop from the schedule's price for its SKUs (rows for
the offer's audience or `all`); when no loaded schedule covers its products,
it counts as a drop from full price. Free shipping and gifts do not change the
price and are not drops. Reported at the lower-price row or offer, naming the
full-price days.

## Why it matters
The one thing a customer never forgives is feeling cheated (000 point 10). If
a customer buys an item on Tuesday that you know goes on sale on Wednesday, you
or your staff must point it out and let the customer decide whether to buy
today at full price or tomorrow at the discount; otherwise that customer feels
mistreated, and is the one you will not see tomorrow.

## Example
```csv
sku,price,start,end,audience,announced
LAMP-01,49.00,2027-03-01,2027-03-09,all,
LAMP-01,39.00,2027-03-10,2027-03-20,all,2027-03-10
```

## Fix
Announce the sale at least a day before it starts, so customers buying at full
price can know (or set `disclose_upcoming_sales: true` on the campaign and make
sure the checkout script tells customers):
```csv
LAMP-01,39.00,2027-03-10,2027-03-20,all,2027-03-08
```
"""

import datetime as dt
import heapq

from fairlint.finding import Severity, Violation
from fairlint.model import AUDIENCES
from fairlint.pricing import PRICE_TYPES, offer_price
from fairlint.rules.base import Option

CODE = "FL201"
NAME = "undisclosed-next-day-sale"
SEVERITY = Severity.WARNING
OPTIONS = {
    "notice-days": Option(
        1, "how many days before a drop count: a customer who paid full price on one of them must have been told",
        kind="integer",
    )
}
_NO_END = dt.date.max.toordinal() + 1


def check(project, options):
    notice = max(int(options["notice-days"]), 1)
    disclosed = _Disclosure(project)
    yield from _row_drops(project, notice, disclosed)
    yield from _offer_drops(project, notice, disclosed)


class _Disclosure:
    """Whether customers of a SKU were told of upcoming sales by a campaign or a script."""

    def __init__(self, project):
        self.campaigns = [c for c in project.campaigns if c.disclose_upcoming_sales] + project.standing_disclosures
        self.scripts = []
        for script in project.scripts:
            locale = project.locale_of(script)
            for turn in script.seller_turns:
                match = project.lexicon.first(locale, "sale_disclosures", turn.text)
                if match:
                    self.scripts.append((script, turn))
                    break
        self.project = project
        self.linked: dict[int, set[str]] = {}  # campaign -> SKUs of the schedule it links to
        self.known: dict[str, object] = {}

    def covering(self, sku: str):
        """How the SKU's upcoming sales were disclosed, or None."""
        if sku not in self.known:
            self.known[sku] = self._covering(sku)
        return self.known[sku]

    def _covering(self, sku: str):
        for campaign in self.campaigns:
            if sku in self._linked_skus(campaign) or any(o.covers(sku) for o in campaign.offers):
                return campaign
        for script, turn in self.scripts:
            if script.covers(sku):
                return turn
        return None

    def _linked_skus(self, campaign) -> set[str]:
        if id(campaign) not in self.linked:
            linked = self.project.linked_documents(campaign, campaign.prices) if campaign.prices else None
            self.linked[id(campaign)] = {r.sku for d in (linked or []) for r in getattr(d, "rows", [])}
        return self.linked[id(campaign)]


def _full_price_days(group, notice):
    """For the rows of one SKU, audience and channel (sorted by start): row index -> the days
    among the ``notice`` days before the row's start on which an earlier row charged more,
    with the highest price charged then, in date order.

    One sweep over the days asked about, in date order: rows enter a heap (highest price
    on top) once they have started, and leave it lazily once they have ended, since the
    days only move forward. n log n for a group of n rows, however they overlap.
    """
    if len(group) < 2:
        return {}  # no earlier row: nothing to drop from
    first = group[0].price
    if all(row.price == first for row in group):
        return {}  # one price throughout: no drop
    starts = [row.start.toordinal() for row in group]
    queries = sorted((start - back, index) for index, start in enumerate(starts) for back in range(notice, 0, -1))
    running: list = []  # (-price, last day, index)
    entered = 0
    found: dict[int, list] = {}
    for day, index in queries:
        while entered < len(group) and starts[entered] <= day:
            row = group[entered]
            last = row.end.toordinal() if row.end is not None else _NO_END
            heapq.heappush(running, (-row.price, last, entered))
            entered += 1
        while running and running[0][1] < day:
            heapq.heappop(running)
        if running and -running[0][0] > group[index].price:
            found.setdefault(index, []).append((dt.date.fromordinal(day), -running[0][0]))
    return found


def _row_drops(project, notice, disclosed):
    for (sku, audience, channel), group in project.price_groups.items():
        drops = _full_price_days(group, notice)
        for index in sorted(drops):
            row, full = group[index], drops[index]
            if row.announced_on <= full[0][0]:
                continue
            if disclosed.covering(sku):
                continue
            yield Violation(row.loc, _row_message(row, full), f"{sku}/{audience}/{channel}/{row.start}")


def _offer_drops(project, notice, disclosed):
    known: dict[tuple, list] = {}

    def charged_on(sku, day):
        """(audience, price) of the SKU's rows in force on ``day``; offers of a campaign share days."""
        if (sku, day) not in known:
            known[(sku, day)] = [(r.audience, r.price) for r in project.prices_on(sku, day, AUDIENCES)]
        return known[(sku, day)]

    spans: dict[str, tuple[int, int]] = {}  # SKU -> first and last day (ordinals) a row of it is in force

    def in_force_between(skus, first, last):
        """The SKUs with a row in force on some day from ``first`` to ``last`` (ordinals)."""
        for sku in skus:
            if sku not in spans:
                span = project.sku_span(sku)
                spans[sku] = (span[0].toordinal(), span[1].toordinal() if span[1] else _NO_END) if span else (1, 0)
        return [sku for sku in skus if spans[sku][0] <= last and spans[sku][1] >= first]

    for offer in project.offers:
        if offer.type not in PRICE_TYPES or offer.starts is None or not offer.value:
            continue
        if offer.announced_on <= offer.starts - dt.timedelta(days=notice):
            continue  # announced before the first day a customer could have paid more: told in time
        skus = project.skus_matching(offer.products)
        first_full = None
        details = []
        if not skus:
            first_full = offer.starts - dt.timedelta(days=notice)
        audiences = (offer.audience, "all")
        window_start = offer.starts - dt.timedelta(days=notice)
        days = [offer.starts - dt.timedelta(days=back) for back in range(notice, 0, -1)]
        # Only SKUs with a price on the offer's first day or the days before can show a drop.
        for sku in in_force_between(skus, window_start.toordinal(), offer.starts.toordinal()):
            on_start = [price for audience, price in charged_on(sku, offer.starts) if audience in audiences]
            for day in days:
                charged = [price for audience, price in charged_on(sku, day) if audience in audiences]
                if not charged:
                    continue
                full = max(charged)
                base = min(on_start) if on_start else full
                if offer_price(offer, base) < full:
                    details.append((sku, day, full))
                    first_full = day if first_full is None else min(first_full, day)
        if first_full is None or offer.announced_on <= first_full:
            continue
        skus_at_risk = sorted({d[0] for d in details}) or offer.products
        if all(disclosed.covering(s) for s in skus_at_risk):
            continue
        yield Violation(offer.loc, _offer_message(offer, first_full, details, notice), offer.id)


def _advice(latest: dt.date) -> str:
    return (
        f"announce it by {latest} (set 'announced'), or have staff tell customers of the coming sale "
        "(disclose_upcoming_sales: true, and a checkout-script line about it)"
    )


def _row_message(row, full):
    days = ", ".join(str(day) for day, _ in full)
    higher = max(price for _, price in full)
    who = "" if row.audience == "all" else f" for {row.audience} customers"
    channel = f" in {row.channel}" if row.channel else ""
    announced = f"announced {row.announced_on}" if row.announced else "not announced before it starts"
    return (
        f"{row.sku} drops from {higher:.2f} to {row.price:.2f}{who}{channel} on {row.start}, {announced}, "
        f"while customers paid {higher:.2f} on {days} without being told; {_advice(full[0][0])}"
    )


def _offer_message(offer, first_full, details, notice):
    if details:
        days = ", ".join(sorted({str(d[1]) for d in details}))
        skus = ", ".join(sorted({d[0] for d in details}))
        paid = f"customers paid full price for {skus} on {days}"
    else:
        last = offer.starts - dt.timedelta(days=1)
        span = f"{first_full}" if first_full == last else f"{first_full} to {last}"
        paid = f"no loaded schedule covers {', '.join(offer.products)}, so customers paid full price on {span}"
    announced = f"announced {offer.announced_on}" if offer.announced else "not announced before it starts"
    return f"offer {offer.id!r} starts {offer.starts} ({announced}) while {paid} without being told; {_advice(first_full)}"
