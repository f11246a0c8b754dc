"""Configuration: discovery, validation, selection of rules and their options.

``[tool.fairlint]`` in pyproject.toml, or the same keys at the top level of
``fairlint.toml`` / ``.fairlint.toml``; the nearest file above the checked paths
wins. Every key and option is checked: an unknown rule code, option or key is
a ``ConfigError`` (exit 2), never silence.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import attrs

from fairlint.finding import Severity
from fairlint.paths import is_dir, is_file, resolve
from fairlint.rules import all_rules

CONFIG_NAMES = (".fairlint.toml", "fairlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the key."""


@attrs.define
class Config:
    path: Path | None = None  # the file it came from; None = defaults
    root: Path = attrs.field(factory=Path.cwd)  # patterns are relative to this folder
    select: list[str] = attrs.field(factory=lambda: ["FL"])
    ignore: list[str] = attrs.field(factory=list)
    per_file_ignores: dict[str, list[str]] = attrs.field(factory=dict)
    exclude: list[str] = attrs.field(factory=list)
    fail_on: Severity = Severity.WARNING
    locale: str | None = None
    lexicon: Path | None = None
    seller_labels: list[str] = attrs.field(factory=list)
    customer_labels: list[str] = attrs.field(factory=list)
    max_file_mb: float = 50.0
    rule_options: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    severities: dict[str, Severity] = attrs.field(factory=dict)
    lang: str = "auto"  # findings' language: "auto" (each document's own) or one of fairlint.i18n.LANGUAGES
    market: str | None = None  # a market profile (fairlint.markets): its law's options and citations
    sector: str | None = None  # e.g. "insurance", for files with no sector of their own (CSV, feeds)
    engine: str = "duckdb"  # where the price rules run (fairlint/prices/engine.py): duckdb or spark
    spark_master: str | None = None  # engine = "spark": the cluster; default a local session

    def engine_settings(self) -> dict:
        """What the configured price engine is made with (``make_engine``'s settings)."""
        return {"master": self.spark_master} if self.engine == "spark" and self.spark_master else {}
    columns: dict[str, str] = attrs.field(factory=dict)  # fairlint column -> the team's header
    end_exclusive: bool = False  # ``end`` is the first day after the row
    channels: dict[str, str] = attrs.field(factory=dict)  # path pattern -> channel of an export's rows
    disclose_upcoming_sales: bool = False  # the checkout tells every customer of coming sales

    def is_enabled(self, code: str) -> bool:
        selected, ignored = _best_match(code, self.select), _best_match(code, self.ignore)
        return selected > 0 and selected > ignored

    def options_for(self, code: str) -> dict[str, Any]:
        rule = next(r for r in all_rules() if r.code == code)
        return rule.defaults() | self.market_options(rule) | self.rule_options.get(code, {})

    def market_options(self, rule) -> dict[str, Any]:
        """The options the market profile sets for a rule (those the rule declares); below the user's own."""
        if not self.market:
            return {}
        from fairlint.markets import PROFILES

        return PROFILES[self.market].options_for(rule.code, rule.options)

    def severity_for(self, code: str) -> Severity:
        rule = next(r for r in all_rules() if r.code == code)
        return self.severities.get(code, rule.severity)


def _best_match(code: str, prefixes: list[str]) -> int:
    """Length of the longest prefix in ``prefixes`` that selects ``code`` (0 for none).

    As in ruff, the more specific entry wins: ``select = ["FL2"]`` with
    ``ignore = ["FL201"]`` runs every FL2 rule but FL201.
    """
    return max((len(p) for p in prefixes if code.startswith(p)), default=0)


def find_config(paths: list[Path]) -> Path | None:
    """The nearest configuration file above the checked paths (their common folder)."""
    resolved = [resolve(p) for p in paths] or [Path.cwd()]  # never raises, even for a symbolic link loop
    start = Path(_common_parent(resolved))
    for folder in [start, *start.parents]:
        found = config_in_folder(folder)
        if found is not None:
            return found
    return None


