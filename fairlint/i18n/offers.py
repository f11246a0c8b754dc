"""Offers and product lists in a message, translatable (the English matches fairlint.pricing.describe_*)."""

from __future__ import annotations

from fairlint.i18n import T, Text
from fairlint.i18n.formatting import Money


def deal(offer) -> Text:
    """"20% off", "10 off", "a fixed price of 39", "free shipping", "a gift"."""
    if offer.type == "percent-off":
        return T("{percent}% off", percent=offer.value)
    if offer.type == "amount-off":
        return T("{amount} off", amount=Money(offer.value))
    if offer.type == "fixed-price":
        return T("a fixed price of {amount}", amount=Money(offer.value))
    return T("free shipping") if offer.type == "free-shipping" else T("a gift")


def deal_on(offer, products) -> Text:
    """The deal and what it is on: "20% off all products", "a fixed price of 39 on SOFA-1"."""
    if offer.type == "percent-off":
        return T("{percent}% off {products}", percent=offer.value, products=products)
    if offer.type == "amount-off":
        return T("{amount} off {products}", amount=Money(offer.value), products=products)
    if offer.type == "fixed-price":
        return T("a fixed price of {amount} on {products}", amount=Money(offer.value), products=products)
    if offer.type == "free-shipping":
        return T("free shipping on {products}", products=products)
    return T("a gift on {products}", products=products)


def products(patterns: list[str], everything=None):
    """SKU patterns as written, or "all products" for ``*``."""
    if "*" in patterns:
        return everything if everything is not None else T("all products")
    return ", ".join(patterns)


def period(starts, ends) -> Text | str:
    """" from 2027-03-01 to 2027-03-31", " from 2027-03-01", or nothing."""
    if starts and ends:
        return T(" from {start} to {end}", start=starts, end=ends)
    if starts:
        return T(" from {start}", start=starts)
    return ""
