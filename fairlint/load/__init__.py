"""Loading one file: decide whether it is fairlint's, parse it, build documents.

``load_file`` never raises for bad input: anything unreadable or malformed comes
back as problems (FL001 findings) with their positions.
"""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

import attrs

from fairlint import model
from fairlint.i18n import T, Text
from fairlint.load.files import FileProblem, read_limited
from fairlint.load.schema import KINDS, Problem, Reader, kind_hint
from fairlint.load.tree import Node, TreeError, from_plain, json_document, value_error_hint, yaml_documents
from fairlint.model import Location

# The readers of other file types (CSV tables, scripts, TOML) are imported when a file needs them:
# a pre-commit check of one campaign YAML pays for none of them (issue 13, tests/test_startup.py).
_LAZY = {"is_price_schedule": "csvfile", "read_header": "csvfile", "read_price_csv": "csvfile"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_script(path: Path, text: str, labels: dict[str, str], reader: Reader):
    """``fairlint.load.script.read_script``, imported with the first script."""
    from fairlint.load.script import read_script as read

    return read(path, text, labels, reader)


def unknown_labels_hint(text: str, labels: dict[str, str]):
    from fairlint.load.script import unknown_labels_hint as hint

    return hint(text, labels)

STRUCTURED = {".yaml", ".yml", ".json", ".toml"}
SCRIPTS = {".md", ".markdown", ".txt"}
TABLES = {".csv", ".tsv"}
WORKBOOKS = {".xlsx"}
FEEDS = {".xml"}
PARQUET = {".parquet"}
SUFFIXES = STRUCTURED | SCRIPTS | TABLES | WORKBOOKS | FEEDS | PARQUET
MESSAGE_FILES = {".html", ".htm", ".eml", ".txt", ".md", ".markdown"}  # read only when a campaign links them
CONFIG_FILES = {"pyproject.toml", "fairlint.toml", ".fairlint.toml"}
OWN_FILES = CONFIG_FILES | {"fairlint-baseline.json"}  # fairlint's own files are never documents


@attrs.define
class LoadedFile:
    """What one file gave: its documents, its problems, its text (for suppressions)."""

    path: Path
    documents: list = attrs.field(factory=list)
    problems: list[Problem] = attrs.field(factory=list)
    text: str = ""
    skipped: str | None = None  # why the file is not fairlint's, when it is not
    crash: str | None = None  # a bug met while reading it: the file was not checked, the run is incomplete
    # The file could not be read or parsed (size limit, permission, encoding, syntax): its FL001 is
    # reported whatever the selection or suppressions say, and the run exits 2 (never a clean result).
    unread: bool = False


@attrs.frozen
class LoadOptions:
    """What the configuration says about reading files (picklable: workers get it too)."""

    columns: tuple[tuple[str, str], ...] = ()  # (fairlint column, the team's header)
    end_exclusive: bool = False
    channels: tuple[tuple[str, str], ...] = ()  # (path pattern, channel)
    root: Path | None = None  # the folder ``channels`` patterns are relative to

    @property
    def rename(self) -> tuple[tuple[str, str], ...]:
        return tuple((header.strip().lower(), column) for column, header in self.columns)


def is_candidate(path: Path) -> bool:
    """Whether a folder walk should look inside ``path`` at all."""
    return path.suffix.lower() in SUFFIXES and path.name not in OWN_FILES


SKIPPED_TEXT = "text without speaker turns"  # why a walk passed over a .md/.txt file


def load_file(path: Path, *, explicit: bool, labels: dict[str, str], max_bytes: int,
              options: LoadOptions | None = None, as_messages: bool = False) -> LoadedFile:
    """What ``path`` holds. A bug in a loader (any exception) never escapes: the result names it in
    ``crash``, so the run reports the file as not checked and exits 2, and the other files go on.

    ``options``: what the configuration says about reading tables; ``as_messages``: the file is
    linked from a campaign as its messages (``file:``/``messages_file:``)."""
    try:
        return _read_file(path, explicit=explicit, labels=labels, max_bytes=max_bytes,
                          options=options or LoadOptions(), as_messages=as_messages)
    except Exception as exc:  # MemoryError and RecursionError included
        from fairlint.paths import relative_display

        return LoadedFile(path, crash=f"{relative_display(path)}: internal error while reading it "
                                      f"({type(exc).__name__}: {exc}); the file was NOT checked, please report this")


def _read_file(path: Path, *, explicit: bool, labels: dict[str, str], max_bytes: int, options: LoadOptions,
               as_messages: bool) -> LoadedFile:
    result = LoadedFile(path)
    reader = Reader(path, labels)

    def broken(message: Text | str, line: int = 1, col: int = 1, unread: bool = True) -> LoadedFile:
        result.problems.append(Problem(Location(path, line, col), message))
        result.unread = unread
        return result

    suffix = path.suffix.lower()
    if suffix in WORKBOOKS and not as_messages:
        from fairlint.load.prices import load_workbook

        return load_workbook(result, reader, explicit, max_bytes, options)
    if suffix in PARQUET and not as_messages:
        return _load_parquet(result, explicit)
    if suffix in TABLES and not as_messages and not options.end_exclusive:  # end-exclusive: read here
        streamed, schedule = _stream_csv(result)
        if streamed is not None:
            return streamed
        if schedule:
            max_bytes = None  # a price schedule is never too big: the engine streams it, or it is parsed here
    try:
        data = read_limited(path, max_bytes)
    except FileProblem as exc:
        return broken(exc.args[0])
    if suffix in FEEDS and not as_messages:
        from fairlint.load.prices import load_feed

        return load_feed(result, reader, data, explicit, options)
    if as_messages:
        from fairlint.load.messages import load_messages

        return load_messages(result, reader, data)
    text, error = decode(data)
    if error:
        return broken(*error)
    result.text = text
    try:
        if suffix in (".yaml", ".yml"):
            _load_structured(result, reader, yaml_documents(text), explicit)
        elif suffix == ".json":
            _load_structured(result, reader, [json_document(text)], explicit)
        elif suffix == ".toml":
            if path.name in CONFIG_FILES:
                result.skipped = "configuration file"
                return result
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover
                import tomli as tomllib
            from fairlint.load.toml_positions import toml_locator

            try:
                data_toml = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                return broken(T("TOML syntax error: {error}", error=str(exc)), *_toml_error_position(str(exc)))
            except ValueError as exc:  # an integer of more than 4,300 digits (Python's limit)
                return broken(T("TOML value cannot be read: {error}", error=value_error_hint(exc)))
            _load_structured(result, reader, [from_plain(data_toml, locate=toml_locator(text))], explicit)
        elif suffix in TABLES:
            from fairlint.load.prices import load_table

            load_table(result, reader, text, explicit, options)
        elif suffix == ".txt" and _is_tab_table(text, options):  # Excel's "Unicode text": a tab-separated table
            from fairlint.load.prices import load_table

            load_table(result, reader, text, explicit, options)
        elif suffix in SCRIPTS:
            script = read_script(path, text, labels, reader)
            if script is None:
                if explicit:
                    reader.problem(Location(path, 1, 1), T("not a sales script: expected front matter with "
                                                             "'kind: script' or at least two 'Speaker: words' turns{hint}",
                                                             hint=unknown_labels_hint(text, labels)))
                else:
                    result.skipped = SKIPPED_TEXT
            else:
                result.documents.append(script)
        elif suffix in MESSAGE_FILES:
            if explicit:
                return broken(T("fairlint reads a {suffix} file as a campaign's message: name it in a message of "
                                "a campaign (file: {name}) and check the campaign", suffix=suffix, name=path.name))
            result.skipped = "an email file no campaign links"
        else:
            if explicit:
                return broken(T("fairlint does not read {suffix} files; "
                                "expected .yaml, .yml, .json, .toml, .csv, .tsv, .xlsx, .xml, .parquet, .md or .txt", suffix=suffix)
                              if suffix else T("fairlint does not read extension-less files; "
                                               "expected .yaml, .yml, .json, .toml, .csv, .tsv, .xlsx, .xml, .parquet, .md or .txt"),
                              unread=False)
            result.skipped = "not a fairlint file type"
    except TreeError as exc:
        reader.problem(Location(path, exc.line, exc.col), exc.text)
        result.unread = True
    except RecursionError:
        reader.problem(Location(path, 1, 1), T("the file is nested too deeply to read"))
        result.unread = True
    result.problems.extend(reader.problems)
    return result


def _is_tab_table(text: str, options: LoadOptions) -> bool:
    """Whether a .txt file's first line is the tab-separated header of a price table."""
    first = text[:4096].split("\n", 1)[0]
    if "\t" not in first:
        return False
    from fairlint.load.exports import recognise
    from fairlint.load.csvfile import TableFormat

    return recognise(TableFormat(rename=options.rename).names(first.rstrip("\r").split("\t"))) is not None


def _stream_csv(result: LoadedFile) -> tuple[LoadedFile | None, bool]:
    """A big CSV price schedule with a well-formed header, left for the price engine to read (None when
    the file is small, not a schedule or has a header to report on: then it is parsed here), and
    whether its header is a price schedule's (then the size limit does not apply)."""
    from fairlint.load.csvfile import REQUIRED_COLUMNS, is_price_schedule
    from fairlint.load.schema import ROW_FIELDS
    from fairlint.prices.store import STREAM_BYTES

    path = result.path
    try:
        if path.stat().st_size < STREAM_BYTES:
            return None, False
        with path.open("rb") as handle:
            first = handle.readline(65536)
    except OSError:
        return None, False
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8):]
    try:
        header = [h.strip().lower() for h in first.decode("utf-8").rstrip("\r\n").split(",")]
    except UnicodeDecodeError:
        return None, False
    if not is_price_schedule(header):
        return None, False
    if any(c not in header for c in REQUIRED_COLUMNS):
        return None, True
    if any(name not in ROW_FIELDS for name in header) or len(set(header)) != len(header):
        return None, True
    result.documents.append(model.PriceSchedule(Location(path, 1, 1), id=path.stem, stream=path, stream_kind="csv"))
    return result, True