def config_in_folder(folder: Path) -> Path | None:
    """The configuration file of this folder itself, if it has one (a pyproject.toml only with [tool.fairlint])."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if not is_file(candidate):
            continue
        if name != "pyproject.toml" or _has_fairlint_table(candidate):
            return candidate
    return None


def _common_parent(paths: list[Path]) -> str:
    import os

    folders = [str(p if is_dir(p) else p.parent) for p in paths]
    return os.path.commonpath(folders)


def _has_fairlint_table(path: Path) -> bool:
    from fairlint.load.files import FileProblem, read_settings_text  # fairlint.load imports this module

    tomllib = _tomllib()
    try:
        data = tomllib.loads(read_settings_text(path))
    except (FileProblem, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return False  # a broken pyproject.toml of another tool is not ours to report
    return isinstance(data.get("tool"), dict) and "fairlint" in data["tool"]


def _tomllib():
    """tomllib (tomli before Python 3.11), imported when a configuration file is read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    from fairlint.load.files import FileProblem, read_settings_text

    try:
        text = read_settings_text(path)
    except FileProblem as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    tomllib = _tomllib()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("fairlint", {})
        prefix = "tool.fairlint."
    else:
        prefix = ""
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [{prefix.rstrip('.') or 'fairlint'}] must be a table")
    return parse_config(data, path, prefix)


def parse_config(data: dict, path: Path | None, prefix: str = "") -> Config:
    where = str(path) if path else "configuration"
    config = Config(path=path, root=path.parent.resolve() if path else Path.cwd())

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where}: {prefix}{key}: {message}")

    for key, value in data.items():
        entry = KEYS.get(key)
        if entry is None:
            import difflib

            hint = difflib.get_close_matches(key, TOP_KEYS, n=1)
            raise fail(key, "unknown key" + (f"; did you mean {hint[0]!r}?" if hint else f"; known keys: {', '.join(TOP_KEYS)}"))
        entry.read(config, value, fail, key)
    return config


@attrs.frozen
class Key:
    """One top-level configuration key: how its value is checked and stored.

    ``read(config, value, fail, key)``: ``fail(key, message)`` makes the ConfigError naming the file and key.
    """

    read: Callable[[Config, Any, Callable[[str, str], ConfigError], str], None]
    help: str


def _read_codes(config: Config, value: Any, fail, key: str) -> None:
    if isinstance(value, str):
        raise fail(key, f'expected a list, e.g. {key} = ["{value}"]')
    setattr(config, key, check_codes(value, lambda m: fail(key, m)))


def _read_per_file_ignores(config: Config, value: Any, fail, key: str) -> None:
    if not isinstance(value, dict):
        raise fail(key, 'expected a table of glob = [codes], e.g. [per-file-ignores] "legacy/*.csv" = ["FL202"]')
    table = {}
    for glob, codes in value.items():
        if isinstance(codes, str):
            raise fail(f"{key}.{glob}", f'expected a list, e.g. "{glob}" = ["{codes}"]')
        table[str(glob)] = check_codes(codes, lambda m, g=glob: fail(f"{key}.{g}", m))
    config.per_file_ignores = table


def _read_strings(config: Config, value: Any, fail, key: str) -> None:
    if isinstance(value, str):
        raise fail(key, f'expected a list, e.g. {key} = ["{value}"]')
    setattr(config, key.replace("-", "_"), _strings(value, lambda m: fail(key, m)))


def _read_fail_on(config: Config, value: Any, fail, key: str) -> None:
    config.fail_on = parse_severity(value, lambda m: fail(key, m))


