"""A "was" price that is not the lowest price of the days before the sale.

## What it checks
Two kinds of "was" price:

- a price schedule row with a `reference_price` R, shown from day S: the
  first day of the unbroken run of days on which the same price is shown with
  the same reference price to the row's audience in the row's channel,
  however the rows cut it (one row per day, per week, or one long row). The
  window is the `lookback-days` days before S (S - 30 to S - 1 with the
  default; both ends included). The row is reported when the lowest price in
  force (formats.md) for that SKU, audience and channel in the window is not
  R: lower than R (the "was" price overstates the saving), higher than R, or
  there is no price at all in the window (the SKU was never sold at R then).
  Days of the window without any price are ignored. A progressive reduction
  (runs that follow each other without a gap, each at a lower price than the
  one before, all showing the same reference price: 90, then 80, then 70,
  each "was 100") is judged from its first step: every step is held against
  the window before the first one (Directive 98/6/EC art. 6a(5)). For a
  history of snapshots (a Shopify export a day), days before the first
  snapshot are unknown: when the whole window is before it, the row is not
  checked and `--verbose` says the history is too short.
- a campaign message advertising offers (`offers:`) whose text gives an
  earlier price: "was $49, now $39", "RRP 59,00 €", "~~R49~~", "преди 49 лв.",
  "原价49元" (any currency; the amount is read by
  `fairlint/lexicon/amounts.py`). The X is held against the schedule prices of
  the linked offers' SKUs in the `lookback-days` before each offer's start
  (rows for the offer's audience or `all`, any channel). It is supported when,
  for at least one of those SKUs, the lowest price in that window is X (a
  message may name one product of several). Reported at the message's `text`.
  When no loaded schedule prices the offers' products, nothing is checked.

## Why it matters
Under the EU price-indication rule (Directive 98/6/EC, article 6a, as amended
by the Omnibus Directive 2019/2161), any announced price reduction must show,
as the prior price, the lowest price the seller charged in at least the 30
days before the reduction. A "was" price that was charged for a day or two,
or never, makes the saving look bigger than it is: the customer is promised
a discount they are not really getting, which is the rip-off customers never
forgive (000 point 10) and breaks their right to get what was advertised
(003).

## Example
```csv
sku,price,start,end,reference_price
LAMP-01,39.00,2027-02-01,2027-03-04,
LAMP-01,49.00,2027-03-05,2027-03-09,
LAMP-01,35.00,2027-03-10,2027-03-20,49.00
```

## Fix
Show the lowest price of the last 30 days as the earlier price (or no
earlier price at all):
```csv
LAMP-01,35.00,2027-03-10,2027-03-20,39.00
```
"""

import datetime as dt

from fairlint.finding import Severity, Violation
from fairlint.lexicon.amounts import find_reference_amounts
from fairlint.paths import display_location
from fairlint.prices.evidence import Reference
from fairlint.prices.evidence import price_of as _price
from fairlint.rules.base import Option

CODE = "FL202"
NAME = "unsupported-reference-price"
SEVERITY = Severity.ERROR
OPTIONS = {
    "lookback-days": Option(
        30,
        "how many days before a reduction count: the \"was\" price must be the lowest price charged on them",
        kind="integer",
    )
}


def check(project, options):
    lookback = max(int(options["lookback-days"]), 1)
    yield from _row_references(project, lookback)
    yield from _message_references(project, lookback)


def _window(start: dt.date, lookback: int) -> tuple[dt.date, dt.date]:
    return start - dt.timedelta(days=lookback), start - dt.timedelta(days=1)


