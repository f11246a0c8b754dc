"""Matching a locale's phrase lists against text: ``Lexicon`` and its matches.

Case-insensitive, on the NFC form of the text; whole words in alphabetic
scripts, substrings in Chinese, Japanese and Korean (traditional Chinese read
as simplified). A list is compiled the first time it is used, for the locale
it is used in: a run that reads English never compiles Nepali.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from fairlint.lexicon.patterns import CHINESE_LOCALES, compile_list
from fairlint.lexicon.text import normalise, original_position

DEFAULT_LOCALE = "en"


@attrs.frozen
class PhraseMatch:
    phrase: str
    start: int
    end: int
    text: str



class Lexicon:
    def __init__(self, locales: dict[str, dict[str, list[str]]]):
        self.locales = locales
        self._compiled: dict[tuple[str, str], re.Pattern | None] = {}
        self._phrases: dict[tuple[str, str], list[str]] = {}

    def has_list(self, locale: str, name: str) -> bool:
        return bool(self.locales.get(self.resolve(locale), {}).get(name))

    def resolve(self, locale: str | None) -> str:
        """The shipped locale to use: ``pt-BR`` falls back to ``pt``, unknown ones to English."""
        locale = (locale or DEFAULT_LOCALE).strip().lower().replace("_", "-")
        if locale in self.locales:
            return locale
        base = locale.split("-")[0]
        return base if base in self.locales else DEFAULT_LOCALE

    def pattern(self, locale: str | None, name: str) -> re.Pattern | None:
        key = (self.resolve(locale), name)
        if key not in self._compiled:
            phrases = self.locales.get(key[0], {}).get(name, [])
            if phrases:
                self._compiled[key], self._phrases[key] = compile_list(phrases, key[0])
            else:
                self._compiled[key] = None
        return self._compiled[key]

    def find(self, locale: str | None, name: str, text: str) -> list[PhraseMatch]:
        """Every match of the list's phrases in ``text``, in reading order; positions are ``text``'s."""
        pattern = self.pattern(locale, name)
        if pattern is None:
            return []
        resolved = self.resolve(locale)
        phrases = self._phrases[(resolved, name)]
        normal, back = normalise(text, chinese=resolved in CHINESE_LOCALES)
        found = []
        for match in pattern.finditer(normal):
            index = int(match.lastgroup[1:])
            start, end = original_position(back, match.start()), original_position(back, match.end())
            found.append(PhraseMatch(phrases[index], start, end, text[start:end]))
        return found

    def first(self, locale: str | None, name: str, text: str) -> PhraseMatch | None:
        found = self.find(locale, name, text)
        return found[0] if found else None

    def labels(self, extra_seller=(), extra_customer=()) -> dict[str, str]:
        """Speaker label (NFC, lower case) → role, over every locale: a script's language need not be known."""
        roles: dict[str, str] = {}

        def key(label: str) -> str:
            return unicodedata.normalize("NFC", label.strip()).lower()

        for lists in self.locales.values():
            for label in lists.get("customer_labels", []):
                roles[key(label)] = "customer"
            for label in lists.get("seller_labels", []):
                roles[key(label)] = "seller"
        roles.update({key(label): "customer" for label in extra_customer})
        roles.update({key(label): "seller" for label in extra_seller})
        return roles
