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

import heapq
import itertools

from fairlint.finding import Severity, Violation

CODE = "FL103"
NAME = "loyalty-penalty"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}


def check(project, options):
    for sku, rows in project.rows_by_sku.items():
        yield from _penalties(sku, [r for r in rows if r.audience in ("existing", "new")])


def _penalties(sku, rows):
    """Sweep the SKU's rows in start order (already sorted): each overlapping pair is met once,
    when its later-starting row arrives while the other is still running."""
    running = {"existing": [], "new": []}  # heaps of (last day's ordinal, tie-break, row)
    counter = itertools.count()
    for row in rows:
        other_side = running["new" if row.audience == "existing" else "existing"]
        while other_side and other_side[0][0] < row.start.toordinal():
            heapq.heappop(other_side)  # ended before this row starts: overlaps nothing from here on
        for _, _, other in other_side:
            if not _same_channel(row, other):
                continue
            existing, new = (row, other) if row.audience == "existing" else (other, row)
            if existing.price > new.price:
                yield Violation(existing.loc, _message(sku, existing, new), _subject(sku, existing, new))
        end = row.end.toordinal() if row.end else float("inf")
        heapq.heappush(running[row.audience], (end, next(counter), row))


def _same_channel(a, b):
    """A row without a channel applies in every channel."""
    return not a.channel or not b.channel or a.channel == b.channel


def _shared_days(a, b):
    start = max(a.start, b.start)
    ends = [e for e in (a.end, b.end) if e is not None]
    if not ends:
        return f"from {start} on"
    end = min(ends)
    return f"on {start}" if end == start else f"from {start} to {end}"


def _message(sku, existing, new):
    channel = existing.channel or new.channel
    where = f" in {channel}" if channel else ""
    row = f"line {new.loc.line}" if new.loc.path == existing.loc.path else f"{new.loc.path.name}:{new.loc.line}"
    return (
        f"{sku} costs existing customers {existing.price:.2f} but new customers {new.price:.2f} ({row}){where} "
        f"{_shared_days(existing, new)}; charge existing customers no more than new customers "
        f"(at most {new.price:.2f})"
    )


def _subject(sku, existing, new):
    return f"{sku}/{existing.channel or new.channel}/{existing.start}/{new.start}"
