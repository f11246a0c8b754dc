"""Output that cannot be forged: a document's text never starts a line of its own in any format
(a GitHub workflow command), never reaches a terminal as a control sequence, never reverses text;
CSV reports defuse formulas and Markdown reports show HTML as text."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import fairlint, write
from fairlint.finding import visible, visible_path

ESC, RLO = "\x1b", "\u202e"
# A campaign's scripts: entry with a line break and a workflow command, a clear-screen sequence and a
# right-to-left override; an id that is an HTML tag and a spreadsheet formula.
HOSTILE = {
    "c.yaml": (
        'kind: campaign\n'
        'id: "=HYPERLINK(\\"http://evil\\",\\"x\\")\\u202e"\n'
        'scripts: ["x\\n::error file=README.md,line=1::PWNED\\u001b[2J\\u202etxet.md"]\n'
        'messages:\n'
        '  - id: "<img src=x onerror=alert(1)>"\n'
        '    text: "We deliver within 1 day, guaranteed.\\u001b[2J"\n'
    ),
    "::error file=README.md,line=1::FILE.csv": "sku,price,start,end\nA,1,2027-01-01,zz\n",
}
CHECK_FORMATS = ["text", "json", "sarif", "github", "junit", "gitlab"]
REPORT_FORMATS = ["markdown", "csv", "json", "html"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    base = tmp_path_factory.mktemp("forging")
    write(base, HOSTILE)
    return base


def _outputs(project):
    for fmt in CHECK_FORMATS:
        yield f"check {fmt}", fairlint(["check", "--format", fmt, "."], project)
    for fmt in REPORT_FORMATS:
        yield f"report {fmt}", fairlint(["report", "--format", fmt, "."], project)
    yield "verbose", fairlint(["check", "--verbose", "."], project)


@pytest.fixture(scope="module")
def outputs(project):
    return dict(_outputs(project))


def test_the_findings_are_there(outputs):
    text = outputs["check text"].out
    assert "FL003" in text and "FL302" in text and "FL001" in text, text


@pytest.mark.parametrize("name", [f"check {f}" for f in CHECK_FORMATS] + [f"report {f}" for f in REPORT_FORMATS]
                         + ["verbose"])
def test_no_line_is_a_workflow_command_of_the_documents(outputs, name):
    ran = outputs[name]
    for line in (ran.out + ran.err).splitlines():
        if name == "check github" and line.startswith(("::error file=c.yaml,", "::warning file=c.yaml,",
                                                        "::error file=./%3A%3Aerror")):
            continue  # our own commands, one per finding (counted below), their file names escaped
        assert not line.lstrip().startswith("::"), (name, line)


@pytest.mark.parametrize("name", [f"check {f}" for f in CHECK_FORMATS] + [f"report {f}" for f in REPORT_FORMATS]
                         + ["verbose"])
def test_no_control_sequence_or_bidi_override_reaches_any_output(outputs, name):
    ran = outputs[name]
    assert ESC not in ran.out + ran.err and RLO not in ran.out + ran.err, name
    if name in ("check json", "check sarif", "check gitlab", "report json"):  # nor escaped by JSON
        assert not [text for text in _strings(json.loads(ran.out)) if ESC in text or RLO in text], name


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def test_a_github_line_cannot_be_ended_by_the_documents_text(outputs):
    lines = outputs["check github"].out.splitlines()
    assert len(lines) == outputs["check text"].out.count(": FL")  # one line per finding, none injected


def test_csv_reports_defuse_formulas(outputs):
    rows = list(csv.reader(io.StringIO(outputs["report csv"].out)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil\",\"x\")<U+202E>" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_markdown_reports_escape_html(outputs):
    markdown = outputs["report markdown"].out
    assert "<img" not in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown


def test_json_outputs_carry_the_visible_text(outputs):
    findings = json.loads(outputs["check json"].out)
    messages = " ".join(f["message"] for f in findings)
    assert "\\x1b[2J" in messages
    assert "::error file=README.md,line=1::PWNED" in messages  # shown, on the line of its finding
    assert any(f["path"].startswith("./::error") for f in findings)


@pytest.mark.parametrize("raw, shown", [
    ("a\nb", "a\\nb"), ("\x1b[2J", "\\x1b[2J"), ("x\u202ey", "x<U+202E>y"), ("tab\there", "tab\\there"),
    ("\x85next line", "\\x85next line"), ("a\u2028b", "a<U+2028>b"), ("\u2066isolate\u2069", "<U+2066>isolate<U+2069>"),
    ("नमस्ते", "नमस्ते"), ("Zu\u200dsammen", "Zu\u200dsammen"), ("plain text", "plain text"),
])
def test_visible(raw, shown):
    assert visible(raw) == shown


def test_visible_path():
    assert visible_path("::error file=x::y.csv") == "./::error file=x::y.csv"
    assert visible_path(" ::x.csv") == "./ ::x.csv"
    assert visible_path("campaigns/a.yaml") == "campaigns/a.yaml"


@given(st.text())
def test_visible_never_lets_a_control_separator_or_bidi_character_through(text):
    shown = visible(text)
    assert not [ch for ch in shown if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in BIDI], shown
    assert visible(shown) == shown  # shown text is left alone


BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
