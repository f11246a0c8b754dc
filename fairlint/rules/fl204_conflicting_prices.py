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
from fairlint.i18n import T
from fairlint.i18n.formatting import Price
from fairlint.paths import display_location
from fairlint.prices.evidence import Conflict, customers_text

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
        yield Violation(row.loc, _message(evidence, store.schedule_of(result["src"]).currency), evidence.key,
                        evidence)


def _span(row):
    return T("from {start} to {end}", start=row.start, end=row.end) if row.end else T(
        "from {start} with no end", start=row.start)


def _who(row):
    audience = customers_text(row.audience)
    return T("{audience} in {channel}", audience=audience, channel=row.channel) if row.channel else audience


def _message(evidence, currency=""):
    row, conflicts = evidence.row, evidence.others
    parts = [T("{price} {span} ({where})", price=Price.of(other.price, currency), span=_span(other),
               where=display_location(other.loc)) for other in conflicts]
    others = parts[0]
    for part in parts[1:]:
        others = T("{before}; {after}", before=others, after=part)
    first = conflicts[0]
    if first.start < row.start:
        advice = T("end the {price} row on {day}", price=Price.of(first.price, currency), day=row.start - ONE_DAY)
        if row.end is not None and (first.end is None or first.end > row.end):
            advice = T("{advice} and start it again on {day}", advice=advice, day=row.end + ONE_DAY)
    else:
        advice = T("keep only one of the rows that start that day")
    advice = T("{advice}, so each day has one price", advice=advice)
    if first.end == row.start:
        # Seen in real exports: the end date is the next row's start, i.e. exclusive.
        advice = T("{advice} (end dates are inclusive: the day a row ends is still charged at its price)",
                   advice=advice)
    return T("{sku} costs {price} {span} for {who}, but another row charges {others} on overlapping days; "
             "customers could be charged either price; {advice}", sku=row.sku, price=Price.of(row.price, currency),
             span=_span(row), who=_who(row), others=others, advice=advice)

