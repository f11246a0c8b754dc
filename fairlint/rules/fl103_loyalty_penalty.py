"""Existing customers pay more than new customers for the same product ("price walking").

## What it checks
In the loaded price schedules, every row with `audience: existing` is compared
with the rows with `audience: new` for the same SKU whose dates overlap it
(`end` is inclusive; an empty `end` runs on). When the existing-customer price
is higher, that is a finding, one per overlapping pair, at the
existing-customer row, naming the new-customer row and the days they share.

Channels: rows for the same channel are compared, and a row without a
`channel` applies in every channel, so it is compared with rows of any
channel. Rows for two different named channels (`web`, `store`) are not
compared. Rows for `all` or `lapsed` customers are not part of this check
(FL101 looks at deals for new customers against everyone else's).

## Why it matters
Discounts for new customers are often needed, but existing customers soon
notice when their loyalty is not rewarded, and a price list that charges them
more than newcomers punishes it outright (001 point 2). Sales to existing
customers do more for the bottom line than new customers do for the top line;
make sure customers who stay get at least what new ones get.

## Example
```csv
sku,price,start,end,audience
BROADBAND-50,39.00,2027-01-01,2027-12-31,existing
BROADBAND-50,24.00,2027-01-01,2027-06-30,new
```

## Fix
Charge existing customers no more than new customers for the same product,
channel and days:
```csv
sku,price,start,end,audience
BROADBAND-50,24.00,2027-01-01,2027-12-31,existing
BROADBAND-50,24.00,2027-01-01,2027-06-30,new
```
"""

from fairlint.finding import Severity, Violation
from fairlint.prices.evidence import Penalty

CODE = "FL103"
NAME = "loyalty-penalty"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}


def check(project, options):
    if not project.schedules:
        return
    store = project.prices
    for result in store.results(CODE, {}):
        evidence = Penalty(store.row_ref(result), store.row_ref(result, "new_"), result["first_day"],
                           result["last_day"], result["days"], bool(result["open_ended"]))
        yield Violation(evidence.existing.loc, _message(evidence), evidence.key, evidence)


def _shared_days(evidence):
    if evidence.open_ended:
        return f"from {evidence.first_day} on"
    if evidence.first_day == evidence.last_day:
        return f"on {evidence.first_day}"
    return f"from {evidence.first_day} to {evidence.last_day}"


def _message(evidence):
    existing, new = evidence.existing, evidence.new
    where = f" in {evidence.channel}" if evidence.channel else ""
    row = f"line {new.loc.line}" if new.loc.path == existing.loc.path else f"{new.loc.path.name}:{new.loc.line}"
    who = "" if existing.audience == "existing" else f" (the price for {existing.audience} customers)"
    return (
        f"{existing.sku} costs existing customers {existing.price:.2f}{who} but new customers {new.price:.2f} "
        f"({row}){where} {_shared_days(evidence)}; charge existing customers no more than new customers "
        f"(at most {new.price:.2f})"
    )
