"""Reading the bytes of a file fairlint was asked to check, within the size limit.

Every loader reads through here, so that what may be read, and how much of it,
is decided in one place:

- only regular files are read: a symbolic link to ``/dev/zero`` or
  ``/dev/stdin``, a FIFO or a socket is refused without blocking (the file is
  opened non-blocking and checked with ``fstat`` on the open descriptor, so a
  file swapped between a check and the read is still caught);
- never more than the limit plus one byte is read, whatever ``stat`` said.

A loader that hands a file to another reader:

- ``open_checked(path, max_bytes)``: a binary file object of a checked regular
  file, for readers that take one (openpyxl, pyarrow, ``xml.etree`` parsers).
  Prefer it: the reader then reads the very file that was checked.
- ``check_file(path, max_bytes)``: the same checks for readers that only take a
  path (DuckDB); returns the size.
- ``open_spreadsheet(path, max_bytes)``: ``open_checked`` then
  ``check_spreadsheet``: the file object to give
  ``openpyxl.load_workbook(handle, read_only=True)`` (openpyxl parses with
  defusedxml when it is installed, as it is with fairlint).
- ``check_spreadsheet(file, max_bytes)``: an ``.xlsx`` (a zip) within bounds:
  the sum of its members' uncompressed sizes, their count and their compression
  ratios (a zip bomb is refused before openpyxl inflates anything).
- ``read_xml(path, max_bytes)``: ``read_limited`` then ``parse_xml``: the root
  element of a feed; ``parse_xml(data)`` parses with defusedxml, which refuses
  DTDs, entity declarations (the "billion laughs") and external entities.

A reader given only a path (DuckDB) opens the file again after ``check_file``;
what it opens could have been swapped in between by someone who can write to the
folder. Where the reader accepts it, give it ``/dev/fd/N`` of the checked file
object instead (``f"/dev/fd/{handle.fileno()}"``), which is the very file checked.

Every refusal is a ``FileProblem`` whose message says why and what to do.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from fairlint.i18n import T

# An .xlsx's members together may unpack to this many times the file-size limit (a spreadsheet's
# XML is verbose and compresses about 10:1; 20 leaves room for plain, repetitive sheets).
SPREADSHEET_EXPANSION = 20
# A member compressed more than this is a zip bomb (real sheets stay well under 100:1) ...
SPREADSHEET_MAX_RATIO = 200
SPREADSHEET_RATIO_FROM = 1_048_576  # ... once it unpacks to at least this much (tiny members vary wildly)
SPREADSHEET_MAX_MEMBERS = 10_000

_READ_CHUNK = 1_048_576
# fairlint's own inputs (configuration, lexicon files, .gitignore files) are small: a bigger one, or a
# link to /dev/zero committed in its place, is refused rather than read without end
SETTINGS_LIMIT = 16 * 1_048_576


class FileProblem(Exception):
    """A file that cannot be read: the message says why and what to do."""


def _cannot_read(exc: BaseException) -> FileProblem:
    if isinstance(exc, OSError):
        if exc.errno == errno.ENAMETOOLONG:
            return FileProblem(T("cannot read the file: its path is too long for the file system"))
        return FileProblem(T("cannot read the file: {reason}", reason=str(exc.strerror or exc)))
    return FileProblem(T("cannot read the file: {reason}", reason=str(exc)))  # ValueError: a NUL byte in the path


def _what(mode: int):
    if stat.S_ISDIR(mode):
        return T("a folder")
    if stat.S_ISFIFO(mode):
        return T("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return T("a device")
    if stat.S_ISSOCK(mode):
        return T("a socket")
    return T("not a regular file")


def _open_regular(path: Path, max_bytes: int | None) -> tuple[int, int]:
    """An open descriptor of ``path`` and its size, once it is a regular file within the limit."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise _cannot_read(exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(T("not read: it is {what}, and fairlint reads only regular files "
                                "(remove it, or add it to exclude in the configuration)", what=_what(info.st_mode)))
        _check_size(info.st_size, max_bytes)
        return fd, info.st_size
    except BaseException:
        os.close(fd)
        raise


