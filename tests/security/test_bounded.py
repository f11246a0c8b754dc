"""Bounded work on hostile input: only regular files are read, never more than the limit plus one
byte; spreadsheets and XML have their own bounds; YAML aliases count what they expand to; another
tool's large JSON is skipped by its kind before anything expands it.

The time and memory bounds here are guards against reading without bound (minutes, gigabytes),
not performance targets (those live in benchmarks/)."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest

from conftest import fairlint, write
from fairlint.load import files
from fairlint.load.files import FileProblem

REGULAR_ONLY = "and fairlint reads only regular files"


@pytest.mark.parametrize("how", ["walked", "named"])
def test_special_files_are_refused_without_reading_or_blocking(tmp_path, how):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")  # would read until memory runs out
    os.mkfifo(tmp_path / "fifo.csv")  # would block for ever
    (tmp_path / "stdin.json").symlink_to("/dev/stdin")  # would read standard input
    write(tmp_path, {"ok.yaml": "kind: campaign\nid: ok\nmessages:\n  - id: m\n    text: Delivered within 1 day.\n"})
    read, write_end = os.pipe()  # standard input that never ends: reading it would hang
    try:
        ran = fairlint(["check", *(["."] if how == "walked" else ["zero.yaml", "fifo.csv", "stdin.json", "ok.yaml"])],
                       tmp_path, stdin=read, timeout=60)
    finally:
        os.close(read)
        os.close(write_end)
    assert "zero.yaml:1:1: FL001 [error] not read: it is a device, " + REGULAR_ONLY in ran.out
    assert "fifo.csv:1:1: FL001 [error] not read: it is a named pipe (FIFO), " + REGULAR_ONLY in ran.out
    assert "stdin.json:1:1: FL001 [error] not read: it is a named pipe (FIFO), " + REGULAR_ONLY in ran.out
    assert "ok.yaml:5:" in ran.out  # the regular file is still checked
    assert ran.peak_mb < 300


def test_check_file_and_open_checked_refuse_what_is_not_a_regular_file(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    for path in (tmp_path / "fifo", tmp_path, __import__("pathlib").Path("/dev/null")):
        with pytest.raises(FileProblem, match="fairlint reads only regular files"):
            files.check_file(path, None)
        with pytest.raises(FileProblem, match="fairlint reads only regular files"):
            files.open_checked(path, None)
    (tmp_path / "ok.csv").write_bytes(b"sku,price\n")
    assert files.check_file(tmp_path / "ok.csv", 100) == 10
    with files.open_checked(tmp_path / "ok.csv", 100) as handle:
        assert handle.read() == b"sku,price\n"
    with pytest.raises(FileProblem, match="over the 0 MB limit"):
        files.check_file(tmp_path / "ok.csv", 5)


def test_read_limited_reads_at_most_the_limit_plus_one_byte(tmp_path, monkeypatch):
    """A file that is bigger than ``fstat`` said (it grew after the check, or /proc lies) is refused
    after limit + 1 bytes, not read to its end."""
    (tmp_path / "growing.csv").write_bytes(b"x" * 10_000)
    real_fstat, real_read = os.fstat, os.read
    asked = []

    def small_fstat(fd):
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))  # claims 10 bytes

    def counting_read(fd, n):
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "fstat", small_fstat)
    monkeypatch.setattr(os, "read", counting_read)
    with pytest.raises(FileProblem, match="over the 0 MB limit"):
        files.read_limited(tmp_path / "growing.csv", 100)
    assert sum(asked) == 101
    assert files.read_limited(tmp_path / "growing.csv", None) == b"x" * 10_000


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_spreadsheet_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "prices.xlsx"
    bomb.write_bytes(_zip({"xl/worksheets/sheet1.xml": b"\0" * (100 * 1_048_576)}))  # 100 MB in ~100 KB
    assert bomb.stat().st_size < 1_048_576
    with pytest.raises(FileProblem, match=r"compressed [\d,]+ to 1, which real spreadsheets never are"):
        files.check_spreadsheet(bomb, 50 * 1_048_576)
    with pytest.raises(FileProblem, match="unpacks to 100 MB, over 20 times the 1 MB limit"):
        files.check_spreadsheet(bomb, 1_048_576)
    with bomb.open("rb") as handle:  # an open file works too, and is rewound for the reader
        with pytest.raises(FileProblem, match="zip bomb"):
            files.check_spreadsheet(handle, 50 * 1_048_576)


def test_a_real_spreadsheet_passes_the_bounds(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["sku", "price", "start", "end"])
    for i in range(5000):
        sheet.append([f"SKU-{i % 50}", 10 + i % 7, "2027-03-01", "2027-03-09"])
    path = tmp_path / "prices.xlsx"
    book.save(path)
    with files.open_checked(path, 50 * 1_048_576) as handle:
        files.check_spreadsheet(handle, 50 * 1_048_576)
        assert handle.tell() == 0
        assert openpyxl.load_workbook(handle, read_only=True).active.max_row == 5001
    with pytest.raises(FileProblem, match="not a readable .xlsx spreadsheet"):
        (tmp_path / "fake.xlsx").write_bytes(b"sku,price\n")
        files.check_spreadsheet(tmp_path / "fake.xlsx", 50 * 1_048_576)


def test_xml_entities_are_refused_and_plain_xml_is_read(tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><feed>&lol2;</feed>')
    external = '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]><feed>&x;</feed>'
    for text in (laughs, external):
        with pytest.raises(FileProblem, match="declares a DTD or entities, which fairlint does not expand"):
            files.parse_xml(text.encode(), "product feed")
    root = files.parse_xml(b"<feed><item><id>A</id><price>9.99 EUR</price></item></feed>")
    assert root.find("item/price").text == "9.99 EUR"
    with pytest.raises(FileProblem, match="product feed syntax error"):
        files.parse_xml(b"<feed><item></feed>", "product feed")


def test_a_huge_xml_feed_is_refused_by_size(tmp_path):
    feed = tmp_path / "feed.xml"
    with feed.open("wb") as handle:  # sparse: cheap to make, costly to read
        handle.write(b"<feed>")
        handle.truncate(200 * 1_048_576)
    with pytest.raises(FileProblem, match="file is 200.0 MB, over the 50 MB limit"):
        files.read_limited(feed, 50 * 1_048_576)


def test_yaml_aliases_count_what_they_expand_to(tmp_path):
    """A 1 MB anchored string referenced 2,000 times is 2 GB of text: refused quickly, in little memory."""
    text = ("kind: campaign\nid: x\nterms:\n  returns: &big '" + "a" * 1_000_000 + "'\nmessages:\n"
            + "".join(f"  - {{id: m{i}, text: *big}}\n" for i in range(2000)))
    write(tmp_path, {"bomb.yaml": text})
    ran = fairlint(["check", "bomb.yaml"], tmp_path, timeout=60)
    assert "bomb.yaml:4:12: FL001 [error] the document's aliases expand it to more than" in ran.out, ran.both
    assert ran.seconds < 30 and ran.peak_mb < 300, (ran.seconds, ran.peak_mb)


def test_a_few_aliases_are_fine(tmp_path):
    write(tmp_path, {"c.yaml": "kind: campaign\nid: x\nterms: &t {returns: '30 days, full refund'}\n"
                               "offers:\n  - {id: a, value: 10, audience: all}\nextra: [*t, *t, *t]\n"})
    ran = fairlint(["check", "c.yaml"], tmp_path)
    assert "aliases expand" not in ran.out


def test_another_tools_large_json_is_skipped_fast(tmp_path):
    """formats.md: a JSON file without a fairlint kind is not fairlint's; its kind is read first."""
    packages = {f"node_modules/pkg{i}": {"version": f"1.0.{i}", "resolved": "https://registry.npmjs.org/p.tgz",
                                         "integrity": "sha512-" + "a" * 80,
                                         "dependencies": {f"d{j}": "^1.0.0" for j in range(5)}}
                for i in range(20_000)}
    write(tmp_path, {"package-lock.json": json.dumps({"name": "shop", "lockfileVersion": 3, "packages": packages},
                                                     indent=2)})
    assert (tmp_path / "package-lock.json").stat().st_size > 7_000_000
    ran = fairlint(["check", "."], tmp_path, timeout=60)
    assert ran.code == 0 and "No findings in 0 files (1 other file skipped" in ran.out, ran.both
    assert ran.seconds < 15, ran.seconds  # 27 s before the kind was read first; about 0.4 s now


