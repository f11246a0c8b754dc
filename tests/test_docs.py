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
    assert current == rules_reference(), "docs/rules.md is stale: run 'fairlint docs -o docs/rules.md'"


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


SPEC_CODES = {
    "FL001": "invalid-document", "FL002": "unused-suppression", "FL003": "broken-link",
    "FL101": "new-customer-deal-denied-to-existing", "FL102": "win-back-beats-loyalty",
    "FL103": "loyalty-penalty", "FL104": "acquisition-commission-bias", "FL105": "personal-bias-eligibility",
    "FL106": "frequent-account-rotation", "FL201": "undisclosed-next-day-sale",
    "FL202": "unsupported-reference-price", "FL203": "advertised-claim-mismatch", "FL204": "conflicting-prices",
    "FL301": "price-only-messaging", "FL302": "unbacked-promise", "FL303": "missing-terms",
    "FL304": "false-urgency", "FL401": "upsell-before-needs", "FL402": "open-ended-anything-else",
    "FL403": "seller-talks-too-much", "FL404": "pressure-selling", "FL405": "upsell-after-decline",
    "FL501": "restrictive-returns", "FL502": "contact-gap", "FL503": "slow-complaint-response",
    "FL504": "rigid-complaint-policy",
}
SPEC_SEVERITIES = {"FL001": "error", "FL002": "info", "FL003": "error", "FL103": "error", "FL105": "error",
                   "FL202": "error", "FL203": "error", "FL204": "error", "FL405": "error"}


def test_the_catalog_is_exactly_the_26_rules_of_the_spec():
    assert {r.code: r.name for r in all_rules()} == SPEC_CODES
    for rule in all_rules():
        assert str(rule.severity) == SPEC_SEVERITIES.get(rule.code, "warning"), rule.code


SPEC_OPTIONS = {
    "FL101": {"min-existing-ratio": 1}, "FL102": {"lookback-days": 90}, "FL106": {"min-months": 12},
    "FL201": {"notice-days": 1}, "FL202": {"lookback-days": 30}, "FL301": {"max-price-only-share": 0.5},
    "FL303": {"required": ["returns", "delivery", "price"]}, "FL304": {"grace-days": 1, "repeat-days": 30},
    "FL403": {"max-seller-share": 0.30, "min-words": 40}, "FL501": {"min-window-days": 14, "min-weekly-hours": 20},
    "FL502": {"max-gap-days": 183}, "FL503": {"max-hours": 24},
}


def test_every_spec_option_exists_with_its_default():
    from decimal import Decimal

    rules = {r.code: r for r in all_rules()}
    for code, options in SPEC_OPTIONS.items():
        for name, default in options.items():
            assert name in rules[code].options, f"{code} lacks option {name}"
            actual = rules[code].options[name].default
            if isinstance(default, list):
                assert actual == default
            else:
                assert Decimal(str(actual)) == Decimal(str(default)), (code, name, actual)


def test_docs_formats_md_tables_are_up_to_date():
    from fairlint.docs import formats_reference

    current = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    assert "<!-- generated: kinds -->" in current and "<!-- generated: sources -->" in current
    assert current == formats_reference(current), "docs/formats.md tables are stale: run 'fairlint docs --formats docs/formats.md'"


def test_formats_md_tables_follow_the_declarations(monkeypatch):
    """A field added to a kind makes the committed tables stale (the check can fail)."""
    import attrs

    from fairlint.docs import formats_reference
    from fairlint.load import schema

    current = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    fields = dict(schema.CAMPAIGN.fields, budget=schema.text_field("a new field"))
    monkeypatch.setitem(schema.DOCUMENT_KINDS, "campaign", attrs.evolve(schema.CAMPAIGN, fields=fields))
    assert "| `budget` | text |  | a new field |" in formats_reference(current)
    assert formats_reference(current) != current


def test_docs_command_rebuilds_the_formats_tables(tmp_path):
    stale = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8").replace("| `sku` | text | yes |", "| `sku` | ? |", 1)
    (tmp_path / "formats.md").write_text(stale, encoding="utf-8")
    checked = cli(["docs", "--check", "--formats", str(tmp_path / "formats.md")])
    assert checked.exit_code == 1 and "--formats" in checked.stderr
    assert cli(["docs", "--formats", str(tmp_path / "formats.md")]).exit_code == 0
    assert (tmp_path / "formats.md").read_text(encoding="utf-8") == (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
