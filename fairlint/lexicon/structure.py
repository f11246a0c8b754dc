"""Text as structure: sentences, clauses, questions and negation, for the text rules.

The phrase lists say which words mean what; this module says where they
belong together. A sentence ends at . ! ? ; (or their CJK and Devanagari
forms) or a line break, not at the point of a decimal ("$4.99") or an
abbreviation followed by a lower-case word. A clause is a piece of a sentence
between commas, colons, dashes and the locale's ``clause_joins`` ("and",
"but", "и", "但是").

What the words mean comes from the locale's lists (``question_words``,
``negations``, ``clause_joins``): adding a language is adding its lists.
"""

from __future__ import annotations

import re

import attrs

from fairlint.cache import regex

# A sentence: up to an end mark (kept) or a line break. "." inside a number or before a lower-case
# letter or a digit is not an end ("$4.99", "e.g. a lamp").
_SENTENCE = regex(
    r"(?:[^.!?;。！？；।॥\n]|\.(?=[\d\w]|\s+[a-z]))+[.!?;。！？；।॥…]*"
    r"|[.!?;。！？；।॥]+"
)
_CLAUSE_MARK = regex(r"[,，、:：–—]|\s-\s|\(|\)")
_QUESTION_END = regex(r"[?？]\s*[\"'”’»)]*\s*$")


@attrs.frozen
class Span:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Span]:
    """The sentences of ``text``, with their positions."""
    return [Span(m.start(), m.end(), m.group()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def clauses(lexicon, locale, sentence: Span) -> list[Span]:
    """The clauses of ``sentence``: cut at commas, colons, dashes and the locale's clause joins."""
    cuts = {0, len(sentence.text)}
    for mark in _CLAUSE_MARK.finditer(sentence.text):
        cuts.update((mark.start(), mark.end()))
    for join in lexicon.find(locale, "clause_joins", sentence.text):
        cuts.update((join.start, join.end))
    ordered = sorted(cuts)
    spans = []
    for start, end in zip(ordered, ordered[1:]):
        piece = sentence.text[start:end]
        if piece.strip(" \t,，、:：–—-()"):
            spans.append(Span(sentence.start + start, sentence.start + end, piece))
    return spans or [sentence]


def clause_at(lexicon, locale, text: str, position: int) -> Span:
    """The clause of ``text`` that holds ``position``."""
    for sentence in sentences(text):
        if sentence.start <= position < sentence.end:
            for clause in clauses(lexicon, locale, sentence):
                if clause.start <= position < clause.end:
                    return clause
            return sentence
    return Span(0, len(text), text)


def is_question(lexicon, locale, sentence: Span) -> bool:
    """A question mark at the end, or a question word of the locale ("tell me", "吗", "कि")."""
    if _QUESTION_END.search(sentence.text):
        return True
    return lexicon.first(locale, "question_words", sentence.text) is not None


def negated(lexicon, locale, text: str, position: int, end: int | None = None) -> bool:
    """Whether a negation of the locale ("no need to", "не нужно", "不用") comes before ``position``
    in the same clause (its scope is the rest of the clause), or, in languages that negate after
    the verb (``negations_after``: Nepali "निर्णय गर्नु पर्दैन"), after ``end`` in the same
    clause."""
    clause = clause_at(lexicon, locale, text, position)
    if lexicon.first(locale, "negations", text[clause.start:position]) is not None:
        return True
    after = text[end if end is not None else position:clause.end]
    return lexicon.first(locale, "negations_after", after) is not None
