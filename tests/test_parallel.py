"""``--jobs``: files parsed in worker processes give exactly the findings of one process."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from fairlint.config import Config
from fairlint.engine import run
from fairlint.load import load_file, parallel
from helpers import ROOT, chdir


def _many_files(base: Path, copies: int = 12) -> None:
    """The example and clean fixtures several times over, plus the hostile corpus."""
    for n in range(copies):
        shutil.copytree(ROOT / "fixtures" / ("example" if n % 2 else "clean"), base / f"team-{n:02d}")
    shutil.copytree(ROOT / "tests" / "hostile", base / "hostile")


@pytest.fixture
def workers_always(monkeypatch):
    """Use the workers however few files there are."""
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "BATCH_BYTES", 2048)  # several batches, finishing in any order


def _findings(base: Path, jobs: int):
    with chdir(base):
        result = run([Path(".")], Config(root=base), jobs=jobs)
    return result.findings, result.files_checked, result.files_skipped, result.errors


def test_parallel_run_gives_the_same_findings(tmp_path, workers_always):
    _many_files(tmp_path)
    one = _findings(tmp_path, 1)
    assert one[0] and not one[3]
    assert _findings(tmp_path, 2) == one
    assert _findings(tmp_path, 3) == one


def test_workers_are_used_and_return_what_one_process_reads(tmp_path, workers_always, monkeypatch):
    _many_files(tmp_path, copies=2)
    targets = [(p, False) for p in sorted(tmp_path.rglob("*.*")) if p.is_file()]
    used = []
    real = parallel._load_in_workers
    monkeypatch.setattr(parallel, "_load_in_workers", lambda *a: used.append(True) or real(*a))
    here = parallel.load_all(targets, labels={"rep": "seller", "customer": "customer"}, max_bytes=10**8, jobs=1)
    there = parallel.load_all(targets, labels={"rep": "seller", "customer": "customer"}, max_bytes=10**8, jobs=2)
    assert used == [True]
    assert [(r.path, r.documents, r.problems, r.skipped, r.text) for r in here] == \
           [(r.path, r.documents, r.problems, r.skipped, r.text) for r in there]


def test_few_files_are_read_in_this_process(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "fixtures" / "example", tmp_path / "example")
    monkeypatch.setattr(parallel, "_load_in_workers", lambda *a: pytest.fail("workers started for a few files"))
    with chdir(tmp_path):
        assert run([Path(".")], Config(root=tmp_path), jobs=4).findings


def test_no_worker_processes_means_one_process(tmp_path, workers_always, monkeypatch):
    """Where processes cannot be started, the run still completes, reading files here."""
    _many_files(tmp_path, copies=2)
    expected = _findings(tmp_path, 1)

    def no_processes(*args, **kwargs):
        raise OSError("no processes here")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    assert _findings(tmp_path, 2) == expected


def test_loaded_files_survive_pickling():
    for path in sorted((ROOT / "fixtures" / "example").rglob("*.*")):
        loaded = load_file(path, explicit=True, labels={"rep": "seller", "customer": "customer"}, max_bytes=10**8)
        again = pickle.loads(pickle.dumps(loaded))
        assert again.documents == loaded.documents and again.problems == loaded.problems
        for document in again.documents:  # back-references still lead to the same objects
            for row in getattr(document, "rows", []):
                assert row.schedule is document
            for offer in getattr(document, "offers", []):
                assert offer.campaign is document


def test_cli_jobs_option(tmp_path):
    from helpers import cli

    shutil.copytree(ROOT / "fixtures" / "example", tmp_path / "example")
    one = cli(["check", "--jobs", "1", "--format", "json", "example"], cwd=tmp_path)
    two = cli(["check", "-j", "2", "--format", "json", "example"], cwd=tmp_path)
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    bad = cli(["check", "--jobs", "0", "example"], cwd=tmp_path)
    assert bad.exit_code == 2
