"""Compiling phrases into regular expressions: one phrase, and a list of them as one pattern.

Spaces in a phrase match any white space, ``*`` any word ending ("скидк*"),
``re:`` starts a regular expression (checked by ``fairlint.lexicon.safety``
so it cannot backtrack without bound). Literal phrases are put in NFC, and in
simplified Chinese for Chinese, as the text is before matching
(``fairlint.lexicon.text``).
"""

from __future__ import annotations

import re
import unicodedata

from fairlint.cache import regex
from fairlint.lexicon.hanzi import simplify
from fairlint.lexicon.text import SHIPPED_WORD_CHAR, SHORT_WORD_CHAR, WORD_END, WORD_START, ending_char

CJK_LOCALES = {"zh", "ja", "ko"}
CHINESE_LOCALES = {"zh"}

# Letters written more than one way: either apostrophe; Russian ё is often written е.
_SAME_LETTERS = {"'": "['’]", "’": "['’]", "е": "[её]", "ё": "[её]", "Е": "[ЕЁ]", "Ё": "[ЕЁ]"}


def _letters(piece: str) -> str:
    """One piece of a phrase word as a pattern."""
    return "".join(_SAME_LETTERS.get(ch) or re.escape(ch) for ch in piece)


def phrase_body(phrase: str, chinese: bool = False) -> str:
    """A phrase as a regular expression, without word boundaries.

    Spaces match any white space; ``*`` any word ending; ``re:`` starts a
    regular expression. Literal phrases are put in NFC (and simplified Chinese,
    for Chinese), as the text is before matching.
    """
    if phrase.startswith("re:"):
        return phrase[3:]
    phrase = unicodedata.normalize("NFC", phrase)
    if chinese:
        phrase = simplify(phrase)
    words = []
    for word in phrase.split():
        pieces = word.split("*")
        pattern = _letters(pieces[0])
        for number, piece in enumerate(pieces[1:], start=1):
            pattern += f"{ending_char(''.join(pieces[:number]))}*{_letters(piece)}"
        words.append(pattern)
    return r"\s+".join(words)


def _first_letters(phrases: list[str], chinese: bool) -> str | None:
    """A character class body of the letters the phrases can start with, or None when one of
    them can start with anything (a "re:" expression, a leading "*")."""
    letters: set[str] = set()
    for phrase in phrases:
        if phrase.startswith("re:"):  # known only when it starts with a letter of its own
            body = phrase[3:]
            if "|" in body or not re.match(r"[^\W\d_](?![?*{+])", body):
                return None
            letters.add(body[0])
            continue
        phrase = unicodedata.normalize("NFC", phrase)
        if chinese:
            phrase = simplify(phrase)
        first = phrase.split()[0].split("*")[0] if phrase.split() else ""
        if not first:
            return None
        letters.update(_SAME_LETTERS[first[0]].strip("[]") if first[0] in _SAME_LETTERS else first[0])
    return "".join(re.escape(letter) for letter in sorted(letters))


def compile_phrase(phrase: str, whole_words: bool = True, chinese: bool = False) -> str:
    body = phrase_body(phrase, chinese)
    return f"{WORD_START}(?:{body}){WORD_END}" if whole_words else f"(?:{body})"


def compile_list(phrases: list[str], locale: str) -> tuple[re.Pattern, list[str]]:
    """One pattern for a whole list (longest phrase first, so "no thank you" wins over "no"), and the
    phrases in the order of its groups ``p0``, ``p1``..."""
    ordered = sorted(phrases, key=len, reverse=True)
    chinese = locale in CHINESE_LOCALES
    alternatives = "|".join(f"(?P<p{i}>{phrase_body(p, chinese)})" for i, p in enumerate(ordered))
    if locale in CJK_LOCALES:
        whole = alternatives
    elif all(ord(ch) < 0x0590 for p in ordered for ch in p):
        # Latin, Greek and Cyrillic phrases: a word ends at a character that is not a letter, digit or
        # one of their marks; the long class of every script's marks is not needed (and slow to compile).
        whole = f"(?<!{SHORT_WORD_CHAR})(?:{alternatives})(?!{SHORT_WORD_CHAR})"
    elif all(ord(ch) < 0x0980 for p in ordered for ch in p):  # and Devanagari, with its vowel signs
        whole = f"(?<!{SHIPPED_WORD_CHAR})(?:{alternatives})(?!{SHIPPED_WORD_CHAR})"
    else:
        whole = f"{WORD_START}(?:{alternatives}){WORD_END}"
    firsts = _first_letters(ordered, chinese)
    if firsts:  # most places in a text start no phrase: tell them by one letter, fast
        whole = f"(?=[{firsts}]){whole}"
    return regex(whole, re.IGNORECASE), ordered
