"""Shared test helpers: write a project to a folder and run fairlint on it."""

from __future__ import annotations

import os
import textwrap
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from fairlint.cli import main
from fairlint.config import find_config, load_config
from fairlint.engine import run

ROOT = Path(__file__).resolve().parent.parent


def write_files(base: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n") if content.startswith("\n") else content, encoding="utf-8")


@contextmanager
def chdir(path: Path):
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def check(base: Path, files: dict[str, str | bytes] | None = None, paths: list[str] | None = None):
    """Run the engine on ``base`` (after writing ``files``), from inside it; returns the findings."""
    if files:
        write_files(base, files)
    with chdir(base):
        targets = [Path(p) for p in (paths or ["."])]
        config = load_config(find_config(targets))
        return run(targets, config).findings


def codes_at(findings, code: str | None = None) -> list[str]:
    """``path:line CODE`` for each finding (of ``code`` only, when given)."""
    return [f"{f.path}:{f.line} {f.code}" for f in findings if code is None or f.code == code]


def cli(args: list[str], cwd: Path | None = None):
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, args, catch_exceptions=False)
    with chdir(cwd):
        return runner.invoke(main, args, catch_exceptions=False)
