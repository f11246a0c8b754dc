"""Phrase lists per locale, as data, and the matcher the text rules share.

Each locale is one YAML file: ``<locale>.yaml`` in this package, extended by a
user's ``lexicon`` folder (same file names; lists there are added to the
shipped ones, or replace them under ``replace: [list names]``). Lists are
validated when loaded; a broken user file is a ``ConfigError`` naming it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import attrs
import yaml

from fairlint.config import ConfigError

PACKAGE_DIR = Path(__file__).parent
LIST_NAMES = (
    "price_claims",
    "value_words",
    "upsell_offers",
    "needs_questions",
    "open_ended_asks",
    "concrete_suggestions",
    "declines",
    "pressure",
    "urgency",
    "promises",
    "time_limit_hours",
    "time_limit_days",
    "time_limit_weeks",
    "delivery_words",
    "response_words",
    "sale_disclosures",
    "seller_labels",
    "customer_labels",
)
CJK_LOCALES = {"zh", "ja", "ko"}
DEFAULT_LOCALE = "en"


@attrs.frozen
class PhraseMatch:
    phrase: str
    start: int
    end: int
    text: str


def compile_phrase(phrase: str, whole_words: bool = True) -> str:
    """A phrase as a regular expression: spaces match any white space, ``*`` any word ending."""
    if phrase.startswith("re:"):
        body = phrase[3:]
    else:
        words = []
        for word in phrase.split():
            pieces = [re.escape(p) for p in word.split("*")]
            words.append(r"\w*".join(pieces).replace("'", "['’]"))
        body = r"\s+".join(words)
    return rf"(?<!\w)(?:{body})(?!\w)" if whole_words else f"(?:{body})"


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
            whole_words = key[0] not in CJK_LOCALES
            if phrases:
                # Longest first, so "no thank you" wins over "no".
                ordered = sorted(phrases, key=len, reverse=True)
                self._compiled[key] = re.compile(
                    "|".join(f"(?P<p{i}>{compile_phrase(p, whole_words)})" for i, p in enumerate(ordered)),
                    re.IGNORECASE,
                )
                self._phrases[key] = ordered
            else:
                self._compiled[key] = None
        return self._compiled[key]

    def find(self, locale: str | None, name: str, text: str) -> list[PhraseMatch]:
        pattern = self.pattern(locale, name)
        if pattern is None:
            return []
        phrases = self._phrases[(self.resolve(locale), name)]
        found = []
        for match in pattern.finditer(text):
            index = int(match.lastgroup[1:])
            found.append(PhraseMatch(phrases[index], match.start(), match.end(), match.group(0)))
        return found

    def first(self, locale: str | None, name: str, text: str) -> PhraseMatch | None:
        found = self.find(locale, name, text)
        return found[0] if found else None

    def labels(self, extra_seller=(), extra_customer=()) -> dict[str, str]:
        """Speaker label (lower case) → role, over every locale: a script's language need not be known."""
        roles: dict[str, str] = {}
        for lists in self.locales.values():
            for label in lists.get("customer_labels", []):
                roles[label.lower()] = "customer"
            for label in lists.get("seller_labels", []):
                roles[label.lower()] = "seller"
        roles.update({label.lower(): "customer" for label in extra_customer})
        roles.update({label.lower(): "seller" for label in extra_seller})
        return roles


def _read_locale_file(path: Path) -> tuple[str, dict[str, list[str]], list[str]]:
    """(locale, lists, names to replace) from one file; ConfigError with file and line when broken."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: lexicon is not valid YAML: {exc.problem}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the lexicon: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: a lexicon file is a mapping of list names to phrase lists")
    locale = str(data.pop("locale", path.stem))
    replace = data.pop("replace", [])
    lists: dict[str, list[str]] = {}
    for name, phrases in data.items():
        line = _line_of(path, name)
        if name not in LIST_NAMES:
            raise ConfigError(f"{path}:{line}: unknown phrase list {name!r}; known lists: {', '.join(LIST_NAMES)}")
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise ConfigError(f"{path}:{line}: {name} must be a list of non-empty phrases (text)")
        for phrase in phrases:
            try:
                re.compile(compile_phrase(phrase))
            except re.error as exc:
                raise ConfigError(f"{path}:{line}: {name}: phrase {phrase!r} is not a valid pattern: {exc}") from None
        lists[name] = [p.strip() for p in phrases]
    if not isinstance(replace, list) or any(r not in LIST_NAMES for r in replace):
        raise ConfigError(f"{path}:{_line_of(path, 'replace')}: replace must list phrase list names")
    return locale, lists, replace


def _line_of(path: Path, key: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(rf"^{re.escape(key)}\s*:", line):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


@lru_cache(maxsize=8)
def load_lexicon(user_folder: Path | None = None) -> Lexicon:
    locales: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE_DIR.glob("*.yaml")):
        locale, lists, _ = _read_locale_file(path)
        locales[locale] = lists
    if user_folder is not None:
        if not user_folder.is_dir():
            raise ConfigError(f"lexicon folder {user_folder} does not exist")
        for path in sorted(user_folder.glob("*.y*ml")):
            locale, lists, replace = _read_locale_file(path)
            target = locales.setdefault(locale, {})
            for name, phrases in lists.items():
                target[name] = phrases if name in replace else target.get(name, []) + phrases
    return Lexicon(locales)
