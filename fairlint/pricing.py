"""What an offer is worth, and whether two offers are about the same products and days.

rules.md: an offer's value is the customer's saving on a product. Percent-off is
a percent; amount-off and fixed-price become a percent of the product's list
price when a loaded schedule knows it (the highest ``all``/``existing`` price in
force at the offer's start); otherwise offers are compared only with offers of
the same type.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fnmatch import fnmatchcase

from fairlint.model import Offer
from fairlint.project import Project

PRICE_TYPES = ("percent-off", "amount-off", "fixed-price")
HUNDRED = Decimal(100)


def dates_overlap(a_start: dt.date | None, a_end: dt.date | None, b_start: dt.date | None, b_end: dt.date | None) -> bool:
    """Inclusive ranges; a missing bound is open."""
    return (a_start is None or b_end is None or a_start <= b_end) and (b_start is None or a_end is None or b_start <= a_end)


def patterns_overlap(a: list[str], b: list[str]) -> bool:
    """Whether two SKU glob lists could name a common product, without a schedule to ask."""
    return any(fnmatchcase(x, y) or fnmatchcase(y, x) for x in a for y in b)


def shared_skus(a: Offer, b: Offer, project: Project) -> list[str]:
    """The loaded SKUs both offers cover, sorted."""
    return project.skus_matching_both(a.products, b.products)


def products_overlap(a: Offer, b: Offer, project: Project) -> bool:
    shared = not project.sku_set_matching(a.products).isdisjoint(project.sku_set_matching(b.products))
    return shared or patterns_overlap(a.products, b.products)


def percent_value(offer: Offer, sku: str | None, project: Project) -> Decimal | None:
    """The offer's saving on ``sku`` as a percent of its list price, when it can be known."""
    if offer.value is None:
        return None
    if offer.type == "percent-off":
        return offer.value
    if offer.type in ("amount-off", "fixed-price") and sku is not None:
        list_price = project.list_price(sku, offer.starts)
        if list_price:
            saving = offer.value if offer.type == "amount-off" else list_price - offer.value
            return max(saving, Decimal(0)) / list_price * HUNDRED
    return None


def offer_price(offer: Offer, base: Decimal) -> Decimal:
    """The price a customer pays for a product listed at ``base`` under ``offer``."""
    if offer.value is None:
        return base
    if offer.type == "percent-off":
        return base * (HUNDRED - offer.value) / HUNDRED
    if offer.type == "amount-off":
        return max(base - offer.value, Decimal(0))
    if offer.type == "fixed-price":
        return offer.value
    return base


def compare(a: Offer, b: Offer, project: Project) -> tuple[Decimal, Decimal, str | None] | None:
    """(worth of a, worth of b, the SKU it was measured on) on a common scale, or None.

    A common scale is a percent of the list price of a shared SKU, or the offers'
    own values when both have the same type. For two fixed prices without a list
    price the lower price is worth more, so their values are negated.
    """
    candidates = shared_skus(a, b, project) or [None]
    for sku in candidates:
        value_a, value_b = percent_value(a, sku, project), percent_value(b, sku, project)
        if value_a is not None and value_b is not None:
            return value_a, value_b, sku
    same = same_type_worth(a, b)
    return None if same is None else (same[0], same[1], None)


def compare_on(a: Offer, b: Offer, sku: str | None, project: Project) -> tuple[Decimal, Decimal] | None:
    """(worth of a, worth of b) on one SKU: percents of its list price, else the same-type values."""
    value_a, value_b = percent_value(a, sku, project), percent_value(b, sku, project)
    if value_a is not None and value_b is not None:
        return value_a, value_b
    return same_type_worth(a, b)


def same_type_worth(a: Offer, b: Offer) -> tuple[Decimal, Decimal] | None:
    """Two offers of one type compared by their own values (fixed prices negated: lower is worth more)."""
    if a.type != b.type:
        return None
    if a.type == "fixed-price" and a.value is not None and b.value is not None:
        return -a.value, -b.value
    return a.value or Decimal(0), b.value or Decimal(0)


def worth_at_least(worth: Decimal, other: Decimal, ratio: Decimal) -> bool:
    """Whether ``worth`` is at least ``ratio`` times ``other``.

    Two fixed prices compared without a list price (negated values) have no saving
    to scale: then the first must simply cost no more than the second.
    """
    if worth < 0 or other < 0:
        return worth >= other
    return worth >= ratio * other


def describe_offer(offer: Offer) -> str:
    """"20% off", "10.00 off", "a fixed price of 39.00", "free shipping", "a gift"."""
    if offer.type == "percent-off":
        return f"{plain_number(offer.value)}% off"
    if offer.type == "amount-off":
        return f"{plain_number(offer.value)} off"
    if offer.type == "fixed-price":
        return f"a fixed price of {plain_number(offer.value)}"
    return "free shipping" if offer.type == "free-shipping" else "a gift"


def describe_products(patterns: list[str]) -> str:
    """SKU globs for messages: ``["*"]`` is "all products"."""
    return "all products" if "*" in patterns else ", ".join(patterns)


def plain_number(value: Decimal | None) -> str:
    """A number for messages: "20", "12.5", "39.9"."""
    if value is None:
        return "?"
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.quantize(Decimal("0.01")).normalize(), "f")
