"""A message that talks only about price, never about value.

## What it checks
A campaign message whose text makes a price or discount claim (a saving
percentage such as "20% off" or "-20%", an amount of money, or words such as
"sale", "cheapest", "save up to"; a bare percentage such as "100% cotton" is
none) and says
nothing of value: quality, service, expertise, warranty, support, delivery,
durability, fit to the customer's need, the relationship. The phrase lists are
per locale (`fairlint/lexicon/<locale>.yaml`) and can be extended.

Campaign-level too: when more than `max-price-only-share` of a campaign's
messages are price-only, one extra finding is reported at the campaign's
`messages:` (not for a one-message campaign: its message's finding says it).

## Why it matters
Being the low-cost supplier is an advantage that somebody, somewhere is
planning to take from you by cutting prices (001 point 4). Marketing that
focuses on price trains customers to keep looking for a lower price, from you
or from your competitors. Value, a mix of price, timing, service and the
relationship, is what keeps them. Low-price, one-off selling is also one of
the ten ways to lose customers (000 point 6).

## Example
```yaml
messages:
  - id: hero
    text: Spring SALE! 20% off everything, lowest prices in town!
```

## Fix
Say what the customer gets besides the discount:
```yaml
  - id: hero
    text: Our solid oak lamps come with a 5-year warranty and free repairs, and this spring they are 20% off.
```
"""

from decimal import Decimal

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.lexicon.amounts import find_amounts, find_percents, is_saving
from fairlint.rules.base import Option

CODE = "FL301"
NAME = "price-only-messaging"
SEVERITY = Severity.WARNING
OPTIONS = {
    "max-price-only-share": Option(
        Decimal("0.5"),
        "largest share of a campaign's messages that may be price-only before the campaign itself is reported",
        kind="share",
    )
}


def price_claim(project, locale, text):
    """The first price or discount claim in ``text`` (a phrase, a saving percentage or an amount), or None.

    A bare percentage is no price claim: "only 2% of students", "not 100 percent sure"."""
    match = project.lexicon.first(locale, "price_claims", text)
    if match:
        return match.text
    savings = [p for p in find_percents(text) if is_saving(text, p)]
    for found in (savings, find_amounts(text)):
        if found:
            return text[found[0].start:found[0].end]
    return None


def check(project, options):
    share_limit = options["max-price-only-share"]
    for campaign in project.campaigns:
        price_only = []
        for message in campaign.messages:
            locale = project.locale_of(message)
            if not project.lexicon.has_list(locale, "value_words"):
                continue  # no value vocabulary for this language: cannot judge
            claim = price_claim(project, locale, message.text)
            if claim is None or project.lexicon.first(locale, "value_words", message.text):
                continue
            price_only.append(message)
            yield Violation(
                message.at("text"),
                T("message {message!r} talks only about price ({claim!r}) and says nothing of value; "
                  "add what the customer gets besides the discount (quality, service, warranty, delivery, advice)",
                  message=message.id, claim=claim.strip()),
                f"{campaign.id}/{message.id}",
            )
        if len(campaign.messages) > 1 and len(price_only) / len(campaign.messages) > share_limit:
            yield Violation(
                campaign.at("messages"),
                T("campaign {campaign!r} has {count} price-only messages out of {total} "
                  "(more than {percent}%); rework most of them to lead with value, "
                  "so customers are not trained to wait for the next discount", campaign=campaign.id,
                  count=len(price_only), total=len(campaign.messages), percent=share_limit * 100),
                f"{campaign.id}/share",
            )
