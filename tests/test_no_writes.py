"""fairlint only reads: a run leaves every checked file and folder exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fairlint.config import Config
from fairlint.engine import run
from fairlint.load import parallel
from helpers import ROOT, chdir
from test_hostile import make_corpus


def snapshot(base: Path) -> dict[str, tuple]:
    """Every entry under ``base`` (links not followed): kind, size, modification time, content hash."""
    state = {}
    for folder, dirs, files in os.walk(base):
        for name in dirs + files:
            path = Path(folder, name)
            info = path.lstat()
            digest = None
            if path.is_file() and not path.is_symlink() and info.st_size < 10_000_000:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[str(path.relative_to(base))] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
        state[str(Path(folder).relative_to(base))] = ("folder", Path(folder).lstat().st_mtime_ns)
    return state


@pytest.fixture
def project(tmp_path):
    """The example and clean fixtures and the hostile corpus, as a folder to check."""
    base = tmp_path / "project"
    base.mkdir()
    for name in ("example", "clean"):
        shutil.copytree(ROOT / "fixtures" / name, base / name)
    shutil.move(str(make_corpus(tmp_path)), base / "hostile")
    return base


@pytest.mark.parametrize("args", [
    ["check", "."],
    ["check", "--format", "json", "--jobs", "2", "."],
    ["check", "--format", "sarif", "example/campaigns/spring-2027.yaml", "example/prices/spring.csv"],
])
def test_the_command_writes_nothing_to_what_it_checks(project, args):
    before = snapshot(project)
    process = subprocess.run([sys.executable, "-m", "fairlint", *args], cwd=project, capture_output=True, timeout=120)
    # 2 when the hostile corpus is checked: some of its files cannot be read
    assert process.returncode == (2 if "." in args else 1), process.stderr
    assert snapshot(project) == before


def test_a_run_with_worker_processes_writes_nothing(project, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    before = snapshot(project)
    with chdir(project):
        run([Path(".")], Config(root=project), jobs=2)
    assert snapshot(project) == before
