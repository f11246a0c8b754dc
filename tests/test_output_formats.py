"""Every output format, on the shipped example."""

from __future__ import annotations

import json

import jsonschema
import pytest

from fairlint.rules import all_rules
from helpers import ROOT, cli

EXAMPLE = ROOT / "fixtures" / "example"


def run(fmt: str):
    result = cli(["check", "--format", fmt, "."], cwd=EXAMPLE)
    assert result.exit_code == 1
    return result.output


def test_text_lines_are_sorted_and_end_with_a_summary():
    lines = run("text").splitlines()
    findings, summary = lines[:-1], lines[-1]
    assert findings
    keys = []
    for line in findings:
        path, row, col, rest = line.split(":", 3)
        code, severity = rest.split()[:2]
        assert code.startswith("FL") and severity in ("[error]", "[warning]", "[info]")
        keys.append((path, int(row), int(col)))
    assert keys == sorted(keys)
    assert summary.startswith(f"Found {len(findings)} findings in ")
    assert "error" in summary and "warning" in summary and "info" in summary


def test_json_has_one_object_per_finding_with_the_documented_keys():
    data = json.loads(run("json"))
    assert data and all(
        set(item) == {"code", "name", "severity", "message", "path", "line", "column", "lang", "translated_message"}
        for item in data
    )
    text_lines = run("text").splitlines()[:-1]
    assert len(data) == len(text_lines)
    first = data[0]
    assert text_lines[0].startswith(f"{first['path']}:{first['line']}:{first['column']}: {first['code']}")


def test_sarif_is_valid_against_the_published_schema():
    log = json.loads(run("sarif"))
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [r.code for r in all_rules()]
    results = log["runs"][0]["results"]
    assert results
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_sarif_with_no_findings_is_valid(tmp_path):
    (tmp_path / "empty.yaml").write_text("kind: campaign\nid: quiet\n", encoding="utf-8")
    result = cli(["check", "--format", "sarif", "."], cwd=tmp_path)
    assert result.exit_code == 0
    log = json.loads(result.output)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    assert log["runs"][0]["results"] == []


def test_github_annotations():
    lines = run("github").splitlines()
    assert lines
    for line in lines:
        assert line.startswith(("::error ", "::warning ", "::notice "))
        assert "file=" in line and ",line=" in line and ",col=" in line and ",title=FL" in line
        assert "\n" not in line


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "gitlab"])
def test_every_format_on_a_clean_project_exits_zero(fmt):
    result = cli(["check", "--format", fmt, "."], cwd=ROOT / "fixtures" / "clean")
    assert result.exit_code == 0, result.output


def test_sarif_results_carry_the_baseline_fingerprint(tmp_path):
    import shutil

    copy = tmp_path / "example"
    shutil.copytree(EXAMPLE, copy)
    results = json.loads(cli(["check", "--format", "sarif", "."], cwd=copy).output)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["fairlint/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    assert cli(["check", "--write-baseline", "."], cwd=copy).exit_code == 0
    recorded = json.loads((copy / "fairlint-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert sorted(e["fingerprint"] for e in recorded) == sorted(prints)


def test_junit_has_one_test_case_per_file_and_fails_those_with_findings():
    import xml.etree.ElementTree as ET

    from junitparser import Failure, JUnitXml

    text = run("junit")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    files_with_findings = {f["path"] for f in json.loads(run("json"))}
    report = JUnitXml.fromstring(text)
    [suite] = list(report)
    cases = {case.name: case for case in suite}
    assert files_with_findings <= set(cases)
    assert suite.tests == len(cases) and suite.failures == len(files_with_findings)
    for name, case in cases.items():
        failures = [r for r in case.result if isinstance(r, Failure)]
        assert len(failures) == (1 if name in files_with_findings else 0)
        if failures:
            assert f"{name}:" in failures[0].text and "FL" in failures[0].message


def test_junit_lists_clean_files_as_passed_tests():
    from junitparser import JUnitXml

    result = cli(["check", "--format", "junit", "."], cwd=ROOT / "fixtures" / "clean")
    [suite] = list(JUnitXml.fromstring(result.output))
    assert suite.tests >= 3 and suite.failures == 0
    assert all(not case.result for case in suite)


def test_junit_survives_control_characters(tmp_path):
    import xml.etree.ElementTree as ET

    (tmp_path / "bad.yaml").write_text("kind: campaign\nid: \"a\\x01b\"\nname: [\n", encoding="utf-8")
    result = cli(["check", "--format", "junit", "."], cwd=tmp_path)
    ET.fromstring(result.stdout.encode("utf-8"))  # parses: the control character was replaced


def test_gitlab_code_quality():
    issues = json.loads(run("gitlab"))
    findings = json.loads(run("json"))
    assert len(issues) == len(findings)
    for issue, finding in zip(issues, findings):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"] == {"path": finding["path"], "lines": {"begin": finding["line"]}}
        assert issue["check_name"].startswith(finding["code"]) and finding["message"] in issue["description"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    sarif = json.loads(run("sarif"))["runs"][0]["results"]
    assert [i["fingerprint"] for i in issues] == [r["partialFingerprints"]["fairlint/v1"] for r in sarif]


def test_statistics_counts_findings_per_rule():
    findings = json.loads(run("json"))
    result = cli(["check", "--statistics", "."], cwd=EXAMPLE)
    assert result.exit_code == 1
    rows = [line.split() for line in result.output.splitlines()]
    counts = {code: int(n) for n, code, *_ in rows}
    assert sum(counts.values()) == len(findings)
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    data = json.loads(cli(["check", "--statistics", "--format", "json", "."], cwd=EXAMPLE).output)
    assert {d["code"]: d["count"] for d in data} == counts
    assert cli(["check", "--statistics", "--format", "sarif", "."], cwd=EXAMPLE).exit_code == 2


def test_output_file_gets_what_stdout_would(tmp_path):
    target = tmp_path / "out" / "fairlint.sarif"
    target.parent.mkdir()
    result = cli(["check", "--format", "sarif", "--output-file", str(target), "."], cwd=EXAMPLE)
    assert result.exit_code == 1
    assert result.output == ""
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(run("sarif"))
