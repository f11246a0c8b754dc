"""Property-based tests: whatever a file holds, loaders and text matchers give findings or nothing,
never an exception.

Each property runs a modest number of examples (``EXAMPLES``) so that the whole
suite stays quick; run with ``HYPOTHESIS_PROFILE=thorough`` for many more.
"""

from __future__ import annotations

import json
import os
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairlint.lexicon import LIST_NAMES, load_lexicon
from fairlint.lexicon.amounts import find_amounts, find_percents, find_reference_amounts
from fairlint.load import LoadedFile, load_file
from fairlint.load.schema import KINDS, ROW_FIELDS
from fairlint.load.values import BadValue, read_date
from fairlint.model import Location

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

LABELS = load_lexicon(None).labels()
SUFFIXES = [".yaml", ".yml", ".json", ".toml", ".csv", ".md", ".txt"]

# Field names fairlint knows, so that generated documents get past "unknown field" into the readers.
FIELD_NAMES = sorted({
    *ROW_FIELDS, "kind", "id", "name", "locale", "starts", "ends", "terms", "commitments", "offers", "messages",
    "scripts", "prices", "audience", "type", "value", "products", "announced", "eligibility", "include", "exclude",
    "channel", "send_at", "text", "rows", "currency", "rates", "account_rotation_months", "touchpoints", "day",
    "window_days", "hours", "receipt_required", "alternatives_to_receipt", "restocking_fee", "refund",
    "first_response_hours", "staff_discretion", "steps", "turns", "speaker", "disclose_upcoming_sales",
    "new-customer", "retention", "age",
})
SCALAR_TEXT = st.one_of(
    st.sampled_from(["2027-03-01", "2027-02-30", "0000-00-00", "2027-03-01T09:00", "49.00", "-5", "1e309", "NaN",
                     "12,50", "20%", "120%", "true", "maybe", "all", "new", "existing", "percent-off", "*", "LAMP-*",
                     "Mon-Fri 09:00-17:30", "Sat 25:00-26:00", "money", "", " ", "Rep: hi", "~", "null"]),
    st.text(max_size=20),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), SCALAR_TEXT)


def _documents():
    """JSON-like data shaped like fairlint documents: a kind, known field names, values of any type."""
    values = st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)), children, max_size=5),
        ),
        max_leaves=25,
    )
    fields = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=8)
    kinds = st.one_of(st.sampled_from(KINDS), st.sampled_from(["campain", "Deployment", ""]), SCALARS)
    return st.builds(lambda kind, rest: {"kind": kind, **rest}, kinds, fields)


def _load(tmp_path: Path, name: str, data: bytes, explicit: bool) -> LoadedFile:
    path = tmp_path / name
    path.write_bytes(data)
    result = load_file(path, explicit=explicit, labels=LABELS, max_bytes=50 * 1_048_576)
    _check_result(result)
    return result


def _check_result(result: LoadedFile) -> None:
    assert isinstance(result, LoadedFile)
    for problem in result.problems:
        assert isinstance(problem.loc, Location) and problem.loc.line >= 1 and problem.loc.col >= 1
        assert problem.message and "Node(" not in problem.message
    for document in result.documents:
        assert document.loc.line >= 1


@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES), explicit=st.booleans())
def test_any_bytes_in_any_file_type(tmp_path, data, suffix, explicit):
    _load(tmp_path, "input" + suffix, data, explicit)


@given(text=st.text(max_size=300), suffix=st.sampled_from(SUFFIXES), explicit=st.booleans(),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_unicode_in_any_encoding_with_a_bom(tmp_path, text, suffix, explicit, encoding):
    _load(tmp_path, "input" + suffix, text.encode(encoding, errors="surrogatepass"), explicit)


@given(documents=st.lists(_documents(), min_size=1, max_size=3))
def test_any_yaml_shape(tmp_path, documents):
    text = yaml.safe_dump_all(documents, allow_unicode=True)
    _load(tmp_path, "doc.yaml", text.encode("utf-8"), explicit=True)


@given(document=_documents())
def test_any_json_shape(tmp_path, document):
    text = json.dumps(document, ensure_ascii=False, allow_nan=True)
    _load(tmp_path, "doc.json", text.encode("utf-8"), explicit=True)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value).replace("inf", "inf").replace("nan", "nan")
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None and not isinstance(v, dict)) + "]"
    if isinstance(value, dict):
        items = [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None]
        return "{" + ", ".join(items) + "}"
    return '""'


