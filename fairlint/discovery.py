"""Which files to check: paths named on the command line, folders walked.

A folder walk skips what ``.gitignore`` files (in the folder, its subfolders and
above it up to the repository root) and the configured ``exclude`` skip, VCS and
tool folders, and symbolic links to folders (no loops). Files named explicitly
are always checked unless ``exclude`` matches them (pre-commit passes files one
by one, and an excluded archive should stay excluded).

With ``nested``, a walk does not enter a folder below its start that has a
configuration file of its own: that folder is another project
(``fairlint.roots``), returned in ``Discovery.nested``. A folder that cannot
be entered is returned in ``Discovery.unreadable``: what it holds was not
checked, and the run must say so (FL001, exit 2), not only note it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from fairlint.load import is_candidate
from fairlint.paths import resolve

if TYPE_CHECKING:
    import pathspec

SKIPPED_FOLDERS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox",
                   ".mypy_cache", ".pytest_cache", ".ruff_cache", ".idea", ".vscode", "site-packages"}


@attrs.frozen
class Target:
    path: Path
    explicit: bool


class MissingPath(Exception):
    pass


@attrs.define
class Discovery:
    targets: list[Target] = attrs.field(factory=list)
    notes: list[str] = attrs.field(factory=list)  # what was skipped and why (--verbose)
    nested: list[Path] = attrs.field(factory=list)  # folders with a configuration of their own
    unreadable: list[tuple[Path, str]] = attrs.field(factory=list)  # folders that could not be entered, and why


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    import pathspec  # imported when first needed: a pre-commit run on named files needs none

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return resolve(path).relative_to(root).as_posix()
    except ValueError:
        return None


class Excluder:
    """The configured ``exclude`` patterns, relative to the configuration's folder."""

    def __init__(self, patterns: list[str], root: Path):
        self.spec = _spec(patterns) if patterns else None
        self.root = root.resolve()

    def excludes(self, path: Path, is_dir: bool = False) -> bool:
        if self.spec is None:
            return False
        rel = _relative(path, self.root)
        if rel is None:
            rel = path.as_posix()
        return self.spec.match_file(rel + ("/" if is_dir else ""))


def _gitignores_above(folder: Path) -> list[tuple[Path, pathspec.PathSpec]]:
    """``.gitignore`` files from the repository root down to ``folder`` (exclusive of below)."""
    found = []
    for parent in [folder, *folder.parents]:
        ignore = parent / ".gitignore"
        if ignore.is_file():
            found.append((parent, _read_ignore(ignore)))
        if (parent / ".git").exists():
            break
    return list(reversed(found))


def _read_ignore(path: Path) -> pathspec.PathSpec:
    from fairlint.load.files import FileProblem, read_limited, SETTINGS_LIMIT

    try:
        return _spec(read_limited(path, SETTINGS_LIMIT).decode("utf-8", errors="replace").splitlines())
    except FileProblem:
        return _spec([])


def _ignored(path: Path, is_dir: bool, ignores: list[tuple[Path, pathspec.PathSpec]]) -> bool:
    for base, spec in ignores:
        rel = _relative(path, base)
        if rel is not None and spec.match_file(rel + ("/" if is_dir else "")):
            return True
    return False


def discover(paths: list[Path], excluder: Excluder, *, nested: bool = False, explicit: bool = True,
             prune: frozenset[Path] = frozenset()) -> Discovery:
    """The files to check, what was skipped (for --verbose), nested projects and folders not entered.

    ``explicit=False`` (``--skip-other-files``) treats named files as a walk would; a walk does not
    enter the (resolved) folders in ``prune``.
    """
    found = Discovery()
    seen: set[Path] = set()
    for given in paths:
        if not _exists(given):
            raise MissingPath(str(given))
        if _is_dir(given):
            for path in _walk(given, excluder, found, nested, prune):
                key = resolve(path)
                if key not in seen:
                    seen.add(key)
                    found.targets.append(Target(path, explicit=False))
        else:
            if excluder.excludes(given):
                found.notes.append(f"{given}: excluded by the configuration")
                continue
            key = resolve(given)
            if key not in seen:
                seen.add(key)
                found.targets.append(Target(given, explicit=explicit))
    return found


def _exists(path: Path) -> bool:
    """Whether ``path`` names something, a broken link included; a path inside a folder that
    cannot be entered counts as there (reading it then says why it cannot be read)."""
    try:
        return path.exists() or path.is_symlink()
    except PermissionError:
        return True
    except (OSError, ValueError):
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _walk(top: Path, excluder: Excluder, found: Discovery, nested: bool, prune: frozenset[Path] = frozenset()):
    from fairlint.config import config_in_folder

    notes = found.notes
    ignores_by_dir: dict[str, list] = {}
    top_resolved = top.resolve()
    base_ignores = _gitignores_above(top_resolved.parent) if top_resolved.parent != top_resolved else []

    def not_entered(error: OSError) -> None:
        found.unreadable.append((Path(error.filename), error.strerror or str(error)))

    for folder, dirs, files in os.walk(top, followlinks=False, onerror=not_entered):
        folder_path = Path(folder)
        parent_ignores = ignores_by_dir.get(str(folder_path.parent), base_ignores) if folder_path != top else base_ignores
        ignores = list(parent_ignores)
        own = folder_path / ".gitignore"
        if own.is_file():
            ignores.append((folder_path.resolve(), _read_ignore(own)))
        ignores_by_dir[folder] = ignores
        kept = []
        for name in sorted(dirs):
            sub = folder_path / name
            if name in SKIPPED_FOLDERS or sub.is_symlink() or (prune and resolve(sub) in prune):
                continue
            if _ignored(sub, True, ignores) or excluder.excludes(sub, is_dir=True):
                notes.append(f"{sub}/: skipped (.gitignore or exclude)")
                continue
            if nested and config_in_folder(sub) is not None:
                found.nested.append(sub)
                notes.append(f"{sub}/: a project of its own (it has its own configuration)")
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = folder_path / name
            if not is_candidate(path):
                continue
            if _ignored(path, False, ignores) or excluder.excludes(path):
                notes.append(f"{path}: skipped (.gitignore or exclude)")
                continue
            yield path
