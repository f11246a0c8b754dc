"""A campaign makes offers without writing down what the customer can expect.

## What it checks
A campaign with at least one offer must have written `terms` for each term
named in the `required` option (by default returns, delivery and price). A
term counts as written when its key under `terms:` has text; an empty or blank
text counts as missing. These keys are accepted for the default terms (any
case):

| term | keys accepted |
|---|---|
| returns | `returns`, `return` |
| delivery | `delivery`, `timeline` |
| price | `price`, `prices`, `pricing` |

Any other name in `required` (say `warranty`) must be written under that
exact key. One finding per missing term, at the campaign's `terms:` when it is
there, else at the start of the campaign. A campaign without offers is not
judged.

## Why it matters
A customer has the right to expect everything that was promised in the deal
(003). The best way to avoid disputes is to write it down: a contract, or
where there are no contracts a sign in the shop or a brochure that clearly
describes the services, the price, the timeline and the return policy, and
then deliver what you promised. When it is all in writing, there is very
little left for a customer to feel misled about.

## Example
```yaml
kind: campaign
id: autumn-2027
terms:
  returns: "30 days, full refund"
offers:
  - id: sofa-week
    type: percent-off
    value: 15
```

## Fix
Write down every term a customer relies on:
```yaml
terms:
  returns: "30 days, full refund"
  delivery: "5-7 business days, free within 30 km"
  price: "prices include VAT; delivery is extra beyond 30 km"
```
"""

from __future__ import annotations

from fairlint.finding import Severity, Violation
from fairlint.i18n import T, _
from fairlint.rules.base import Option

CODE = "FL303"
NAME = "missing-terms"
SEVERITY = Severity.WARNING
OPTIONS = {
    "required": Option(
        ["returns", "delivery", "price"],
        "terms every campaign with offers must write down (keys under `terms:`)",
        kind="list",
    )
}

# Keys that write down each of the default terms.
TERM_KEYS = {
    "returns": ("returns", "return"),
    "delivery": ("delivery", "timeline"),
    "price": ("price", "prices", "pricing"),
}
# What to write for each default term, as advice in the message.
TERM_ADVICE = {
    "returns": _('how long customers have to return and how they get their money back (e.g. "30 days, full refund")'),
    "delivery": _('when customers get what they bought (e.g. "5-7 business days")'),
    "price": _('what the price includes and what costs extra (e.g. "prices include VAT")'),
}
OTHER_TERM_ADVICE = _("in plain words what the customer can expect")


def check(project, options):
    required = options["required"]
    for campaign in project.campaigns:
        if not campaign.offers:
            continue
        written = {key.strip().lower(): text for key, text in campaign.terms.items()}
        where = campaign.at("terms")
        for term in required:
            name = term.strip().lower()
            keys = TERM_KEYS.get(name, (name,))
            if any((written.get(key) or "").strip() for key in keys):
                continue
            advice = T(TERM_ADVICE.get(name, OTHER_TERM_ADVICE))
            if any(key in written for key in keys):
                message = T("campaign {campaign!r} makes offers but its {term} term is empty; "
                            "add `{key}:` under terms saying {advice}",
                            campaign=campaign.id, term=name, key=keys[0], advice=advice)
            else:
                message = T("campaign {campaign!r} makes offers but its {term} term is not written down; "
                            "add `{key}:` under terms saying {advice}",
                            campaign=campaign.id, term=name, key=keys[0], advice=advice)
            yield Violation(where, message, f"{campaign.id}/terms/{name}")
