"""Words and normal forms of text in every script the lexicons cover.

Python's ``\\w`` does not match combining marks, so in Nepali (Devanagari) a
word such as "बिक्रेता" is cut at every vowel sign and virama: ``\\w+`` finds
"ब", "क", "र", "त". ``WORD_CHAR`` is ``\\w`` plus the combining marks of the
scripts in use (and the zero-width joiners Indic text uses), and is what whole
words and ``*`` endings are built on.

Before matching, text and phrases are put in Unicode normal form NFC (a
"й" or "ë" typed as a letter plus a combining mark is the same as the one
composed character), and Chinese traditional characters are written as
simplified ones (``fairlint.lexicon.hanzi``). ``normalise`` returns a map
back to the positions of the text as written.
"""

from __future__ import annotations

import re
import unicodedata

from fairlint.cache import regex
from fairlint.lexicon.hanzi import simplify


def _mark_ranges() -> str:
    """The combining marks (categories Mn, Mc, Me) of the alphabetic blocks, as a character class body.

    Word characters between two marks are taken into the same range (they are
    word characters anyway), which keeps the class short: one range for most
    of the Devanagari block instead of dozens.
    """
    ranges: list[list[int]] = []
    pending = None  # the start of word characters since the last mark
    for first, last in ((0x0300, 0x1DFF), (0x20D0, 0x20FF), (0xA8E0, 0xA8FF), (0xFE20, 0xFE2F)):
        for code in range(first, last + 1):
            char = chr(code)
            if unicodedata.category(char).startswith("M"):
                if ranges and pending is not None and ranges[-1][1] == pending - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
                pending = code + 1
            elif not re.match(r"\w", char) and unicodedata.category(char) != "Cn":
                pending = None
        pending = None
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# _mark_ranges() as computed on Python 3.11's Unicode data, written out: computing it walks some
# 7,000 code points, which every run paid for (tests/test_lexicon.py checks the two agree).
MARK_RANGES = (
    r"\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7"
    r"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0711-\u07f3"
    r"\u07fd\u0816-\u082d\u0859-\u085b\u0898-\u08e1\u08e3-\u0963\u0981-\u09e3\u09fe-\u0a75"
    r"\u0a81-\u0ae3\u0afa-\u0b63\u0b82-\u0bd7\u0c00-\u0c63\u0c81-\u0c83\u0cbc-\u0d4d"
    r"\u0d57-\u0d63\u0d81-\u0df3\u0e31-\u0e3a\u0e47-\u0e4e\u0eb1-\u0ecd\u0f18-\u0f19\u0f35"
    r"\u0f37\u0f39\u0f3e-\u0f84\u0f86-\u0fbc\u0fc6\u102b-\u103e\u1056-\u109d\u135d-\u135f"
    r"\u1712-\u1734\u1752-\u17d3\u17dd\u180b-\u180d\u180f-\u193b\u1a17-\u1a1b\u1a55-\u1a7f"
    r"\u1ab0-\u1b44\u1b6b-\u1b73\u1b80-\u1bf3\u1c24-\u1c37\u1cd0-\u1cd2\u1cd4-\u1dff"
    r"\u20d0-\u20f0\ua8e0-\ua8f1\ua8ff\ufe20-\ufe2f"
)
WORD_CHAR = rf"[\w{MARK_RANGES}\u200c\u200d]"
# The same for words in Latin, Greek and Cyrillic letters, which (in NFC) carry few marks: a much
# shorter class, for the "*" endings of such words (a long class in every phrase is slow to compile).
SHORT_WORD_CHAR = r"[\w\u0300-\u036f\u0483-\u0489]"
# Word characters of the shipped languages' scripts (Latin, Cyrillic, Devanagari with its signs),
# for patterns in code and for phrase lists in those scripts: short, so quick to compile on each run.
SHIPPED_WORD_CHAR = r"[\w\u0300-\u036f\u0483-\u0489\u0900-\u0963\u0971-\u097f\u200c\u200d]"
WORD = regex(rf"{WORD_CHAR}+")
# Not inside a word: the boundaries of whole-word phrases.
WORD_START = rf"(?<!{WORD_CHAR})"
WORD_END = rf"(?!{WORD_CHAR})"


def ending_char(stem: str) -> str:
    """The class of characters a ``*`` ending after ``stem`` may take.

    Latin, Greek and Cyrillic endings are ``\\w``: in NFC their letters carry their marks, and a
    category costs nothing to compile, where a class of ranges is optimised anew (with its case
    variants) in every phrase of every list, on every run. Devanagari endings take its vowel signs.
    """
    if all(ord(ch) < 0x0590 for ch in stem):
        return r"\w"
    return SHIPPED_WORD_CHAR if all(ord(ch) < 0x0980 for ch in stem) else WORD_CHAR


def words(text: str) -> list[str]:
    """The words of ``text``, marks included ("बिक्रेता" is one word)."""
    return WORD.findall(text)


def normalise(text: str, chinese: bool = False) -> tuple[str, list[int] | None]:
    """``text`` in NFC (and simplified Chinese), with a map from its positions back to ``text``'s.

    The map is None when the positions are the same (nearly always: NFC text,
    and the Chinese table changes one character for one).
    """
    normal = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    back = None if normal is text else _positions_back(text, normal)
    if chinese:
        normal = simplify(normal)
    return normal, back


def original_position(back: list[int] | None, position: int) -> int:
    if back is None:
        return position
    return back[min(position, len(back) - 1)]


def _positions_back(text: str, normal: str) -> list[int] | None:
    """For each position of ``normal`` (and its end), the position in ``text`` it comes from.

    NFC composes a base character with the marks after it, so the text is
    normalised piece by piece, a piece starting at each character that does not
    combine with the one before.
    """
    starts = [i for i, ch in enumerate(text) if i == 0 or unicodedata.combining(ch) == 0] + [len(text)]
    back: list[int] = []
    rebuilt = []
    for start, end in zip(starts, starts[1:]):
        piece = unicodedata.normalize("NFC", text[start:end])
        rebuilt.append(piece)
        back.extend(range(start, end) if len(piece) == end - start else [start] * len(piece))
    back.append(len(text))
    if "".join(rebuilt) != normal:  # a composition across pieces (not in the scripts we cover)
        return [min(i, len(text)) for i in range(len(normal) + 1)]
    return back

