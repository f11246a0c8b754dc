"""Reading the bytes of a file fairlint was asked to check, within the size limit.

Every loader reads through here (or calls ``check_file`` before handing a path
to another reader such as DuckDB, pyarrow, openpyxl or an XML parser), so that
what may be read, and how much of it, is decided in one place.
"""

from __future__ import annotations

from pathlib import Path


class FileProblem(Exception):
    """A file that cannot be read: the message says why and what to do."""


def check_file(path: Path, max_bytes: int | None) -> int:
    """The file's size, once it is known to be readable within ``max_bytes`` (None: no limit)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileProblem(f"cannot read the file: {exc.strerror or exc}") from None
    if max_bytes is not None and size > max_bytes:
        raise FileProblem(
            f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit "
            "(raise max-file-mb in the configuration to check it)"
        )
    return size


def read_limited(path: Path, max_bytes: int | None) -> bytes:
    """The file's bytes; FileProblem when it is over the limit or cannot be read."""
    check_file(path, max_bytes)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileProblem(f"cannot read the file: {exc.strerror or exc}") from None
