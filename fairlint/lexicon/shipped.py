"""Words of every shipped locale at once, for the readers that run before a text's language matters.

Money amounts, percentages, earlier prices and saving claims are read the same
way in every message (fairlint/lexicon/amounts.py, FL203); their words are
data in each locale's file (``currency_before``, ``reference_words``...),
and this module joins one list over all the shipped locales into one regular
expression body. Adding a language's file adds its words here.
"""

from __future__ import annotations

from functools import cache

# Kana, CJK ideographs, compatibility ideographs, full-width forms. Compared by hand: a regular
# expression of these ranges costs every run 2 ms to compile, for a test on a few hundred short phrases.
_CJK_RANGES = (("\u3040", "\u30ff"), ("\u3400", "\u9fff"), ("\uf900", "\ufaff"), ("\uff00", "\uffef"))


@cache
def phrases(name: str) -> tuple[str, ...]:
    """The ``name`` list of every shipped locale, without repeats, longest first."""
    from fairlint.lexicon.loading import load_lexicon

    seen: dict[str, None] = {}
    for lists in load_lexicon().locales.values():
        for phrase in lists.get(name, []):
            seen.setdefault(phrase, None)
    return tuple(sorted(seen, key=len, reverse=True))


def is_cjk(phrase: str) -> bool:
    return any(low <= ch <= high for ch in phrase for low, high in _CJK_RANGES)


@cache
def body(name: str, cjk: bool | None = None) -> str:
    """The list's phrases as one alternation (no boundaries); only the CJK ones, or only the others,
    when ``cjk`` says so. A never-matching pattern when there are none."""
    from fairlint.lexicon.patterns import phrase_body

    chosen = [p for p in phrases(name) if cjk is None or is_cjk(p) == cjk]
    return "|".join(f"(?:{phrase_body(p)})" for p in chosen) or "(?!x)x"


@cache
def words(name: str, start: str = r"(?<!\w)", end: str = "") -> str:
    """The list's phrases as one group: alphabetic ones as whole words (``start`` and ``end`` are
    their boundaries), CJK ones as they are, since Chinese has no spaces between words."""
    return f"(?:{start}(?:{body(name, cjk=False)}){end}|(?:{body(name, cjk=True)}))"
