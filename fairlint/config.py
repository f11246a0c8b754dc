"""Configuration: discovery, validation, selection of rules and their options.

``[tool.fairlint]`` in pyproject.toml, or the same keys at the top level of
``fairlint.toml`` / ``.fairlint.toml``; the nearest file above the checked paths
wins. Every key and option is checked: an unknown rule code, option or key is
a ``ConfigError`` (exit 2), never silence.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

import attrs

from fairlint.finding import Severity
from fairlint.paths import resolve
from fairlint.rules import all_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".fairlint.toml", "fairlint.toml", "pyproject.toml")
TOP_KEYS = (
    "select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "fail-on",
    "locale",
    "rules",
    "lexicon",
    "seller-labels",
    "customer-labels",
    "max-file-mb",
    "engine",
    "spark-master",
)
ENGINES = ("duckdb", "spark")


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
    engine: str = "duckdb"  # where the price rules run (fairlint/prices/engine.py)
    spark_master: str | None = None  # engine = "spark": the cluster; default a local session
    rule_options: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    severities: dict[str, Severity] = attrs.field(factory=dict)

    def is_enabled(self, code: str) -> bool:
        selected, ignored = _best_match(code, self.select), _best_match(code, self.ignore)
        return selected > 0 and selected > ignored

    def options_for(self, code: str) -> dict[str, Any]:
        rule = next(r for r in all_rules() if r.code == code)
        return rule.defaults() | self.rule_options.get(code, {})

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
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name != "pyproject.toml" or _has_fairlint_table(candidate):
                    return candidate
    return None


def _common_parent(paths: list[Path]) -> str:
    import os

    folders = [str(p if p.is_dir() else p.parent) for p in paths]
    return os.path.commonpath(folders)


def _has_fairlint_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # a broken pyproject.toml of another tool is not ours to report
    return isinstance(data.get("tool"), dict) and "fairlint" in data["tool"]


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
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
        if key not in TOP_KEYS:
            hint = difflib.get_close_matches(key, TOP_KEYS, n=1)
            raise fail(key, "unknown key" + (f"; did you mean {hint[0]!r}?" if hint else f"; known keys: {', '.join(TOP_KEYS)}"))
        if key in ("select", "ignore"):
            setattr(config, key, check_codes(value, lambda m: fail(key, m)))
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise fail(key, "expected a table of glob = [codes]")
            config.per_file_ignores = {
                str(glob): check_codes(codes, lambda m, g=glob: fail(f"{key}.{g}", m)) for glob, codes in value.items()
            }
        elif key == "exclude":
            config.exclude = _strings(value, lambda m: fail(key, m))
        elif key == "fail-on":
            config.fail_on = parse_severity(value, lambda m: fail(key, m))
        elif key == "locale":
            if not isinstance(value, str) or not value.strip():
                raise fail(key, f"expected a locale code such as 'en', got {value!r}")
            config.locale = value.strip()
        elif key == "lexicon":
            if not isinstance(value, str):
                raise fail(key, f"expected a folder path, got {value!r}")
            config.lexicon = (config.root / value).resolve()
        elif key in ("seller-labels", "customer-labels"):
            setattr(config, key.replace("-", "_"), _strings(value, lambda m: fail(key, m)))
        elif key == "max-file-mb":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise fail(key, f"expected a positive number of megabytes, got {value!r}")
            config.max_file_mb = float(value)
        elif key == "engine":
            config.engine = parse_engine(value, lambda m: fail(key, m))
        elif key == "spark-master":
            from fairlint.prices.spark import check_master

            try:
                config.spark_master = check_master(value)
            except ValueError as exc:
                raise fail(key, str(exc)) from None
        elif key == "rules":
            _parse_rule_tables(config, value, fail)
    return config


def _parse_rule_tables(config: Config, value: Any, fail) -> None:
    if not isinstance(value, dict):
        raise fail("rules", "expected tables such as [rules.FL201]")
    known = {r.code: r for r in all_rules()}
    for code, options in value.items():
        rule = known.get(code.upper())
        if rule is None:
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
            hint = difflib.get_close_matches(code, known, n=1)
            raise fail(f"unknown rule code {raw!r}" + (f"; did you mean {hint[0]}?" if hint else "; see 'fairlint rules'"))
        result.append(code)
    return result


def parse_engine(value: Any, fail) -> str:
    if value not in ENGINES:
        raise fail(f"expected one of {', '.join(ENGINES)}, got {value!r}")
    return value


def engine_settings(config: Config) -> dict:
    """What the configured price engine is made with (``make_engine``'s settings)."""
    return {"master": config.spark_master} if config.engine == "spark" and config.spark_master else {}


def parse_severity(value: Any, fail) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _strings(value: Any, fail) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"expected a list of strings, got {value!r}")
    return list(value)
