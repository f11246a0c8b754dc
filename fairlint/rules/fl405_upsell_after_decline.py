"""A seller offers something more after the customer has said no.

## What it checks
In a sales script, once a customer turn declines with a phrase from the
locale's `declines` list ("no thanks", "I don't need it", "not now", "just
this"), every later seller turn offering something extra (the `upsell_offers`
list: an add-on, upgrade, bundle, warranty, "for just X more") is reported:
one finding per such turn, not only the first, since each is another push.
Any decline counts, whether it answers an offer or comes before one ("just
this lamp, please" already says the customer wants nothing more). The message
names the decline it comes after. Upsells are read as FL401 reads them
(sentence by sentence; an extra named in an offer; the customer's own item is
not an extra). A script whose locale has no `declines` or `upsell_offers`
list is skipped.

## Why it matters
Never press products or services on customers who do not need them (001
point 5). First understand each customer's needs, then try to meet them;
anything else is pushing, and customers hate being pushed. A customer who has
said no and hears yet another offer learns that the no was not heard.

## Example
```markdown
Rep: Would you like to add our protection plan for $49?
Customer: No thanks, I don't need it.
Rep: What about an upgrade to the leather version for just $200 more?
```

## Fix
Respect the no, and close the sale:
```markdown
Rep: Would you like to add our protection plan for $49?
Customer: No thanks, I don't need it.
Rep: Of course. Your sofa is ordered; here is your receipt.
```
"""

from __future__ import annotations

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.lexicon.moves import find_decline, find_upsell

CODE = "FL405"
NAME = "upsell-after-decline"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}


def check(project, options):
    lexicon = project.lexicon
    for script, locale in project.scripts_reading("declines", "upsell_offers"):
        declined = None  # (turn, phrase) of the latest customer decline so far
        customer_said = ""
        for turn in script.turns:
            if turn.role == "customer":
                customer_said += " " + turn.text
                decline = find_decline(lexicon, locale, turn.text)
                if decline:
                    declined = (turn, decline)
            elif turn.role == "seller" and declined:
                upsell = find_upsell(lexicon, locale, turn.text, customer_said)
                if upsell is None:
                    continue
                decline_turn, decline = declined
                yield Violation(
                    turn.loc,
                    T("{speaker} offers more ({upsell!r}) after the customer said {decline!r} "
                      "(line {line}); respect the no: thank the customer and finish the sale",
                      speaker=turn.speaker, upsell=upsell.text, decline=decline.text, line=str(decline_turn.loc.line)),
                    f"{script.id}/upsell-after-decline/{turn.text[:40]}",
                )
