"""Which project each checked path belongs to (formats.md: project root, nested configuration).

A project is the documents under one *project root*: the folder of the
configuration file that applies to a path (the nearest one above it), else the
top of the git work tree the path is in, else the current folder. A folder
with a configuration file of its own starts a project of its own, as ruff's
nested configuration does: a folder walk stops at it and checks it as another
project, so ids, duplicate checks and price timelines never mix two teams'
files. ``--config FILE`` makes every checked path one project rooted at that
file's folder (when the folder holds them all; else the git work tree holding
them, else their common folder).

A path outside the current folder, with no configuration or git work tree
above it, is rooted at the checked folder itself (a named file: its folder's
parent, so that a campaign's ``../prices/`` still resolves), not at the
current folder, which would put every link outside.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import attrs

from fairlint.config import Config, config_in_folder, find_config, load_config
from fairlint.paths import resolve


@attrs.define
class Unit:
    """One project of a run: its configuration, its root and the paths checked in it."""

    config: Config
    root: Path  # resolved
    paths: list[Path] = attrs.field(factory=list)
    nested: bool = True  # a walk stops at folders with a configuration of their own
    # The root is a configuration's folder or a git work tree, not a guess (the current folder):
    # only then is it searched for the campaigns that link to a checked schedule or script.
    known_root: bool = True

    @property
    def key(self) -> tuple:
        return (self.config.path.resolve() if self.config.path else None, self.root)


def git_top(path: Path) -> Path | None:
    """The top of the git work tree holding ``path`` (a ``.git`` folder or file), without running git."""
    for folder in [path, *path.parents]:
        if os.path.exists(folder / ".git"):
            return folder
    return None


def default_root(path: Path) -> Path:
    """The root of a path no configuration file applies to (see the module's docstring)."""
    resolved = resolve(path)
    folder = resolved if os.path.isdir(resolved) else resolved.parent
    top = git_top(folder)
    if top is not None:
        return top
    cwd = Path.cwd().resolve()
    if folder == cwd or folder.is_relative_to(cwd):
        return cwd
    if os.path.isdir(resolved):
        return resolved
    return folder.parent if folder.parent != folder else folder


def plan(paths: list[Path], config: Config | None = None,
         adjust: Callable[[Config], Config] | None = None) -> list[Unit]:
    """The projects of a run, in the order their paths were given.

    ``config``: one project for every path (``--config``, or a caller that chose
    the configuration). ``adjust`` applies command-line overrides to each
    configuration loaded (ConfigError propagates).
    """
    adjust = adjust or (lambda c: c)
    if config is not None:
        root = config.path.parent.resolve() if config.path else Path.cwd().resolve()
        return [Unit(config, _enclosing(root, paths), list(paths), nested=False, known_root=config.path is not None)]
    units: dict[tuple, Unit] = {}
    loaded: dict[Path | None, Config] = {}
    for path in paths:
        found = find_config([path])
        unit = unit_for(found, path, loaded, adjust)
        units.setdefault(unit.key, unit).paths.append(path)
    return list(units.values())


def _enclosing(root: Path, paths: list[Path]) -> Path:
    """``--config ci/fairlint.toml campaigns/``: the configuration's folder when it holds every checked
    path, else the git work tree holding them all, else their common folder, so that a configuration
    kept aside does not put every link outside the project."""
    resolved = [resolve(path) for path in paths]
    if all(path == root or path.is_relative_to(root) for path in resolved):
        return root
    top = git_top(root)
    if top is not None and all(path.is_relative_to(top) for path in resolved):
        return top
    return Path(os.path.commonpath([root, *resolved]))


def unit_for(found: Path | None, path: Path, loaded: dict, adjust) -> Unit:
    """The project of ``path`` under the configuration file ``found`` (None: defaults)."""
    key = found.resolve() if found else None
    if key not in loaded or found is None:
        config = adjust(load_config(found))
        if found is None:
            config.root = default_root(path)
        loaded[key] = config
    config = loaded[key]
    root = config.root.resolve()
    return Unit(config, root, known_root=found is not None or git_top(root) == root)


def nested_unit(folder: Path, adjust: Callable[[Config], Config] | None = None) -> Unit:
    """The project of a folder met in a walk that has a configuration file of its own."""
    found = config_in_folder(folder)
    config = (adjust or (lambda c: c))(load_config(found))
    return Unit(config, config.root.resolve(), [folder])


__all__ = ["Unit", "plan", "nested_unit", "git_top", "default_root", "config_in_folder"]
