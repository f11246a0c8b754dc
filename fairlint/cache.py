"""Work kept between runs: the shipped lexicon parsed, fairlint's regular expressions and classes compiled.

A one-file pre-commit check must start about as fast as yamllint (issue 13),
and most of its own time went into reading the six locale files, compiling
their phrase lists and compiling the methods attrs writes for each class,
the same work on every run. They are kept in
the user's cache folder (``$XDG_CACHE_HOME/fairlint`` or ``~/.cache/fairlint``;
``~/Library/Caches/fairlint`` on macOS, ``%LOCALAPPDATA%\\fairlint\\Cache``
on Windows), or in ``FAIRLINT_CACHE_DIR``; ``FAIRLINT_NO_CACHE=1`` turns it
off. The cache never changes a result:

- the lexicon is kept under the size and modification time of each shipped
  locale file and of the code that reads them: any change reads them again;
- a pattern is kept as the code Python's own ``re`` compiler made for it,
  under the pattern, its flags and the exact Python version, and is handed
  back to the same engine ``re.compile`` uses (which checks the code again);
  any Python without that engine, or any surprise, compiles as usual;
- the code of a class's methods is kept under the exact source attrs wrote
  for it, and the Python and attrs installed (``keep_generated_code``).

A folder that cannot be read or written, or a damaged file, only means the
work is done again: the cache is never an error. Files are written to a new
name and renamed over the old one, never through a link, readable by the user
alone; a file another user owns or may write is ignored (its code would run).
"""

from __future__ import annotations

import marshal
import os
import re
import stat
import sys
from array import array
from pathlib import Path
from types import CodeType
from typing import Any, Callable

try:
    import _sre
    try:
        from re import _compiler, _parser  # Python 3.11 and later
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as _compiler
        import sre_parse as _parser
    _CODE = next(code for code in "IL" if array(code).itemsize == _sre.CODESIZE)
    _ENGINE = (sys.version, _sre.MAGIC, _sre.CODESIZE)
except (ImportError, AttributeError, StopIteration):  # pragma: no cover - another implementation's re
    _sre = None
    _ENGINE = None

LAYOUT = 1  # of the cache files: a file of another layout is ignored
MAX_FILE_BYTES = 32 * 1_048_576
MAX_PATTERNS = 2_000  # beyond this many kept patterns, only those of the latest run are kept

_patterns: dict[tuple[str, int], tuple] | None = None  # (pattern, flags) -> what _sre.compile takes
_used: set[tuple[str, int]] = set()
_changed = False
_generated: dict[tuple, tuple] | None = None  # (file name, source...) -> (the code compiled, its hash number)
_generated_used: set[tuple] = set()
_generated_changed = False


def folder() -> Path | None:
    """The cache folder, or None when caching is off or there is no home to keep it in."""
    if os.environ.get("FAIRLINT_NO_CACHE", "") not in ("", "0"):
        return None
    configured = os.environ.get("FAIRLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA")
            return Path(base) / "fairlint" / "Cache" if base else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "fairlint"
        base = os.environ.get("XDG_CACHE_HOME", "")
        return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "fairlint"
    except (RuntimeError, KeyError, OSError):  # no home folder (a service account)
        return None


