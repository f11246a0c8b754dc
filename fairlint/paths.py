"""Resolving file paths cheaply: a run resolves every checked file several times.

``Path.resolve()`` asks the file system about every component of the path (one
``lstat`` each, in Python code); for 10,000 files in a few folders that is most
of a second, again at each call. ``resolve`` asks about each folder once per run
and about the file itself only whether it is a symbolic link, which gives the
same answer. ``forget()`` starts afresh (the engine calls it at the start of a
run, as files may have moved since the last one).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def resolve(path: Path) -> Path:
    """The same as ``path.resolve()``, except that it never raises: a symbolic link that leads to
    itself (``Path.resolve`` raises RuntimeError) is its own absolute path, so that reading it
    gives a finding ("too many levels of symbolic links") like any unreadable file."""
    try:
        name = path.name
        if not name or name in (".", "..") or os.path.islink(path):
            return path.resolve()
        return _folder(os.getcwd(), str(path.parent)) / name
    except (RuntimeError, OSError, ValueError):  # a loop, a name too long, a NUL byte in a link
        return Path(os.path.abspath(path))


def exists(path: Path) -> bool:
    """``path.exists()`` that never raises: a path too long or holding a NUL byte does not exist."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def is_dir(path: Path) -> bool:
    """``path.is_dir()`` that never raises (see ``exists``)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def is_file(path: Path) -> bool:
    """``path.is_file()`` that never raises (see ``exists``)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def relative_display(path: Path) -> str:
    """The path as the user would write it: relative to the working folder when inside it."""
    try:
        cwd = os.getcwd()
    except OSError:  # the working folder was deleted
        return path.as_posix()
    return _display(cwd, path)


def display_location(loc) -> str:
    """``path:line`` of a Location, as the user would write it (for messages naming another row)."""
    return f"{relative_display(loc.path)}:{loc.line}"


@lru_cache(maxsize=65_536)
def _display(cwd: str, path: Path) -> str:
    try:
        resolved, here = resolve(path), _folder(cwd, ".")
        return resolved.relative_to(here).as_posix() if resolved.is_relative_to(here) else path.as_posix()
    except (ValueError, OSError):
        return path.as_posix()


@lru_cache(maxsize=16_384)
def _folder(cwd: str, folder: str) -> Path:
    """``folder`` resolved; ``cwd`` (the working folder a relative one is in) is part of the key."""
    return resolve(Path(folder)) if folder not in (".", "") else Path(folder).resolve()


def forget() -> None:
    _folder.cache_clear()
    _display.cache_clear()