def _check_size(size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise FileProblem(T(
            "file is {size} MB, over the {limit} MB limit (raise max-file-mb in the configuration to check it)",
            size=f"{size / 1_048_576:.1f}", limit=f"{max_bytes / 1_048_576:.0f}"))


def check_file(path: Path, max_bytes: int | None) -> int:
    """The file's size, once it is known to be a regular file readable within ``max_bytes``
    (None: no limit). For readers that take a path; prefer ``open_checked`` where a file object will do."""
    fd, size = _open_regular(path, max_bytes)
    os.close(fd)
    return size


def open_checked(path: Path, max_bytes: int | None) -> BinaryIO:
    """A binary file object of ``path``, checked as ``check_file`` does (the caller closes it)."""
    fd, _ = _open_regular(path, max_bytes)
    try:
        os.set_blocking(fd, True)
    except OSError:
        pass
    return os.fdopen(fd, "rb")


def read_limited(path: Path, max_bytes: int | None) -> bytes:
    """The file's bytes; FileProblem when it is over the limit, not a regular file or cannot be read.

    At most ``max_bytes`` + 1 bytes are read, so a file that grows while it is read is refused too.
    """
    fd, size = _open_regular(path, max_bytes)
    try:
        chunks = []
        read = 0
        budget = None if max_bytes is None else max_bytes + 1
        want = size + 1  # one read gets a regular file whole; the loop only runs on for a file that grew
        while budget is None or read < budget:
            want = want if budget is None else min(want, budget - read)
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
            want = _READ_CHUNK
    except OSError as exc:
        raise _cannot_read(exc) from None
    finally:
        os.close(fd)
    _check_size(read, max_bytes)
    return b"".join(chunks)


def read_settings_text(path: Path, max_bytes: int = SETTINGS_LIMIT) -> str:
    """A configuration, lexicon or ignore file's text, read as ``read_limited`` reads (UTF-8; a
    byte order mark is dropped). FileProblem when it cannot be read; UnicodeDecodeError when not UTF-8."""
    return read_limited(path, max_bytes).decode("utf-8-sig")


def open_spreadsheet(path: Path, max_bytes: int | None) -> BinaryIO:
    """An ``.xlsx`` as a checked binary file object within the spreadsheet bounds (the caller closes it)."""
    handle = open_checked(path, max_bytes)
    try:
        check_spreadsheet(handle, max_bytes)
    except BaseException:
        handle.close()
        raise
    return handle


def read_xml(path: Path, max_bytes: int | None, what: str = "XML"):
    """The root element of an XML file read within ``max_bytes`` and parsed by ``parse_xml``."""
    return parse_xml(read_limited(path, max_bytes), what)


def check_spreadsheet(file: Path | BinaryIO, max_bytes: int | None) -> None:
    """Refuse an ``.xlsx`` (or any zip) whose members would unpack past the bounds.

    ``file``: a path (checked with ``check_file`` first) or an open binary file (from
    ``open_checked``; it is rewound afterwards). Declared sizes are what Python's ``zipfile``
    (and so openpyxl) stops at, so checking them bounds what openpyxl can inflate.
    """
    import zipfile

    if isinstance(file, (str, os.PathLike)):
        check_file(Path(file), max_bytes)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem(T("not a readable .xlsx spreadsheet ({error}); save it again from the spreadsheet program",
                            error=str(exc))) \
            from None
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    if len(members) > SPREADSHEET_MAX_MEMBERS:
        raise FileProblem(T("the spreadsheet holds {parts} parts, more than the {limit} fairlint reads; "
                            "it is not a plain price list", parts=f"{len(members):,}", limit=f"{SPREADSHEET_MAX_MEMBERS:,}"))
    total = sum(member.file_size for member in members)
    if max_bytes is not None and total > max_bytes * SPREADSHEET_EXPANSION:
        raise FileProblem(T("the spreadsheet unpacks to {size} MB, over {times} times the {limit} MB limit "
                            "(raise max-file-mb in the configuration to check it)", size=f"{total / 1_048_576:,.0f}",
                            times=str(SPREADSHEET_EXPANSION), limit=f"{max_bytes / 1_048_576:.0f}"))
    for member in members:
        if member.file_size >= SPREADSHEET_RATIO_FROM:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > SPREADSHEET_MAX_RATIO:
                raise FileProblem(T("the spreadsheet's part {part!r} is compressed {ratio} to 1, which real spreadsheets "
                                    "never are (a zip bomb?); fairlint does not unpack it",
                                    part=member.filename, ratio=f"{ratio:,.0f}"))


def parse_xml(data: bytes | str, what: str = "XML"):
    """The root element (``xml.etree.ElementTree.Element``) of ``data``, parsed by defusedxml:
    a DTD, an entity declaration or an external reference is a FileProblem, never expanded or
    fetched. ``data`` comes from ``read_limited``, which bounds its size."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise FileProblem(T("the {what} declares a DTD or entities, which fairlint does not expand; "
                            "remove the <!DOCTYPE ...> part", what=what)) from None
    except ET.ParseError as exc:
        raise FileProblem(T("{what} syntax error: {error}", what=what, error=str(exc))) from None

