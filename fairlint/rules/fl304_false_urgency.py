"""A message says "today only" or "last chance", but the deal is there after that.

## What it checks
A campaign message whose text makes an urgency claim (the `urgency` phrase
list of its locale: "today only", "ends tonight", "last chance",
"24 hours only", "final day", ...) and that advertises offers (`offers:`),
when one of those offers:

- is still available more than `grace-days` days after the message's
  `send_at`: with the default of 1, a message sent on 2027-07-10 may
  advertise an offer ending 2027-07-11 (time zones, a late send), not one
  ending 2027-07-12; an offer without an end date is always too late; or
- comes back: an offer with the same products and the same value (same type
  and amount, any id, in any loaded campaign file, for customers it reaches)
  is available on one of the `repeat-days` days after the advertised offer
  ends (the window ends exactly `repeat-days` after the end, and includes that
  day).

A deadline written as a date is read too (`fairlint/lexicon/dates.py`):
"Offer ends Sunday 2 May!", "until Friday", "ends midnight tonight",
"活动5月2日截止", "до воскресенья". The date is resolved against the send date
(the first such day on or after it) and the offer may not run more than
`grace-days` past it. A claim in hours ("30% off for 48 hours only") gives
the offer that many hours from the send date.

"Same products" means the same SKU globs, or globs that match the same SKUs of
the loaded schedules. Offers for `new` and `existing` customers do not reach
each other's customers; `all` reaches everyone.

A message without `send_at` may go out on any day the offer runs, including
the first: fairlint takes the offer's start as its send date, so the claim is
reported when the offer runs more than `grace-days` after its start (set
`send_at` to a day near the end, or drop the urgency words). A message with
urgency words but no `offers:` is not checked (nothing says which deal it
means); neither is a locale without an `urgency` list.

## Why it matters
"Today only" is a promise about tomorrow, and customers find out whether it
was true. If the same deal is still there next week, or comes back a month
later, the customers who rushed to buy learn that the shop says what it needs
to say to close a sale; they will not believe its next promise either, and
will not recommend it (000 point 9: lying to customers, promises you cannot
keep). A deadline customers can trust is also what lets them decide calmly,
without the pressure that makes them feel taken advantage of (000 point 10).

## Example
```yaml
offers:
  - id: garden-week
    type: percent-off
    value: 20
    products: ["BENCH-*"]
    starts: 2027-07-05
    ends: 2027-07-11
messages:
  - id: garden-sms
    send_at: 2027-07-05
    offers: [garden-week]
    text: Today only! 20% off our teak garden benches, built to last.
```

## Fix
Say how long the deal really runs:
```yaml
    text: All week, until Sunday 11 July, our teak garden benches are 20% off.
```
"""

import datetime as dt
import math
import re
from collections import defaultdict

from fairlint.finding import Severity, Violation
from fairlint.i18n import T, english
from fairlint.i18n.offers import deal
from fairlint.lexicon.dates import claimed_deadline
from fairlint.pricing import dates_overlap
from fairlint.rules.base import Option

CODE = "FL304"
NAME = "false-urgency"
SEVERITY = Severity.WARNING
OPTIONS = {
    "grace-days": Option(
        1, "how many days after the send date the advertised offer may still run (time zones, late sends)",
        kind="integer",
    ),
    "repeat-days": Option(
        30, "how many days after the offer ends the same deal may not come back", kind="integer"
    ),
}


def check(project, options):
    grace = dt.timedelta(days=int(options["grace-days"]))
    repeat = dt.timedelta(days=int(options["repeat-days"]))
    same_deals = _SameDeals(project)
    for campaign in project.campaigns:
        for message in campaign.messages:
            locale = project.locale_of(message)
            urgency = project.lexicon.first(locale, "urgency", message.text)
            offers = [o for o in (campaign.offer(i) for i in message.offers) if o is not None]
            problems = []
            said = None
            for offer in offers:
                sent = message.send_at or offer.starts
                deadline = claimed_deadline(project.lexicon, locale, message.text, sent) if sent else None
                if deadline is None and urgency is None:
                    continue
                said = said or (deadline.words if deadline else urgency.text)
                where = (deadline or urgency).start
                if deadline is not None:
                    problems += _runs_past(message, offer, deadline, grace)
                else:
                    problems += _still_running(message, offer, grace + _hours_claimed(urgency.text))
                problems += _comes_back(offer, same_deals, repeat)
            if problems:
                yield Violation(
                    message.text_at(where),
                    T("message {message!r} says {said!r}, but {problems}; drop the urgency words or say when the deal "
                      "really ends", message=message.id, said=said, problems=_and(problems)),
                    f"{campaign.id}/{message.id}",
                )


