"""A win-back deal for lapsed customers that customers who stayed never got.

## What it checks
For every offer with `audience: lapsed`, fairlint looks at the offers open to
existing customers (`audience: existing` or `all`) on the same products that
run in the lapsed offer's dates or in the `lookback-days` days before it
starts (an offer that ended exactly `lookback-days` days before still counts;
one that ended a day earlier does not). The lapsed offer is reported when it
is worth more than every one of them, or when there is none. Offers from all
loaded campaign files are compared, so the win-back campaign and the loyalty
campaign may live in different files.

Worth is compared as for FL101: percent-off as written; amount-off and
fixed-price as a percent of the product's list price when a loaded price
schedule knows it; otherwise only offers of the same type are compared. An
offer for customers who stayed that cannot be compared (free shipping against
a percentage) does not count. An equal deal is fine. Reported at the lapsed
offer.

## Why it matters
When a customer leaves, many companies send incentives to come back: the same
incentives that the customers who stayed were never offered (002 point 2).
Customers who stayed hear about it, and learn that leaving pays. Give existing
customers your best service, your best advice and your best deals: it may cost
a little in the short run, but it is what builds trust and loyalty.

## Example
```yaml
offers:
  - id: come-back-25
    audience: lapsed
    type: percent-off
    value: 25
    starts: 2027-06-01
    ends: 2027-06-30
  - id: thank-you-10
    audience: existing
    type: percent-off
    value: 10
    starts: 2027-04-01
    ends: 2027-04-30
```

## Fix
Offer customers who stayed at least as much, in the same period or shortly
before the win-back deal:
```yaml
  - id: thank-you-25
    audience: existing
    type: percent-off
    value: 25
    starts: 2027-06-01
    ends: 2027-06-30
```
"""

import datetime as dt

from fairlint.finding import Severity, Violation
from fairlint.pricing import compare, dates_overlap, describe_offer, plain_number, products_overlap
from fairlint.rules.base import Option

CODE = "FL102"
NAME = "win-back-beats-loyalty"
SEVERITY = Severity.WARNING
OPTIONS = {
    "lookback-days": Option(
        90,
        "offers to existing customers that ended up to this many days before the win-back offer starts "
        "still count as having been offered to them",
        kind="integer",
    )
}


def check(project, options):
    lookback = dt.timedelta(days=int(options["lookback-days"]))
    offers = project.offers
    for lapsed in (o for o in offers if o.audience == "lapsed"):
        since = lapsed.starts - lookback if lapsed.starts else None
        best = None  # (worth to those who stayed, worth of the win-back deal, offer, sku)
        for other in offers:
            if other.audience not in ("existing", "all"):
                continue
            if not dates_overlap(since, lapsed.ends, other.starts, other.ends):
                continue
            if not products_overlap(lapsed, other, project):
                continue
            measured = compare(lapsed, other, project)
            if measured is not None and (best is None or measured[1] > best[0]):
                best = (measured[1], measured[0], other, measured[2])
        if best is not None and best[0] >= best[1]:
            continue
        yield Violation(lapsed.loc, _message(lapsed, best, since, lookback.days), _subject(lapsed))


def _subject(offer):
    return f"{offer.campaign.id}/{offer.id}" if offer.campaign else offer.id


def _message(lapsed, best, since, lookback_days):
    deal = describe_offer(lapsed)
    joiner = " " if lapsed.type in ("percent-off", "amount-off") else " on "
    products = "every product" if lapsed.products == ["*"] else ", ".join(lapsed.products)
    head = f"win-back offer {lapsed.id!r} gives lapsed customers {deal}{joiner}{products}"
    if lapsed.starts:
        head += f" from {lapsed.starts}" + (f" to {lapsed.ends}" if lapsed.ends else "")
    if since:
        period = f"from {since} to {lapsed.ends or 'its end'} (its dates and the {lookback_days} days before)"
    else:
        period = "in those dates"
    advice = "offer customers who stayed at least as much, or reduce the win-back deal"
    if best is None:
        return f"{head}, but customers who stayed get no comparable offer on those products {period}; {advice}"
    worth_stayed, worth_lapsed, other, sku = best
    if worth_stayed < 0:  # two fixed prices compared directly: lower is better
        gap = (
            f"customers who stayed pay at best {plain_number(-worth_stayed)} ({other.id!r}) "
            f"against {plain_number(-worth_lapsed)}"
        )
    else:
        unit = "%" if sku or other.type == "percent-off" else ""
        both_percent = lapsed.type == other.type == "percent-off"
        on = f" on {sku}" if sku and not both_percent else ""
        gap = (
            f"customers who stayed get at best {plain_number(worth_stayed)}{unit}{on} ({other.id!r}) "
            f"against {plain_number(worth_lapsed)}{unit}"
        )
    return f"{head}, but {gap} {period}; {advice}"
