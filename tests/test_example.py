"""The shipped example reports every implemented rule at the right line; the clean twin reports nothing."""

from __future__ import annotations

from fairlint.rules import all_rules
from helpers import ROOT, cli, codes_at

EXAMPLE = ROOT / "fixtures" / "example"
CLEAN = ROOT / "fixtures" / "clean"


def test_example_reports_the_headline_rules_at_their_lines():
    result = cli(["check", "--format", "json", "."], cwd=EXAMPLE)
    assert result.exit_code == 1
    import json

    found = {f"{f['path']}:{f['line']} {f['code']}" for f in json.loads(result.output)}
    for expected in (
        "campaigns/spring-2027.yaml:19 FL101",  # welcome20: 20% for new, 10% for existing
        "campaigns/spring-2027.yaml:31 FL201",  # rug-weekend: not announced before it starts
        "prices/spring.csv:3 FL201",  # lamp drops 49 -> 39, announced the same day
        "campaigns/spring-2027.yaml:55 FL301",  # rug banner: price only
        "scripts/checkout.md:11 FL401",  # warranty before any question
        "scripts/checkout.md:13 FL402",  # "anything else I can do for you?"
    ):
        assert expected in found, expected


def test_example_reports_every_rule_but_the_input_problem_rules():
    result = cli(["check", "--format", "json", "."], cwd=EXAMPLE)
    import json

    codes = {f["code"] for f in json.loads(result.output)}
    expected = {r.code for r in all_rules()} - {"FL001", "FL002", "FL003"}
    assert expected <= codes, sorted(expected - codes)
    assert not codes & {"FL001", "FL003"}, "the example must be well-formed"


def test_clean_twin_has_no_findings():
    result = cli(["check", "."], cwd=CLEAN)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No findings")


def test_readme_starts_with_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```sh\n")[1:3]]
    assert blocks[0] == "pip install -e . && fairlint check fixtures/example"
    assert blocks[1] == "pip install -e '.[dev]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci.splitlines()
