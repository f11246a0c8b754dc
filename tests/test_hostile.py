"""Hostile input: every broken file gives its FL001 finding, the good files are still checked,
memory stays bounded and nothing in a file is ever executed.

The small files live in ``tests/hostile/``; big or unusual ones (a 200 MB schedule,
a 5,000-level YAML document, symbolic link loops) are made here in a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fairlint.config import Config
from fairlint.engine import run
from helpers import chdir

HOSTILE = Path(__file__).parent / "hostile"

# file -> [(line, code, words in the message)] it must give, and nothing else.
EXPECTED = {
    "alias-bomb.yaml": [(4, "FL001", "expands to more than 200,000 values")],
    "nested-50.yaml": [(6, "FL001", "campaign.terms.level0: expected text, got {'level1': {'level2'")],
    "nested-5000.yaml": [(1, "FL001", "nested too deeply to read")],
    "invalid-utf8.yaml": [(3, "FL001", "invalid UTF-8 (byte 0xfc)")],
    "utf16-bom.yaml": [(5, "FL104", "pays 8% for winning a new customer")],  # read fine: its rule fires
    "nul-bytes.csv": [(3, "FL001", "NUL bytes")],
    "ragged.csv": [(3, "FL001", "row has 3 cells but the header has 4"), (4, "FL001", "row has 5 cells")],
    "open-quote.csv": [(3, "FL001", "a quote opened in this row is never closed")],
    "bad-dates.csv": [(2, "FL001", "'2027-02-30' is not a real calendar date"),
                      (3, "FL001", "'0000-00-00' is not a real calendar date")],
    "bad-prices.csv": [(2, "FL001", "got '1e309'"), (3, "FL001", "got 'NaN'"),
                       (4, "FL001", "cannot be negative, got -5"), (5, "FL001", "'12,50' uses a decimal comma")],
    "python-tag.yaml": [(3, "FL001", "unsupported YAML tag '!!python/object/apply:os.system'")],
    # A price schedule has no size limit (the price engine streams it): this one is NUL bytes.
    "huge.csv": [(2, "FL001", "NUL bytes")],
    "xml-bomb.xml": [(1, "FL001", "declares a DTD or entities")],  # never expanded
    "xxe-feed.xml": [(1, "FL001", "declares a DTD or entities")],  # the file it names is never read
    "loops/self.yaml": [(1, "FL001", "cannot read the file: Too many levels of symbolic links")],
    "good/prices.csv": [(3, "FL201", "DESK-77 drops from 49.00 to 39.00")],
}
MEMORY_LIMIT_MB = 250  # a run over the corpus takes about 70 MB; reading the 200 MB file would not fit


def make_corpus(base: Path) -> Path:
    """The committed corpus plus the generated files, in ``base/corpus``."""
    corpus = base / "corpus"
    shutil.copytree(HOSTILE, corpus, symlinks=True)
    with (corpus / "huge.csv").open("wb") as huge:  # 200 MB, sparse: cheap to make, costly to read
        huge.write(b"sku,price,start,end\n")
        huge.truncate(200 * 1_048_576)
    deep = "kind: campaign\nid: deep\nterms:\n"
    deep += "".join(" " * (level + 1) + f"l{level}:\n" for level in range(5000)) + " " * 5001 + "x: y\n"
    (corpus / "nested-5000.yaml").write_text(deep, encoding="utf-8")
    loops = corpus / "loops"
    loops.mkdir()
    (loops / "self.yaml").symlink_to("self.yaml")  # a file link to itself
    (loops / "up").symlink_to("..", target_is_directory=True)  # a folder link to its parent
    good = corpus / "good"
    good.mkdir()
    (good / "prices.csv").write_text(
        "sku,price,start,end,audience,announced\n"
        "DESK-77,49.00,2027-03-01,2027-03-09,all,\n"
        "DESK-77,39.00,2027-03-10,2027-03-20,all,2027-03-10\n",
        encoding="utf-8",
    )
    return corpus


# A child's peak memory (ru_maxrss) counts the pages of the process it was forked from: started from
# the test process (hundreds of MB after the other tests), fairlint would be charged for them. So a
# small fresh interpreter starts it and reports what fairlint itself used.
_LAUNCHER = """
import os, subprocess, sys
peak_file, args = sys.argv[1], sys.argv[2:]
process = subprocess.Popen([sys.executable, "-m", "fairlint", *args])
_, status, usage = os.wait4(process.pid, 0)
open(peak_file, "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_cli(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """The real command in its own process: exit code, stdout, stderr, its peak memory (MB)."""
    peak_file = cwd.parent / "peak"
    with (cwd.parent / "stdout").open("w+b") as out, (cwd.parent / "stderr").open("w+b") as err:
        code = subprocess.call([sys.executable, "-c", _LAUNCHER, str(peak_file), *args], cwd=cwd, stdout=out,
                               stderr=err)
        out.seek(0)
        err.seek(0)
        return code, out.read().decode(), err.read().decode(), int(peak_file.read_text()) / 1024


def findings_of(stdout: str) -> list[dict]:
    data = json.loads(stdout)
    return data["findings"] if isinstance(data, dict) else data


def test_the_whole_corpus_in_one_run(tmp_path):
    corpus = make_corpus(tmp_path)
    code, stdout, stderr, peak = run_cli(["check", "--format", "json", "--jobs", "1", "."], corpus)
    assert code == 2, stderr  # files that cannot be read make the result incomplete
    assert "Traceback" not in stderr
    findings = findings_of(stdout)
    found: dict[str, list] = {}
    for finding in findings:
        found.setdefault(finding["path"], []).append((finding["line"], finding["code"], finding["message"]))
    assert sorted(found) == sorted(EXPECTED)
    for path, expected in EXPECTED.items():
        got = sorted(found[path])
        assert [(line, code) for line, code, _ in got] == [(line, code) for line, code, _ in expected], path
        for (_, _, message), (_, _, words) in zip(got, expected):
            assert words in message, (path, message)
    assert not list(tmp_path.rglob("EXECUTED")) and not Path("EXECUTED").exists()
    assert peak < MEMORY_LIMIT_MB, f"peak memory {peak:.0f} MB"


def test_the_corpus_in_parallel_gives_the_same_findings(tmp_path):
    corpus = make_corpus(tmp_path)
    outputs = [run_cli(["check", "--format", "json", "--jobs", jobs, "."], corpus)[1] for jobs in ("1", "2")]
    assert outputs[0] == outputs[1]


def test_a_file_over_the_limit_is_not_read(tmp_path, monkeypatch):
    # The limit is for YAML, JSON, TOML and scripts: a price schedule is streamed however big it is.
    (tmp_path / "huge.yaml").write_bytes(b"kind: campaign\nid: big\nterms:\n" + b"  # padding\n" * 100_000)
    (tmp_path / "fairlint.toml").write_text("max-file-mb = 1\n", encoding="utf-8")
    opened = []
    real_read = Path.read_bytes

    def spy(self):
        opened.append(self.name)
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    from fairlint.config import load_config

    with chdir(tmp_path):
        result = run([Path(".")], load_config(tmp_path / "fairlint.toml"))
    assert [(f.path, f.line, f.code) for f in result.findings] == [("huge.yaml", 1, "FL001")]
    assert "over the 1 MB limit" in result.findings[0].message
    assert "huge.yaml" not in opened


def test_an_unreadable_file_is_reported_and_the_others_are_checked(tmp_path, monkeypatch):
    (tmp_path / "secret.yaml").write_text("kind: campaign\nid: secret\n", encoding="utf-8")
    (tmp_path / "prices.csv").write_text((HOSTILE / "ragged.csv").read_text(encoding="utf-8"), encoding="utf-8")
    os.chmod(tmp_path / "secret.yaml", 0)
    if os.access(tmp_path / "secret.yaml", os.R_OK):  # root reads anything: make the read fail as it would
        real_open = os.open

        def denied(path, flags, *args, **kwargs):
            if Path(path).name == "secret.yaml":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", denied)
    with chdir(tmp_path):
        result = run([Path(".")], Config(root=tmp_path))
    got = [(f.path, f.line, f.code) for f in result.findings]
    assert ("secret.yaml", 1, "FL001") in got
    assert "cannot read the file: Permission denied" in result.findings[got.index(("secret.yaml", 1, "FL001"))].message
    assert ("prices.csv", 3, "FL001") in got and ("prices.csv", 4, "FL001") in got
    os.chmod(tmp_path / "secret.yaml", 0o644)


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md"))
def test_each_hostile_file_named_alone(tmp_path, name):
    """Named on the command line (as pre-commit does), each file still gives its finding, no traceback."""
    shutil.copy(HOSTILE / name, tmp_path / name)
    with chdir(tmp_path):
        result = run([Path(name)], Config(root=tmp_path))
    assert result.errors == []
    assert sorted((f.line, f.code) for f in result.findings) == [(line, code) for line, code, _ in EXPECTED[name]]
