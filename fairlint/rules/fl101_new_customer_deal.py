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
from fairlint.pricing import (
    PRICE_TYPES,
    compare_on,
    dates_overlap,
    describe_offer,
    describe_products,
    plain_number,
    worth_at_least,
)
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
    when = _dates(new)
    deal = describe_offer(new)
    products = describe_products(new.products)
    joiner = " " if new.type in ("percent-off", "amount-off") else " on "
    head = f"offer {new.id!r} gives new customers {deal}{joiner}{products}{when}"
    if best is None and incomparable:
        return (
            f"{head}, and the offers existing customers get on those products then are of another type, "
            "which fairlint can only compare through list prices; link the price schedule (prices:), "
            f"or offer existing customers the same {deal}"
        )
    if best is None:
        return (
            f"{head}, and existing customers get no comparable offer on those products then; "
            f"offer existing customers the same {deal} (or a loyalty reward worth as much)"
        )
    worth_existing, worth_new, other, sku = best
    on = f" on {sku}" if sku else ""
    if worth_existing < 0:  # fixed prices compared directly
        gap = f"existing customers pay at best {plain_number(-worth_existing)} ({other.id!r}) against {plain_number(-worth_new)}"
    else:
        unit = "%" if sku or other.type == "percent-off" else ""
        gap = f"existing customers get at best {plain_number(worth_existing)}{unit}{on} ({other.id!r}) against {plain_number(worth_new)}{unit}"
    target = "as much" if ratio == 1 else f"at least {plain_number(ratio * 100)}% of that"
    return f"{head}, but {gap}; give existing customers {target}, or reduce the new-customer deal"


def _dates(offer):
    if offer.starts and offer.ends:
        return f" from {offer.starts} to {offer.ends}"
    if offer.starts:
        return f" from {offer.starts}"
    return ""
