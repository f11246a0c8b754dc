"""A return policy that makes it hard to bring things back.

## What it checks
Each `return-policy` is checked for five problems, each reported at its own
field:

- `window_days` below `min-window-days` (exactly `min-window-days` is fine);
- `hours` adding up to fewer than `min-weekly-hours` hours a week. The syntax
  is `"Mon-Fri 09:00-17:30; Sat 10:00-14:00"`: days or day ranges (several
  separated by commas), then time ranges (several separated by commas, or
  `closed`), entries separated by `;`; overlapping ranges count once. Omitted
  `hours` means returns are accepted whenever the shop is open, which is fine.
  Hours that cannot be read are reported as FL001 at their line;
- `receipt_required: true` with no `alternatives_to_receipt` (card look-up,
  order number, ...);
- a `restocking_fee` (a percent or an amount; `0` or omitted means none);
- a refund as store credit only (`refund: store-credit`). An exchange-only
  policy is not reported: the catalog names store credit only.

A missing `window_days` is not reported: fairlint cannot tell how long it is.

## Why it matters
Many customers never need to return anything, but the ones who do must not
find that they need a properly dated receipt and have to come between 2 and 3
o'clock on a Friday in a week with a full moon (000 point 5). A customer who
finds returning something very hard, or impossible, is a customer you have
lost. Handle returns properly, so that customers leave happy and are willing
to come back and buy again.

## Example
```yaml
kind: return-policy
id: store-returns
window_days: 7
hours: "Fri 14:00-15:00"
receipt_required: true
restocking_fee: 15%
refund: store-credit
```

## Fix
```yaml
kind: return-policy
id: store-returns
window_days: 30
hours: "Mon-Sat 09:00-18:00"
receipt_required: true
alternatives_to_receipt: [card-lookup, order-number]
refund: money
```
"""

from decimal import Decimal

from fairlint.finding import Severity, Violation
from fairlint.load.hours import weekly_hours
from fairlint.model import ReturnPolicy
from fairlint.i18n import N, T
from fairlint.markets import cite
from fairlint.rules.base import Option

CODE = "FL501"
NAME = "restrictive-returns"
SEVERITY = Severity.WARNING
OPTIONS = {
    "min-window-days": Option(14, "customers should have at least this many days to return an item", kind="integer"),
    "min-weekly-hours": Option(Decimal(20), "returns should be accepted at least this many hours a week"),
}
# The EU's right of withdrawal for distance and off-premises sales (Directive 2011/83/EU art. 9): under
# ``market = "eu"`` a window shorter than this cites it, whatever ``min-window-days`` asks for.
WITHDRAWAL_DAYS = 14


def check(project, options):
    for policy in project.of_kind(ReturnPolicy):
        for field, message in _problems(policy, options):
            # under a market whose law sets a withdrawal period (eu: 14 days), a shorter window cites it
            cited = field == "window_days" and policy.window_days < WITHDRAWAL_DAYS
            yield Violation(policy.at(field), message, f"{policy.id}/{field}",
                            citations=cite(project, CODE, "return-window") if cited else ())


def _problems(policy, options):
    min_days, min_hours = options["min-window-days"], options["min-weekly-hours"]
    policy_id = policy.id
    if policy.window_days is not None and policy.window_days < min_days:
        yield "window_days", T(
            "return policy {policy!r} gives customers only {days} to return an item; allow at least {minimum}",
            policy=policy_id, days=_days(policy.window_days), minimum=_days(min_days))
    if policy.hours is not None:
        hours = weekly_hours(policy.hours)
        if hours < min_hours:
            yield "hours", T(
                "return policy {policy!r} accepts returns only {hours} a week ({written}); accept returns at least "
                "{minimum} a week, or whenever the shop is open (leave out 'hours')",
                policy=policy_id, hours=_hours(hours), written=policy.hours, minimum=_hours(min_hours))
    if policy.receipt_required and not policy.alternatives_to_receipt:
        yield "receipt_required", T(
            "return policy {policy!r} requires a receipt with no alternative, so a customer who lost it cannot "
            "return anything; accept other proof too (alternatives_to_receipt: [card-lookup, order-number])",
            policy=policy_id)
    if policy.restocking_fee is not None and Decimal(policy.restocking_fee.rstrip("%")) != 0:
        yield "restocking_fee", T(
            "return policy {policy!r} charges a restocking fee of {fee}, so customers pay to bring back what "
            "did not suit them; drop the fee", policy=policy_id, fee=policy.restocking_fee)
    if policy.refund == "store-credit":
        yield "refund", T(
            "return policy {policy!r} refunds only in store credit, so a customer's money stays with you even "
            "when nothing else suits them; give the money back (refund: money), with credit as the customer's "
            "choice", policy=policy_id)


def _days(number):
    return N("{n} day", "{n} days", n=Decimal(number))


def _hours(number):
    return N("{n} hour", "{n} hours", n=Decimal(number))
