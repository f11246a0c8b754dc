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
        set(item) == {"code", "name", "severity", "message", "path", "line", "column"} for item in data
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


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_format_on_a_clean_project_exits_zero(fmt):
    result = cli(["check", "--format", fmt, "."], cwd=ROOT / "fixtures" / "clean")
    assert result.exit_code == 0, result.output
