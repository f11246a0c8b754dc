"""Market profiles: a market's law sets options and is cited on the findings it applies to; without a
market nothing changes and nothing is cited; prepared provisions change nothing until their rule wires them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairlint.markets import PROFILES, cite, reference, sector_of
from helpers import ROOT, check, cli, write_files

RETURNS = "kind: return-policy\nid: shop-returns\nwindow_days: {days}\n"
# A "was" price of 49 charged for five days only: the lowest of the 30 days before the sale was 39 (FL202).
WAS_PRICE = """sku,price,start,end,reference_price
LAMP-01,39.00,2027-02-01,2027-03-04,
LAMP-01,49.00,2027-03-05,2027-03-09,
LAMP-01,35.00,2027-03-10,2027-03-20,49.00
"""


def _run(tmp_path, files, *args):
    write_files(tmp_path, files)
    result = cli(["check", ".", "--format", "json", "-q", *args], cwd=tmp_path)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_eu_cites_the_withdrawal_right_on_a_ten_day_return_window(tmp_path):
    (finding,) = _run(tmp_path, {"returns.yaml": RETURNS.format(days=10)}, "--market", "eu")
    assert finding["code"] == "FL501"
    assert finding["citations"] == [{
        "source": "Directive 2011/83/EU art. 9",
        "says": "Consumers have 14 days to withdraw from a distance or off-premises sale without giving a reason.",
    }]
    text = cli(["check", ".", "--market", "eu", "-q"], cwd=tmp_path).output
    assert "allow at least 14 days [Directive 2011/83/EU art. 9]" in text


def test_without_a_market_the_same_finding_cites_nothing(tmp_path):
    (finding,) = _run(tmp_path, {"returns.yaml": RETURNS.format(days=10)})
    assert finding["code"] == "FL501" and "citations" not in finding
    assert "[Directive" not in cli(["check", ".", "-q"], cwd=tmp_path).output


def test_a_fourteen_day_window_is_fine_under_eu(tmp_path):
    assert _run(tmp_path, {"returns.yaml": RETURNS.format(days=14)}, "--market", "eu") == []


def test_a_window_short_of_the_teams_own_minimum_but_within_the_law_cites_nothing(tmp_path):
    files = {"returns.yaml": RETURNS.format(days=20), "fairlint.toml": "market = \"eu\"\n[rules.FL501]\nmin-window-days = 30\n"}
    (finding,) = _run(tmp_path, files)
    assert finding["code"] == "FL501" and "citations" not in finding  # 20 days: the team's rule, not the law


def test_eu_cites_the_prior_price_rule_on_every_fl202_finding(tmp_path):
    findings = [f for f in _run(tmp_path, {"prices.csv": WAS_PRICE}, "--market", "eu") if f["code"] == "FL202"]
    assert findings and all(f["citations"][0]["source"] == "Directive 98/6/EC art. 6a" for f in findings)
    plain = [f for f in _run(tmp_path, {}) if f["code"] == "FL202"]
    assert plain and all("citations" not in f for f in plain)


def test_prepared_provisions_change_nothing_until_the_rule_wires_them(tmp_path):
    # us-ca's FL202 test (charged within the 90 days before) is prepared, not applied: same findings, no citation
    us = [f for f in _run(tmp_path, {"prices.csv": WAS_PRICE}, "--market", "us-ca") if f["code"] == "FL202"]
    none = [f for f in _run(tmp_path, {}) if f["code"] == "FL202"]
    assert [(f["line"], f["message"]) for f in us] == [(f["line"], f["message"]) for f in none]
    assert all("citations" not in f for f in us)


def test_market_options_sit_below_the_users_own(tmp_path):
    from fairlint.config import parse_config

    config = parse_config({"market": "eu", "rules": {"FL501": {"min-window-days": 30}}}, None)
    assert config.options_for("FL501")["min-window-days"] == 30
    assert parse_config({"market": "eu"}, None).options_for("FL501")["min-window-days"] == 14
    # us-ca's 90 days come with a reference-test FL202 does not declare yet: neither applies
    assert parse_config({"market": "us-ca"}, None).options_for("FL202")["lookback-days"] == 30
    assert PROFILES["us-ca"].options_for("FL202", {"lookback-days", "reference-test"}) == {
        "reference-test": "charged-within", "lookback-days": 90}


def test_sarif_carries_the_citation_and_the_markets_law_in_the_rule_help(tmp_path):
    write_files(tmp_path, {"returns.yaml": RETURNS.format(days=10)})
    log = json.loads(cli(["check", ".", "--format", "sarif", "--market", "eu", "-q"], cwd=tmp_path).output)
    (result,) = log["runs"][0]["results"]
    assert result["properties"]["citations"][0]["source"] == "Directive 2011/83/EU art. 9"
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert "### Market: eu (European Union)" in rules["FL501"]["help"]["markdown"]
    assert "Directive 2011/83/EU art. 9" in rules["FL501"]["help"]["markdown"]
    plain = json.loads(cli(["check", ".", "--format", "sarif", "-q"], cwd=tmp_path).output)
    assert "Market:" not in plain["runs"][0]["tool"]["driver"]["rules"][0]["help"]["markdown"]


def test_rule_command_shows_the_markets_options_and_citation():
    output = cli(["rule", "FL202", "--market", "eu"]).output
    assert "### Market: eu (European Union)" in output
    assert "**Directive 98/6/EC art. 6a**" in output and "option `lookback-days` = `30`" in output
    assert "**Directive 98/6/EC art. 6a(5)**" in output
    us = cli(["rule", "FL202", "--market", "us-ca"]).output
    assert "Cal. Bus. & Prof. Code § 17501; 16 CFR 233.1" in us and "`reference-test` = `charged-within`" in us
    assert "No provision of this market changes FL501" in cli(["rule", "FL501", "--market", "uk"]).output


def test_docs_markets_is_generated_and_current():
    text = (ROOT / "docs" / "markets.md").read_text(encoding="utf-8")
    assert text == reference(), "docs/markets.md is out of date; run 'fairlint docs'"
    for source in ("Directive 98/6/EC art. 6a", "Directive 98/6/EC art. 6a(5)", "CJEU C-330/23, Aldi Süd, 2024",
                   "Directive 2011/83/EU art. 9", "FCA ICOBS 6B", "Cal. Bus. & Prof. Code § 17501", "16 CFR 233.1"):
        assert source in text


@pytest.mark.parametrize("market", sorted(PROFILES))
def test_every_profile_names_rules_that_exist_and_says_how_prepared_ones_are_wired(market):
    from fairlint.rules import rule_by_code

    for provision in PROFILES[market].provisions:
        assert rule_by_code(provision.rule) is not None
        assert provision.status in ("applied", "prepared")
        assert provision.status == "applied" or provision.hook


def test_sector_comes_from_the_document_else_the_configuration(tmp_path):
    write_files(tmp_path, {
        "home.yaml": "kind: campaign\nid: home-cover\nsector: insurance\n",
        "renewals.yaml": "kind: price-schedule\nid: motor\nsector: Insurance\nrows:\n"
                         "  - {sku: CAR-1, price: 300, start: 2027-01-01, end: 2027-12-31}\n",
        "plain.csv": "sku,price,start,end\nX-1,10,2027-01-01,2027-01-31\n",
    })
    from fairlint.config import Config
    from fairlint.engine import run
    from helpers import chdir

    with chdir(tmp_path):
        project = run([Path(".")], Config(sector="insurance")).project
        bare = run([Path(".")], Config()).project
    (campaign,) = project.campaigns
    by_id = {s.id: s for s in project.schedules}
    assert sector_of(project, campaign) == "insurance"
    assert sector_of(project, by_id["motor"].rows[0]) == "insurance"
    assert sector_of(project, by_id["plain"]) == "insurance"  # the configuration's
    assert sector_of(bare, {s.id: s for s in bare.schedules}["plain"]) is None
    assert cite(project, "FL501", "return-window") == ()  # no market: nothing to cite
