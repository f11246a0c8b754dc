"""pre-commit in practice: a team installs the hook from this checkout, a bad campaign is refused.

The hook repository is a fresh git repository holding this checkout's current
files (so the test works in a fresh clone and with uncommitted work alike).
pre-commit builds a virtualenv and pip-installs fairlint into it, which needs
PyPI for fairlint's dependencies: without a network the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, write_files

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "fairlint")
UNFAIR = """kind: campaign
id: spring
starts: 2027-03-01
ends: 2027-03-31
offers:
  - id: welcome20
    audience: new
    value: 20
    announced: 2027-02-01
"""
FAIR = UNFAIR.replace("audience: new", "audience: all").replace("offers:\n", """terms:
  returns: "30 days, full refund"
  delivery: "3-5 business days"
  price: "prices include VAT"
offers:
""")
# the team's configuration: the customer-fairness rules and FL201 (so rules added later do not change this test)
CONFIG = 'select = ["FL1", "FL201"]\n'
SUMMER = """kind: campaign
id: summer
starts: 2027-06-01
ends: 2027-06-30
disclose_upcoming_sales: true
prices: ../prices/summer.csv
"""
DROP = "sku,price,start,end\nLAMP-01,49.00,2027-06-01,2027-06-09\nLAMP-01,39.00,2027-06-10,\n"
NO_NETWORK = ("Could not find a version that satisfies", "No matching distribution found", "NewConnectionError",
              "Temporary failure in name resolution", "Network is unreachable", "Max retries exceeded",
              "ConnectTimeout", "Name or service not known")


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"), GIT_CONFIG_NOSYSTEM="1",
               GIT_CEILING_DIRECTORIES=str(tmp_path), PIP_DISABLE_PIP_VERSION_CHECK="1",
               GIT_AUTHOR_NAME="Marketing", GIT_AUTHOR_EMAIL="marketing@example.com",
               GIT_COMMITTER_NAME="Marketing", GIT_COMMITTER_EMAIL="marketing@example.com")
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd, env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def hook_repository(tmp_path: Path, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository with this checkout's working-tree files, and its commit."""
    repo = tmp_path / "fairlint-hook"
    repo.mkdir()
    for name in HOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    git(repo, env, "init", "-q")
    git(repo, env, "add", ".")
    git(repo, env, "commit", "-q", "-m", "fairlint as it is in the checkout under test")
    return repo, git(repo, env, "rev-parse", "HEAD").stdout.strip()


def test_a_commit_with_an_unfair_campaign_is_refused_and_a_fair_one_accepted(tmp_path):
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[dev]')")
    env = environment(tmp_path)
    hook_repo, rev = hook_repository(tmp_path, env)
    shop = tmp_path / "shop"
    write_files(shop, {"fairlint.toml": CONFIG, ".pre-commit-config.yaml":
                       f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: fairlint\n"})
    git(shop, env, "init", "-q")
    pre_commit = [sys.executable, "-m", "pre_commit"]

    installed = run([*pre_commit, "install-hooks"], shop, env, timeout=900)
    if installed.returncode != 0:
        log = tmp_path / "pre-commit-cache" / "pre-commit.log"
        said = installed.stdout + installed.stderr + (log.read_text(errors="replace") if log.is_file() else "")
        if any(marker in said for marker in NO_NETWORK):
            pytest.skip("pre-commit could not pip-install the hook's dependencies (no network to PyPI)")
        pytest.fail(f"pre-commit install-hooks failed:\n{said[-4000:]}")
    assert run([*pre_commit, "install"], shop, env).returncode == 0
    git(shop, env, "add", ".pre-commit-config.yaml", "fairlint.toml")
    git(shop, env, "commit", "-q", "-m", "use fairlint")  # nothing for the hook to look at: passes

    write_files(shop, {"campaigns/spring.yaml": UNFAIR})
    git(shop, env, "add", "campaigns/spring.yaml")
    refused = run(["git", "commit", "-m", "spring campaign"], shop, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "campaigns/spring.yaml:6:5: FL101 [warning] offer 'welcome20' gives new customers 20%" in output
    assert git(shop, env, "log", "--format=%s").stdout.split("\n")[0] == "use fairlint"  # nothing committed

    write_files(shop, {"campaigns/spring.yaml": FAIR})
    git(shop, env, "add", "campaigns/spring.yaml")
    accepted = run(["git", "commit", "-m", "spring campaign, fair to everyone"], shop, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "fairlint" in accepted.stdout + accepted.stderr and "Passed" in accepted.stdout + accepted.stderr
    assert git(shop, env, "log", "--format=%s").stdout.split("\n")[0] == "spring campaign, fair to everyone"

    # a README in the campaign folder is not fairlint's: skipped (--skip-other-files), not FL001
    write_files(shop, {"campaigns/README.md": "# Campaigns\n\nOwner: marketing@example.com.\n",
                       "campaigns/summer.yaml": SUMMER, "prices/summer.csv": DROP})
    git(shop, env, "add", "campaigns/README.md", "campaigns/summer.yaml", "prices/summer.csv")
    accepted = run(["git", "commit", "-m", "summer campaign"], shop, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    # the price list alone is judged with the campaign that links to it, which discloses its sales
    write_files(shop, {"prices/summer.csv": DROP + "DESK-02,99.00,2027-06-01,2027-06-14\nDESK-02,79.00,2027-06-15,\n"})
    git(shop, env, "add", "prices/summer.csv")
    accepted = run(["git", "commit", "-m", "desk sale"], shop, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
