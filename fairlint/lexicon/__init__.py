"""Phrase lists per locale, as data, and the matcher the text rules share.

- ``loading``: the locale files (shipped and the user's), validated;
- ``patterns``: phrases compiled into regular expressions;
- ``safety``: ``re:`` phrases refused when they could backtrack without bound;
- ``matcher``: ``Lexicon``, finding a list's phrases in text, compiled lazily per locale;
- ``structure``: sentences, clauses, questions, negation; ``moves``: upsells, needs questions, pressure;
- ``amounts``: money and percentages; ``detect``: which language a text is in.

Adding a language is adding its ``<locale>.yaml`` here (docs/locales.md).
"""

from fairlint.lexicon.loading import LIST_NAMES, PACKAGE_DIR, LocaleFile, load_lexicon, read_locale_file
from fairlint.lexicon.matcher import DEFAULT_LOCALE, Lexicon, PhraseMatch
from fairlint.lexicon.patterns import CHINESE_LOCALES, CJK_LOCALES, compile_phrase, phrase_body

__all__ = [
    "CHINESE_LOCALES", "CJK_LOCALES", "DEFAULT_LOCALE", "LIST_NAMES", "Lexicon", "LocaleFile", "PACKAGE_DIR",
    "PhraseMatch", "compile_phrase", "load_lexicon", "phrase_body", "read_locale_file",
]
