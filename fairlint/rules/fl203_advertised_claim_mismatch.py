"""A message promises a saving or a price that the offers it advertises do not give.

## What it checks
Every message with `offers:` is read for claims, and each claim is held
against the linked offers (ids of the message's own campaign; unknown ids are
FL003's business):

- **a percentage saving**: a percentage next to a saving word, "20% off",
  "20% discount", "save 20%", "save an extra 20%", "-20%", "20% afslag",
  "скидка 20%", "отстъпка 20%", "२०% छुट", and the Chinese "8折" (pay 80%:
  a 20% saving; docs/locales.md lists the forms read in each language).
  Half the price said in words ("HALF PRICE", "полцены", "半价", the
  locale's `half_price` list) is a 50% saving claim. A
  bare percentage is not a saving claim, so "100% cotton", "0% finance" and
  "20% of profits" are ignored. "20% off" is met when a linked offer gives at
  least 20% on at least one of its products;
  "up to 50% off" is met when a linked offer reaches 50% somewhere. Percent-off
  offers give their value; amount-off and fixed-price offers give their saving
  as a percent of the product's list price at the offer's start (rounded to
  a whole percent), when a loaded schedule knows it; free shipping and gifts
  give 0%.
- **an amount saved**: an amount followed by "off", "discount", "back",
  "voucher" or "coupon", or after "save": "$30 off", "save R30", "€20 back".
  Met when a linked offer saves at least that much on one of its products: an
  amount-off offer its value, a percent-off or fixed-price offer its saving on
  the schedule's price.
- **a price**: any other amount, "$39", "now 39,00 €", "only R39.99",
  "39 лв.". Met when a linked offer (or the schedule, for free shipping and
  gifts) charges at most that on at least one of its products. The price
  charged is the schedule's price for the offer's audience (or `all`) on the
  day the message can first be used (its `send_at`, moved into the offer's
  dates; the offer's start without `send_at`) under the offer
  (`fairlint/pricing.py` `offer_price`); a fixed-price offer charges its value.

Amounts that are not claims about what the customer pays are skipped: earlier
prices ("was $49", "RRP 59,00 €": FL202 checks those), thresholds ("orders
over $50", "spend R500", "$50 or more"), delivery charges ("delivery $5") and
what a gift is worth ("a gift worth $20"). All currencies are read alike:
"$39", "39,00 €", "R39.99" and "39 лв." are 39; fairlint does not convert
currencies. Several claims in one message are checked one by one, one finding
per claim that is not met, at the message's `text`. When a claim cannot be
measured (no loaded schedule prices the products), it is not reported.

With `percent-from = "prior-price"` (set by `market = "eu"`: the Court of
Justice's Aldi Süd judgment, C-330/23) a percentage claim met by the offers is
also held against the prior price: the lowest schedule price of the 30 days
before the offer's start (rows for its audience or `all`). "30% off" a price
raised just before the sale is reported when no product of the offers is, in
what customers pay, 30% below its prior price; the finding cites the judgment.
When the prior price or the price paid is not known, nothing is reported.

## Why it matters
A customer who answers an advertisement has the right to get what it promised
(003: whoever takes the customer's money owes them everything promised in the
deal, and should write it down plainly). An email that says "25% off" when the
checkout gives 15% is a promise broken at the till; the customer finds out
when paying, and leaves feeling tricked. Selling on a headline discount that
is not there is the one-off, low-price selling that loses customers for good
(000 point 6).

## Example
```yaml
offers:
  - id: sofa15
    type: percent-off
    value: 15
    products: ["SOFA-*"]
messages:
  - id: sofa-email
    offers: [sofa15]
    text: Our linen sofas, hand-built to last, are 25% off this week.
```

## Fix
Advertise what the offer gives, or give what the message says:
```yaml
    text: Our linen sofas, hand-built to last, are 15% off this week.
```
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import attrs

from fairlint.cache import regex
from fairlint.finding import Severity, Violation
from fairlint.i18n import T, english
from fairlint.i18n.formatting import Price
from fairlint.i18n.offers import deal
from fairlint.lexicon import shipped
from fairlint.lexicon.amounts import find_amounts, find_percents, is_reference, saving_after, saving_before
from fairlint.markets import cite
from fairlint.pricing import offer_price, percent_value
from fairlint.rules.base import Option

CODE = "FL203"
NAME = "advertised-claim-mismatch"
SEVERITY = Severity.ERROR
OPTIONS = {
    "percent-from": Option(
        "offer",
        "what a percentage claim (\"30% off\") is held against: `offer` (what the linked offers give) or "
        "`prior-price` (also the saving from the prior price, the lowest price of the 30 days before the offer, "
        "as the EU's Court of Justice reads it in C-330/23; market eu)",
        kind="choice", choices=("offer", "prior-price"),
    ),
}
PRIOR_DAYS = 30  # the prior price: the lowest price of the 30 days before (Directive 98/6/EC art. 6a)

CENT = Decimal("0.01")
@cache
def _up_to_before() -> re.Pattern:
    return regex(
        rf"{shipped.words('up_to_before')}\s*$",
        re.IGNORECASE,
    )


@cache
def _not_a_price_before() -> re.Pattern:
    """An amount that is a threshold or a fee, not the price ("orders over $50", "满99元"): ``not_price_before``."""
    return regex(
        rf"{shipped.words('not_price_before')}"
        r"(?:\s+[^\W\d_]+)?\s*[:：]?\s*$",
        re.IGNORECASE,
    )


_NOT_BEFORE_WORD = r"(?!\w)"


@cache
def _not_a_price_after() -> re.Pattern:
    """"$50 or more", "$50+", "99元以上": ``not_price_after``."""
    return regex(
        rf"^\s*(?:\+|{shipped.words('not_price_after', '', _NOT_BEFORE_WORD)})",
        re.IGNORECASE,
    )


@attrs.frozen
class Claim:
    kind: str  # "percent" (a saving in %), "saving" (an amount saved) or "price" (an amount to pay)
    value: Decimal
    up_to: bool
    text: str
    start: int = attrs.field(default=0, eq=False)  # where the claim is in the message text


def find_claims(text: str, lexicon=None, locale=None) -> list[Claim]:
    """The saving and price claims of a message text, in reading order.

    With a lexicon, the locale's ``half_price`` words ("HALF PRICE", "полцены", "半价") are a 50% claim.
    """
    claims = []
    if lexicon is not None:
        for match in lexicon.find(locale, "half_price", text):
            claims.append((match.start, Claim("percent", Decimal(50), False, match.text, match.start)))
    for percent in find_percents(text):
        before, after = text[max(0, percent.start - 40):percent.start], text[percent.end:percent.end + 40]
        minus = before.rstrip(" ").endswith(("-", "−"))
        if percent.saving or minus or saving_after().search(after) or saving_before().search(before):
            written = text[percent.start:percent.end]
            claims.append((percent.start, Claim("percent", percent.value, percent.up_to, written, percent.start)))
    for amount in find_amounts(text):
        before, after = text[max(0, amount.start - 40):amount.start], text[amount.end:amount.end + 40]
        if is_reference(text, amount) or _not_a_price_before().search(before) or _not_a_price_after().search(after):
            continue
        up_to = bool(_up_to_before().search(before))
        written = text[amount.start:amount.end]
        if saving_after().search(after) or saving_before().search(before):
            claims.append((amount.start, Claim("saving", amount.value, up_to, written, amount.start)))
        else:
            claims.append((amount.start, Claim("price", amount.value, up_to, written, amount.start)))
    return [claim for _, claim in sorted(claims, key=lambda pair: pair[0])]


def check(project, options):
    for campaign in project.campaigns:
        for message in campaign.messages:
            offers = [o for o in (campaign.offer(i) for i in message.offers) if o is not None]
            if not offers:
                continue
            for claim in find_claims(message.text, project.lexicon, project.locale_of(message)):
                measured = [_measure(project, message, offer, claim.kind) for offer in offers]
                results = [m for per_offer in measured for m in per_offer]
                if results and _met(claim, results) and options.get("percent-from") == "prior-price":
                    # eu (CJEU C-330/23): the percentage must also hold against the prior price
                    yield from _from_prior_price(project, campaign, message, claim, offers)
                if not results or _met(claim, results):
                    continue
                if any(value is None for value, _, _ in results):
                    continue  # part of it cannot be measured: do not guess
                yield Violation(
                    message.text_at(claim.start),
                    _message(message, claim, results),
                    f"{campaign.id}/{message.id}/{claim.text}",
                )


def _met(claim: Claim, results) -> bool:
    known = [value for value, _, _ in results if value is not None]
    if claim.kind == "price":
        return any(value <= claim.value for value in known)
    return any(value >= claim.value for value in known)


def use_day(message, offer) -> dt.date | None:
    """The day the message's reader can first use the offer: send_at moved into the offer's dates."""
    day = message.send_at or offer.starts
    if day is None:
        return None
    if offer.starts and day < offer.starts:
        day = offer.starts
    if offer.ends and day > offer.ends:
        day = offer.ends
    return day


def _base_price(project, offer, sku, day):
    """The schedule's lowest price for ``sku`` to the offer's audience (or everyone) on ``day``."""
    if day is None:
        return None
    prices = [r.price for r in project.prices_on(sku, day, (offer.audience, "all"))]
    return min(prices) if prices else None


def _measure(project, message, offer, kind):
    """[(what the offer gives for ``kind`` on one product or None if unknown, offer, sku)]."""
    skus = project.skus_matching(offer.products)
    no_saving = offer.type in ("free-shipping", "gift") or offer.value is None
    if kind == "percent":
        if offer.type == "percent-off" or no_saving:
            return [(Decimal(0) if no_saving else offer.value, offer, None)]
        measured = []
        for sku in skus:
            value = percent_value(offer, sku, project)
            measured.append((None if value is None else value.quantize(Decimal(1), ROUND_HALF_UP), offer, sku))
        return measured or [(None, offer, None)]
    if kind == "saving":
        if no_saving:
            return [(Decimal(0), offer, None)]
        if offer.type == "amount-off":
            return [(offer.value, offer, None)]
    if kind == "price" and offer.type == "fixed-price" and offer.value is not None:
        return [(offer.value, offer, None)]
    day = use_day(message, offer)
    measured = []
    for sku in skus:
        base = _base_price(project, offer, sku, day)
        if base is None:
            measured.append((None, offer, sku))
        elif kind == "saving":
            measured.append(((base - offer_price(offer, base)).quantize(CENT, ROUND_HALF_UP), offer, sku))
        else:
            measured.append((offer_price(offer, base).quantize(CENT, ROUND_HALF_UP), offer, sku))
    return measured or [(None, offer, None)]


def _best(claim, results):
    if claim.kind == "price":
        return min(results, key=lambda r: r[0])
    return max(results, key=lambda r: r[0])


def _message(message, claim, results):
    value, offer, sku = _best(claim, results)
    linked = {o.id: o for _, o, _ in results}
    offers = sorted((T("{offer!r} ({deal})", offer=o.id, deal=deal(o)) for o in linked.values()), key=english)
    on = T(" on {sku}", sku=sku) if sku else ""
    said = dict(message=message.id, claim=claim.text.strip(), on=on, offers=offers)
    if claim.kind == "percent" and claim.up_to:
        return T("message {message!r} says {claim!r}, but no linked offer reaches {claimed}%: the best is {best}%{on} "
                 "(offers: {offers}); say up to {best}% in the message, or make the offer worth {claimed}%",
                 claimed=claim.value, best=value, **said)
    if claim.kind == "percent":
        return T("message {message!r} says {claim!r}, but no linked offer gives {claimed}%: the best is {best}%{on} "
                 "(offers: {offers}); say {best}% in the message, or make the offer worth {claimed}%",
                 claimed=claim.value, best=value, **said)
    if claim.kind == "saving":
        return T("message {message!r} says {claim!r}, but the linked offers save at most {best:.2f}{on} "
                 "(offers: {offers}); say what customers really save, or raise the offer to {claimed:.2f} off",
                 claimed=claim.value, best=value, **said)
    return T("message {message!r} says {claim!r}, but customers pay at least {best:.2f}{on} under the linked offers "
             "(offers: {offers}); advertise the price they will really pay, or lower the offer price to {claimed:.2f}",
             claimed=claim.value, best=value, **said)


@attrs.frozen
class PriorPriceSaving:
    """FL203 under ``percent-from = "prior-price"``: the best saving a percentage claim's offers give from
    the prior price: on ``sku``, customers pay ``paid`` under ``offer`` against a ``prior`` price (the lowest
    of ``window``), ``percent`` less (rounded to a whole percent)."""

    claim: Claim
    offer: str
    sku: str
    prior: Decimal
    paid: Decimal
    percent: Decimal
    window: tuple[dt.date, dt.date]


def _from_prior_price(project, campaign, message, claim, offers):
    """A percentage claim met by the offers' own values but not from the prior price (eu, C-330/23)."""
    if claim.kind != "percent":
        return
    best = None
    for offer in offers:
        day = use_day(message, offer)
        if day is None or offer.starts is None or offer.type not in ("percent-off", "amount-off", "fixed-price"):
            return  # part of it cannot be measured: do not guess
        window = (offer.starts - dt.timedelta(days=PRIOR_DAYS), offer.starts - dt.timedelta(days=1))
        audiences = {offer.audience, "all"}
        for sku in project.skus_matching(offer.products):
            prior = [r.price for r in project.rows_for(sku) if r.audience in audiences and r.start <= window[1]
                     and (r.end is None or r.end >= window[0])]
            base = _base_price(project, offer, sku, day)
            if not prior or base is None:
                return  # no prior price or no price to pay known: not measured
            paid = offer_price(offer, base).quantize(CENT, ROUND_HALF_UP)
            percent = ((min(prior) - paid) / min(prior) * 100).quantize(Decimal(1), ROUND_HALF_UP)
            saving = PriorPriceSaving(claim, offer.id, sku, min(prior), paid, percent, window)
            if best is None or saving.percent > best.percent:
                best = saving
    if best is None or best.percent >= claim.value:
        return
    yield Violation(
        message.text_at(claim.start),
        T("message {message!r} says {claim!r}, but against the prior price, the lowest of the {days} days before "
          "the offer ({first} to {last}), customers save at most {percent}% (on {sku}: {prior} before, {paid} "
          "under {offer!r}); compute the percentage from the prior price ({percent}%), or make the offer worth "
          "{claimed}% of it", message=message.id, claim=claim.text.strip(), days=PRIOR_DAYS, first=best.window[0],
          last=best.window[1], percent=max(best.percent, Decimal(0)), sku=best.sku, prior=Price.of(best.prior),
          paid=Price.of(best.paid), offer=best.offer, claimed=claim.value),
        f"{campaign.id}/{message.id}/{claim.text}/prior-price",
        best,
        citations=cite(project, CODE, "percentage-from-prior-price"),
    )