def _load_parquet(result: LoadedFile, explicit: bool) -> LoadedFile:
    """A Parquet file with the CSV columns of a price schedule, left for the price engine to read."""
    from fairlint.load.csvfile import REQUIRED_COLUMNS

    path = result.path
    try:
        import duckdb  # a Parquet schedule is read by the price engine anyway

        from fairlint.prices.engine import sql_literal

        literal = sql_literal(path)
        names = [row[0].lower() for row in duckdb.connect().execute(
            f"SELECT name FROM parquet_schema({literal}) WHERE name <> 'duckdb_schema' AND num_children IS NULL").fetchall()]
    except Exception as exc:  # noqa: BLE001 - any reason the file cannot be read is reported the same way
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        result.problems.append(Problem(Location(path, 1, 1), T("cannot read this Parquet file ({error})", error=message)))
        return result
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        if explicit:
            result.problems.append(Problem(Location(path, 1, 1), T(
                "this Parquet file is not a price schedule: it lacks column(s) {columns}; expected "
                "sku, price, start, end and optionally audience, channel, announced, reference_price",
                columns=", ".join(missing))))
        else:
            result.skipped = "Parquet without the columns of a price schedule"
        return result
    result.documents.append(model.PriceSchedule(Location(path, 1, 1), id=path.stem, source="parquet", stream=path,
                                                stream_kind="parquet"))
    return result


