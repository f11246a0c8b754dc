"""The team workflow (issue 11): never a clean result for what was not read, one filter pipeline,
pre-commit giving the folder's verdict, and one repository holding many teams' projects."""

from __future__ import annotations

import datetime as dt

import json
from decimal import Decimal
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import ROOT, chdir, cli, write_files

DROP = "sku,price,start,end\nLAMP-01,49.00,2027-03-01,2027-03-09\nLAMP-01,39.00,2027-03-10,\n"
CAMPAIGN = """kind: campaign
id: spring
starts: 2027-03-01
ends: 2027-03-31
"""


def lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": FL" in line]


# --- never a clean result for what was not read ---------------------------------------------------

# The size limit is for YAML, JSON, TOML and scripts; price schedules of any size are streamed
# by the price engine (issue 10), so a big campaign file stands for the file over the limit.
BIG_CAMPAIGN = "kind: campaign\nid: big\n" + "# notes\n" * 150_000


def test_a_file_over_the_limit_is_reported_whatever_the_selection(tmp_path):
    write_files(tmp_path, {"fairlint.toml": "max-file-mb = 1\n", "campaign.yaml": BIG_CAMPAIGN})
    result = cli(["check", "--select", "FL201", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert [line.split(" [")[0] for line in lines(result)] == ["campaign.yaml:1:1: FL001"]
    assert "over the 1 MB limit" in result.stdout
    assert "No findings" not in result.stdout
    assert "in 0 files" in result.stdout and "1 file or folder could not be read." in result.stdout  # not checked
    assert "could not be read" in result.stderr and "campaign.yaml" in result.stderr


def test_a_price_schedule_over_the_limit_is_still_checked(tmp_path):
    rows = "".join(f"LAMP-01,{'39.00' if n == 30_000 else '49.00'},{day},{day}\n"
                   for n, day in enumerate(dt.date(2000, 1, 1) + dt.timedelta(days=k) for k in range(60_000)))
    write_files(tmp_path, {"fairlint.toml": "max-file-mb = 1\n", "prices.csv": "sku,price,start,end\n" + rows})
    result = cli(["check", "--select", "FL201", "."], cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert [line.split(" [")[0] for line in lines(result)] == ["prices.csv:30002:1: FL201"]


def test_junit_shows_no_passing_test_for_a_file_not_read(tmp_path):
    write_files(tmp_path, {"fairlint.toml": "max-file-mb = 1\n", "campaign.yaml": BIG_CAMPAIGN})
    result = cli(["check", "--format", "junit", "--select", "FL201", "."], cwd=tmp_path)
    assert result.exit_code == 2
    suite = ET.fromstring(result.stdout.encode()).find("testsuite")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == ["campaign.yaml"]
    assert cases["campaign.yaml"].find("error") is not None and suite.get("errors") == "1"


def test_a_latin1_schedule_with_an_undisclosed_drop_does_not_pass(tmp_path):
    (tmp_path / "prices.csv").write_bytes(DROP.replace("LAMP-01", "LAMPE-CAFÉ").encode("latin-1"))
    for args in (["check", "."], ["check", "--select", "FL201", "."], ["check", "--ignore", "FL001", "."]):
        result = cli(args, cwd=tmp_path)
        assert result.exit_code == 2, args
        assert "FL001" in result.stdout and "invalid UTF-8" in result.stdout


def test_disable_file_does_not_hide_a_syntax_error(tmp_path):
    write_files(tmp_path, {"campaign.yaml": "# fairlint: disable-file=FL001\nkind: campaign\nid: [spring\n"})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert [line.split(": FL")[0] for line in lines(result)] == ["campaign.yaml:4:1"]


def test_per_file_ignores_do_not_hide_a_file_not_read(tmp_path):
    write_files(tmp_path, {"fairlint.toml": '[per-file-ignores]\n"*.yaml" = ["FL001"]\n',
                           "campaign.yaml": "kind: campaign\nid: [spring\n", "ok.yaml": "kind: campain\nid: x\n"})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in lines(result)] == ["campaign.yaml"]  # the kind typo is ignored


def test_a_linked_file_not_read_is_reported_too(tmp_path):
    write_files(tmp_path, {"campaign.yaml": CAMPAIGN + "prices: prices.csv\n"})
    (tmp_path / "prices.csv").write_bytes(DROP.replace("LAMP-01", "CAFÉ").encode("latin-1"))
    result = cli(["check", "--select", "FL201", "campaign.yaml"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "prices.csv:2:4: FL001" in result.stdout


def test_a_folder_that_cannot_be_entered_is_reported(tmp_path, monkeypatch):
    from fairlint import discovery

    write_files(tmp_path, {"campaigns/ok.yaml": CAMPAIGN, "locked/x.yaml": CAMPAIGN})
    real_walk = os.walk

    def walk(top, **kwargs):  # as os.walk does for a folder without permission (root can enter any)
        for folder, dirs, files in real_walk(top, **kwargs):
            if Path(folder).name == "locked":
                kwargs["onerror"](PermissionError(13, "Permission denied", folder))
                dirs[:] = []
                continue
            yield folder, dirs, files

    monkeypatch.setattr(discovery.os, "walk", walk)
    result = cli(["check", "--select", "FL201", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert lines(result) and lines(result)[0].startswith("locked:1:1: FL001")
    assert "cannot enter this folder (Permission denied)" in result.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_a_file_without_permission_is_reported(tmp_path):
    write_files(tmp_path, {"campaign.yaml": CAMPAIGN})
    (tmp_path / "campaign.yaml").chmod(0)
    result = cli(["check", "--select", "FL2", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert "campaign.yaml:1:1: FL001" in result.stdout


# --- one filter pipeline --------------------------------------------------------------------------

def test_report_takes_a_baseline_and_diff(tmp_path):
    write_files(tmp_path, {"prices.csv": DROP})
    assert cli(["check", "--baseline", "base.json", "--write-baseline", "."], cwd=tmp_path).exit_code == 0
    write_files(tmp_path, {"more.csv": DROP.replace("LAMP-01", "DESK-02")})
    result = cli(["report", "--format", "json", "--baseline", "base.json", "."], cwd=tmp_path)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["findings"]] == ["more.csv"]


def test_report_diff_keeps_changed_files_only(tmp_path):
    write_files(tmp_path, {"old/prices.csv": DROP})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    write_files(tmp_path, {"new/prices.csv": DROP.replace("LAMP-01", "DESK-02")})
    report = json.loads(cli(["report", "--format", "json", "--diff", "HEAD", "."], cwd=tmp_path).stdout)
    assert [f["path"] for f in report["findings"]] == ["new/prices.csv"]


def test_format_choices_come_from_the_registries():
    from fairlint.formats import OUTPUT_FORMATS, REPORT_FORMATS

    check_help = cli(["check", "--help"]).stdout
    report_help = cli(["report", "--help"]).stdout
    assert all(name in check_help for name in OUTPUT_FORMATS)
    assert all(name in report_help for name in REPORT_FORMATS)


def test_docs_prints_unless_told_where_to_write(tmp_path):
    result = cli(["docs"], cwd=tmp_path)
    assert result.exit_code == 0 and result.stdout.startswith("# fairlint rules")
    assert list(tmp_path.iterdir()) == []
    assert cli(["docs", "--check"], cwd=tmp_path).exit_code == 2
    assert cli(["docs", "-o", "out/rules.md"], cwd=tmp_path).exit_code == 0
    assert cli(["docs", "--check", "-o", "out/rules.md"], cwd=tmp_path).exit_code == 0


@pytest.mark.parametrize("setting, words", [
    ("[rules.FL403]\nmax-seller-share = 30\n", "a share between 0 and 1, got 30: did you mean 0.30?"),
    ('ignore = "FL403"\n', 'ignore: expected a list, e.g. ignore = ["FL403"]'),
    ('exclude = "archive/**"\n', 'expected a list'),
    ("max-file-mb = 0\n", "above 0"),
    ('fail-on = "warn"\n', "expected error, warning or info"),
    ('[per-file-ignores]\n"*.csv" = "FL202"\n', 'per-file-ignores.*.csv: expected a list'),
    ('lexicon = "../elsewhere"\n', "outside the project"),
])
def test_configuration_values_are_checked_with_a_hint(tmp_path, setting, words):
    write_files(tmp_path, {"fairlint.toml": setting, "prices.csv": DROP})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert words in result.stderr, result.stderr


def test_a_share_within_range_is_accepted(tmp_path):
    write_files(tmp_path, {"fairlint.toml": "[rules.FL403]\nmax-seller-share = 0.5\n", "prices.csv": DROP})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 1


@pytest.mark.parametrize("channel", ["push", "app", "whatsapp", "letter", "phone", "sms"])
def test_common_channels_are_accepted(tmp_path, channel):
    write_files(tmp_path, {"campaign.yaml": CAMPAIGN + f"messages:\n  - id: m\n    channel: {channel}\n"
                                            "    text: Our spring range is here.\n"})
    result = cli(["check", "--select", "FL001", "."], cwd=tmp_path)
    assert result.exit_code == 0, result.stdout


def test_a_channel_in_capitals_gets_a_hint(tmp_path):
    write_files(tmp_path, {"campaign.yaml": CAMPAIGN + "messages:\n  - id: m\n    channel: SMS\n"
                                            "    text: Our spring range is here.\n"})
    result = cli(["check", "."], cwd=tmp_path)
    assert "campaign.yaml:7" in result.stdout and "did you mean 'sms'?" in result.stdout


def test_return_hours_accept_24_7():
    from fairlint.load.hours import weekly_hours

    assert weekly_hours("24/7") == 168
    assert weekly_hours("24 / 7") == 168


# --- pre-commit gives the folder's verdict --------------------------------------------------------

def test_the_hook_passes_skip_other_files():
    assert "--skip-other-files" in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


def test_skip_other_files_skips_a_readme_but_not_a_broken_document(tmp_path):
    write_files(tmp_path, {"campaigns/README.md": "# Campaigns\n\nOwner: marketing.\n",
                           "campaigns/tracker.csv": "task,owner\nbanner,ann\n",
                           "campaigns/ci.yaml": "on: push\njobs: {}\n",
                           "campaigns/typo.yaml": "kind: campain\nid: x\n",
                           "campaigns/broken.yaml": "kind: campaign\nid: [x\n"})
    named = ["campaigns/README.md", "campaigns/tracker.csv", "campaigns/ci.yaml"]
    assert cli(["check", *named], cwd=tmp_path).exit_code == 1  # named: each is FL001
    result = cli(["check", "--skip-other-files", *named], cwd=tmp_path)
    assert result.exit_code == 0, result.stdout
    typo = cli(["check", "--skip-other-files", "campaigns/typo.yaml"], cwd=tmp_path)
    assert typo.exit_code == 1 and "did you mean 'campaign'" in typo.stdout
    assert cli(["check", "--skip-other-files", "campaigns/broken.yaml"], cwd=tmp_path).exit_code == 2


def test_a_schedule_is_judged_with_the_campaign_linking_to_it(tmp_path):
    write_files(tmp_path, {"fairlint.toml": "",
                           "campaigns/spring.yaml": CAMPAIGN + "disclose_upcoming_sales: true\n"
                                                    "prices: ../prices/spring.csv\n",
                           "prices/spring.csv": DROP, "prices/other.csv": DROP.replace("LAMP-01", "DESK-02")})
    assert cli(["check", "."], cwd=tmp_path).stdout.count("FL201") == 1  # other.csv only
    assert cli(["check", "prices/spring.csv"], cwd=tmp_path).exit_code == 0
    assert cli(["check", "prices/other.csv"], cwd=tmp_path).exit_code == 1
    # from another working folder, as pre-commit runs it from the repository's top
    assert cli(["check", str(tmp_path / "prices" / "spring.csv")], cwd=ROOT).exit_code == 0


def test_a_comment_on_a_key_covers_its_block_scalar(tmp_path):
    offer = """offers:
  - id: o
    audience: all
    type: percent-off
    value: 15
    products: ["LAMP-*"]
    starts: 2027-03-01
    ends: 2027-03-07
    announced: 2027-02-01
"""
    on_key = CAMPAIGN + offer + """messages:
  - id: m
    offers: [o]
    text: |  # fairlint: disable=FL203
      Spring is here.
      Take 25% off every lamp this week.
"""
    above = on_key.replace("    text: |  # fairlint: disable=FL203\n", "    # fairlint: disable=FL203\n    text: |\n")
    bare = on_key.replace("  # fairlint: disable=FL203", "")
    write_files(tmp_path, {"bare/campaign.yaml": bare, "on_key/campaign.yaml": on_key,
                           "above/campaign.yaml": above})
    found = cli(["check", "--select", "FL203", "bare"], cwd=tmp_path)
    assert [line.split(" [")[0] for line in lines(found)] == ["bare/campaign.yaml:19:12: FL203"]
    assert cli(["check", "--select", "FL2,FL002", "on_key"], cwd=tmp_path).exit_code == 0
    assert cli(["check", "--select", "FL2,FL002", "above"], cwd=tmp_path).exit_code == 0


def test_an_unused_suppression_on_a_key_says_which_lines_it_covered(tmp_path):
    write_files(tmp_path, {"campaign.yaml": CAMPAIGN + """messages:
  - id: m
    text: |  # fairlint: disable=FL203
      Spring is here.
      Our lamps are lovely.
"""})
    result = cli(["check", "--select", "FL2,FL002", "."], cwd=tmp_path)
    assert "campaign.yaml:7:14: FL002" in result.stdout
    assert "nothing on lines 7-9 triggers FL203" in result.stdout


def test_a_comment_on_a_list_key_covers_only_its_line():
    from fairlint.suppress import find_directives

    text = "messages:  # fairlint: disable=FL301\n  - id: m\n    text: Save 20%\n"
    assert find_directives(Path("c.yaml"), text)[0].lines == (1,)


# --- one repository, many teams -------------------------------------------------------------------

BRAND = """kind: campaign
id: spring
starts: 2027-03-01
ends: 2027-03-31
prices: prices.csv
"""


def test_each_folder_with_a_configuration_is_its_own_project(tmp_path):
    write_files(tmp_path, {"brands/a/fairlint.toml": 'ignore = ["FL201"]\n', "brands/a/campaign.yaml": BRAND,
                           "brands/a/prices.csv": DROP,
                           "brands/b/fairlint.toml": "", "brands/b/campaign.yaml": BRAND,
                           "brands/b/prices.csv": DROP})
    result = cli(["check", "."], cwd=tmp_path)
    found = [line.split(" [")[0] for line in lines(result)]
    assert found == ["brands/b/prices.csv:3:1: FL201"]  # a ignores FL201; the same id twice is no duplicate
    # --config makes every path one project: the ids now collide
    merged = cli(["check", "--config", "brands/b/fairlint.toml", "."], cwd=tmp_path)
    assert "is already used by" in merged.stdout


def test_a_price_clash_across_projects_is_no_conflict(tmp_path):
    write_files(tmp_path, {
        "a/fairlint.toml": "", "a/prices.csv": "sku,price,start,end\nLAMP-01,49.00,2027-03-01,\n",
        "b/fairlint.toml": "", "b/prices.csv": "sku,price,start,end\nLAMP-01,39.00,2027-03-01,\n",
    })
    assert cli(["check", "."], cwd=tmp_path).exit_code == 0
    assert "FL204" in cli(["check", "--config", "a/fairlint.toml", "."], cwd=tmp_path).stdout


def test_the_fixtures_are_two_projects():
    result = cli(["check", "--format", "json", "fixtures/"], cwd=ROOT)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert not any("already used by" in f["message"] for f in findings)
    assert not any(f["path"].startswith("fixtures/clean/") for f in findings)
    assert cli(["check", "fixtures/clean"], cwd=ROOT).exit_code == 0
    assert cli(["check", "fixtures/example/campaigns/spring-2027.yaml"], cwd=ROOT).exit_code == 1


@pytest.mark.parametrize("exists", [True, False])
def test_a_link_outside_the_project_is_not_opened(tmp_path, exists):
    write_files(tmp_path, {"project/fairlint.toml": "",
                           "project/campaigns/spring.yaml": CAMPAIGN + "prices: ../../outside.csv\n"})
    if exists:
        write_files(tmp_path, {"outside.csv": DROP.replace("LAMP-01", "SECRET-SKU")})
    result = cli(["check", "--format", "json", "."], cwd=tmp_path / "project")
    findings = json.loads(result.stdout)
    assert [(f["code"], f["line"]) for f in findings] == [("FL003", 5)]
    assert findings[0]["message"] == ("campaign 'spring' links to '../../outside.csv', which is outside the project, "
                                      "so it is not read; keep linked files inside the project folder (the "
                                      "configuration file's folder or the repository)")
    assert "SECRET" not in result.stdout


def test_a_symbolic_link_leading_outside_is_outside(tmp_path):
    write_files(tmp_path, {"project/fairlint.toml": "", "outside.csv": DROP,
                           "project/campaigns/spring.yaml": CAMPAIGN + "prices: ../prices.csv\n"})
    (tmp_path / "project" / "prices.csv").symlink_to(tmp_path / "outside.csv")
    result = cli(["check", "project/campaigns"], cwd=tmp_path)
    assert "outside the project" in result.stdout


def test_the_project_root_without_configuration_is_the_git_top(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    write_files(tmp_path, {"team/campaigns/spring.yaml": CAMPAIGN + "prices: ../../shared/prices.csv\n",
                           "shared/prices.csv": DROP})
    with chdir(tmp_path / "team"):
        result = cli(["check", "campaigns/spring.yaml"])
    assert "FL003" not in result.stdout  # the link stays inside the work tree


# --- exact positions in folded text ---------------------------------------------------------------

OFFER = CAMPAIGN + """offers:
  - id: o
    audience: all
    type: percent-off
    value: 15
    products: ["LAMP-*"]
    starts: 2027-03-01
    ends: 2027-03-07
    announced: 2027-02-01
messages:
  - id: m
    offers: [o]
"""  # the text: key is line 17


@pytest.mark.parametrize("text, line, col", [
    ("    text: Spring is here and the\n      lamps are in. Take 25% off\n      every lamp.\n", 18, 26),
    ('    text: "Spring is here and the \\\n      lamps are in. Take 25% off \\\n      every lamp."\n', 18, 26),
    ("    text: >\n      Spring is here and the\n      lamps are in.\n\n      Take 25% off every lamp.\n", 21, 12),
    ("    text: 'Spring is here\n      and the lamps are in.\n      Take 25% off'\n", 19, 12),
    ("    text: |\n      Spring is here.\n      Take 25% off every lamp.\n", 19, 12),
    ("    text: Spring is here. Take 25% off every lamp.\n", 17, 32),
])
def test_a_phrase_is_reported_where_it_is_written(tmp_path, text, line, col):
    write_files(tmp_path, {"campaign.yaml": OFFER + text})
    result = cli(["check", "--select", "FL203", "."], cwd=tmp_path)
    assert [entry.split(" [")[0] for entry in lines(result)] == [f"campaign.yaml:{line}:{col}: FL203"]


def test_a_schedule_with_a_space_in_its_name_finds_its_campaign(tmp_path):
    write_files(tmp_path, {"fairlint.toml": "",
                           "campaigns/spring.yaml": CAMPAIGN + "disclose_upcoming_sales: true\n"
                                                    "prices: \"../prices/spring sale.csv\"\n",
                           "prices/spring sale.csv": DROP})
    assert cli(["check", "prices/spring sale.csv"], cwd=tmp_path).exit_code == 0
    (tmp_path / "campaigns" / "spring.yaml").unlink()
    assert cli(["check", "prices/spring sale.csv"], cwd=tmp_path).exit_code == 1


def test_a_return_policy_open_24_7_is_read(tmp_path):
    policy = "kind: return-policy\nid: returns\nwindow_days: 30\nhours: \"{hours}\"\nrefund: money\n"
    write_files(tmp_path, {"always/policy.yaml": policy.format(hours="24/7"),
                           "rarely/policy.yaml": policy.format(hours="Fri 14:00-15:00"),
                           "typo/policy.yaml": policy.format(hours="24/8")})
    assert cli(["check", "always"], cwd=tmp_path).exit_code == 0
    assert "FL501" in cli(["check", "rarely"], cwd=tmp_path).stdout  # one hour a week: the rule still bites
    assert "policy.yaml:4:8: FL001" in cli(["check", "typo"], cwd=tmp_path).stdout


@pytest.mark.parametrize("name, content", [
    ("campaign.yaml", "kind: campaign\nid: spring\nname: " + "x" * 100 + "\n"),
    ("prices.csv", DROP),
])
def test_any_file_over_the_limit_is_reported_with_any_selection(tmp_path, name, content):
    write_files(tmp_path, {"fairlint.toml": "max-file-mb = 0.001\n", name: content * 20})
    result = cli(["check", "--select", "FL201", "--format", "json", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert [(f["path"], f["code"]) for f in json.loads(result.stdout)] == [(name, "FL001")]


def test_sarif_marks_a_run_that_did_not_read_everything(tmp_path):
    write_files(tmp_path, {"campaign.yaml": "kind: campaign\nid: [x\n", "ok/prices.csv": DROP})
    broken = json.loads(cli(["check", "--format", "sarif", "."], cwd=tmp_path).stdout)["runs"][0]
    assert broken["invocations"][0]["executionSuccessful"] is False
    whole = json.loads(cli(["check", "--format", "sarif", "ok"], cwd=tmp_path).stdout)["runs"][0]
    assert "invocations" not in whole


def test_a_guessed_root_is_not_searched_for_linking_campaigns(tmp_path):
    write_files(tmp_path, {"campaigns/spring.yaml": CAMPAIGN + "disclose_upcoming_sales: true\n"
                                                    "prices: ../prices/spring.csv\n",
                           "prices/spring.csv": DROP})
    # no configuration, no git: the root is the current folder, a guess; the schedule is judged alone
    assert cli(["check", "prices/spring.csv"], cwd=tmp_path).exit_code == 1
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    assert cli(["check", "prices/spring.csv"], cwd=tmp_path).exit_code == 0  # a work tree is a project


def test_odd_links_give_findings_not_tracebacks(tmp_path):
    write_files(tmp_path, {"fairlint.toml": "",
                           "c.yaml": 'kind: campaign\nid: a\nprices: "x\\0y.csv"\nscripts: [loop.md, "'
                                     + "a" * 5000 + '.md"]\n'})
    (tmp_path / "loop.md").symlink_to("loop.md")
    for command in ("check", "report"):
        result = cli([command, "."], cwd=tmp_path)
        assert result.exit_code == 2, (command, result.stderr)  # loop.md cannot be read
        assert "loop.md" in result.stderr
    assert cli(["check", "."], cwd=tmp_path).stdout.count("FL003") == 3


def test_report_charts_draw_each_project_from_its_own_prices(tmp_path):
    from fairlint.report import build
    from fairlint.report.timeline import timelines
    from fairlint.engine import run

    write_files(tmp_path, {"a/fairlint.toml": "", "a/prices.csv": DROP,
                           "b/fairlint.toml": "", "b/prices.csv": DROP.replace("49.00", "59.00")})
    with chdir(tmp_path):
        result = run([Path(".")])
        drawn, _ = timelines(build(result, result.units[0].config, "test"))
    prices = sorted((t.finding.path, max(step.price for s in t.series for step in s.steps)) for t in drawn)
    assert prices == [("a/prices.csv", Decimal("49.00")), ("b/prices.csv", Decimal("59.00"))]


def test_a_configuration_kept_aside_still_lets_links_resolve(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    write_files(tmp_path, {"ci/fairlint.toml": 'select = ["FL003"]\n',
                           "campaigns/spring.yaml": CAMPAIGN + "prices: ../prices/spring.csv\n",
                           "prices/spring.csv": DROP})
    result = cli(["check", "--config", "ci/fairlint.toml", "campaigns"], cwd=tmp_path)
    assert result.exit_code == 0, result.stdout


def test_a_linked_script_with_unknown_labels_is_fl001_at_the_script_in_a_folder_check(tmp_path):
    # A walk passes over text whose labels it cannot read, but a campaign says this file is a script:
    # formats.md makes that FL001 naming the labels, as checking the script alone does.
    script = "Alice: Hello, how can I help?\nBob: Just looking.\nAlice: Would you like our premium plan?\n"
    write_files(tmp_path, {"fairlint.toml": "", "campaign.yaml": CAMPAIGN + "scripts: [scripts/call.md]\n",
                           "scripts/call.md": script, "README.md": "Note: not a script.\nTodo: nothing here.\n"})
    found = lines(cli(["check", "."], cwd=tmp_path))
    assert [line.split(" [")[0] for line in found if "FL001" in line] == ["scripts/call.md:1:1: FL001"]
    assert "'Alice', 'Bob'" in next(line for line in found if "FL001" in line)
    assert any(line.startswith("campaign.yaml:5:1: FL003") for line in found)
    assert lines(cli(["check", "scripts/call.md"], cwd=tmp_path))[0].startswith("scripts/call.md:1:1: FL001")
