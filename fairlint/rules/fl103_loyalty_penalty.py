"""Existing customers pay more than new customers for the same product ("price walking").

## What it checks
What existing and what new customers pay in the loaded price schedules: the
price in force (formats.md) for each audience, SKU and channel on each day, the
most specific row winning (a row for the audience and the channel, else for the
audience in every channel, else for everyone in the channel, else for
everyone). So without a row for existing customers they pay the row for
everyone: `BB-1,39.00,...,all` beside `BB-1,24.00,...,new` charges existing
customers 39.00 and new ones 24.00. When existing customers pay more on some
days, that is a finding, one per pair of rows that set those two prices, at the
row that sets the existing customers' price, naming the new-customer row, the
channel (when it is one channel's price) and the days they share.

Only schedule rows count (offers for new customers are FL101's). Rows for
`lapsed` customers are not part of this check.

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
