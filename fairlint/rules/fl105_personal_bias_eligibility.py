"""An offer that shuts customers out by who they are: age, gender, income, looks.

## What it checks
Every offer's `eligibility.exclude` mapping is read key by key. A key that
names a personal attribute from the `attributes` option is reported, one
finding per attribute, at the attribute's own line. Matching ignores case and
treats `_`, spaces and camelCase like `-`: `marital_status`, `Marital Status`
and `maritalStatus` are all `marital-status`. A key also counts when it
contains the attribute as a whole word (`age-band`, `customer_age`,
`household-income`), but not inside another word (`page-views`, `usage` are
fine).

Only `exclude` is checked: `include` rules that target a group (a pensioners'
discount) open an offer to more people rather than shutting anyone out.

## Why it matters
It is easy to look at customers with prejudice: this one is old, that one has
no money, another does not look the part (004: no personal bias). Letting
personal bias shape who gets a deal loses not only that customer but everyone
they tell, and the more satisfied customers you have, the wider your
influence. Eligibility should depend on what a customer does with you
(purchases, membership, region of delivery), never on who they are.

## Example
```yaml
offers:
  - id: student-style
    audience: all
    type: percent-off
    value: 15
    eligibility:
      exclude: {age: ">60"}
```

## Fix
Drop the personal condition, or base eligibility on the customer's
relationship with you:
```yaml
    eligibility:
      include: {membership: loyalty-club}
```
"""

import re

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.rules.base import Option

CODE = "FL105"
NAME = "personal-bias-eligibility"
SEVERITY = Severity.ERROR
OPTIONS = {
    "attributes": Option(
        [
            "age",
            "gender",
            "sex",
            "ethnicity",
            "race",
            "nationality",
            "religion",
            "disability",
            "marital-status",
            "pregnancy",
            "income",
            "appearance",
        ],
        "personal attributes an offer must not exclude customers by (case-insensitive; _ and - are the same)",
        kind="list",
    )
}


def check(project, options):
    attributes = [(attribute, _words(attribute)) for attribute in options["attributes"]]
    attributes = [(a, words) for a, words in attributes if words]
    for offer in project.offers:
        excluded = offer.eligibility.get("exclude") or {}
        for key, condition in excluded.items():
            found = next((a for a, words in attributes if _contains(_words(key), words)), None)
            if found is None:
                continue
            yield Violation(
                _location(offer, key),
                T("offer {offer!r} excludes customers by {key} ({key}: {condition}), a personal attribute "
                  "({attribute}); remove it and base eligibility on what customers do with you "
                  "(purchases, membership), not on who they are",
                  offer=offer.id, key=str(key), condition=str(condition), attribute=found),
                f"{offer.campaign.id if offer.campaign else ''}/{offer.id}/{key}",
            )


def _words(name) -> list[str]:
    """'maritalStatus', 'Marital_Status', 'marital status' -> ['marital', 'status']."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(name))
    return [w for w in re.split(r"[\W_]+", spaced.lower()) if w]


def _contains(words: list[str], wanted: list[str]) -> bool:
    size = len(wanted)
    return any(words[i : i + size] == wanted for i in range(len(words) - size + 1))


def _location(offer, key):
    for field in (f"eligibility.exclude.{key}", "eligibility.exclude", "eligibility"):
        if field in offer.field_locs:
            return offer.field_locs[field]
    return offer.loc