def _read_locale(config: Config, value: Any, fail, key: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise fail(key, f"expected a locale code such as 'en', got {value!r}")
    config.locale = value.strip()


def _read_lexicon(config: Config, value: Any, fail, key: str) -> None:
    if not isinstance(value, str):
        raise fail(key, f"expected a folder path, got {value!r}")
    folder = (config.root / value).resolve()
    if folder != config.root.resolve() and not folder.is_relative_to(config.root.resolve()):
        raise fail(key, f"{value!r} is outside the project (the configuration's folder); keep the lexicon inside it")
    config.lexicon = folder


def _read_max_file_mb(config: Config, value: Any, fail, key: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(key, f"expected a number of megabytes such as 50, got {value!r}")
    if not 0 < value <= MAX_FILE_MB:
        raise fail(key, f"expected a number of megabytes above 0 and at most {MAX_FILE_MB}, got {value!r}")
    config.max_file_mb = float(value)


ENGINES = ("duckdb", "spark")


def _read_engine(config: Config, value: Any, fail, key: str) -> None:
    if value not in ENGINES:
        raise fail(key, f"expected one of {', '.join(ENGINES)}, got {value!r}")
    config.engine = value


def _read_spark_master(config: Config, value: Any, fail, key: str) -> None:
    from fairlint.prices.spark import check_master  # no PySpark import: only the URL is checked

    try:
        config.spark_master = check_master(value)
    except ValueError as exc:
        raise fail(key, str(exc)) from None


def _read_rules(config: Config, value: Any, fail, key: str) -> None:
    _parse_rule_tables(config, value, fail)


def _read_flag(config: Config, value: Any, fail, key: str) -> None:
    if not isinstance(value, bool):
        raise fail(key, f"expected true or false, got {value!r}")
    setattr(config, key.replace("-", "_"), value)


# The columns ``[columns]`` may map: the CSV columns of a price schedule (formats.md).
MAPPABLE_COLUMNS = ("sku", "price", "start", "end", "audience", "channel", "currency", "announced",
                    "reference_price", "note")


def _read_columns(config: Config, value: Any, fail, key: str) -> None:
    """``[columns]``: fairlint's column = the team's header, each header used once."""
    if not isinstance(value, dict):
        raise fail(key, 'expected a table such as [columns] sku = "Artikel", price = "Preis"')
    columns: dict[str, str] = {}
    for column, header in value.items():
        if column not in MAPPABLE_COLUMNS:
            import difflib

            hint = difflib.get_close_matches(column, MAPPABLE_COLUMNS, n=1)
            raise fail(f"{key}.{column}", "not a fairlint column" + (
                f"; did you mean {hint[0]!r}?" if hint else f"; known columns: {', '.join(MAPPABLE_COLUMNS)}"))
        if not isinstance(header, str) or not header.strip():
            raise fail(f"{key}.{column}", f'expected the header of your column, such as "Artikel", got {header!r}')
        if header.strip().lower() in (h.lower() for h in columns.values()):
            raise fail(f"{key}.{column}", f"the header {header!r} is mapped twice; map each header to one column")
        columns[column] = header.strip()
    config.columns = columns


def _read_channels(config: Config, value: Any, fail, key: str) -> None:
    if not isinstance(value, dict):
        raise fail(key, 'expected a table of path pattern = "channel", such as "exports/shopify/*.csv" = "web"')
    for pattern, channel in value.items():
        if not isinstance(channel, str) or not channel.strip():
            raise fail(f"{key}.{pattern}", f"expected a channel name, got {channel!r}")
    config.channels = {str(p): c.strip() for p, c in value.items()}


MAX_FILE_MB = 100_000  # a larger limit is a typo (bytes for megabytes), not a file to read whole

# Every top-level key, in one table: a new key is one line here and a reader above.
def _read_reader_option(config: Config, value: Any, fail, key: str) -> None:
    setattr(config, key, parse_reader_option(key, value, lambda m: fail(key, m)))


KEYS: dict[str, Key] = {
    "select": Key(_read_codes, "rule codes or prefixes to run"),
    "ignore": Key(_read_codes, "rule codes or prefixes to skip"),
    "per-file-ignores": Key(_read_per_file_ignores, "glob = [codes] to skip in matching files"),
    "exclude": Key(_read_strings, "gitignore-style patterns of files a walk skips"),
    "fail-on": Key(_read_fail_on, "lowest severity that fails the run: error, warning or info"),
    "locale": Key(_read_locale, "the language of documents that do not say"),
    "rules": Key(_read_rules, "per-rule tables: options and severity"),
    "lexicon": Key(_read_lexicon, "a folder of your own phrase lists, inside the project"),
    "seller-labels": Key(_read_strings, "speaker labels of the seller in scripts"),
    "customer-labels": Key(_read_strings, "speaker labels of the customer in scripts"),
    "max-file-mb": Key(_read_max_file_mb, "largest file read, in megabytes"),
    "lang": Key(_read_reader_option, "the language of findings: auto (each document's own) or en, af, zh, ne, ru, bg"),
    "market": Key(_read_reader_option, "the market whose law the findings cite: eu, uk or us-ca"),
    "sector": Key(_read_reader_option, "the business's sector for files with none of their own (e.g. insurance)"),
    "engine": Key(_read_engine, "where the price rules run: duckdb (default) or spark (pip install 'fairlint[spark]')"),
    "spark-master": Key(_read_spark_master, "engine = \"spark\": the cluster's master URL; default a local session"),
    "columns": Key(_read_columns, "your column headers for fairlint's price columns"),
    "end-exclusive": Key(_read_flag, "whether `end` in your tables is the first day after the row"),
    "channels": Key(_read_channels, 'path pattern = "channel" for the rows of shop exports and feeds'),
    "disclose-upcoming-sales": Key(_read_flag, "whether the checkout tells every customer of coming sales"),
}
TOP_KEYS = tuple(KEYS)


def _parse_rule_tables(config: Config, value: Any, fail) -> None:
    if not isinstance(value, dict):
        raise fail("rules", "expected tables such as [rules.FL201]")
    known = {r.code: r for r in all_rules()}
    for code, options in value.items():
        rule = known.get(code.upper())
        if rule is None:
            import difflib

            hint = difflib.get_close_matches(code.upper(), known, n=1)
            raise fail(f"rules.{code}", "unknown rule code" + (f"; did you mean {hint[0]}?" if hint else ""))
        if not isinstance(options, dict):
            raise fail(f"rules.{code}", "expected a table of options")
        checked: dict[str, Any] = {}
        for name, raw in options.items():
            if name == "severity":
                config.severities[rule.code] = parse_severity(raw, lambda m: fail(f"rules.{code}.severity", m))
                continue
            option = rule.options.get(name)
            if option is None:
                known_options = ", ".join(["severity", *rule.options])
                raise fail(f"rules.{code}.{name}", f"unknown option for {rule.code}; known options: {known_options}")
            try:
                checked[name] = option.convert(raw)
            except ValueError as exc:
                raise fail(f"rules.{code}.{name}", str(exc)) from None
        config.rule_options[rule.code] = checked


def parse_reader_option(key: str, value: Any, fail) -> str:
    """``lang``, ``market`` or ``sector``: a checked string (the first two from a fixed list)."""
    from fairlint.i18n import LANG_CHOICES
    from fairlint.markets import MARKETS

    allowed = {"lang": LANG_CHOICES, "market": MARKETS}.get(key)
    text = value.strip().lower() if isinstance(value, str) else None
    if not text or (allowed and text not in allowed):
        expected = ", ".join(repr(a) for a in allowed) if allowed else "a sector name such as 'insurance'"
        raise fail(f"expected one of {expected}, got {value!r}" if allowed else f"expected {expected}, got {value!r}")
    return text


def check_codes(value: Any, fail) -> list[str]:
    """Rule codes or prefixes (``FL2``), each matching at least one known rule."""
    if isinstance(value, str):
        value = [value]
    codes = _strings(value, fail)
    known = [r.code for r in all_rules()]
    result = []
    for raw in codes:
        code = raw.strip().upper()
        if code == "ALL":
            code = "FL"
        if not any(k.startswith(code) for k in known):
            import difflib

            hint = difflib.get_close_matches(code, known, n=1)
            raise fail(f"unknown rule code {raw!r}" + (f"; did you mean {hint[0]}?" if hint else "; see 'fairlint rules'"))
        result.append(code)
    return result


def parse_severity(value: Any, fail) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _strings(value: Any, fail) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"expected a list of strings, got {value!r}")
    return list(value)
