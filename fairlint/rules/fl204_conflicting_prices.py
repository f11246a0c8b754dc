"""Two price rows give the same product two different prices on the same days.

## What it checks
Two rows of the loaded price schedules for the same SKU, audience and channel
whose dates overlap (`end` is inclusive; an empty `end` is open-ended and
overlaps every later row) and whose prices differ. The rows may sit in one
schedule or in several files. Reported at the later row (the second in start
order; for equal starts, the one further down), naming the other row's
file:line. Rows with the same price are duplicates, not conflicts; rows for
different audiences or channels may differ on purpose (FL103 looks at those).

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
import heapq

from fairlint.finding import Severity, Violation
from fairlint.paths import display_location

CODE = "FL204"
NAME = "conflicting-prices"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}
_FEW = 32  # rows in force at once that a plain list handles faster than buckets
ONE_DAY = dt.timedelta(days=1)


def check(project, options):
    for group in project.price_groups.values():  # rows of one SKU, audience and channel, by start
        if len(group) > 1:
            yield from _sweep(group)


def _sweep(group):
    """One pass in start order, keeping only the rows still in force at the current start.

    A short list of the rows in force serves nearly every SKU. When many rows are in force
    at once (an export that repeats a row, or stacks open-ended prices), ``_sweep_many``
    takes over, so that the sweep is never quadratic in a SKU's rows.
    """
    in_force = []
    for position, row in enumerate(group):
        in_force = [r for r in in_force if r.end is None or r.end >= row.start]
        conflicts = [r for r in in_force if r.price != row.price]
        if conflicts:
            yield Violation(row.loc, _message(row, conflicts), _subject(row))
        in_force.append(row)
        if len(in_force) > _FEW:
            yield from _sweep_many(group, position + 1, in_force)
            return


def _sweep_many(group, first, in_force):
    """The sweep from ``group[first]`` on, with the rows in force kept per price and leaving
    through a heap ordered by their last day: a row costs only the conflicts it reports,
    however many rows with its own price are in force."""
    positions = {id(row): n for n, row in enumerate(group)}
    by_price: dict = {}  # price -> {position in the group: row} of the rows in force
    ending: list = []  # (last day's ordinal, position, row)
    count = 0

    def enter(position, row):
        nonlocal count
        by_price.setdefault(row.price, {})[position] = row
        count += 1
        if row.end is not None:
            heapq.heappush(ending, (row.end.toordinal(), position, row))

    for row in in_force:
        enter(positions[id(row)], row)
    for position in range(first, len(group)):
        row = group[position]
        start = row.start.toordinal()
        while ending and ending[0][0] < start:
            _, gone, old = heapq.heappop(ending)
            del by_price[old.price][gone]
            count -= 1
        if count > len(by_price.get(row.price, ())):
            others = sorted((n, r) for price, rows in by_price.items() if price != row.price for n, r in rows.items())
            yield Violation(row.loc, _message(row, [r for _, r in others]), _subject(row))
        enter(position, row)


def _span(row):
    return f"from {row.start} to {row.end}" if row.end else f"from {row.start} with no end"


def _who(row):
    audience = "all customers" if row.audience == "all" else f"{row.audience} customers"
    return audience + (f" in {row.channel}" if row.channel else "")


def _message(row, conflicts):
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


def _subject(row):
    return f"{row.sku}/{row.audience}/{row.channel}/{row.start}"

