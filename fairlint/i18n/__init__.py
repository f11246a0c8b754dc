"""Findings in the reader's language: translatable messages, gettext catalogs, locale formats.

A rule makes its message with :func:`T` (or :func:`N` for a count): an English
template, which is also the gettext message id, and the named values it is
filled with. The engine keeps the English text as the finding's ``message``
(what tools match on and the baseline fingerprints) and renders the same
``Text`` once more in the reader's language::

    yield Violation(policy.at("window_days"), T(
        "return policy {policy!r} gives customers only {days} to return an item; allow at least {minimum}",
        policy=policy.id, days=N("{n} day", "{n} days", n=policy.window_days), minimum=...))

Values are rendered per language (fairlint.i18n.formatting): numbers and
dates the way the locale writes them, ``Money`` with its currency, a nested
``Text`` in the same language, and a plain ``str`` (an id, the document's own
words) exactly as written. In English every value renders as fairlint always
wrote it, so English messages, and the baselines built from them, do not change.

Catalogs are ``catalogs/<lang>.po`` (sources of truth, read with Babel and
handed to the standard ``gettext`` module; no compiled ``.mo`` files to go
stale). ``python -m fairlint.i18n.extract`` lists every message id the code and
the rule docs hold and adds the new ones to each catalog for translation.
"""

from __future__ import annotations

import string
from typing import Any

import attrs

LANGUAGES = ("en", "af", "zh", "ne", "ru", "bg")
SOURCE_LANGUAGE = "en"
LANG_CHOICES = ("auto", *LANGUAGES)


@attrs.frozen(eq=False)
class Text:
    """A message to translate: an English template (the msgid) and its named values.

    ``plural`` (with ``count`` naming the value that chooses the form) makes it an
    ngettext message: ``{n} day`` / ``{n} days``.
    """

    template: str
    values: dict[str, Any] = attrs.field(factory=dict)
    plural: str | None = None
    count: str | None = None

    def render(self, lang: str = SOURCE_LANGUAGE) -> str:
        template = self.template
        if lang != SOURCE_LANGUAGE:
            from fairlint.i18n.catalogs import translate

            template = translate(lang, self.template, self.plural, self._number())
        elif self.plural is not None and self._number() != 1:
            template = self.plural
        return _Formatter(lang).vformat(template, (), self.values)

    def _number(self):
        return self.values.get(self.count) if self.count else None

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)


def T(template: str, **values: Any) -> Text:
    """A translatable message (extracted by ``python -m fairlint.i18n.extract``)."""
    return Text(template, values)


def N(singular: str, plural: str, count: str = "n", **values: Any) -> Text:
    """A translatable message whose form depends on the number ``values[count]``."""
    return Text(singular, values, plural, count)


def english(message) -> str:
    """A message (a ``Text`` or already a string) in English."""
    return message.render(SOURCE_LANGUAGE) if isinstance(message, Text) else str(message)


def render(message, lang: str) -> str:
    """A message (a ``Text`` or a string, which has no translation) in ``lang``."""
    return message.render(lang) if isinstance(message, Text) else str(message)


def gettext(lang: str, message_id: str) -> str:
    """A fixed string (a heading, a rule's summary) in ``lang``; English when it has no translation."""
    if lang == SOURCE_LANGUAGE:
        return message_id
    from fairlint.i18n.catalogs import translate

    return translate(lang, message_id)


def _(message_id: str) -> str:
    """Marks a fixed string for extraction where it is defined; ``gettext`` translates it where used."""
    return message_id


def resolve_language(locale: str | None) -> str | None:
    """One of LANGUAGES for a locale tag (``ru-RU`` → ``ru``, ``zh-Hant`` → ``zh``), else None."""
    if not locale:
        return None
    base = str(locale).strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def convert_field(self, value, conversion):
        if conversion == "r" and isinstance(value, str):
            return repr(value)  # an id as the English text always quoted it
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        from fairlint.i18n.formatting import format_value

        return format_value(value, self.lang, format_spec)


__all__ = ["T", "N", "Text", "LANGUAGES", "LANG_CHOICES", "english", "render", "gettext", "resolve_language"]
