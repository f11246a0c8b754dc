"""The command line as a user meets it: exit codes, configuration, selection, walking a real repository."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import ROOT, cli, write_files

LATE_DROP = """sku,price,start,end,announced
LAMP-01,49.00,2027-03-01,2027-03-09,
LAMP-01,39.00,2027-03-10,2027-03-20,2027-03-10
"""
NEW_ONLY = """kind: campaign
id: spring
starts: 2027-03-01
ends: 2027-03-31
terms: {returns: "30 days, full refund", delivery: "3-5 business days", price: "prices include VAT"}
offers:
  - id: welcome20
    audience: new
    value: 20
    announced: 2027-02-01
"""


def codes(result) -> list[str]:
    return [line.split(": ", 2)[1].split()[0] for line in result.output.splitlines()[:-1]]


# --- exit codes ------------------------------------------------------------------------


def test_exit_0_when_clean(tmp_path):
    write_files(tmp_path, {"campaign.yaml": "kind: campaign\nid: quiet\n"})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 0
    assert result.output == "No findings in 1 file.\n"


def test_exit_1_on_a_warning(tmp_path):
    write_files(tmp_path, {"prices.csv": LATE_DROP})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("prices.csv:3:1: FL201 [warning] LAMP-01 drops")


def test_fail_on_error_lets_warnings_pass(tmp_path):
    write_files(tmp_path, {"prices.csv": LATE_DROP})
    result = cli(["check", "--fail-on", "error", "."], cwd=tmp_path)
    assert result.exit_code == 0
    assert "FL201" in result.output  # still reported


def test_fail_on_info_fails_on_an_unused_suppression(tmp_path):
    write_files(tmp_path, {"campaign.yaml": "kind: campaign\nid: quiet  # fairlint: disable=FL101\n"})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 0
    assert cli(["check", "--fail-on", "info", "."], cwd=tmp_path).exit_code == 1


def test_exit_2_for_a_missing_path(tmp_path):
    result = cli(["check", "no/such/path"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "no/such/path: no such file or folder" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--select", "FL999", "."], "unknown rule code 'FL999'"),
        (["check", "--ignore", "XX1", "."], "unknown rule code 'XX1'"),
        (["check", "--format", "yaml", "."], "Invalid value for '--format'"),
        (["check", "--fail-on", "fatal", "."], "Invalid value for '--fail-on'"),
        (["check", "--config", "missing.toml", "."], "missing.toml: configuration file not found"),
        (["rule", "FL999"], "unknown rule 'FL999'"),
        (["nonsense"], "No such command"),
    ],
)
def test_exit_2_for_unusable_arguments(tmp_path, args, message):
    result = cli(args, cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    "config, message",
    [
        ('select = ["FL999"]', "select: unknown rule code 'FL999'"),
        ('slect = ["FL1"]', "slect: unknown key; did you mean 'select'?"),
        ('fail-on = "fatal"', "fail-on: unknown severity 'fatal'"),
        ("[rules.FL201]\nnotice-dayz = 2", "rules.FL201.notice-dayz: unknown option for FL201"),
        ('[rules.FL201]\nnotice-days = "two"', "rules.FL201.notice-days: expected a number"),
        ("[rules.FL201]\nnotice-days = -1", "expected a number of at least 0"),
        ("[rules.FL777]\nseverity = 'error'", "rules.FL777: unknown rule code"),
        ('[rules.FL201]\nseverity = "loud"', "unknown severity 'loud'"),
        ("select = [", "invalid TOML"),
        ('[per-file-ignores]\n"*.csv" = ["FL2O1"]', "unknown rule code 'FL2O1'"),
    ],
)
def test_exit_2_for_a_broken_configuration(tmp_path, config, message):
    write_files(tmp_path, {"fairlint.toml": config, "prices.csv": LATE_DROP})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "fairlint.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_console_script_runs_without_traceback_on_garbage(tmp_path):
    (tmp_path / "garbage.yaml").write_bytes(b"\xff\xfe\x00\x00kind: [")
    (tmp_path / "prices.csv").write_text(LATE_DROP, encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "fairlint", "check", "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert process.returncode == 2  # a file that could not be read: the result is incomplete
    assert "Traceback" not in process.stderr + process.stdout
    assert "garbage.yaml:1:1: FL001" in process.stdout
    assert "prices.csv:3:1: FL201" in process.stdout  # the bad file did not stop the others


def test_version():
    result = cli(["--version"])
    assert result.exit_code == 0 and "fairlint" in result.output


# --- configuration -------------------------------------------------------------------


def test_config_found_by_walking_up_from_the_checked_path(tmp_path):
    write_files(tmp_path, {"fairlint.toml": 'ignore = ["FL201"]\n', "campaigns/q1/prices.csv": LATE_DROP})
    result = cli(["check", "campaigns/q1"], cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_pyproject_tool_table(tmp_path):
    write_files(tmp_path, {"pyproject.toml": '[project]\nname = "shop"\n\n[tool.fairlint]\nignore = ["FL2"]\n',
                           "prices.csv": LATE_DROP})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 0


def test_pyproject_without_fairlint_table_is_not_a_config(tmp_path):
    write_files(tmp_path, {"pyproject.toml": '[project]\nname = "shop"\n', "prices.csv": LATE_DROP})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 1


def test_dot_fairlint_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write_files(tmp_path, {"pyproject.toml": '[tool.fairlint]\nselect = ["FL1"]\n',
                           ".fairlint.toml": 'select = ["FL2"]\n', "prices.csv": LATE_DROP})
    result = cli(["check", "."], cwd=tmp_path)
    assert codes(result) == ["FL201"]


def test_config_option_names_a_file(tmp_path):
    write_files(tmp_path, {"ci/strict.toml": '[rules.FL201]\nseverity = "error"\n', "prices.csv": LATE_DROP})
    result = cli(["check", "--config", "ci/strict.toml", "."], cwd=tmp_path)
    assert "FL201 [error]" in result.output


def test_severity_override_and_fail_on_from_config(tmp_path):
    write_files(tmp_path, {"fairlint.toml": 'fail-on = "error"\n[rules.FL201]\nseverity = "info"\n',
                           "prices.csv": LATE_DROP})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 0
    assert "FL201 [info]" in result.output


def test_rule_option_from_config(tmp_path):
    in_time = LATE_DROP.replace("2027-03-20,2027-03-10", "2027-03-20,2027-03-09")
    write_files(tmp_path, {"prices.csv": in_time})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 0
    write_files(tmp_path, {"fairlint.toml": "[rules.FL201]\nnotice-days = 2\n"})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 1


def test_cli_select_overrides_config(tmp_path):
    write_files(tmp_path, {"fairlint.toml": 'select = ["FL1"]\n', "prices.csv": LATE_DROP, "c.yaml": NEW_ONLY})
    assert codes(cli(["check", "."], cwd=tmp_path)) == ["FL101"]
    assert codes(cli(["check", "--select", "FL2", "."], cwd=tmp_path)) == ["FL201"]
    assert codes(cli(["check", "--select", "FL", "--ignore", "FL101", "."], cwd=tmp_path)) == ["FL201"]


def test_more_specific_ignore_beats_a_prefix_select(tmp_path):
    write_files(tmp_path, {"fairlint.toml": 'select = ["FL2"]\nignore = ["FL201"]\n', "prices.csv": LATE_DROP})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 0


def test_per_file_ignores(tmp_path):
    write_files(tmp_path, {"fairlint.toml": '[per-file-ignores]\n"legacy/*.csv" = ["FL201"]\n',
                           "legacy/old.csv": LATE_DROP, "current/new.csv": LATE_DROP})
    result = cli(["check", "."], cwd=tmp_path)
    assert [line.split(":")[0] for line in result.output.splitlines()[:-1]] == ["current/new.csv"]


def test_exclude_skips_folders_and_explicit_files(tmp_path):
    write_files(tmp_path, {"fairlint.toml": 'exclude = ["archive/**"]\n', "archive/2019/prices.csv": LATE_DROP})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 0
    assert cli(["check", "archive/2019/prices.csv"], cwd=tmp_path).exit_code == 0


def test_locale_key_is_accepted(tmp_path):
    write_files(tmp_path, {"fairlint.toml": 'locale = "en"\n', "c.yaml": "kind: campaign\nid: q\n"})
    assert cli(["check", "."], cwd=tmp_path).exit_code == 0


# --- walking a real-looking repository -----------------------------------------------


REAL_REPO = {
    ".github/workflows/ci.yml": "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    ".gitlab-ci.yml": "stages: [test]\ntest:\n  script: [make test]\n",
    "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: shop\n",
    "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
    "package.json": '{"name": "shop-site", "version": "1.0.0", "scripts": {"build": "vite build"}}\n',
    "tsconfig.json": '{"compilerOptions": {"strict": true}}\n',
    "README.md": "# Shop\n\nNote: run `make`.\nWarning: slow.\n",
    "CHANGELOG.md": "## 1.0\n- first\n",
    "docs/meeting-notes.txt": "Agenda: pricing\nDecision: none yet\n",
    "data/orders-export.csv": "order_id,total,date\n1,49.00,2027-03-01\n",
    "data/products.csv": "sku,name,colour\nLAMP-01,Oak lamp,natural\n",
    "pyproject.toml": '[project]\nname = "shop"\n',
    "mkdocs.yml": "site_name: Shop\n",
    ".pre-commit-config.yaml": "repos: []\n",
    "build/generated.yaml": "kind: campaign\nid: [broken\n",
    ".gitignore": "build/\n*.tmp.yaml\n",
    "scratch.tmp.yaml": "kind: campain\n",
    "node_modules/pkg/campaign.yaml": "kind: campaign\n",
}


def test_a_real_repository_gives_no_findings_for_other_tools_files(tmp_path):
    write_files(tmp_path, REAL_REPO)
    (tmp_path / ".git").mkdir()
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output == "No findings in 0 files (13 other files skipped; --verbose lists them).\n"


def test_verbose_lists_what_was_skipped(tmp_path):
    write_files(tmp_path, REAL_REPO)
    (tmp_path / ".git").mkdir()
    result = cli(["check", "--verbose", "."], cwd=tmp_path)
    assert "k8s/deployment.yaml: skipped" in result.stderr
    assert "data/orders-export.csv: skipped" in result.stderr
    assert "build/: skipped" in result.stderr


def test_campaigns_beside_other_files_are_found(tmp_path):
    write_files(tmp_path, REAL_REPO | {"marketing/spring/prices.csv": LATE_DROP, "marketing/spring/c.yaml": NEW_ONLY})
    (tmp_path / ".git").mkdir()
    result = cli(["check", "."], cwd=tmp_path)
    assert sorted(codes(result)) == ["FL101", "FL201"]


def test_gitignore_above_the_checked_folder_applies(tmp_path):
    write_files(tmp_path, {".gitignore": "drafts/\n", "marketing/drafts/prices.csv": LATE_DROP})
    (tmp_path / ".git").mkdir()
    assert cli(["check", "marketing"], cwd=tmp_path).exit_code == 0


def test_nested_gitignore_applies_to_its_folder(tmp_path):
    write_files(tmp_path, {"marketing/.gitignore": "*.csv\n", "marketing/prices.csv": LATE_DROP,
                           "other/prices.csv": LATE_DROP})
    result = cli(["check", "."], cwd=tmp_path)
    assert [line.split(":")[0] for line in result.output.splitlines()[:-1]] == ["other/prices.csv"]


def test_explicit_foreign_yaml_is_fl001(tmp_path):
    write_files(tmp_path, REAL_REPO)
    result = cli(["check", "k8s/deployment.yaml"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "k8s/deployment.yaml:2:7: FL001" in result.output
    assert "k8s/deployment.yaml:7:7: FL001" in result.output


def test_symlink_loop_does_not_hang(tmp_path):
    write_files(tmp_path, {"c/prices.csv": LATE_DROP})
    (tmp_path / "c" / "loop").symlink_to(tmp_path / "c", target_is_directory=True)
    result = cli(["check", "."], cwd=tmp_path)
    assert codes(result) == ["FL201"]


# --- explaining ----------------------------------------------------------------------


def test_rules_table_and_json():
    table = cli(["rules"])
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split() == ["code", "name", "severity", "summary"]
    data = json.loads(cli(["rules", "--format", "json"]).output)
    assert {"code", "name", "severity", "summary"} == set(data[0])


def test_rule_by_name_and_lower_case_code():
    assert cli(["rule", "undisclosed-next-day-sale"]).output == cli(["rule", "fl201"]).output
    assert "notice-days" in cli(["rule", "FL201"]).output


def test_docs_check_detects_a_stale_file(tmp_path):
    stale = tmp_path / "rules.md"
    stale.write_text("old\n", encoding="utf-8")
    assert cli(["docs", "--check", "--output", str(stale)]).exit_code == 1
    assert cli(["docs", "--output", str(stale)]).exit_code == 0
    assert cli(["docs", "--check", "--output", str(stale)]).exit_code == 0


def test_pre_commit_hook_definition():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = hooks[0]
    assert hook["id"] == "fairlint" and hook["entry"] == "fairlint check --skip-other-files" and hook["language"] == "python"
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("marketing/spring/campaign.yaml")
    assert pattern.search("campaigns/spring.yaml") and pattern.search("prices/spring.csv")
    assert not pattern.search(".github/workflows/ci.yml")
