"""Nothing written where it should not be: ``-o``, ``report -o`` and the baseline are written to a
temporary file and renamed, never through a symbolic link; a stopped run leaves the old file whole
and no temporary file; an existing file keeps its permissions."""

from __future__ import annotations

import os
import stat

import pytest

from conftest import as_nobody, fairlint, write
from fairlint import writing

CAMPAIGN = "kind: campaign\nid: a\nmessages:\n  - id: m\n    text: We deliver within 1 day, guaranteed.\n"


@pytest.mark.parametrize("command", [["check", "-o", "fairlint-report.txt", "."],
                                     ["report", "-q", "-o", "fairlint-report.txt", "."],
                                     ["check", "--write-baseline", "--baseline", "fairlint-report.txt", "."]])
def test_a_committed_symbolic_link_is_replaced_never_written_through(tmp_path, command):
    """A campaign repository ships ``fairlint-report.txt -> ~/.ssh/authorized_keys``."""
    outside = tmp_path / "home" / "authorized_keys"
    write(tmp_path, {"home/authorized_keys": "ssh-ed25519 AAAA the-owner\n", "repo/c.yaml": CAMPAIGN})
    (tmp_path / "repo" / "fairlint-report.txt").symlink_to(outside)
    ran = fairlint(command, tmp_path / "repo")
    assert ran.code in (0, 1) and "Traceback" not in ran.err, ran.both
    assert outside.read_text() == "ssh-ed25519 AAAA the-owner\n"
    report = tmp_path / "repo" / "fairlint-report.txt"
    assert not report.is_symlink() and report.is_file()
    assert "FL302" in report.read_text() or "fingerprint" in report.read_text()


def test_a_run_stopped_while_writing_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    target.write_text("the old report\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writing.write_atomically(target, "the new report, half written" * 1000)
    assert target.read_text() == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_sigterm_unwinds_so_no_temporary_file_is_left(tmp_path):
    """The real command: SIGTERM (a cancelled CI job) at any moment leaves the old file or the new one."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    rows = "".join(f"S{i % 500},{10 + i % 7}.00,2027-01-{1 + i % 28:02d},2027-01-{1 + i % 28:02d}\n"
                   for i in range(200_000))
    write(tmp_path, {"big.csv": "sku,price,start,end\n" + rows, "out.txt": "the old output\n"})
    process = subprocess.Popen([sys.executable, "-m", "fairlint", "check", "-q", "-o", "out.txt", "big.csv"],
                               cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.8)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err
    assert (tmp_path / "out.txt").read_text() in ("the old output\n", "No findings in 1 file.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "out.txt"]


def test_an_existing_file_keeps_its_permissions_and_a_new_one_gets_the_usual_ones(tmp_path):
    write(tmp_path, {"c.yaml": CAMPAIGN})
    baseline = tmp_path / "fairlint-baseline.json"
    baseline.write_text("{}")
    baseline.chmod(0o640)
    output = tmp_path / "out.sarif"
    output.write_text("")
    output.chmod(0o604)
    assert fairlint(["check", "--write-baseline", "."], tmp_path).code == 0
    assert fairlint(["check", "--format", "sarif", "-o", "out.sarif", "."], tmp_path).code == 1
    assert stat.S_IMODE(baseline.stat().st_mode) == 0o640 and "fingerprint" in baseline.read_text()
    assert stat.S_IMODE(output.stat().st_mode) == 0o604 and "FL302" in output.read_text()
    umask = os.umask(0o022)
    try:
        writing.write_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644  # not mkstemp's 0o600


def test_an_output_folder_that_cannot_be_written_is_exit_2(shared_folder):
    write(shared_folder, {"c.yaml": CAMPAIGN, "locked/old.txt": "old\n"})
    (shared_folder / "locked").chmod(0o555)
    ran = as_nobody(["check", "-o", "locked/old.txt", "c.yaml"], shared_folder)
    assert ran.code == 2, ran.both
    assert "fairlint: error: locked/old.txt: cannot write (Permission denied)" in ran.err
    assert "Traceback" not in ran.err
    assert (shared_folder / "locked" / "old.txt").read_text() == "old\n"
