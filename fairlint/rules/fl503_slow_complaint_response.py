"""A complaint policy that lets a customer wait too long for a first answer.

## What it checks
A `complaint-policy` whose `first_response_hours` is above `max-hours`.
Exactly `max-hours` is fine. A policy without `first_response_hours` makes no
promise about speed and is not reported. Reported at the
`first_response_hours` field.

## Why it matters
Customers forgive a lot, but not being ignored: failing to respond to
customers, at any stage of the sale, is one of the unforgivable ways to lose
them, and with phone calls and social media their expectations keep rising
(000 point 7). An upset customer wants a sense of urgency, their problem dealt
with quickly; customers whose problem was put right fast often end up more
loyal than customers who never had a problem (004).

## Example
```yaml
kind: complaint-policy
id: support
first_response_hours: 72
```

## Fix
Answer every complaint within a working day, even if only to say who is
handling it and when the customer will hear more:
```yaml
first_response_hours: 24
```
"""

from decimal import Decimal

from fairlint.finding import Severity, Violation
from fairlint.model import ComplaintPolicy
from fairlint.i18n import T
from fairlint.rules.base import Option

CODE = "FL503"
NAME = "slow-complaint-response"
SEVERITY = Severity.WARNING
OPTIONS = {
    "max-hours": Option(Decimal(24), "a complaint should get its first answer within this many hours"),
}


def check(project, options):
    limit = options["max-hours"]
    for policy in project.of_kind(ComplaintPolicy):
        hours = policy.first_response_hours
        if hours is None or hours <= limit:
            continue
        yield Violation(
            policy.at("first_response_hours"),
            T("complaint policy {policy!r} lets a customer wait up to {hours} hours for a first answer; reply "
              "within {limit} hours, even if only to say who is handling it and when they will hear more",
              policy=policy.id, hours=hours, limit=limit),
            policy.id,
        )