def decode(data: bytes) -> tuple[str, tuple | None]:
    """Text of the file, or an error (message, line, col); BOMs for UTF-8/16/32 are honoured."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                return "", (T("invalid {encoding} text at byte {byte}; save the file as UTF-8", encoding=encoding.upper(), byte=str(exc.start)),)
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            return "", (T("invalid UTF-8 (byte {byte}); save the file as UTF-8", byte=f"0x{data[exc.start]:02x}"), line, col)
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        return "", (T("the file contains NUL bytes: it is binary or corrupted, not text"), line, 1)
    return text, None


def _toml_error_position(message: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


def _load_structured(result: LoadedFile, reader: Reader, nodes, explicit: bool) -> None:
    any_document = False
    for node in nodes:
        any_document = True
        loc = Location(result.path, node.line, node.col)
        kind_node = node.value.get("kind") if node.is_map else None
        kind = kind_node.value if kind_node is not None else None
        if not isinstance(kind, str):
            if explicit:
                reader.problem(loc, T("document has no 'kind'; expected one of {kinds}", kinds=", ".join(KINDS)))
            continue
        if kind not in KINDS:
            hint = kind_hint(kind)
            kind_loc = Location(result.path, kind_node.line, kind_node.col)
            if hint:
                reader.problem(kind_loc, T("unknown kind {kind!r}; did you mean {hint!r}?", kind=kind, hint=hint))
            elif explicit:
                reader.problem(kind_loc, T("unknown kind {kind!r}; expected one of {kinds}", kind=kind, kinds=", ".join(KINDS)))
            continue
        document = reader.document(node)
        if document is not None:
            result.documents.append(document)
    if not result.documents and not reader.problems:
        if explicit and not any_document:
            reader.problem(Location(result.path, 1, 1), T("the file holds no document; expected one with a 'kind', "
                             "such as kind: campaign"))
        else:
            result.skipped = "no fairlint documents"


__all__ = ["LoadedFile", "LoadOptions", "load_file", "is_candidate", "Node", "model", "read_header", "read_price_csv"]
