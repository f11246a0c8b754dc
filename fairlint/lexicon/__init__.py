"""Phrase lists per locale, as data, and the matcher the text rules share.

Each locale is one YAML file: ``<locale>.yaml`` in this package, extended by a
user's ``lexicon`` folder (same file names; lists there are added to the
shipped ones, or replace them under ``replace: [list names]``). Lists are
validated when loaded; a broken user file is a ``ConfigError`` naming its file
and line.

Matching (docs/locales.md): case-insensitive, on the NFC form of the text;
whole words in alphabetic scripts, with ``*`` standing for any word ending
("скидк*" finds скидка, скидки, скидку) and word characters including the
combining marks of Devanagari; substrings in Chinese, Japanese and Korean,
with traditional Chinese characters read as simplified ones.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import attrs
import yaml

from fairlint.config import ConfigError
from fairlint.lexicon.hanzi import simplify
from fairlint.lexicon.text import WORD_END, WORD_START, ending_char, normalise, original_position

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
CHINESE_LOCALES = {"zh"}
DEFAULT_LOCALE = "en"
_LOCALE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_STR_TAG = "tag:yaml.org,2002:str"
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@attrs.frozen
class PhraseMatch:
    phrase: str
    start: int
    end: int
    text: str


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
                # Longest first, so "no thank you" wins over "no".
                ordered = sorted(phrases, key=len, reverse=True)
                chinese = key[0] in CHINESE_LOCALES
                alternatives = "|".join(f"(?P<p{i}>{phrase_body(p, chinese)})" for i, p in enumerate(ordered))
                whole = f"{WORD_START}(?:{alternatives}){WORD_END}" if key[0] not in CJK_LOCALES else alternatives
                firsts = _first_letters(ordered, chinese)
                if firsts:  # most places in a text start no phrase: tell them by one letter, fast
                    whole = f"(?=[{firsts}]){whole}"
                self._compiled[key] = re.compile(whole, re.IGNORECASE)
                self._phrases[key] = ordered
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


@attrs.frozen
class LocaleFile:
    locale: str
    lists: dict[str, list[str]]
    replace: list[str]


def read_locale_file(path: Path, shipped: bool = False) -> LocaleFile:
    """One lexicon file, checked; ``ConfigError`` with the file and line of the first problem.

    ``shipped`` files (ours, tested) are parsed with libyaml when PyYAML has it: ten times
    faster, which every run pays for; a user's file gets PyYAML's own error messages.
    """
    from fairlint.load.files import FileProblem, read_settings_text

    try:
        text = read_settings_text(path)
    except (FileProblem, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the lexicon: {exc}") from None
    loader = (_FAST_LOADER if shipped else yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.problem and "<stream end>" in exc.problem:
            mark = exc.context_mark  # an unclosed bracket or quote: where it opens, not the file's end
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: lexicon is not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: lexicon is not valid YAML: {exc}") from None
    finally:
        loader.dispose()

    def fail(node, message: str) -> ConfigError:
        line = node.start_mark.line + 1 if node is not None else 1
        return ConfigError(f"{path}:{line}: {message}")

    if not isinstance(root, yaml.MappingNode):
        raise fail(root, "a lexicon file is a mapping of list names to phrase lists (see docs/locales.md)")
    locale = path.stem.lower().replace("_", "-")
    lists: dict[str, list[str]] = {}
    replace: list[str] = []
    seen: set[str] = set()
    for key_node, value_node in root.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(name, str):
            raise fail(key_node, "keys are list names such as price_claims")
        if name in seen:
            raise fail(key_node, f"{name} is given twice; merge the two lists")
        seen.add(name)
        if name == "locale":
            value = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
            if not isinstance(value, str) or not _LOCALE_CODE.fullmatch(value.strip().lower().replace("_", "-")):
                raise fail(value_node, f"locale must be a locale code such as 'af' or 'pt-BR', got {value!r}")
            locale = value.strip().lower().replace("_", "-")
        elif name == "replace":
            replace = _replaced_lists(value_node, fail)
        elif name not in LIST_NAMES:
            hint = difflib.get_close_matches(name, LIST_NAMES, n=1)
            known = f"did you mean {hint[0]!r}?" if hint else f"known lists: {', '.join(LIST_NAMES)}"
            raise fail(key_node, f"unknown phrase list {name!r}; {known}")
        else:
            lists[name] = _phrases(name, value_node, fail, chinese=locale in CHINESE_LOCALES)
    return LocaleFile(locale, lists, replace)


def _replaced_lists(node, fail) -> list[str]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    names = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or item.value not in LIST_NAMES:
            value = item.value if isinstance(item, yaml.ScalarNode) else "a nested list"
            raise fail(item, f"replace must list phrase list names; {value!r} is not one")
        names.append(item.value)
    return names


def _phrases(name: str, node, fail, chinese: bool) -> list[str]:
    if not isinstance(node, yaml.SequenceNode):
        raise fail(node, f"{name} must be a list of phrases, such as [\"on sale\", \"discount*\"]")
    phrases = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode):
            raise fail(item, f"{name}: each phrase is a piece of text, not a list or a mapping")
        if item.tag != _STR_TAG:
            raise fail(item, f"{name}: {item.value!r} is not read as text by YAML; put it in quotes")
        phrase = item.value.strip()
        if not phrase:
            raise fail(item, f"{name}: a phrase is empty")
        try:  # literal phrases are escaped: only a "re:" expression can be broken (checked alone: fast)
            if phrase.startswith("re:"):
                re.compile(phrase_body(phrase))
        except re.error as exc:
            raise fail(item, f"{name}: phrase {phrase!r} is not a valid pattern: {exc}") from None
        phrases.append(phrase)
    return phrases


def load_lexicon(user_folder: Path | None = None) -> Lexicon:
    """The shipped lexicons, extended by ``user_folder``'s (reloaded when its files change)."""
    if user_folder is None:
        return _load(None, ())
    if not user_folder.is_dir():
        raise ConfigError(f"lexicon folder {user_folder} does not exist")
    files = sorted(p for p in user_folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    stamps = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _load(user_folder, stamps)


@lru_cache(maxsize=8)
def _load(user_folder: Path | None, stamps: tuple) -> Lexicon:
    locales: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE_DIR.glob("*.yaml")):
        shipped = read_locale_file(path, shipped=True)
        locales[shipped.locale] = dict(shipped.lists)
    if user_folder is not None:
        for name, _, _ in stamps:
            extra = read_locale_file(user_folder / name)
            target = locales.setdefault(extra.locale, {})
            for list_name in extra.replace:
                target[list_name] = []
            for list_name, phrases in extra.lists.items():
                target[list_name] = target.get(list_name, []) + phrases
    return Lexicon(locales)
