"""The moves of a sales conversation the script rules look for: upsells, needs questions, pressure.

Each is read from sentences, not from the turn as one string
(``fairlint.lexicon.structure``):

- An upsell offers something *in addition to* what the customer came for.
  ``upsell_offers`` phrases are offers by themselves ("would you also like",
  "shall I add", "заодно", "要不要加"); the names of extras in ``extras``
  ("upgrade", "insurance", "premium", "страховка", "保险") count only in a
  clause that offers them (``offer_frames``: "would you like", "how about",
  "I can", "要不要"), so "Thanks for calling Harbour Insurance" and "I've
  upgraded so many parts of it" are not upsells. Adding the item the customer
  asked for ("I'm good with the basic model" ... "let me add the basic model
  to your order") is not an extra. A negated offer ("no need to upgrade") is
  none, nor is an extra given for nothing (``free_words``: "I'll throw in a
  helmet", "免费送").
- A needs question asks about the customer's use, situation, people or
  preferences: a phrase of ``needs_questions``, or any question (a question
  mark, or a ``question_words`` phrase such as "tell me") with a word for the
  customer (``you_words``) and a word of use or situation (``needs_topics``):
  "What do you cook most days, and for how many people?". A sentence that
  offers an upsell is not a needs question.
- Pressure is a ``pressure`` phrase outside the scope of a negation: "There's
  no need to decide now" is not pressure.
"""

from __future__ import annotations

import re

from fairlint.lexicon.matcher import PhraseMatch
from fairlint.lexicon.structure import Span, clauses, is_question, negated, sentences
from fairlint.lexicon.text import words

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def _shift(match: PhraseMatch, offset: int) -> PhraseMatch:
    return PhraseMatch(match.phrase, match.start + offset, match.end + offset, match.text)


def find_upsell(lexicon, locale, text: str, customer_said: str = "") -> PhraseMatch | None:
    """The first upsell in a seller's ``text``; ``customer_said`` is what the customer said before it."""
    for sentence in sentences(text):
        found = upsell_in_sentence(lexicon, locale, sentence.text, customer_said)
        if found:
            return _shift(found, sentence.start)
    return None


def upsell_in_sentence(lexicon, locale, sentence: str, customer_said: str = "") -> PhraseMatch | None:
    if lexicon.first(locale, "free_words", sentence):
        return None  # "I can throw in a helmet", "a free upgrade": nothing more to pay is no upsell
    found = [
        match for match in lexicon.find(locale, "upsell_offers", sentence)
        if not negated(lexicon, locale, sentence, match.start, match.end)
        and not _names_main_item(sentence, match, customer_said)
    ]
    if lexicon.first(locale, "offer_frames", sentence) is not None:
        whole = Span(0, len(sentence), sentence)
        for match in lexicon.find(locale, "extras", sentence):
            clause = next((c for c in clauses(lexicon, locale, whole) if c.start <= match.start < c.end), whole)
            if lexicon.first(locale, "offer_frames", clause.text) is None:
                continue  # "It is in a premium area ... so you can get anywhere": the offer words are elsewhere
            if negated(lexicon, locale, sentence, match.start, match.end):
                continue
            if not _names_main_item(sentence, match, customer_said):
                found.append(match)
    return min(found, key=lambda m: m.start) if found else None


def _names_main_item(sentence: str, match: PhraseMatch, customer_said: str) -> bool:
    """Whether the words right after an offer name what the customer already asked for.

    "let me add the basic model to your order" after "I'm good with the basic
    model": the first two content words after "add the" were the customer's own.
    """
    if not customer_said:
        return False
    following = [w.lower() for w in words(sentence[match.end:]) if len(w) >= 3 and _LETTERS.match(w)][:2]
    if not following:
        return False
    said = {w.lower() for w in words(customer_said)}
    return all(w in said for w in following)


def is_needs_question(lexicon, locale, sentence: str) -> bool:
    if lexicon.first(locale, "needs_questions", sentence):
        return True
    if not is_question(lexicon, locale, Span(0, len(sentence), sentence)):
        return False
    about_the_customer = lexicon.first(locale, "you_words", sentence) is not None
    return about_the_customer and lexicon.first(locale, "needs_topics", sentence) is not None


def first_move(lexicon, locale, text: str, customer_said: str = "") -> tuple[str, PhraseMatch | None] | None:
    """What a seller turn does first: ("upsell", match) or ("needs", None), sentence by sentence; None if neither."""
    for sentence in sentences(text):
        upsell = upsell_in_sentence(lexicon, locale, sentence.text, customer_said)
        if upsell:
            return "upsell", _shift(upsell, sentence.start)
        if is_needs_question(lexicon, locale, sentence.text):
            return "needs", None
    return None


def find_pressure(lexicon, locale, text: str) -> PhraseMatch | None:
    for match in lexicon.find(locale, "pressure", text):
        if not negated(lexicon, locale, text, match.start, match.end):
            return match
    return None


def find_decline(lexicon, locale, text: str) -> PhraseMatch | None:
    return lexicon.first(locale, "declines", text)
