"""Loading the phrase lists: the shipped locale files, extended by a user's lexicon folder.

Each locale is one YAML file: ``<locale>.yaml`` in this package, extended by a
user's ``lexicon`` folder (same file names; lists there are added to the
shipped ones, or replace them under ``replace: [list names]``). Lists are
validated when loaded; a broken user file is a ``ConfigError`` naming its file
and line, and so is a ``re:`` phrase that could backtrack without bound.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import attrs
import yaml

from fairlint import cache
from fairlint.config import ConfigError
from fairlint.lexicon.matcher import Lexicon
from fairlint.lexicon.patterns import CHINESE_LOCALES, phrase_body

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
    "half_price",
    "seller_labels",
    "customer_labels",
    # Structure (fairlint/lexicon/structure.py, moves.py): what makes an offer, a question, a negation.
    "extras",
    "offer_frames",
    "free_words",
    "needs_topics",
    "you_words",
    "question_words",
    "negations",
    "negations_after",
    "clause_joins",
    # Dates in urgency claims (FL304): the names in order, Monday and January first.
    "end_words",
    "weekdays",
    "months",
    "today_words",
    "tomorrow_words",
    # Money, percentages and claims in any language (amounts.py, FL203), and language detection.
    "currency_before",
    "currency_after",
    "percent_words",
    "up_to_before",
    "up_to_after",
    "reference_words",
    "saving_after",
    "saving_before",
    "not_price_before",
    "not_price_after",
    "function_words",
    "distinctive_letters",
    "alphabet",
    "numerals",
    "day_suffixes",
)
# Lists a language may not need: none of its words go there (Nepali alone puts "up to" after the
# number; Chinese needs no words for "percent"; English has no letters other Latin languages lack).
OPTIONAL_LISTS = frozenset({
    "up_to_after", "percent_words", "distinctive_letters", "function_words", "negations_after", "numerals",
    "day_suffixes",
})
_LOCALE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_STR_TAG = "tag:yaml.org,2002:str"
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)



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
            import difflib

            hint = difflib.get_close_matches(name, LIST_NAMES, n=1)
            known = f"did you mean {hint[0]!r}?" if hint else f"known lists: {', '.join(LIST_NAMES)}"
            raise fail(key_node, f"unknown phrase list {name!r}; {known}")
        else:
            lists[name] = _phrases(name, value_node, fail, chinese=locale in CHINESE_LOCALES, checked=shipped)
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


def _phrases(name: str, node, fail, chinese: bool, checked: bool = False) -> list[str]:
    """The phrases of one list; ``re:`` phrases compiled alone and checked for unbounded backtracking,
    unless ``checked`` (the shipped files: tests/test_backtracking.py and test_lexicon.py check those,
    and every run would pay for it)."""
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
            if phrase.startswith("re:") and not checked:
                re.compile(phrase_body(phrase))
        except re.error as exc:
            raise fail(item, f"{name}: phrase {phrase!r} is not a valid pattern: {exc}") from None
        if phrase.startswith("re:") and not checked:
            from fairlint.lexicon.safety import unsafe_reason  # a user's file only: not every run's cost

            reason = unsafe_reason(phrase_body(phrase))
            if reason:
                raise fail(
                    item,
                    f"{name}: phrase {phrase!r} could take minutes on some texts ({reason}); "
                    "write the repeated part so that it can match in only one way, e.g. 'a+' instead of '(a|aa)+'",
                )
        phrases.append(phrase)
    return phrases


def load_lexicon(user_folder: Path | None = None) -> Lexicon:
    """The shipped lexicons, extended by ``user_folder``'s (reloaded when its files change)."""
    if user_folder is None:
        return _load(None, ())
    if not user_folder.is_dir():
        raise ConfigError(f"lexicon folder {user_folder} does not exist")
    files = sorted(p for p in user_folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    stamps = tuple((p.name, *_stamp(p)) for p in files)
    return _load(user_folder, stamps)


@lru_cache(maxsize=8)
def _load(user_folder: Path | None, stamps: tuple) -> Lexicon:
    locales = _shipped_locales()
    if user_folder is not None:
        for name, _, _ in stamps:
            extra = read_locale_file(user_folder / name)
            target = locales.setdefault(extra.locale, {})
            for list_name in extra.replace:
                target[list_name] = []
            for list_name, phrases in extra.lists.items():
                target[list_name] = target.get(list_name, []) + phrases
    return Lexicon(locales)


def _shipped_locales() -> dict[str, dict[str, list[str]]]:
    """The shipped locale files' lists, kept between runs (``fairlint.cache``) while neither the files
    nor this module change: parsing them was a tenth of a one-file check's time."""
    files = sorted(PACKAGE_DIR.glob("*.yaml"))
    key = tuple((path.name, *_stamp(path)) for path in [*files, Path(__file__)])

    def parse() -> dict[str, dict[str, list[str]]]:
        locales = {}
        for path in files:
            shipped = read_locale_file(path, shipped=True)
            locales[shipped.locale] = dict(shipped.lists)
        return locales

    return cache.kept("lexicon.bin", key, parse)


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns
