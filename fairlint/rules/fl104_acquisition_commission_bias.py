"""A commission plan that pays more for winning new customers than for keeping existing ones.

## What it checks
A `commission-plan` whose `rates` give a higher `new-customer` rate than its
`retention` rate (renewals and repeat business of existing customers). Rate
names are read case-insensitively, with `_` or spaces taken as `-`
(`new_customer` is `new-customer`). Reported at the `new-customer` rate.

Rates are what a sale type earns, so a sale type without a rate earns no
commission: a plan that pays for new customers and has no `retention` rate at
all is reported (keeping a customer pays 0%). A plan without a `new-customer`
rate pays nothing extra for acquisition and is not reported. An equal rate is
fine.

## Why it matters
Sales people follow the money. When winning a new customer pays a higher
commission than keeping an existing one, why would anyone work hard to keep
the customers you have (001 point 7)? Such a plan only works if someone else
systematically takes over the other sellers' existing customers. Think about
the rewards and targets you set, and make sure they encourage the result you
really want.

## Example
```yaml
kind: commission-plan
id: sales-2027
rates:
  new-customer: 8
  retention: 4
```

## Fix
Pay at least as much for keeping a customer as for winning one:
```yaml
rates:
  new-customer: 6
  retention: 6
```
"""

from decimal import Decimal

from fairlint.finding import Severity, Violation
from fairlint.model import CommissionPlan
from fairlint.i18n import T

CODE = "FL104"
NAME = "acquisition-commission-bias"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(project, options):
    for plan in project.of_kind(CommissionPlan):
        rates = {_rate_name(name): (name, rate) for name, rate in plan.rates.items()}
        if "new-customer" not in rates:
            continue
        new_key, new_rate = rates["new-customer"]
        retention = rates.get("retention")
        retention_rate = retention[1] if retention else Decimal(0)
        if new_rate <= retention_rate:
            continue
        if retention:
            message = T("commission plan {plan!r} pays {rate}% for winning a new customer but only {retention}% for "
                        "keeping an existing one (retention); pay at least {rate}% for retention, or lower the "
                        "new-customer rate", plan=plan.id, rate=new_rate, retention=retention_rate)
        else:
            message = T("commission plan {plan!r} pays {rate}% for winning a new customer and nothing for keeping "
                        "an existing one (no retention rate); pay at least {rate}% for retention, or lower the "
                        "new-customer rate", plan=plan.id, rate=new_rate)
        yield Violation(plan.at(f"rates.{new_key}"), message, plan.id)


def _rate_name(name: str) -> str:
    return "-".join(name.strip().lower().replace("_", " ").replace("-", " ").split())
