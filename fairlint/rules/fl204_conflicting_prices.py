"""Two price rows give the same product two different prices on the same days.

## What it checks
Two rows of the loaded price schedules of the same specificity (the same SKU,
audience and channel) whose dates overlap (`end` is inclusive; an empty `end`
is open-ended and overlaps every later row) and whose prices differ. The rows
may sit in one schedule or in several files. Reported at the later row (the
second in start order; for equal starts, the one further down), naming the
other row's file:line. Rows with the same price are duplicates, not
conflicts. A targeted row overriding a base row (a web price over the price
for every channel, a new-customer price over the price for everyone) is not a
conflict: the most specific row is the price in force (formats.md; FL103
compares what audiences pay).

## Why it matters
A price schedule is the business's own record of what a customer will be
charged. When it holds two prices for the same product and the same customers
on the same day, which one the till, the website or the sales rep uses is down
to chance: one customer pays more than another for the same thing at the same
moment, and the shop cannot say afterwards which price it promised. That is
exactly what makes customers feel cheated (000 point 10), and a price that
cannot be stated is a price that cannot be kept, against the customer's right
to get what was promised (003). The usual cause is mundane: a sale row added
on top of an open-ended list price that was never ended.

## Example
```csv
sku,price,start,end
LAMP-01,49.00,2027-01-01,
LAMP-01,39.00,2027-03-10,2027-03-20
```

## Fix
End the list price the day before the sale and start it again after, so every
day has exactly one price:
```csv
sku,price,start,end
LAMP-01,49.00,2027-01-01,2027-03-09
LAMP-01,39.00,2027-03-10,2027-03-20
LAMP-01,49.00,2027-03-21,
```
"""

import datetime as dt

from fairlint.finding import Severity, Violation
from fairlint.paths import display_location
from fairlint.prices.evidence import Conflict

CODE = "FL204"
NAME = "conflicting-prices"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
ONE_DAY = dt.timedelta(days=1)


def check(project, options):
    if not project.schedules:
        return
    store = project.prices
    for result in store.results(CODE, {}):
        row = store.row_ref(result)
        shared = {"sku": result["sku"], "audience": result["audience"], "channel": result["channel"]}
        others = sorted((store.row_ref({**shared, **other}) for other in result["others"]),
                        key=lambda r: (r.start, str(r.loc.path), r.loc.line))
        evidence = Conflict(row, tuple(others))
        yield Violation(row.loc, _message(evidence), evidence.key, evidence)


def _span(row):
    return f"from {row.start} to {row.end}" if row.end else f"from {row.start} with no end"


def _who(row):
    audience = "all customers" if row.audience == "all" else f"{row.audience} customers"
    return audience + (f" in {row.channel}" if row.channel else "")


def _message(evidence):
    row, conflicts = evidence.row, evidence.others
    others = "; ".join(
        f"{other.price:.2f} {_span(other)} ({display_location(other.loc)})" for other in conflicts
    )
    first = conflicts[0]
    if first.start < row.start:
        advice = f"end the {first.price:.2f} row on {row.start - ONE_DAY}"
        if row.end is not None and (first.end is None or first.end > row.end):
            advice += f" and start it again on {row.end + ONE_DAY}"
    else:
        advice = "keep only one of the rows that start that day"
    advice += ", so each day has one price"
    if first.end == row.start:
        # Seen in real exports: the end date is the next row's start, i.e. exclusive.
        advice += " (end dates are inclusive: the day a row ends is still charged at its price)"
    return (
        f"{row.sku} costs {row.price:.2f} {_span(row)} for {_who(row)}, but another row charges {others} "
        f"on overlapping days; customers could be charged either price; {advice}"
    )
