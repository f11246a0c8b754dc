"""A price drops the day after customers paid full price, and nobody told them.

## What it checks
The price in force (formats.md) for a SKU, audience and channel: the most
specific schedule row of each day (a row for the audience and channel, else
for the audience in every channel, else for everyone in the channel, else for
everyone), with campaign offers on top of it. It drops on day S, the first day
a lower-price row is in force for those customers, when a higher price was in
force for them on one of the `notice-days` days before S. So a web-only sale
below the all-channel base price is a drop for web customers, and a
new-customer price below the price for everyone is a drop for new customers.
The drop is undisclosed when all of these hold:

- its `announced` date (default: its start) is later than the first of those
  full-price days;
- no loaded campaign covering the SKU sets `disclose_upcoming_sales: true`;
- no loaded sales script (about that SKU, or about every product) has a seller
  turn telling of an upcoming sale.

A campaign offer is a drop from the price in force for its SKUs and its
audience on its first day (in any channel); when no loaded schedule has a row
for its audience or for everyone on its products, it counts as a drop from
full price. Free shipping and gifts do not change the price and are not drops.
Reported at the lower-price row or offer, naming the full-price days.

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

from fairlint.finding import Severity, Violation
from fairlint.prices.evidence import Drop, OfferDrop
from fairlint.prices.evidence import price_of as _price
from fairlint.pricing import PRICE_TYPES
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


def _row_drops(project, notice, disclosed):
    if not project.schedules:
        return
    store = project.prices
    for result in store.results(CODE, {"notice-days": notice}):
        row = store.row_ref(result)
        if disclosed.covering(row.sku):
            continue
        drop = Drop(row, result["drop_day"], _price(result["higher"]),
                    tuple(sorted(day for day in result["full_days"] if day is not None)),
                    tuple(sorted(result["audiences"] or ())))
        yield Violation(row.loc, _row_message(drop), drop.key, drop)


def _offer_drops(project, notice, disclosed):
    """Offers are applied on top of the price in force for their audience (the engine's ``offer_drops``)."""
    offers = [o for o in project.offers
              if o.type in PRICE_TYPES and o.starts is not None and o.value
              and o.announced_on > o.starts - dt.timedelta(days=notice)]  # else told in time
    if not offers:
        return
    pairs, covered = [], {}
    for key, offer in enumerate(offers):
        audiences = (offer.audience, "all")
        skus = [sku for sku in project.skus_matching(offer.products)
                if any(r.audience in audiences for r in project.rows_for(sku))]
        covered[key] = skus
        pairs += [(key, sku, offer.audience, offer.type, offer.value, offer.starts) for sku in skus]
    paid: dict[int, list] = {}
    if pairs:
        for key, sku, day, price in project.prices.offer_drops(pairs, notice):
            paid.setdefault(key, []).append((sku, day, price))
    for key, offer in enumerate(offers):
        details = tuple(sorted(paid.get(key, ())))
        if covered[key]:
            if not details:
                continue
            first_full = min(day for _, day, _ in details)
        else:  # no schedule prices these products for this audience: a drop from full price
            first_full = offer.starts - dt.timedelta(days=notice)
        if offer.announced_on <= first_full:
            continue
        skus_at_risk = sorted({sku for sku, _, _ in details}) or offer.products
        if all(disclosed.covering(s) for s in skus_at_risk):
            continue
        evidence = OfferDrop(offer.id, offer.loc, offer.starts, offer.announced, first_full, details,
                             () if covered[key] else tuple(offer.products))
        yield Violation(offer.loc, _offer_message(offer, evidence), offer.id, evidence)


def _advice(latest: dt.date) -> str:
    return (
        f"announce it by {latest} (set 'announced'), or have staff tell customers of the coming sale "
        "(disclose_upcoming_sales: true, and a checkout-script line about it)"
    )


def _row_message(drop):
    row = drop.row
    days = ", ".join(str(day) for day in drop.full_days)
    announced = f"announced {row.announced_on}" if row.announced else "not announced before it starts"
    who = row.who()
    if row.audience == "all" and drop.audiences and "all" not in drop.audiences:
        # a row for everyone that ends dearer targeted rows: the drop is theirs
        who = f" for {' and '.join(drop.audiences)} customers" + (f" in {row.channel}" if row.channel else "")
    return (
        f"{row.sku} drops from {drop.higher:.2f} to {row.price:.2f}{who} on {drop.day}, {announced}, "
        f"while customers paid {drop.higher:.2f} on {days} without being told; {_advice(drop.first_full)}"
    )


def _offer_message(offer, evidence):
    first_full, details = evidence.first_full, evidence.paid
    if details:
        days = ", ".join(sorted({str(d[1]) for d in details}))
        skus = ", ".join(sorted({d[0] for d in details}))
        paid = f"customers paid full price for {skus} on {days}"
    else:
        last = offer.starts - dt.timedelta(days=1)
        span = f"{first_full}" if first_full == last else f"{first_full} to {last}"
        paid = (f"no loaded schedule prices {', '.join(offer.products)} for {offer.audience} customers, "
                f"so customers paid full price on {span}")
    announced = f"announced {offer.announced_on}" if offer.announced else "not announced before it starts"
    return f"offer {offer.id!r} starts {offer.starts} ({announced}) while {paid} without being told; {_advice(first_full)}"
