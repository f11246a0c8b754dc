"""An upsell offered before the seller asked what the customer needs.

## What it checks
In a sales script, the first seller turn that offers something extra (an
add-on, an upgrade, a bundle, a warranty, "for just 5 more") must come after a
seller turn that asks about the customer's needs, use or situation ("what will
you use it for?", "how often do you...", "tell me about..."). A needs question
earlier in the same turn counts. Reported at the upsell turn.

Turns are read sentence by sentence (`fairlint/lexicon/moves.py`): an extra
such as "upgrade", "insurance" or "premium" is an upsell only in a sentence
that offers it ("would you like", "how about", "I can"), so "Thanks for
calling Harbour Insurance" is not one; adding the item the customer asked
for is not an extra; "for only $2200" is the main item's price, not an
upsell. Any question about the customer's use, situation, people or
preferences is a needs question ("What do you cook most days, and for how
many people?"), as are the locale's `needs_questions` phrases.

## Why it matters
Selling more to existing customers is good, but not blindly: first understand
what each customer needs, then try to meet those needs (001 point 5). An
upsell made before knowing the customer is the kind of selling customers read
as being taken advantage of (000 point 10).

## Example
```markdown
Rep: Hi! That's the oak desk lamp, $49.
Customer: Yes, just this lamp.
Rep: Would you also like our premium extended warranty for $19?
```

## Fix
Ask first, then suggest only what fits the answer:
```markdown
Rep: Hi! What will you use the lamp for?
Customer: Reading in bed, mostly.
Rep: Then the warm-white bulb would suit you better; shall I add one for $4?
```
"""

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.lexicon.moves import first_move

CODE = "FL401"
NAME = "upsell-before-needs"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(project, options):
    lexicon = project.lexicon
    for script, locale in project.scripts_reading("upsell_offers", "needs_questions"):
        customer_said = ""
        for turn in script.turns:
            if turn.role == "customer":
                customer_said += " " + turn.text
                continue
            if turn.role != "seller":
                continue
            move = first_move(lexicon, locale, turn.text, customer_said)
            if move is None:
                continue
            kind, upsell = move
            if kind == "needs":
                break  # the needs were asked about first
            yield Violation(
                turn.loc,
                T("{speaker} offers an extra ({upsell!r}) before asking about the customer's needs; "
                  "first ask what the customer will use it for, then suggest only what fits",
                  speaker=turn.speaker, upsell=upsell.text),
                f"{script.id}/upsell/{turn.text[:40]}",
            )
            break
