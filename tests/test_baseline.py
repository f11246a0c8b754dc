"""Baselines: record today's findings, then fail only on new ones, however the lines move."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fairlint import baseline
from fairlint.finding import Finding, Severity
from helpers import cli, write_files

PRICES = """sku,price,start,end,announced
LAMP-01,49.00,2027-03-01,2027-03-09,
LAMP-01,39.00,2027-03-10,2027-03-20,2027-03-10
"""
CAMPAIGN = """kind: campaign
id: spring
starts: 2027-03-01
ends: 2027-03-31
prices: prices.csv
offers:
  - id: welcome20
    audience: new
    value: 20
    announced: 2027-02-01
messages:
  - id: hello
    channel: email
    offers: [welcome20]
    text: Hand-made lamps with a five-year warranty, 20% off for new customers.
"""


def findings_of(result) -> list[str]:
    return [line.split(": ", 2)[1].split()[0] + " " + line.split(":")[0] for line in result.output.splitlines()[:-1]]


# only the rules these tests are about, so that new rules do not change what they see
SELECT = 'select = ["FL001", "FL101", "FL201"]\n'


@pytest.fixture
def project(tmp_path):
    write_files(tmp_path, {"prices.csv": PRICES, "campaign.yaml": CAMPAIGN, "fairlint.toml": SELECT})
    return tmp_path


def write_baseline(cwd: Path, *extra: str):
    result = cli(["check", "--write-baseline", *extra, "."], cwd=cwd)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def test_round_trip(project):
    before = cli(["check", "."], cwd=project)
    assert before.exit_code == 1 and sorted(findings_of(before)) == ["FL101 campaign.yaml", "FL201 prices.csv"]
    written = write_baseline(project)
    assert "recorded 2 findings in fairlint-baseline.json" in written.stderr
    data = json.loads((project / "fairlint-baseline.json").read_text(encoding="utf-8"))
    assert {e["code"] for e in data["findings"]} == {"FL101", "FL201"}
    assert all(len(e["fingerprint"]) == 32 for e in data["findings"])
    after = cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=project)
    assert after.exit_code == 0, after.output
    assert after.output.startswith("No findings")


def test_write_baseline_to_a_named_file(project):
    write_baseline(project, "--baseline", "ci/known.json")
    assert (project / "ci" / "known.json").is_file()
    assert cli(["check", "--baseline", "ci/known.json", "."], cwd=project).exit_code == 0


def test_lines_moving_above_findings_keep_them_known(project):
    write_baseline(project)
    shifted_campaign = "# Spring campaign\n# owner: marketing\n\n" + CAMPAIGN.replace(
        "ends: 2027-03-31\n", "ends: 2027-03-31\nname: Spring refresh\nlocale: en\n")
    shifted_prices = PRICES.replace("announced\n", "announced\nDESK-02,289.00,2027-01-01,2027-12-31,\n", 1)
    write_files(project, {"campaign.yaml": shifted_campaign, "prices.csv": shifted_prices})
    moved = cli(["check", "."], cwd=project)
    assert "campaign.yaml:12:" in moved.output and "prices.csv:4:" in moved.output  # the lines really moved
    assert cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=project).exit_code == 0


def test_editing_an_unrelated_part_keeps_old_findings_known(project):
    write_baseline(project)
    edited = CAMPAIGN.replace("Hand-made lamps", "Hand-finished oak lamps").replace(
        "offers:\n", "offers:\n  - id: everyone5\n    audience: all\n    type: free-shipping\n", 1)
    write_files(project, {"campaign.yaml": edited})
    assert cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=project).exit_code == 0


def test_a_new_finding_is_reported_alone(project):
    write_baseline(project)
    write_files(project, {"more.csv": PRICES.replace("LAMP-01", "RUG-07")})
    result = cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=project)
    assert result.exit_code == 1
    assert findings_of(result) == ["FL201 more.csv"]


def test_baseline_works_from_another_working_folder(project):
    write_baseline(project)
    (project / "sub").mkdir()
    result = cli(["check", "--baseline", "../fairlint-baseline.json", ".."], cwd=project / "sub")
    assert result.exit_code == 0, result.output


def test_fixed_findings_are_noted_with_verbose(project):
    write_baseline(project)
    write_files(project, {"prices.csv": PRICES.replace(",2027-03-10\n", ",2027-03-01\n")})
    result = cli(["check", "--verbose", "--baseline", "fairlint-baseline.json", "."], cwd=project)
    assert result.exit_code == 0
    assert "1 recorded finding(s) are gone" in result.stderr


def test_messages_naming_another_line_stay_stable(tmp_path):
    """FL001's duplicate-id message names the other file's line; moving that line must not matter."""
    first = "kind: campaign\nid: spring\n"
    write_files(tmp_path, {"a.yaml": first, "b.yaml": "kind: campaign\nid: spring\n", "fairlint.toml": SELECT})
    result = cli(["check", "."], cwd=tmp_path)
    assert "b.yaml:2:1: FL001" in result.output and "a.yaml:2" in result.output
    write_baseline(tmp_path)
    write_files(tmp_path, {"a.yaml": "# moved down\n\n" + first})
    result = cli(["check", "."], cwd=tmp_path)
    assert "a.yaml:4" in result.output  # the message changed...
    # ...the fingerprint did not
    assert cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=tmp_path).exit_code == 0


def finding(line: int, message: str = "m", subject: str = "s", path: str = "p.csv", code: str = "FL201") -> Finding:
    return Finding(path, line, 1, code, Severity.WARNING, "name", message, subject)


def test_fingerprint_ignores_positions_but_not_content():
    [a] = baseline.fingerprints([finding(3, "see other.csv:12 and line 7")])
    [b] = baseline.fingerprints([finding(30, "see other.csv:99 and line 70")])
    assert a == b
    assert baseline.fingerprints([finding(3, "costs 49.00")]) != baseline.fingerprints([finding(3, "costs 39.00")])
    assert baseline.fingerprints([finding(3, subject="LAMP")]) != baseline.fingerprints([finding(3, subject="DESK")])
    assert baseline.fingerprints([finding(3)]) != baseline.fingerprints([finding(3, path="q.csv")])
    assert baseline.fingerprints([finding(3)]) != baseline.fingerprints([finding(3, code="FL202")])


def test_alike_findings_get_distinct_fingerprints_in_file_order():
    prints = baseline.fingerprints([finding(9), finding(4)])
    assert len(set(prints)) == 2
    assert baseline.fingerprints([finding(4), finding(9)]) == list(reversed(prints))
    # one of two alike findings in the baseline: the second is new
    new, matched, stale = baseline.split([finding(5), finding(8)], {baseline.fingerprints([finding(1)])[0]}, Path("."))
    assert [f.line for f in new] == [8] and matched == 1 and stale == 0


def test_write_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "fairlint-baseline.json"
    baseline.write(target, [finding(1)])
    original = target.read_text(encoding="utf-8")
    calls = []

    def failing_replace(src, dst):
        calls.append((Path(src), Path(dst)))
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        baseline.write(target, [finding(1), finding(2, "other")])
    [(src, dst)] = calls
    assert src.parent == dst.parent == tmp_path  # the temporary file sits beside the baseline
    assert target.read_text(encoding="utf-8") == original  # the old baseline is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fairlint-baseline.json"]  # no temporary left behind


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "baseline file not found; create it with --write-baseline"),
        ("{not json", "not a fairlint baseline (invalid JSON"),
        ('{"findings": [1, 2]}', "not a fairlint baseline"),
    ],
)
def test_unusable_baseline_exits_2(project, content, message):
    if content is not None:
        write_files(project, {"fairlint-baseline.json": content})
    result = cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=project)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_baseline_file_is_not_counted_as_a_skipped_document(project):
    write_baseline(project)
    result = cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=project)
    assert "skipped" not in result.output


def test_a_baseline_of_the_fingerprints_before_evidence_keeps_working(project):
    """A baseline written by a version whose fingerprints hashed subject and message: still matched."""
    from fairlint.config import load_config
    from fairlint.engine import run
    from helpers import chdir

    with chdir(project):
        findings = run([Path(".")], load_config(project / "fairlint.toml")).findings
    assert any(f.evidence is not None for f in findings)
    old = baseline.legacy_fingerprints(findings, project)
    assert old != baseline.fingerprints(findings, project)  # price findings now use their evidence
    entries = [{"fingerprint": fp, "code": f.code} for f, fp in zip(findings, old)]
    (project / "fairlint-baseline.json").write_text(
        json.dumps({"fairlint-baseline": 1, "findings": entries}), encoding="utf-8")
    result = cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=project)
    assert result.exit_code == 0, result.output
    write_baseline(project)  # rewritten with the new fingerprints, still matching
    written = json.loads((project / "fairlint-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {e["fingerprint"] for e in written} == set(baseline.fingerprints(findings, project))
    assert cli(["check", "--baseline", "fairlint-baseline.json", "."], cwd=project).exit_code == 0


def test_a_price_finding_reworded_is_still_known():
    """A finding with evidence is fingerprinted by what it is about, not by its wording."""
    import attrs

    from fairlint.prices.evidence import Drop, RowRef
    from fairlint.model import Location
    import datetime as dt
    from decimal import Decimal

    row = RowRef(Location(Path("p.csv"), 3), "LAMP-01", Decimal("39.00"), dt.date(2027, 3, 10))
    drop = Drop(row, dt.date(2027, 3, 10), Decimal("49.00"), (dt.date(2027, 3, 9),))
    finding = Finding("p.csv", 3, 1, "FL201", Severity.WARNING, "undisclosed-next-day-sale", "old words",
                      "LAMP-01/all//2027-03-10", drop)
    reworded = attrs.evolve(finding, message="new words")
    later = attrs.evolve(finding, evidence=attrs.evolve(drop, day=dt.date(2027, 3, 11)))
    assert baseline.fingerprints([finding]) == baseline.fingerprints([reworded])
    assert baseline.fingerprints([finding]) != baseline.fingerprints([later])
