"""Writing fairlint's own files (``-o`` outputs, reports, the baseline, the rules reference).

``write_atomically`` writes a temporary file beside the target and renames it
over the target, so that:

- a symbolic link at the target is replaced, never written through: a committed
  ``fairlint-report.txt -> ~/.ssh/authorized_keys`` stays a link to an untouched
  file until the rename makes ``fairlint-report.txt`` a plain file;
- a run stopped during the write (Ctrl-C, SIGTERM, a full disk) leaves the old
  file whole and removes its temporary file; only SIGKILL or a power cut in the
  moment between creating and renaming it can leave a ``.NAME.*.tmp`` behind;
- a file that was there keeps its permission bits; a new one gets the usual
  ``0o666`` less the umask (not ``mkstemp``'s private ``0o600``).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str | bytes, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends; bytes as they are) to ``path`` as described above, with
    permission bits ``mode`` when given (else as described above); OSError when it cannot."""
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path) if mode is None else mode
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with (os.fdopen(handle, "wb") if isinstance(text, bytes)
              else os.fdopen(handle, "w", encoding="utf-8", newline="\n")) as out:
            out.write(text)
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _mode_for(path: Path) -> int:
    """The permission bits of the regular file at ``path`` (never a link's target), else the default."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
