"""A seller pushes the customer to decide now.

## What it checks
Every seller turn of a sales script that pushes a decision with a phrase from
the locale's `pressure` list: "decide now", "this price won't last",
"everyone is buying it", "you'd be foolish not to", "act now". One finding per
turn, at the turn, quoting the phrase. A phrase in the scope of a negation
(the locale's `negations` earlier in the same clause: "There's no need to
decide now", "не нужно решать сейчас", "不用马上决定") is not pressure. A
script whose locale has no `pressure` list is skipped.

## Why it matters
Selling more to a customer is fine, but not blindly: first understand what
the customer needs, then meet that need, and never press products or services
on a customer who does not need them (001 point 5). Otherwise you are only
pushing, and customers hate being pushed. A customer rushed into a decision
remembers the pressure longer than the purchase.

## Example
```markdown
Customer: It's a lot of money, I'd like to think about it.
Rep: You should decide now, this price won't last.
```

## Fix
Give the customer the facts and the time to decide:
```markdown
Customer: It's a lot of money, I'd like to think about it.
Rep: Of course. The price is good until the end of the month; take the fabric sample home if that helps.
```
"""

from __future__ import annotations

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.lexicon.moves import find_pressure

CODE = "FL404"
NAME = "pressure-selling"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(project, options):
    lexicon = project.lexicon
    for script, locale in project.scripts_reading("pressure"):
        for turn in script.seller_turns:
            push = find_pressure(lexicon, locale, turn.text)
            if push is None:
                continue
            yield Violation(
                turn.loc,
                T("{speaker} pushes the customer to decide ({push!r}); give the facts the customer "
                  "needs and let them take their time, or come back later", speaker=turn.speaker, push=push.text),
                f"{script.id}/pressure/{turn.text[:40]}",
            )
