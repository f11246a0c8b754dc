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

Under `market = "uk"` a finding on an insurer's prices cites FCA ICOBS 6B (a
home or motor insurance renewal price may not exceed the equivalent
new-business price): a schedule with `sector: insurance`, one linked
(`prices:`) from a campaign with `sector: insurance`, or, for files with no
sector of their own (CSV, feeds), `sector = "insurance"` in the configuration.

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
from fairlint.i18n import T
from fairlint.i18n.formatting import Price
from fairlint.markets import cite, sector_of
from fairlint.prices.evidence import Penalty, customers_text

CODE = "FL103"
NAME = "loyalty-penalty"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}


def check(project, options):
    if not project.schedules:
        return
    store = project.prices
    insurer = _Insurers(project)
    for result in store.results(CODE, {}):
        evidence = Penalty(store.row_ref(result), store.row_ref(result, "new_"), result["first_day"],
                           result["last_day"], result["days"], bool(result["open_ended"]))
        schedule = store.schedule_of(result["src"])
        # uk (FCA ICOBS 6B): an insurer's renewal price may not exceed the new-business price
        citations = cite(project, CODE, "insurance-renewal") if insurer(schedule) else ()
        yield Violation(evidence.existing.loc, _message(evidence, schedule.currency), evidence.key, evidence,
                        citations=citations)


class _Insurers:
    """Whether a schedule is an insurer's: its own ``sector``, else that of a campaign linking it
    (``prices:``), else the configuration's (``markets.sector_of``)."""

    def __init__(self, project):
        self.project = project
        self.linked = None

    def __call__(self, schedule) -> bool:
        if getattr(schedule, "sector", None):
            return sector_of(self.project, schedule) == "insurance"
        if self.linked is None:
            self.linked = set()
            for campaign in self.project.campaigns:
                if campaign.prices and (campaign.sector or "").strip().lower() == "insurance":
                    self.linked.update(id(d) for d in self.project.linked_documents(campaign, campaign.prices) or [])
        return id(schedule) in self.linked or sector_of(self.project, schedule) == "insurance"


def _shared_days(evidence):
    if evidence.open_ended:
        return T("from {first} on", first=evidence.first_day)
    if evidence.first_day == evidence.last_day:
        return T("on {day}", day=evidence.first_day)
    return T("from {first} to {last}", first=evidence.first_day, last=evidence.last_day)


def _message(evidence, currency=""):
    existing, new = evidence.existing, evidence.new
    where = T(" in {channel}", channel=evidence.channel) if evidence.channel else ""
    row = (T("line {line}", line=str(new.loc.line)) if new.loc.path == existing.loc.path
           else f"{new.loc.path.name}:{new.loc.line}")
    who = "" if existing.audience == "existing" else T(" (the price for {customers})", customers=customers_text(existing.audience))
    new_price = Price.of(new.price, currency)
    return T("{sku} costs existing customers {price}{who} but new customers {new_price} ({row}){where} {days}; "
             "charge existing customers no more than new customers (at most {new_price})",
             sku=existing.sku, price=Price.of(existing.price, currency), who=who, new_price=new_price, row=row,
             where=where, days=_shared_days(evidence))
