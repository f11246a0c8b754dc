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
from collections import defaultdict

from fairlint.finding import Severity, Violation
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


def check(project, options):
    notice = max(int(options["notice-days"]), 1)
    disclosed = _Disclosure(project)
    yield from _row_drops(project, notice, disclosed)
    yield from _offer_drops(project, notice, disclosed)


class _Disclosure:
    """Whether customers of a SKU were told of upcoming sales by a campaign or a script."""

    def __init__(self, project):
        self.campaigns = [c for c in project.campaigns if c.disclose_upcoming_sales]
        self.scripts = []
        for script in project.scripts:
            locale = project.locale_of(script)
            for turn in script.seller_turns:
                match = project.lexicon.first(locale, "sale_disclosures", turn.text)
                if match:
                    self.scripts.append((script, turn))
                    break
        self.project = project

    def covering(self, sku: str):
        """How the SKU's upcoming sales were disclosed, or None."""
        for campaign in self.campaigns:
            linked = self.project.linked_documents(campaign, campaign.prices) if campaign.prices else None
            linked_skus = {r.sku for d in (linked or []) for r in getattr(d, "rows", [])}
            if sku in linked_skus or any(o.covers(sku) for o in campaign.offers):
                return campaign
        for script, turn in self.scripts:
            if script.covers(sku):
                return turn
        return None


def _full_price_days(sku_rows, start, price, notice):
    """Days among the ``notice`` days before ``start`` on which a price above ``price`` was charged."""
    days = []
    for back in range(notice, 0, -1):
        day = start - dt.timedelta(days=back)
        charged = [r.price for r in sku_rows if r.is_active(day)]
        if charged and max(charged) > price:
            days.append((day, max(charged)))
    return days


def _row_drops(project, notice, disclosed):
    for sku, rows in project.rows_by_sku.items():
        groups = defaultdict(list)
        for row in rows:
            groups[(row.audience, row.channel)].append(row)
        for (audience, channel), group in groups.items():
            for row in group:
                if row.start is None:
                    continue
                earlier = [r for r in group if r is not row and r.start < row.start]
                full = _full_price_days(earlier, row.start, row.price, notice)
                if not full or row.announced_on <= full[0][0]:
                    continue
                if disclosed.covering(sku):
                    continue
                yield Violation(row.loc, _row_message(row, full), f"{sku}/{audience}/{channel}/{row.start}")


def _offer_drops(project, notice, disclosed):
    for offer in project.offers:
        if offer.type not in PRICE_TYPES or offer.starts is None or not offer.value:
            continue
        skus = project.skus_matching(offer.products)
        first_full = None
        details = []
        if not skus:
            first_full = offer.starts - dt.timedelta(days=notice)
        for sku in skus:
            rows = [r for r in project.rows_by_sku[sku] if r.audience in (offer.audience, "all")]
            on_start = [r.price for r in rows if r.is_active(offer.starts)]
            for back in range(notice, 0, -1):
                day = offer.starts - dt.timedelta(days=back)
                charged = [r.price for r in rows if r.is_active(day)]
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
