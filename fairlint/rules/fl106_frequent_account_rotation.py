"""Account owners are reshuffled so often that customers keep meeting new faces.

## What it checks
A `commission-plan` whose `account_rotation_months` is below `min-months`.
Exactly `min-months` is fine. A plan without `account_rotation_months`, or
with `0`, has no scheduled rotation and is not reported (as with a restocking
fee, 0 means none). Reported at the `account_rotation_months` field.

## Why it matters
It is easy to assume long-time customers love your brand, but often what they
love is your people: customers buy from people, not from companies (001 point
3). Relationships are the lifeblood of most small businesses, so do not rotate
sales people, service representatives or main contacts unless it is truly
necessary. When a relationship between staff and a customer has been built,
protect and nurture it; in a strong business relationship, staff are rarely
interchangeable.

## Example
```yaml
kind: commission-plan
id: sales-2027
rates: {new-customer: 6, retention: 6}
account_rotation_months: 6
```

## Fix
Keep account owners with their customers for at least a year, or only
reassign accounts when someone leaves:
```yaml
account_rotation_months: 24
```
"""

from decimal import Decimal

from fairlint.finding import Severity, Violation
from fairlint.model import CommissionPlan
from fairlint.i18n import N, T
from fairlint.rules.base import Option

CODE = "FL106"
NAME = "frequent-account-rotation"
SEVERITY = Severity.WARNING
OPTIONS = {
    "min-months": Option(
        Decimal(12), "customers should keep the same account owner for at least this many months"
    )
}


def check(project, options):
    minimum = options["min-months"]
    for plan in project.of_kind(CommissionPlan):
        months = plan.account_rotation_months
        if not months or months >= minimum:
            continue
        yield Violation(
            plan.at("account_rotation_months"),
            T("commission plan {plan!r} reshuffles account owners every {months}, so customers lose the person "
              "they know; keep accounts with their owner for at least {minimum}, and reassign only when someone "
              "leaves", plan=plan.id, months=_months(months), minimum=_months(minimum)),
            plan.id,
        )


def _months(number):
    return N("{n} month", "{n} months", n=number)
