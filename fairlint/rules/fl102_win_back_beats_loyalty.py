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
from fairlint.i18n import T
from fairlint.i18n.formatting import Money
from fairlint.i18n.offers import deal_on, period, products
from fairlint.pricing import compare, dates_overlap, products_overlap
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


def every_product():
    return T("every product")


def _message(lapsed, best, since, lookback_days):
    head = T("win-back offer {offer!r} gives lapsed customers {deal}{period}", offer=lapsed.id,
             deal=deal_on(lapsed, products(lapsed.products, every_product())),
             period=period(lapsed.starts, lapsed.ends) if lapsed.starts else "")
    if since and lapsed.ends:
        when = T("from {start} to {end} (its dates and the {days} days before)", start=since, end=lapsed.ends,
                 days=lookback_days)
    elif since:
        when = T("from {start} to its end (its dates and the {days} days before)", start=since, days=lookback_days)
    else:
        when = T("in those dates")
    if best is None:
        return T("{head}, but customers who stayed get no comparable offer on those products {when}; "
                 "offer customers who stayed at least as much, or reduce the win-back deal", head=head, when=when)
    worth_stayed, worth_lapsed, other, sku = best
    if worth_stayed < 0:  # two fixed prices compared directly: lower is better
        gap = T("customers who stayed pay at best {price} ({offer!r}) against {lapsed_price}",
                price=Money(-worth_stayed), offer=other.id, lapsed_price=Money(-worth_lapsed))
    elif sku and not lapsed.type == other.type == "percent-off":
        gap = T("customers who stayed get at best {percent}% on {sku} ({offer!r}) against {lapsed_percent}%",
                percent=worth_stayed, sku=sku, offer=other.id, lapsed_percent=worth_lapsed)
    elif sku or other.type == "percent-off":
        gap = T("customers who stayed get at best {percent}% ({offer!r}) against {lapsed_percent}%",
                percent=worth_stayed, offer=other.id, lapsed_percent=worth_lapsed)
    else:
        gap = T("customers who stayed get at best {worth} ({offer!r}) against {lapsed_worth}",
                worth=Money(worth_stayed), offer=other.id, lapsed_worth=Money(worth_lapsed))
    return T("{head}, but {gap} {when}; offer customers who stayed at least as much, or reduce the win-back deal",
             head=head, gap=gap, when=when)
