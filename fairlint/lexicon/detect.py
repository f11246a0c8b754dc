"""Which of the shipped languages a text is written in, for documents that do not say.

The alphabet decides first: Han characters are Chinese (zh), Devanagari is
Nepali (ne), Cyrillic is Russian or Bulgarian, Latin is English or Afrikaans.
Between two languages of one alphabet, letters only one of them uses and small
words that are frequent in one and absent from the other decide; when nothing
decides, the answer is None and the caller falls back to its default. The
words, letters and alphabet of each language are data in its locale file
(``function_words``, ``distinctive_letters``, ``alphabet``).
"""

from __future__ import annotations

import re

from functools import cache

from fairlint.cache import regex
from fairlint.lexicon.text import words

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # compiled at the first text that is not ASCII
_KANA = r"[\u3040-\u30ff]"
_DEVANAGARI = r"[\u0900-\u097f]"
_CYRILLIC = r"[\u0400-\u04ff]"
_LATIN = regex(r"[A-Za-z\u00c0-\u024f]")
_ASCII_WORD = regex(r"\w+")
_APOSTROPHE_N = regex(r"(?<!\w)['’]n(?!\w)")



@cache
def _languages() -> dict[str, list[tuple[str, frozenset, re.Pattern | None]]]:
    """Alphabet -> [(locale, its function words, its distinctive letters)], from the shipped locale files
    (``alphabet``, ``function_words``, ``distinctive_letters``)."""
    from fairlint.lexicon.loading import load_lexicon
    from fairlint.lexicon.patterns import phrase_body

    by_alphabet: dict[str, list] = {}
    for locale, lists in sorted(load_lexicon().locales.items()):
        for alphabet in lists.get("alphabet", []):
            function = frozenset(w.lower().replace("’", "'") for w in lists.get("function_words", []))
            letters = lists.get("distinctive_letters", [])
            pattern = regex("|".join(phrase_body(p) for p in letters), re.IGNORECASE) if letters else None
            by_alphabet.setdefault(alphabet.strip().lower(), []).append((locale, function, pattern))
    return by_alphabet


def detect_locale(text: str) -> str | None:
    """The shipped locale ``text`` is most likely written in, or None when it cannot tell."""
    if text.isascii():  # no Han, kana, Devanagari or Cyrillic in it: only whether there are Latin letters
        han = kana = 0
        scripts = {"han": 0, "devanagari": 0, "cyrillic": 0, "latin": 1 if _LATIN.search(text) else 0}
    else:
        han, kana = len(re.findall(_HAN, text)), len(re.findall(_KANA, text))
        scripts = {
            "han": han,
            # A word of an alphabetic script is some five letters; a Han character is about one word.
            "devanagari": len(re.findall(_DEVANAGARI, text)) / 4,
            "cyrillic": len(re.findall(_CYRILLIC, text)) / 5,
            "latin": len(_LATIN.findall(text)) / 5,
        }
    alphabet = max(scripts, key=scripts.get)
    if scripts[alphabet] == 0:
        return None
    if alphabet == "han" and kana > han / 2:
        return None  # Japanese mixes kana with its Han characters
    candidates = _languages().get(alphabet, [])
    if len(candidates) <= 1:
        return candidates[0][0] if candidates else None
    if text.isascii():  # words are \w runs there; lower-casing first cannot change them
        lower = _ASCII_WORD.findall(text.lower())
    else:
        lower = [w.lower() for w in words(text.replace("’", "'"))]
    lower += ["'n"] * len(_APOSTROPHE_N.findall(text))  # Afrikaans "'n" (a) is not a word to the word pattern
    scores = []
    for locale, function, letters in candidates:
        score = sum(w in function for w in lower) + (2 * len(letters.findall(text)) if letters else 0)
        scores.append((score, locale))
    if not scores or max(scores)[0] == 0:
        # No word decides: Cyrillic text reads as Russian (the larger language), Latin text as nothing.
        return "ru" if alphabet == "cyrillic" else None
    best = max(score for score, _ in scores)
    winners = [locale for score, locale in scores if score == best]
    return "en" if "en" in winners else ("ru" if "ru" in winners else winners[0])
