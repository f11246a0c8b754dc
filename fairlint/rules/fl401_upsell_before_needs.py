"""An upsell offered before the seller asked what the customer needs.

## What it checks
In a sales script, the first seller turn that offers something extra (an
add-on, an upgrade, a bundle, a warranty, "for just 5 more") must come after a
seller turn that asks about the customer's needs, use or situation ("what will
you use it for?", "how often do you...", "tell me about..."). A needs question
earlier in the same turn counts. Reported at the upsell turn.

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

CODE = "FL401"
NAME = "upsell-before-needs"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}


def check(project, options):
    lexicon = project.lexicon
    for script, locale in project.scripts_reading("upsell_offers", "needs_questions"):
        for turn in script.seller_turns:
            upsell = lexicon.first(locale, "upsell_offers", turn.text)
            needs = lexicon.first(locale, "needs_questions", turn.text)
            if needs and (upsell is None or needs.start < upsell.start):
                break  # the needs were asked about first
            if upsell:
                yield Violation(
                    turn.loc,
                    f"{turn.speaker} offers an extra ({upsell.text!r}) before asking about the customer's needs; "
                    "first ask what the customer will use it for, then suggest only what fits",
                    f"{script.id}/upsell/{turn.text[:40]}",
                )
                break