@given(document=_documents())
def test_any_toml_shape(tmp_path, document):
    lines = [f"{json.dumps(key)} = {_toml_value(value)}" for key, value in document.items() if value is not None]
    _load(tmp_path, "doc.toml", "\n".join(lines).encode("utf-8"), explicit=True)


CELLS = st.one_of(SCALAR_TEXT, st.sampled_from(['"quoted, comma"', '"open', '""', "LAMP-01", "2027-12-31"]))


@given(
    header=st.lists(st.one_of(st.sampled_from(sorted(ROW_FIELDS)), st.text(max_size=6)), min_size=1, max_size=12),
    rows=st.lists(st.lists(CELLS, max_size=12), max_size=12),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_csv_shape(tmp_path, header, rows, newline):
    text = newline.join(",".join(cells) for cells in [header, *rows]) + newline
    _load(tmp_path, "prices.csv", text.encode("utf-8"), explicit=True)


@given(
    header=st.permutations(["sku", "price", "start", "end", "audience", "channel", "announced", "reference_price"]),
    rows=st.lists(st.lists(CELLS, min_size=8, max_size=8), min_size=1, max_size=30),
)
def test_csv_rows_read_fast_or_slowly_give_the_same_schedule(tmp_path, header, rows):
    """Chunks of well-formed records take a fast path: it must agree with reading row by row."""
    from fairlint.load import csvfile

    text = "\n".join(",".join(cells) for cells in [list(header), *rows]) + "\n"
    fast = _load(tmp_path, "prices.csv", text.encode("utf-8"), explicit=True)
    chunk = csvfile._CHUNK
    csvfile._CHUNK = 1
    try:
        slow = _load(tmp_path, "prices.csv", text.encode("utf-8"), explicit=True)
    finally:
        csvfile._CHUNK = chunk
    assert [p.message for p in fast.problems] == [p.message for p in slow.problems]
    assert [d.rows for d in fast.documents] == [d.rows for d in slow.documents]


SPEAKERS = st.sampled_from(["Rep", "Customer", "Agent", "Client", "销售", "客户", "Продавец", "ग्राहक", "Bob", "- **Rep:**", ""])


@given(
    front=st.one_of(st.none(), _documents().map(lambda d: yaml.safe_dump({**d, "kind": "script"}, allow_unicode=True))),
    turns=st.lists(st.tuples(SPEAKERS, st.sampled_from([":", "：", " -", ""]), st.text(max_size=40)), max_size=10),
    suffix=st.sampled_from([".md", ".txt"]),
)
def test_any_markdown_script_shape(tmp_path, front, turns, suffix):
    body = "\n".join(f"{speaker}{colon} {text}" for speaker, colon, text in turns)
    text = (f"---\n{front}---\n" if front is not None else "") + body
    _load(tmp_path, "script" + suffix, text.encode("utf-8"), explicit=False)


LEXICON = load_lexicon(None)


@given(text=st.text(max_size=200), locale=st.sampled_from(sorted(LEXICON.locales) + ["pt-BR", None, ""]),
       name=st.sampled_from(LIST_NAMES))
def test_lexicon_find_on_any_text(text, locale, name):
    for match in LEXICON.find(locale, name, text):
        assert 0 <= match.start <= match.end <= len(text)
        assert match.text == text[match.start:match.end]
    LEXICON.first(locale, name, text)


AMOUNT_TEXT = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(["$", "€", "R", "лв.", "元", "रू", "%", "up to ", "was ", "~~", "39", "1,299.00",
                              "1 299,00", "0", "٣٩", "９９", " ", "percent", "-", ".", ","]), max_size=20).map("".join),
)


