"""Files changed since a git revision: ``git diff --name-only REV`` plus untracked files."""

from __future__ import annotations

import subprocess
from pathlib import Path


class DiffError(Exception):
    """Why the changed files cannot be known (one line, for the user)."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise DiffError("--diff needs git, and git is not installed") from None


def changed_files(revision: str, cwd: Path | None = None) -> set[Path]:
    """Resolved paths of the files changed in the working tree since ``revision``, and new untracked ones.

    Deleted files are left out (nothing to check). Raises DiffError outside a
    repository or for a revision git does not know.
    """
    cwd = cwd or Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise DiffError(f"--diff: {cwd} is not inside a git repository")
    root = Path(top.stdout.strip())
    if revision.startswith("-") or _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd).returncode:
        raise DiffError(f"--diff: {revision!r} is not a commit in this repository (try HEAD, main or a commit id)")
    names: list[str] = []
    for args in (["diff", "--name-only", "--no-renames", "-z", revision, "--"],
                 ["ls-files", "--others", "--exclude-standard", "-z", "--full-name"]):
        listed = _git(args, root)
        if listed.returncode != 0:
            reason = (listed.stderr.strip().splitlines() or ["git failed"])[-1]
            raise DiffError(f"--diff: {reason}")
        names += [n for n in listed.stdout.split("\0") if n]
    from fairlint.paths import is_file, resolve

    return {resolve(root / name) for name in names if is_file(root / name)}