def _hours_claimed(words: str) -> dt.timedelta:
    """Extra days a claim in hours gives beyond the send day: "48 hours only" runs one day more than "today"."""
    number = re.search(r"\d+", words)
    if number is None or int(number.group()) <= 24:
        return dt.timedelta(0)
    return dt.timedelta(days=math.ceil(int(number.group()) / 24) - 1)


def _and(problems):
    """The problems (each once) as "first; and second; and third"."""
    unique = list({english(problem): problem for problem in problems}.values())
    joined = unique[0]
    for problem in unique[1:]:
        joined = T("{first}; and {next}", first=joined, next=problem)
    return joined


def _runs_past(message, offer, deadline, grace):
    """The offer runs on more than ``grace`` days after the date the message gives."""
    when = T("{words!r} is {date}", words=deadline.words, date=deadline.date)
    if offer.ends is None:
        return [T("offer {offer!r} has no end date ({when})", offer=offer.id, when=when)]
    if offer.ends > deadline.date + grace:
        return [T("offer {offer!r} runs until {end}, {days} days later ({when})", offer=offer.id, end=offer.ends,
                  days=(offer.ends - deadline.date).days, when=when)]
    return []


def _still_running(message, offer, grace):
    sent = message.send_at or offer.starts
    if sent is None:
        return []
    if message.send_at:
        when = T("sent {date}", date=sent)
    else:
        when = T("without a send_at, so it may go out on the offer's first day {date}", date=sent)
    if offer.ends is None:
        return [T("offer {offer!r} ({when}) has no end date", offer=offer.id, when=when)]
    if offer.ends > sent + grace:
        return [T("offer {offer!r} runs until {end}, {days} days after the message ({when})", offer=offer.id,
                  end=offer.ends, days=(offer.ends - sent).days, when=when)]
    return []


def _comes_back(offer, same_deals, repeat):
    if offer.ends is None:
        return []
    first, last = offer.ends + dt.timedelta(days=1), offer.ends + repeat
    problems = []
    for other in same_deals.like(offer):
        if not dates_overlap(first, last, other.starts, other.ends):
            continue
        again = max(first, other.starts) if other.starts else first
        values = dict(deal=deal(offer), again=again, other=other.id, days=repeat.days, offer=offer.id, end=offer.ends)
        if other.campaign and other.campaign is not offer.campaign:
            problems.append(T("the same deal ({deal}) is offered again from {again} as campaign {campaign!r}, offer "
                              "{other!r}, within {days} days of {offer!r} ending on {end}",
                              campaign=other.campaign.id, **values))
        else:
            problems.append(T("the same deal ({deal}) is offered again from {again} as offer {other!r}, within {days} "
                              "days of {offer!r} ending on {end}", **values))
    return problems


class _SameDeals:
    """Offers grouped by what the customer gets: type, value and products."""

    def __init__(self, project):
        self.keys = {}
        self.groups = defaultdict(list)
        for offer in project.offers:
            skus = project.skus_matching(offer.products)
            products = frozenset(skus) if skus else frozenset(offer.products)
            self.keys[id(offer)] = (offer.type, offer.value, products)
            self.groups[self.keys[id(offer)]].append(offer)

    def like(self, offer):
        """Other offers with the same deal that reach the same customers."""
        return [
            other
            for other in self.groups[self.keys[id(offer)]]
            if other is not offer and (offer.audience == other.audience or "all" in (offer.audience, other.audience))
        ]