@given(text=AMOUNT_TEXT)
def test_amounts_and_percents_on_any_text(text):
    for amount in [*find_amounts(text), *find_reference_amounts(text)]:
        assert 0 <= amount.start <= amount.end <= len(text)
        assert amount.value.is_finite()
    for percent in find_percents(text):
        assert 0 <= percent.start <= percent.end <= len(text)


@given(text=st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
def test_fast_date_path_agrees_with_dateutil(text):
    """``YYYY-MM-DD`` is read with date.fromisoformat; dateutil (the parser of record) must agree."""
    from dateutil import parser as dateparser

    try:
        expected = dateparser.isoparse(text).date()
    except (ValueError, OverflowError):
        expected = None
    try:
        got = read_date(text)
    except BadValue:
        got = None
    assert got == expected


@given(files=st.dictionaries(
    st.sampled_from(["a.yaml", "b.yml", "c.json", "d.csv", "e.md"]),
    _documents().map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    min_size=1, max_size=4,
))
def test_rules_survive_any_documents(tmp_path, files):
    """Odd but loadable documents never make a rule fail (a failing rule makes the run exit 2)."""
    from helpers import chdir
    from fairlint.config import Config
    from fairlint.engine import run

    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with chdir(folder):
        result = run([Path(".")], Config(root=folder))
    assert result.errors == []


YAML_PIECES = ["a", "b", "key", ":", ": ", " ", "\n", "- ", "[", "]", ",", "#", "'", '"', "1", "~", "é", "  ", "x: 1",
               "\n  ", "-", "0.5", "null", "true", "2027-03-01", "\\", "\n- ", "''", '""', "LAMP-*", "\n\n", "  - ",
               "%", "!", "?", "@", "`", "x%", "y!", "z?", "|", ">-", "|\n  ", "> ", "|2", "&x ", "*x", "&y", "*y ",
               "\x07", "\x0b", "\x0c", "\ufeff", "销售", "😀", "\u00a0", "\t", "\r\n", "{", "}", "---", "...", "\u2028"]


def _yaml_shape(node, out):
    out.append((type(node).__name__, node.tag, node.value if isinstance(node, yaml.ScalarNode) else None,
                node.start_mark.line, node.start_mark.column))
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _yaml_shape(item, out)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _yaml_shape(key, out)
            _yaml_shape(value, out)
    return out


@settings(max_examples=400)
@given(text=st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_libyaml_is_used_only_where_it_reads_as_pyyaml_does(text):
    """YAML composed by libyaml (the fast path) must give PyYAML's nodes and positions."""
    from fairlint.load import tree

    fast = tree._compose_with_libyaml(text)
    if fast is None:
        return  # PyYAML reads it
    slow = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    assert [_yaml_shape(n, []) for n in fast if n is not None] == [_yaml_shape(n, []) for n in slow if n is not None]


LEXICON_TEXT = st.lists(st.sampled_from(
    list("abcdeinostuwy ABNOTW'’.,!?-0123456789") + ["no thanks", "would you also like", "anything else", "only 2 more",
                                                    "K", "ſ", "İ", "ı", "ẞ", "ß", "Σσς", "ё", "Нет", "不用", "销售",
                                                    "नमस्ते", "e\u0301", "\u00a0", "Dankie"]), max_size=25).map("".join)


@settings(max_examples=300)
@given(text=LEXICON_TEXT, name=st.sampled_from(LIST_NAMES), locale=st.sampled_from(sorted(LEXICON.locales)))
def test_first_letter_prefilter_finds_what_the_phrases_find(monkeypatch, text, name, locale):
    """Each list's pattern is led by a class of the letters its phrases start with: same matches."""
    import fairlint.lexicon.patterns as lexicon_module
    from fairlint.lexicon import Lexicon

    with monkeypatch.context() as patch:
        patch.setattr(lexicon_module, "_first_letters", lambda *args: None)
        plain = Lexicon(LEXICON.locales).find(locale, name, text)
    assert Lexicon(LEXICON.locales).find(locale, name, text) == plain
