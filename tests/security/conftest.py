"""Shared helpers of the security suite: the real command in its own process, and the same as an
unprivileged user (for the permission cases: root reads and writes everything)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import attrs
import pytest

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))  # helpers.py
from helpers import write_files  # noqa: E402
NOBODY = 65534


@attrs.frozen
class Ran:
    code: int
    out: str
    err: str
    seconds: float = 0.0
    peak_mb: float = 0.0

    @property
    def both(self) -> str:
        return self.out + self.err


def fairlint(args: list[str], cwd: Path, *, timeout: float = 120, stdin=subprocess.DEVNULL, env=None) -> Ran:
    """``python -m fairlint ARGS`` in ``cwd``: exit code, stdout, stderr, wall time and peak memory."""
    import time

    environment = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                       **(env or {}))
    environment.pop("FAIRLINT_DEBUG", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "fairlint", *args], cwd=cwd, stdin=stdin, stdout=out,
                                   stderr=err, env=environment,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            _, status, usage = _wait(process, timeout)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Ran(os.waitstatus_to_exitcode(status), out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024)


def _wait(process, timeout):
    import time

    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        if time.monotonic() > deadline:
            raise AssertionError(f"fairlint did not finish within {timeout} s")
        time.sleep(0.02)


def _warm_up() -> None:
    """Import everything the command imports lazily, while the interpreter's files can still be read
    (here Python may live in root's home, which user nobody cannot enter)."""
    from fairlint.cli import main

    example = str(ROOT / "fixtures" / "example")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for args in (["check", "-q", example], ["check", "-q", "--format", "github", example],
                     ["report", "-q", "--format", "csv", example], ["report", "-q", example]):
            try:
                main(args, prog_name="fairlint")
            except SystemExit:
                pass


def as_nobody(args: list[str], cwd: Path) -> Ran:
    """The command as an unprivileged user: directly when the tests already run as one, else in a
    forked child that drops to user ``nobody`` (skipped where that is impossible)."""
    if os.geteuid() != 0:
        return fairlint(args, cwd)
    out_path, err_path = Path(tempfile.mkstemp()[1]), Path(tempfile.mkstemp()[1])
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 3
        try:
            _warm_up()
            out = os.open(out_path, os.O_WRONLY | os.O_TRUNC)
            err = os.open(err_path, os.O_WRONLY | os.O_TRUNC)
            os.chdir(cwd)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.dup2(out, 1)
            os.dup2(err, 2)
            sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), encoding="utf-8")
            sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), encoding="utf-8")
            from fairlint.cli import main

            try:
                main(args, prog_name="fairlint")
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            with contextlib.suppress(Exception):
                sys.stderr.write(traceback.format_exc())
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    out, err = out_path.read_text("utf-8", "replace"), err_path.read_text("utf-8", "replace")
    out_path.unlink()
    err_path.unlink()
    if code == 3 and "PermissionError" in err and "setuid" in err:
        pytest.skip("cannot switch to an unprivileged user here")
    return Ran(code, out, err)


@pytest.fixture
def shared_folder():
    """A folder user nobody may enter and write to (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="fairlint-security-"))
    os.chmod(folder, 0o777)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            with contextlib.suppress(OSError):
                if not path.is_symlink():
                    os.chmod(path, 0o777)
        shutil.rmtree(folder, ignore_errors=True)


write = write_files  # the suite's one way of laying out a project (tests/helpers.py)