def _row_references(project, lookback):
    if not project.schedules:
        return
    store = project.prices
    for result in store.results(CODE, {"lookback-days": lookback}):
        schedule = store.schedule_of(result["src"])
        known_from = schedule.history_start
        if known_from is not None and result["window_last"] < known_from:
            project.notes.append(
                f"{display_location(store.location(result['src'], result['line']))}: FL202 not checked: the "
                f"history is too short (it starts {known_from}, after the {lookback} days before "
                f"{result['reduction_start']})")
            continue
        lowest_loc = None
        if result["lowest_src"] is not None:
            lowest_loc = store.location(result["lowest_src"], result["lowest_line"])
        evidence = Reference(
            store.row_ref(result, field="reference_price"), result["shown_day"], result["reduction_start"],
            (result["window_first"], result["window_last"]), lookback, _price(result["lowest"]), lowest_loc,
            result["lowest_day"])
        yield Violation(evidence.row.loc, _row_message(evidence), evidence.key, evidence)


def _row_message(evidence):
    row, (first, last), lowest = evidence.row, evidence.window, evidence.lowest
    lookback = evidence.lookback
    before = (f"in the {lookback} days before ({first} to {last})" if evidence.reduction_start == evidence.day else
              f"this is a step of a reduction that started {evidence.reduction_start}, and in the {lookback} days "
              f"before that ({first} to {last})")
    head = (
        f"{row.sku} shows 'was {row.reference_price:.2f}' beside {row.price:.2f}{row.who()} from {evidence.day}, "
        f"but {before}"
    )
    if lowest is None:
        return f"{head} it was not on sale at all; drop the reference price, or show one it was really sold at then"
    where = display_location(evidence.lowest_loc) if evidence.lowest_loc is not None else "?"
    if lowest < row.reference_price:
        return (
            f"{head} it was sold for as little as {lowest:.2f} ({where}); "
            f"show {lowest:.2f} as the earlier price, or drop the reference price"
        )
    return (
        f"{head} its lowest price was {lowest:.2f} ({where}), never {row.reference_price:.2f}; "
        f"show {lowest:.2f} as the earlier price"
    )


def _message_references(project, lookback):
    for campaign in project.campaigns:
        for message in campaign.messages:
            offers = [o for o in (campaign.offer(i) for i in message.offers) if o is not None and o.starts]
            if not offers:
                continue
            claims = find_reference_amounts(message.text)
            if not claims:
                continue
            lowest = _lowest_per_sku(project, offers, lookback)
            if not lowest:
                continue  # no loaded schedule prices these products: nothing to hold the claim against
            for amount in claims:
                if any(price == amount.value for price, _, _ in lowest.values()):
                    continue
                claim = message.text[amount.start:amount.end]
                yield Violation(
                    message.text_at(amount.start),
                    _message_message(message, claim, amount.value, lowest, lookback),
                    f"{campaign.id}/{message.id}/{claim}",
                )


def _lowest_per_sku(project, offers, lookback):
    """SKU -> (lowest price in the window before the offer's start or None, window start, window end)."""
    lowest = {}
    for offer in offers:
        first, last = _window(offer.starts, lookback)
        audiences = {offer.audience, "all"}
        for sku in project.skus_matching(offer.products):
            prices = [
                r.price
                for r in project.rows_for(sku)
                if r.audience in audiences and r.start <= last and (r.end is None or r.end >= first)
            ]
            found = min(prices) if prices else None
            if sku not in lowest or (found is not None and (lowest[sku][0] is None or found < lowest[sku][0])):
                lowest[sku] = (found, first, last)
    return lowest


def _message_message(message, claim, value, lowest, lookback):
    facts = []
    for sku, (price, first, last) in sorted(lowest.items())[:5]:
        facts.append(f"{sku} {price:.2f}" if price is not None else f"{sku} not on sale")
    more = f" and {len(lowest) - 5} more" if len(lowest) > 5 else ""
    first, last = next(iter(lowest.values()))[1:]
    return (
        f"message {message.id!r} says {claim!r} as the earlier price, but the lowest prices in the {lookback} days "
        f"before the offer ({first} to {last}) were: {', '.join(facts)}{more}; "
        f"state the lowest price of those days as the earlier price, or drop the 'was' price"
    )

