"""Startup stays small: ``--version`` and a one-file check import only what they need.

Run in a fresh interpreter: the test process has imported everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import ROOT

PROBE = """
import json, sys
from fairlint.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by(args: list[str]) -> set[str]:
    process = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    return set(json.loads(process.stderr.strip().splitlines()[-1]))


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_version_imports_no_parser_or_formatter():
    modules = _top(imported_by(["--version"]))
    assert not modules & {"yaml", "dateutil", "tabulate", "jsonschema", "pathspec", "attrs", "attr"}
    assert {m for m in imported_by(["--version"]) if m.startswith("fairlint.")} == {"fairlint.cli", "fairlint.formats"}  # formats: the registry, plain data


def test_a_one_file_check_imports_no_formatter_or_report_library():
    # a campaign (a schedule checked alone walks the project for the campaigns linking to it)
    modules = _top(imported_by(["check", "fixtures/clean/campaigns/spring-2027.yaml"]))
    assert "yaml" in modules  # the lexicons are YAML
    assert not modules & {"tabulate", "jsonschema", "dateutil", "pathspec", "matplotlib", "asyncio"}


def test_a_one_campaign_check_imports_nothing_for_other_file_types_or_options(tmp_path):
    """A pre-commit check of one campaign alone (issue 13: no slower than yamllint, benchmarks/realdata.py
    --only startup): no price engine, no spreadsheet, feed or translation library, no baseline and no
    user-lexicon safety checker."""
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text((ROOT / "fixtures/example/campaigns/spring-2027.yaml").read_text(encoding="utf-8"),
                        encoding="utf-8")
    loaded = imported_by(["check", "-q", str(campaign)])
    assert not _top(loaded) & {"duckdb", "babel", "openpyxl", "bs4", "lxml", "pyarrow", "pyspark", "sqlglot"}
    assert not loaded & {"fairlint.baseline", "fairlint.lexicon.safety", "fairlint.report", "fairlint.prices.store",
                         "fairlint.prices.engine"}


def test_a_check_without_price_schedules_does_not_import_the_price_engine(tmp_path):
    """A script and a policy (no schedule named or linked): DuckDB is never imported."""
    (tmp_path / "checkout.md").write_text((ROOT / "fixtures/clean/scripts/checkout.md").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    (tmp_path / "policies.yaml").write_text(
        (ROOT / "fixtures/clean/policies/store-policies.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    loaded = imported_by(["check", str(tmp_path / "checkout.md"), str(tmp_path / "policies.yaml")])
    assert "yaml" in _top(loaded)
    assert "duckdb" not in _top(loaded)
    assert "fairlint.prices.store" not in loaded and "fairlint.prices.engine" not in loaded


def test_a_price_schedule_is_checked_by_the_price_engine():
    assert "duckdb" in _top(imported_by(["check", "fixtures/clean/prices/spring.csv"]))


LEAN_PROBE = """
import sys
{run}
names = sorted(sys.modules)  # before the probe's own json
import json
print(json.dumps(names), file=sys.stderr)
"""
MAIN = """
from fairlint.cli import main
try:
    main({args!r})
except SystemExit:
    pass
"""


def _modules_after(code: str) -> set[str]:
    process = subprocess.run([sys.executable, "-c", LEAN_PROBE.format(run=code)], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    return set(json.loads(process.stderr.strip().splitlines()[-1]))


def test_a_pre_commit_check_of_one_campaign_reads_it_with_yaml_readers_only(tmp_path):
    """Issue 13 (benchmarks/realdata.py --only startup): the hook's command on one campaign imports no reader
    of tables, scripts or TOML, no statistics output, and none of the standard library's difflib, json, csv
    or tomllib (a project without a configuration file); only --statistics, a did-you-mean hint, a JSON,
    CSV or TOML file or a configuration file needs them."""
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text((ROOT / "fixtures/example/campaigns/spring-2027.yaml").read_text(encoding="utf-8"),
                        encoding="utf-8")
    # what this Python imports before any of fairlint's code does not count (site hooks may import more)
    loaded = _modules_after(MAIN.format(args=["check", "--skip-other-files", str(campaign)])) - _modules_after("")
    assert not loaded & {"fairlint.load.csvfile", "fairlint.load.script", "fairlint.load.toml_positions",
                         "fairlint.load.tables", "fairlint.load.exports", "fairlint.load.prices",
                         "fairlint.output.statistics", "fairlint.lexicon.safety"}
    assert not _top(loaded) & {"difflib", "json", "csv", "tomllib", "tomli"}


WARM_PROBE = """
import json, sys
from fairlint import cache
cache.keep_generated_code()  # as the command's group does, before fairlint's classes
from fairlint.lexicon import loading
parsed = []
read = loading.read_locale_file
loading.read_locale_file = lambda *args, **kwargs: parsed.append(args[0]) or read(*args, **kwargs)
from fairlint.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print(json.dumps({{"locale files parsed": len(parsed), "patterns compiled": cache._changed,
                  "class code compiled": cache._generated_changed}}), file=sys.stderr)
cache.save()
"""


def test_a_second_check_parses_no_locale_file_and_compiles_no_pattern_or_class(tmp_path):
    """The work the same on every run is kept (fairlint.cache): the second of two checks parses none of the
    shipped locale files, compiles none of the phrase lists and amounts patterns, and none of the code attrs
    writes for fairlint's classes."""
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text((ROOT / "fixtures/example/campaigns/spring-2027.yaml").read_text(encoding="utf-8"),
                        encoding="utf-8")
    env = {**os.environ, "FAIRLINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONHASHSEED": "7"}
    env.pop("FAIRLINT_NO_CACHE", None)
    runs = []
    for _ in range(2):
        process = subprocess.run([sys.executable, "-c", WARM_PROBE.format(args=["check", "-q", str(campaign)])],
                                 cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
        runs.append(json.loads(process.stderr.strip().splitlines()[-1]))
    assert runs[0] == {"locale files parsed": 6, "patterns compiled": True, "class code compiled": True}
    assert runs[1] == {"locale files parsed": 0, "patterns compiled": False, "class code compiled": False}
