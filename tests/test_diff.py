"""``check --diff REV``: only findings in files changed since REV (and untracked ones), with full context."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from helpers import cli, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SELECT = 'select = ["FL101", "FL201"]\n'
PRICES = """sku,price,start,end,announced
LAMP-01,49.00,2027-03-01,2027-03-09,
LAMP-01,39.00,2027-03-10,2027-03-20,2027-03-10
RUG-07,149.00,2027-01-01,,
"""
FAIR = """kind: campaign
id: spring
starts: 2027-03-01
ends: 2027-03-31
prices: ../prices/spring.csv
offers:
  - id: rug-weekend
    audience: all
    type: amount-off
    value: 30
    products: ["RUG-*"]
    starts: 2027-03-13
    ends: 2027-03-14
    announced: 2027-03-01
"""
# the same campaign, no longer announced: FL201 needs the (unchanged) price list to see the drop
UNANNOUNCED = FAIR.replace("    announced: 2027-03-01\n", "")


def git(cwd, *args) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CEILING_DIRECTORIES=str(cwd.parent), GIT_CONFIG_NOSYSTEM="1", HOME=str(cwd.parent))
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "shop"
    write_files(root, {"fairlint.toml": SELECT, "prices/spring.csv": PRICES, "campaigns/spring.yaml": FAIR,
                       "campaigns/summer.yaml": FAIR.replace("id: spring", "id: summer").replace("rug-", "rug2-")})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "spring campaign")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return root


def reported(result) -> list[str]:
    return [line.split(": ", 1)[0].rsplit(":", 1)[0] for line in result.output.splitlines()[:-1]]


def test_unchanged_files_are_not_reported(repo):
    assert reported(cli(["check", "."], cwd=repo)) == ["prices/spring.csv:3"]
    result = cli(["check", "--diff", "HEAD", "."], cwd=repo)
    assert result.exit_code == 0, result.output
    assert result.output == "No findings in 0 files.\n"


def test_a_changed_campaign_is_checked_with_its_unchanged_price_list(repo):
    write_files(repo, {"campaigns/spring.yaml": UNANNOUNCED})
    result = cli(["check", "--diff", "HEAD", "."], cwd=repo)
    assert result.exit_code == 1
    assert reported(result) == ["campaigns/spring.yaml:7"]  # not the price list's own, older finding
    assert "RUG-07" in result.output and "1 file" in result.output


def test_only_the_changed_campaign_when_named_alone(repo):
    write_files(repo, {"campaigns/spring.yaml": UNANNOUNCED})
    result = cli(["check", "--diff", "HEAD", "campaigns/spring.yaml"], cwd=repo)
    assert reported(result) == ["campaigns/spring.yaml:7"]


def test_untracked_files_count_as_changed(repo):
    write_files(repo, {"campaigns/new.yaml": UNANNOUNCED.replace("id: spring", "id: extra").replace("rug-", "x-")})
    result = cli(["check", "--diff", "HEAD", "."], cwd=repo)
    assert reported(result) == ["campaigns/new.yaml:7"]


def test_changes_since_an_older_revision(repo):
    first = git(repo, "rev-parse", "HEAD").strip()
    write_files(repo, {"campaigns/spring.yaml": UNANNOUNCED})
    git(repo, "commit", "-q", "-am", "drop the announcement")
    assert reported(cli(["check", "--diff", "HEAD", "."], cwd=repo)) == []
    assert reported(cli(["check", "--diff", first, "."], cwd=repo)) == ["campaigns/spring.yaml:7"]


def test_from_a_subfolder(repo):
    write_files(repo, {"campaigns/spring.yaml": UNANNOUNCED})
    result = cli(["check", "--diff", "HEAD", "."], cwd=repo / "campaigns")
    assert reported(result) == ["spring.yaml:7"]


def test_bad_revision_exits_2(repo):
    result = cli(["check", "--diff", "no-such-branch", "."], cwd=repo)
    assert result.exit_code == 2
    assert "'no-such-branch' is not a commit in this repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_outside_a_repository_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write_files(tmp_path, {"prices.csv": PRICES})
    result = cli(["check", "--diff", "HEAD", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_write_baseline_refuses_diff(repo):
    result = cli(["check", "--diff", "HEAD", "--write-baseline", "."], cwd=repo)
    assert result.exit_code == 2 and "without --diff" in result.stderr