def test_fairlints_own_inputs_are_bounded_too(tmp_path):
    """A baseline or a .gitignore committed as a link to /dev/zero is refused, not read without end."""
    write(tmp_path, {"c.yaml": "kind: campaign\nid: a\nmessages:\n  - id: m\n    text: Delivered within 1 day.\n"})
    (tmp_path / ".gitignore").symlink_to("/dev/zero")
    (tmp_path / "fairlint-baseline.json").symlink_to("/dev/zero")
    ran = fairlint(["check", "."], tmp_path, timeout=60)
    assert ran.code == 1 and "c.yaml:5:" in ran.out, ran.both  # the ignore file is not read, the run goes on
    ran = fairlint(["check", "--baseline", "fairlint-baseline.json", "."], tmp_path, timeout=60)
    assert ran.code == 2, ran.both
    assert ("fairlint: error: fairlint-baseline.json: cannot read the baseline (not read: it is a device, "
            + REGULAR_ONLY) in ran.err


def test_the_one_call_helpers_for_feeds(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(_zip({"xl/worksheets/sheet1.xml": b"\0" * (20 * 1_048_576)}))
    with pytest.raises(FileProblem, match="zip bomb"):
        files.open_spreadsheet(bomb, 50 * 1_048_576)
    fine = tmp_path / "fine.xlsx"
    fine.write_bytes(_zip({"xl/worksheets/sheet1.xml": b"<sheetData/>"}))
    with files.open_spreadsheet(fine, 50 * 1_048_576) as handle:
        assert zipfile.ZipFile(handle).namelist() == ["xl/worksheets/sheet1.xml"]
    (tmp_path / "feed.xml").write_bytes(b"<feed><item><id>A</id></item></feed>")
    assert files.read_xml(tmp_path / "feed.xml", 1000).find("item/id").text == "A"
    with pytest.raises(FileProblem, match="over the 0 MB limit"):
        files.read_xml(tmp_path / "feed.xml", 10)
    os.mkfifo(tmp_path / "feed-fifo.xml")
    with pytest.raises(FileProblem, match="named pipe"):
        files.read_xml(tmp_path / "feed-fifo.xml", 1000)
