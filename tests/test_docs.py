"""Rule documentation: every rule documents its sections, and docs/rules.md is up to date."""

from __future__ import annotations

import pytest

from fairlint.docs import rules_reference
from fairlint.rules import all_rules
from fairlint.rules.base import DOC_SECTIONS
from helpers import ROOT, cli


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_documents_every_section(rule):
    assert rule.summary and rule.summary.endswith("."), f"{rule.code}: first docstring line must be a sentence"
    for section in DOC_SECTIONS:
        assert f"\n## {section}\n" in "\n" + rule.doc, f"{rule.code} lacks '## {section}'"
    assert "```" in rule.doc, f"{rule.code}: the example needs a fenced snippet"


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.code[2] != "0"], ids=lambda r: r.code)
def test_rule_rationale_cites_a_source_article(rule):
    why = rule.doc.split("## Why it matters", 1)[1].split("\n## ", 1)[0]
    assert any(f"{n:03d}" in why for n in range(5)) or "EU" in why, f"{rule.code}: cite the source article"


def test_docs_rules_md_is_up_to_date():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_reference(), "docs/rules.md is stale: run 'fairlint docs'"


def test_rule_command_prints_the_same_text_as_the_docs():
    for rule in all_rules():
        result = cli(["rule", rule.code])
        assert result.exit_code == 0
        assert result.output == rule.documentation()
        assert result.output in rules_reference()


def test_rules_command_lists_every_code_once():
    result = cli(["rules"])
    assert result.exit_code == 0
    for rule in all_rules():
        assert result.output.count(rule.code) == 1
