"""In a sales script the seller does most of the talking.

## What it checks
The words of a script's seller turns, as a share of the words of all its
seller and customer turns (speakers whose label is neither are not counted).
The script is reported when the seller's share is more than
`max-seller-share`; exactly at the limit is fine. Words are counted as
written: Chinese and Japanese characters count one word each, other text by
the words between spaces (a mixed turn counts both), and punctuation is not a
word. Scripts with fewer than `min-words` words in all are too short to judge.
Reported at the script's first seller turn, with the share. This rule counts
words in any language: it needs no phrase list.

## Why it matters
Front-line staff often chat to build rapport, and customers go along with it
until it is time to do business; staff who talk too much about themselves, or
talk for the sake of talking, send customers elsewhere (002 point 3). Put the
customer first and, in numbers, try not to speak more than 30% of the
conversation: spend the time asking good questions and listening to the
answers.

## Example
```markdown
Rep: Hello and welcome to Oakleaf Home! This sofa is our bestseller, solid oak frame, hand-stitched linen,
  eight colours, and it comes with a ten-year guarantee on the frame, which nobody else in town offers.
Customer: Nice.
Rep: And the cushions are feather-filled, so they keep their shape for years, trust me.
```

## Fix
Ask, then listen:
```markdown
Rep: Hello! What brings you in today?
Customer: Our old sofa sags, and we have two kids and a dog, so it has to survive a lot.
Rep: Then a washable cover matters. How big is the room?
```
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from fairlint.cache import regex
from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.rules.base import Option

CODE = "FL403"
NAME = "seller-talks-too-much"
SEVERITY = Severity.WARNING
OPTIONS = {
    "max-seller-share": Option(
        Decimal("0.30"), "largest share of a script's words the seller side may speak (0.30 = 30%)", kind="share"
    ),
    "min-words": Option(40, "scripts with fewer words than this in all are too short to judge", kind="integer"),
}

# Characters written without spaces between words: Han ideographs (with extensions and
# compatibility forms), Hiragana and Katakana. Each counts as one word.
_CJK_CHAR = regex(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# A space-separated token with a letter or digit in it ([^\W_] is exactly str.isalnum()).
_TOKEN_WITH_ALNUM = regex(r"\S*?[^\W_]\S*")


def count_words(text: str) -> int:
    """Words in ``text``: one per CJK character, plus the space-separated words of the rest."""
    if text.isascii():  # no CJK characters to count apart
        return len(_TOKEN_WITH_ALNUM.findall(text))
    characters = len(_CJK_CHAR.findall(text))
    rest = _CJK_CHAR.sub(" ", text)
    return characters + len(_TOKEN_WITH_ALNUM.findall(rest))


def check(project, options):
    limit = options["max-seller-share"]
    min_words = options["min-words"]
    for script in project.scripts:
        first_seller = next((t for t in script.turns if t.role == "seller"), None)
        if first_seller is None:
            continue
        seller = sum(count_words(t.text) for t in script.turns if t.role == "seller")
        customer = sum(count_words(t.text) for t in script.turns if t.role == "customer")
        total = seller + customer
        if total == 0 or total < min_words or seller <= limit * total:
            continue
        share = _percent(Decimal(seller) * 100 / total)
        yield Violation(
            first_seller.loc,
            T("the seller speaks {share}% of this script's words ({seller} of {total}), more than "
              "{limit}%; cut the seller's lines and ask about the customer's needs, then listen to the answers",
              share=share, seller=seller, total=total, limit=limit * 100),
            f"{script.id}/seller-share",
        )


def _percent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
