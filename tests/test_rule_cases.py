"""Per-rule cases from ``tests/rules/<CODE>.yaml`` (as sqlfluff does), run as parametrized tests.

A case file holds ``cases``: each with ``files`` (path -> content), an optional
``config`` (the text of a fairlint.toml) and ``expect``: the exact list of
``path:line`` where the rule must fire (empty: it must not fire).
``message_contains`` fragments must be in the English message, ``translated_contains``
in the message in the configured ``lang``. Every rule must
have a case file with at least one case that fires and one that does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fairlint.rules import all_rules
from helpers import check

CASES_DIR = Path(__file__).parent / "rules"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


@pytest.mark.parametrize("code, case", list(_load_cases()))
def test_rule_case(tmp_path, code, case):
    files = dict(case["files"])
    if case.get("config"):
        files["fairlint.toml"] = case["config"]
    findings = check(tmp_path, files, case.get("paths"))
    found = sorted(f"{f.path}:{f.line}" for f in findings if f.code == code)
    assert found == sorted(case["expect"]), "\n".join(
        f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}" for f in findings
    )
    for fragment in case.get("message_contains", []):
        assert any(fragment in f.message for f in findings if f.code == code), fragment
    for fragment in case.get("translated_contains", []):  # the message in the case's `lang` (configuration)
        assert any(fragment in f.local_message for f in findings if f.code == code), fragment
    if case.get("no_other_findings"):
        others = [f for f in findings if f.code != code]
        assert not others, others


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_has_cases_that_fire_and_pass(rule):
    path = CASES_DIR / f"{rule.code}.yaml"
    assert path.is_file(), f"{rule.code} has no case file {path}"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    assert any(c["expect"] for c in cases), f"{rule.code}: no case where the rule fires"
    assert any(not c["expect"] for c in cases), f"{rule.code}: no case where the rule stays quiet"