def _read(name: str, key: Any) -> Any:
    """The value kept in the file ``name`` under ``key``, or None."""
    where = folder()
    if where is None:
        return None
    try:
        # non-blocking and not through a link: a FIFO or a link planted there is never waited on or followed
        descriptor = os.open(where / name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                             | getattr(os, "O_BINARY", 0))
        with open(descriptor, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return None
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None
        kept = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(kept, tuple) or len(kept) != 3 or kept[0] != LAYOUT or kept[1] != key:
        return None
    return kept[2]


def _trusted(info: os.stat_result) -> bool:
    """Whether a cache file is a regular file only this user can have written: the kept code is run, so a
    file another user owns or may write (a cache folder shared by mistake) is ignored, as ssh ignores keys."""
    if not stat.S_ISREG(info.st_mode):
        return False
    if not hasattr(os, "getuid"):  # Windows: the folder is the user's own LOCALAPPDATA
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _write(name: str, key: Any, value: Any) -> None:
    """Keep ``value`` under ``key`` in the file ``name``; silently nothing when that cannot be done."""
    where = folder()
    if where is None:
        return
    from fairlint.writing import write_atomically  # only when something new is kept

    try:
        data = marshal.dumps((LAYOUT, key, value))
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(where / name, data, mode=0o600)  # a new file renamed over the old: never through a link
    except (OSError, ValueError):
        pass


def kept(name: str, key: Any, make: Callable[[], Any]) -> Any:
    """The value ``make()`` returns, kept between runs in the file ``name`` while ``key`` stays the same.
    ``key`` and the value must be plain data (``marshal``: str, numbers, tuples, lists, dicts)."""
    value = _read(name, key)
    if value is None:
        value = make()
        _write(name, key, value)
    return value


def regex(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, with the compiler's work kept between runs (see the module docs).
    For fairlint's own long patterns (phrase lists, amounts); short ones gain nothing from it."""
    global _patterns, _changed
    flags = int(flags)
    if _ENGINE is None or not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    if _patterns is None:
        _patterns = _load_patterns()
    key = (pattern, flags)
    parts = _patterns.get(key)
    if parts is not None:
        try:
            final_flags, code, groups, groupindex, indexgroup = parts
            compiled = _sre.compile(pattern, final_flags, array(_CODE, code).tolist(), groups, groupindex,
                                    indexgroup)
            _used.add(key)
            return compiled
        except Exception:  # noqa: BLE001 - a damaged entry: compile it afresh
            del _patterns[key]
    try:
        parts, compiled = _compile(pattern, flags)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - this Python's compiler works differently: no caching
        return re.compile(pattern, flags)
    _patterns[key] = parts
    _used.add(key)
    _changed = True
    return compiled


def _compile(pattern: str, flags: int) -> tuple[tuple, re.Pattern]:
    """What ``re._compiler.compile`` does, keeping the parts it hands to ``_sre.compile``."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for group, index in groupindex.items():
        indexgroup[index] = group
    final_flags, groups = flags | parsed.state.flags, parsed.state.groups - 1
    compiled = _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
    return (final_flags, array(_CODE, code).tobytes(), groups, groupindex, tuple(indexgroup)), compiled


def keep_generated_code() -> None:
    """Keep the code attrs writes for fairlint's classes between runs, as Python keeps a module's.

    attrs writes the ``__init__``, ``__eq__``, ``__repr__``... of each class as source text and
    compiles it when the class is defined, on every run: for fairlint's sixty classes, a fifth of a
    one-file check. The code is kept under its exact source and file name (and the Python and attrs
    installed), and evaluated as attrs would have evaluated it (a ``__hash__``'s number, which
    changes with each process, put back: ``_generated_code``). Only the command calls this (it owns the process): other packages' classes are left alone, and
    without the attrs internals this expects nothing changes.
    """
    if _ENGINE is None or folder() is None:
        return
    try:
        from attr import _make
    except ImportError:  # pragma: no cover - attrs is a dependency
        return
    original = getattr(_make, "_compile_and_eval", None)
    code = getattr(original, "__code__", None)
    if code is None or getattr(original, "fairlint_keeps", False) or \
            code.co_varnames[:4] != ("script", "globs", "locs", "filename"):
        return
    import __future__

    # attrs compiles in its own module, whose future imports the code inherits
    flags = __future__.annotations.compiler_flag if getattr(_make, "annotations", None) is __future__.annotations else 0

    def compile_and_eval(script, globs, locs=None, filename=""):
        if (isinstance(script, str) and isinstance(filename, str) and filename.startswith("<attrs generated ")
                and " fairlint." in filename):
            return eval(_generated_code(script, filename, flags, _make.__file__), globs, locs)
        return original(script, globs, locs, filename)

    compile_and_eval.fairlint_keeps = True
    _make._compile_and_eval = compile_and_eval


def _generated_code(script: str, filename: str, flags: int, attrs_file: str) -> CodeType:
    """``compile(script, filename, "exec")`` as attrs compiles it, kept between runs.

    A ``__hash__`` starts from a number attrs takes from Python's hash of a name, which changes with
    each process: such code is kept under its source with that number taken out (and the number's
    length), and the number of this process is put back into the kept code's constants."""
    global _generated, _generated_changed
    if _generated is None:
        kept_code = _read(_generated_file(), _generated_key(attrs_file))
        _generated = kept_code if isinstance(kept_code, dict) else {}
    number = None
    if "def __hash__" in script:
        name = filename.replace("<attrs generated methods ", "<attrs generated hash ", 1)
        number = hash(name)
        if name == filename or script.count(str(number)) != 1:
            return compile(script, filename, "exec", flags=flags, dont_inherit=True)  # not as expected
        # the number's length places what follows it (the code's column table): kept per length
        key = (filename, script.replace(str(number), "{type hash}"), len(str(number)))
    else:
        key = (filename, script)
    entry = _generated.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], CodeType) and \
            entry[0].co_filename == filename and (number is None) == (entry[1] is None):
        code, kept_number = entry
        if number is not None and kept_number != number:
            code = _with_constant(code, kept_number, number)
    else:
        code = compile(script, filename, "exec", flags=flags, dont_inherit=True)
        _generated[key] = (code, number)
        _generated_changed = True
    _generated_used.add(key)
    return code


def _with_constant(code: CodeType, old: int, new: int) -> CodeType:
    """``code`` with the constant ``old`` (in it or in the functions it defines) replaced by ``new``."""
    consts = tuple(new if type(c) is int and c == old else _with_constant(c, old, new) if isinstance(c, CodeType)
                   else c for c in code.co_consts)
    return code.replace(co_consts=consts)


def _generated_key(attrs_file: str) -> tuple:
    try:
        info = os.stat(attrs_file)
        return (*_ENGINE, attrs_file, info.st_size, info.st_mtime_ns)
    except OSError:
        return (*_ENGINE, attrs_file)


def _generated_file() -> str:
    return f"attrs-{sys.implementation.cache_tag}.bin"


def _pattern_file() -> str:
    return f"patterns-{sys.implementation.cache_tag}.bin"


def _load_patterns() -> dict:
    kept_patterns = _read(_pattern_file(), _ENGINE)
    return kept_patterns if isinstance(kept_patterns, dict) else {}


def save() -> None:
    """Keep the patterns and code compiled in this run for the next ones (called as the command ends)."""
    global _changed, _generated_changed
    if _changed and _patterns is not None:
        patterns = _patterns
        if len(patterns) > MAX_PATTERNS:
            patterns = {key: parts for key, parts in patterns.items() if key in _used}
        _write(_pattern_file(), _ENGINE, patterns)
        _changed = False
    if _generated_changed and _generated is not None:
        from attr import _make

        generated = _generated
        if len(generated) > MAX_PATTERNS:
            generated = {key: code for key, code in generated.items() if key in _generated_used}
        _write(_generated_file(), _generated_key(_make.__file__), generated)
        _generated_changed = False
