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
        "campaigns/win-back-2027.yaml:14 FL102",  # lapsed customers get 25%, loyal ones 10%
        "prices/loyalty.csv:3 FL103",  # existing customers pay 59, new ones 39
        "policies/store-policies.yaml:6 FL104",  # 8% for new customers, 4% for retention
        "campaigns/win-back-2027.yaml:27 FL105",  # excluded by age
        "policies/store-policies.yaml:9 FL106",  # accounts reshuffled every 6 months
        "campaigns/summer-2027.yaml:53 FL202",  # "was $649" not charged in the last 30 days
        "prices/summer.csv:5 FL202",  # "was 349" after 11 days at 349
        "campaigns/summer-2027.yaml:48 FL203",  # "25% off" when the offer gives 15%
        "prices/summer.csv:8 FL204",  # chair at 99 over the open-ended 129 row
        "campaigns/autumn-2027.yaml:33 FL302",  # "reply within 1 hour", committed 24 hours
        "scripts/phone-upgrade.md:19 FL302",  # "delivered in 2 days", committed 5
        "campaigns/autumn-2027.yaml:8 FL303",  # delivery term empty, price term missing
        "campaigns/summer-2027.yaml:58 FL304",  # "Today only!" on a seven-day offer
        "scripts/phone-upgrade.md:9 FL403",  # the rep speaks 76% of the words
        "scripts/phone-upgrade.md:11 FL404",  # "everyone is buying"
        "scripts/phone-upgrade.md:17 FL405",  # upgrade offered after "No thanks"
        "policies/store-policies.yaml:23 FL501",  # 7-day return window
        "policies/store-policies.yaml:19 FL502",  # 370 days without contact
        "policies/store-policies.yaml:32 FL503",  # 72 hours to a first answer
        "policies/store-policies.yaml:33 FL504",  # staff_discretion: false
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
