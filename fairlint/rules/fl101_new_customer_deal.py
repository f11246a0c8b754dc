"""A deal for new customers that existing customers cannot get.

## What it checks
For every offer with `audience: new`, fairlint looks for the best offer open to
existing customers (`audience: existing` or `all`) on the same products in
overlapping dates. The new-customer offer is reported when there is none, or
when the best one is worth less than `min-existing-ratio` times the new
customer's deal. Offers are compared as a percent saving: percent-off as
written, amount-off and fixed-price as a percent of the product's list price
when a loaded price schedule knows it (the highest `all`/`existing` price in
force at the offer's start); without a list price only offers of the same type
are compared, and two fixed prices simply: existing customers must not pay
more. Every product of the new-customer offer must be covered: each SKU a
loaded schedule knows (by any existing-customer offer on it), or, without a
schedule, each of the offer's product patterns.

## Why it matters
Discounts to win new customers are often necessary, but existing customers
soon notice that their loyalty is not rewarded (001 point 2: "treating new and
existing customers differently"). Sales to existing customers move the bottom
line more than new customers move the top line. Win-back deals that customers
who stayed never see drive them away in the same way (002 point 2).

## Example
```yaml
offers:
  - id: welcome20
    audience: new
    type: percent-off
    value: 20
  - id: loyal10
    audience: existing
    type: percent-off
    value: 10
```

## Fix
Give existing customers at least as much, or lower the new-customer deal:
```yaml
  - id: loyal20
    audience: existing
    type: percent-off
    value: 20
```
"""

from decimal import Decimal
from fnmatch import fnmatchcase

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.i18n.formatting import Money
from fairlint.i18n.offers import deal, deal_on, period, products
from fairlint.pricing import PRICE_TYPES, compare_on, dates_overlap, worth_at_least
from fairlint.rules.base import Option

CODE = "FL101"
NAME = "new-customer-deal-denied-to-existing"
SEVERITY = Severity.WARNING
OPTIONS = {
    "min-existing-ratio": Option(
        Decimal("1.0"),
        "the best existing-customer offer must be worth at least this share of the new-customer offer "
        "(1.0 = as much; 0.5 = half)",
    )
}


def check(project, options):
    ratio = options["min-existing-ratio"]
    offers = project.offers
    for new in (o for o in offers if o.audience == "new"):
        others = [
            o for o in offers
            if o.audience in ("existing", "all") and o is not new
            and dates_overlap(new.starts, new.ends, o.starts, o.ends)
        ]
        shortfall = _first_shortfall(new, others, project, ratio)
        if shortfall is not None:
            yield Violation(new.loc, _message(new, *shortfall, ratio), new.id)


def _first_shortfall(new, others, project, ratio):
    """(best existing-customer deal or None, whether any offer was there but not comparable) on the
    first product where existing customers get less than ``ratio`` times the new-customer deal.

    Every product of the new-customer offer counts: the SKUs a loaded schedule knows, or else
    the offer's own product patterns, each of which an existing-customer offer must cover.
    """
    skus = project.skus_matching(new.products)
    units = skus or new.products
    for unit in units:
        if skus:
            covering = [o for o in others if o.covers(unit)]
        else:
            covering = [o for o in others if any(fnmatchcase(unit, pattern) for pattern in o.products)]
        best = None  # (worth of existing, worth of new, offer, sku)
        for other in covering:
            measured = compare_on(other, new, unit if skus else None, project)
            if measured is not None and (best is None or measured[0] > best[0]):
                best = (measured[0], measured[1], other, unit if skus else None)
        if best is None or not worth_at_least(best[0], best[1], ratio):
            # Price offers of other types could be compared through list prices, if there were any.
            comparable_with_prices = new.type in PRICE_TYPES and any(o.type in PRICE_TYPES for o in covering)
            return best, best is None and comparable_with_prices
    return None


def _message(new, best, incomparable, ratio):
    head = T("offer {offer!r} gives new customers {deal}{period}", offer=new.id,
             deal=deal_on(new, products(new.products)), period=period(new.starts, new.ends))
    if best is None and incomparable:
        return T(
            "{head}, and the offers existing customers get on those products then are of another type, "
            "which fairlint can only compare through list prices; link the price schedule (prices:), "
            "or offer existing customers the same {deal}", head=head, deal=deal(new))
    if best is None:
        return T(
            "{head}, and existing customers get no comparable offer on those products then; "
            "offer existing customers the same {deal} (or a loyalty reward worth as much)", head=head, deal=deal(new))
    worth_existing, worth_new, other, sku = best
    if worth_existing < 0:  # fixed prices compared directly
        gap = T("existing customers pay at best {price} ({offer!r}) against {new_price}",
                price=Money(-worth_existing), offer=other.id, new_price=Money(-worth_new))
    elif sku:
        gap = T("existing customers get at best {percent}% on {sku} ({offer!r}) against {new_percent}%",
                percent=worth_existing, sku=sku, offer=other.id, new_percent=worth_new)
    elif other.type == "percent-off":
        gap = T("existing customers get at best {percent}% ({offer!r}) against {new_percent}%",
                percent=worth_existing, offer=other.id, new_percent=worth_new)
    else:
        gap = T("existing customers get at best {worth} ({offer!r}) against {new_worth}",
                worth=Money(worth_existing), offer=other.id, new_worth=Money(worth_new))
    if ratio == 1:
        return T("{head}, but {gap}; give existing customers as much, or reduce the new-customer deal",
                 head=head, gap=gap)
    return T("{head}, but {gap}; give existing customers at least {percent}% of that, or reduce the new-customer deal",
             head=head, gap=gap, percent=ratio * 100)
