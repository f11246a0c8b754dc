"""A seller asks "anything else I can do for you?" without naming a solution.

## What it checks
A seller turn with an open-ended ask ("anything else?", "what else can I get
you?") is reported unless the same turn names something concrete: an
example ("such as", "how about", "would a ... help?"), a price, or one of the
script's `products`. Reported once per script, at the first such turn.

## Why it matters
"What else can we do for you?" sounds helpful, but it hands the work to the
customer and usually means "what else can we sell you?" (001 point 5). A
seller who has listened can name the next useful thing, which the customer
can accept or decline in one word.

## Example
```markdown
Rep: Is there anything else I can do for you today?
```

## Fix
```markdown
Rep: Reading in bed, you said: would a clip-on night light help, or is the lamp enough?
```
"""

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.lexicon.amounts import find_amounts

CODE = "FL402"
NAME = "open-ended-anything-else"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(project, options):
    lexicon = project.lexicon
    for script, locale in project.scripts_reading("open_ended_asks"):
        products = [p.lower() for p in script.products if "*" not in p and "?" not in p]
        for turn in script.seller_turns:
            ask = lexicon.first(locale, "open_ended_asks", turn.text)
            if ask is None:
                continue
            if lexicon.first(locale, "concrete_suggestions", turn.text) or find_amounts(turn.text):
                continue
            if any(p in turn.text.lower() for p in products):
                continue
            yield Violation(
                turn.loc,
                T("{speaker} asks {ask!r} without naming a concrete solution; suggest the one thing "
                  "that fits what the customer said (\"would a spare bulb help?\"), or just thank them",
                  speaker=turn.speaker, ask=ask.text),
                f"{script.id}/ask/{turn.text[:40]}",
            )
            break  # once per script: the same habit, not a new problem at every turn
