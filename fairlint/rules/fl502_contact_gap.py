"""A contact plan that goes quiet on existing customers for too long ("feast or famine").

## What it checks
Contact plans for existing customers (`audience: existing`, the default, or
`all`) are checked; plans for `new` (onboarding) or `lapsed` customers are
not. Touchpoints are taken in order of `day` (days since the customer's first
purchase), whatever order they are written in. The plan's span runs from its
first touchpoint to its last; fairlint does not guess how long customers stay
after that.

A gap between two consecutive touchpoints is reported when it is longer than
`max-gap-days` (touchpoints exactly `max-gap-days` apart are fine), or when it
swallows a whole 365-day year of the span with no touchpoint at all. Years are
counted from the first touchpoint (days 0-364, 365-729, ... when it is at day
0). The year check holds even when `max-gap-days` is raised above a year: at
least one contact a year is the floor. One finding per gap, at the touchpoint
that ends it.

## Why it matters
Many companies follow a feast-or-famine pattern: lots of contact early in the
relationship, then they lose touch, and the customer seems to be slipping
away (002 point 4). Long-time customers are not necessarily happy ones (002
point 1): celebrate the anniversary of the relationship with a check-in,
and schedule time every year or every six months to say thank you, ask
questions and listen to the answers. Make a contact schedule that fits your
customers' business and life.

## Example
```yaml
kind: contact-plan
id: care-2027
audience: existing
touchpoints:
  - {day: 0, type: welcome}
  - {day: 14, type: tips}
  - {day: 400, type: renewal-offer}
```

## Fix
Add check-ins so that no two contacts are more than about six months apart:
```yaml
touchpoints:
  - {day: 0, type: welcome}
  - {day: 14, type: tips}
  - {day: 182, type: check-in}
  - {day: 365, type: anniversary-call}
  - {day: 400, type: renewal-offer}
```
"""

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.model import ContactPlan
from fairlint.rules.base import Option

CODE = "FL502"
NAME = "contact-gap"
SEVERITY = Severity.WARNING
OPTIONS = {
    "max-gap-days": Option(
        183, "existing customers should hear from you at least this often (days between touchpoints)", kind="integer"
    )
}

YEAR_DAYS = 365


def check(project, options):
    max_gap = options["max-gap-days"]
    for plan in project.of_kind(ContactPlan):
        if plan.audience not in ("existing", "all") or not plan.touchpoints:
            continue
        points = sorted(plan.touchpoints, key=lambda t: (t.day, t.loc.line))
        first = points[0].day
        for before, after in zip(points, points[1:]):
            gap = after.day - before.day
            silent_year = _silent_year(first, before.day, after.day)
            if gap <= max_gap and silent_year is None:
                continue
            message = _message(plan, before, after, gap, max_gap, silent_year)
            yield Violation(after.loc, message, f"{plan.id}/day-{after.day}")


def _silent_year(first: int, before: int, after: int) -> tuple[int, int] | None:
    """The first whole plan year (counted from ``first``) strictly between two touchpoints, if any."""
    # The first year starting after ``before``: years start at first, first + 365, ...
    start = first + ((before - first) // YEAR_DAYS + 1) * YEAR_DAYS
    end = start + YEAR_DAYS - 1
    return (start, end) if end < after else None


def _point(touchpoint):
    if touchpoint.type:
        return T("day {day} ({type})", day=touchpoint.day, type=touchpoint.type)
    return T("day {day}", day=touchpoint.day)


def _message(plan, before, after, gap, max_gap, silent_year):
    head = T("contact plan {plan!r} goes {gap} days without contacting customers, from {before} to {after}",
             plan=plan.id, gap=gap, before=_point(before), after=_point(after))
    if silent_year and gap <= max_gap:
        why = T("leaving days {first}-{last} without any contact", first=silent_year[0], last=silent_year[1])
    elif silent_year:
        why = T("longer than {max} days, and days {first}-{last} pass without any contact",
                max=max_gap, first=silent_year[0], last=silent_year[1])
    else:
        why = T("longer than {max} days", max=max_gap)
    every = min(max_gap, YEAR_DAYS)
    if gap > 2 * every:
        advice = T("add check-ins at least every {every} days between day {before} and day {after}",
                   every=every, before=before.day, after=after.day)
    else:
        advice = T("add a check-in (a thank-you call, a review of their needs) around day {day}",
                   day=before.day + gap // 2)
    return T("{head}, {why}; {advice}", head=head, why=why, advice=advice)
