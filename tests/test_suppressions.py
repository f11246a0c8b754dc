"""Inline suppressions in each file type, per-file ignores for files without comments."""

from __future__ import annotations

from helpers import check, codes_at

NEW_ONLY_OFFER = """kind: campaign
id: spring
starts: 2027-03-01
ends: 2027-03-31
terms: {{returns: 30 days, delivery: 3 days, price: incl. VAT}}
offers:
  - id: welcome20{comment}
    audience: new
    value: 20
    announced: 2027-02-01
"""


def test_yaml_line_suppression_silences_only_that_code(tmp_path):
    findings = check(tmp_path, {"c.yaml": NEW_ONLY_OFFER.format(comment="  # fairlint: disable=FL101")})
    assert codes_at(findings) == []
    findings = check(tmp_path, {"c.yaml": NEW_ONLY_OFFER.format(comment="  # fairlint: disable=FL301")})
    assert sorted(codes_at(findings)) == ["c.yaml:7 FL002", "c.yaml:7 FL101"]


def test_yaml_disable_file_with_several_codes(tmp_path):
    without_terms = "".join(l for l in NEW_ONLY_OFFER.format(comment="").splitlines(True) if not l.startswith("terms"))
    text = "# fairlint: disable-file=FL101, FL303\n" + without_terms
    assert codes_at(check(tmp_path, {"c.yaml": text})) == []


def test_suppression_is_case_insensitive_and_spacing_tolerant(tmp_path):
    text = NEW_ONLY_OFFER.format(comment="   #fairlint:disable=fl101")
    assert codes_at(check(tmp_path, {"c.yaml": text})) == []


def test_toml_line_suppression(tmp_path):
    text = """kind = "commission-plan"
id = "sales"
account_rotation_months = 3  # fairlint: disable=FL106
[rates]
new-customer = 5
retention = 5
"""
    assert codes_at(check(tmp_path, {"plan.toml": text})) == []
    assert codes_at(check(tmp_path, {"plan.toml": text.replace("  # fairlint: disable=FL106", "")})) == [
        "plan.toml:3 FL106"
    ]


def test_markdown_suppression_on_the_same_line(tmp_path):
    script = "Rep: Is there anything else I can do for you? <!-- fairlint: disable=FL402 -->\nCustomer: No.\n"
    assert codes_at(check(tmp_path, {"s.md": script}), "FL402") == []


def test_markdown_suppression_covers_only_the_next_line(tmp_path):
    script = (
        "<!-- fairlint: disable=FL404 -->\n"
        "Rep: You should decide now.\n"
        "Customer: No.\n"
        "Rep: Act now, please.\n"
    )
    assert codes_at(check(tmp_path, {"s.md": script}), "FL404") == ["s.md:4 FL404"]


def test_csv_uses_per_file_ignores(tmp_path):
    files = {
        "fairlint.toml": '[per-file-ignores]\n"prices/*.csv" = ["FL2"]\n',
        "prices/p.csv": "sku,price,start,end\nA,49.00,2027-03-01,2027-03-09\nA,39.00,2027-03-10,\n",
    }
    assert codes_at(check(tmp_path, files)) == []


def test_json_uses_per_file_ignores(tmp_path):
    files = {
        "fairlint.toml": '[per-file-ignores]\n"*.json" = ["FL106"]\n',
        "plan.json": '{"kind": "commission-plan", "id": "s", "rates": {"new-customer": 5, "retention": 5},'
        ' "account_rotation_months": 3}\n',
    }
    assert codes_at(check(tmp_path, files)) == []


def test_a_note_after_the_codes_is_allowed(tmp_path):
    text = NEW_ONLY_OFFER.format(comment="  # fairlint: disable=FL101 (approved by legal, 2027-02)")
    assert codes_at(check(tmp_path, {"c.yaml": text})) == []
