"""Price schedules as CSV: a header with ``sku`` and ``price``, one row a line."""

from __future__ import annotations

import csv
import functools
import gc
import re
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Iterator, Sequence

import attrs

from fairlint import model
from fairlint.i18n import T
from fairlint.load import values
from fairlint.load.schema import ROW_FIELDS, Field, Reader
from fairlint.model import Location

REQUIRED_COLUMNS = ("sku", "price", "start", "end")


@attrs.frozen
class TableFormat:
    """How a table's cells are written: its separator, decimal comma, column names and end dates."""

    delimiter: str = ","
    decimal_comma: bool = False  # a ';'-separated file writes 49,00
    rename: tuple[tuple[str, str], ...] = ()  # (the team's header, lower case) -> fairlint's column
    end_exclusive: bool = False  # ``end`` is the first day after the row
    sheet: str = ""  # the workbook sheet the table is on

    def fields(self) -> dict[str, Field]:
        """The schema's row fields, read as this table writes them."""
        fields = dict(ROW_FIELDS)
        money = functools.partial(values.read_money, decimal_comma=self.decimal_comma)
        fields["price"] = attrs.evolve(fields["price"], read=money)
        fields["reference_price"] = attrs.evolve(fields["reference_price"], read=money)
        if self.end_exclusive:
            fields["end"] = attrs.evolve(fields["end"], read=values.read_exclusive_end)
        return fields

    def names(self, header: list[str]) -> list[str]:
        """fairlint's column names for ``header`` (lower case, renamed by ``[columns]``)."""
        rename = dict(self.rename)
        return [rename.get(h.strip().lower(), h.strip().lower()) for h in header]


def is_price_schedule(header: list[str], fmt: TableFormat | None = None) -> bool:
    names = set((fmt or TableFormat()).names(header))
    return "sku" in names and "price" in names


def read_header(text: str, delimiter: str = ",") -> list[str]:
    try:
        return next(csv.reader(lines(text, universal=False), delimiter=delimiter), [])
    except csv.Error:
        return []


def lines(text: str, universal: bool = True) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``io.StringIO(text, newline="")`` gives them
    (``universal=False``: split at "\n" only, as ``io.StringIO(text)``), without copying the
    whole text (StringIO holds four bytes a character: a 60 MB schedule would cost 240 MB).
    Split a few thousand lines at a time, in C."""
    pattern = _UNIVERSAL_LINE if universal and "\r" in text else _LINE
    return chain.from_iterable(_line_chunks(text, pattern))


def _line_chunks(text: str, pattern: re.Pattern) -> Iterator[list[str]]:
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + _LINES_AT_ONCE) + 1 or size  # cut after a line feed
        yield pattern.findall(text, start, end)
        start = end


def _chunks(rows, text: str) -> Iterator[tuple[list[list[str]], Sequence[int]]]:
    """The records after the header with the line each starts on, ``_CHUNK`` at a time.

    A ``csv.Error`` is raised after the chunk of the records before it, with
    ``error_line`` set to the line of the record it is in. Without quotes in
    the text, every line is one record, so the lines are counted here rather
    than asked of the reader after each record.
    """
    line = 2
    if '"' not in text:
        while True:
            records: list[list[str]] = []
            try:
                records.extend(islice(rows, _CHUNK))
            except csv.Error as exc:
                yield records, range(line, line + len(records))
                exc.error_line = line + len(records)  # type: ignore[attr-defined]
                raise
            if not records:
                return
            yield records, range(line, line + len(records))
            line += len(records)
    records, starts = [], []
    try:
        for record in rows:
            records.append(record)
            starts.append(line)
            line = rows.line_num + 1
            if len(records) == _CHUNK:
                yield records, starts
                records, starts = [], []
    except csv.Error as exc:
        yield records, starts
        exc.error_line = line  # type: ignore[attr-defined]
        raise
    yield records, starts


def read_price_csv(path: Path, text: str, reader: Reader, fmt: TableFormat | None = None) -> model.PriceSchedule:
    """The schedule in ``text``; each malformed row is a problem at its line, the rest still read."""
    fmt = fmt or TableFormat()
    schedule = model.PriceSchedule(Location(path, 1, 1), id=path.stem)
    rows = csv.reader(lines(text), delimiter=fmt.delimiter)
    try:
        written = next(rows)
        header = fmt.names(written)
    except (StopIteration, csv.Error):
        reader.problem(Location(path, 1, 1), T("empty CSV: expected a header row such as sku,price,start,end"))
        return schedule
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        reader.problem(
            Location(path, 1, 1),
            T("price schedule header lacks column(s) {columns}; expected sku,price,start,end "
              "and optionally audience, channel, currency, announced, reference_price, note", columns=", ".join(missing)),
        )
        if "start" not in header:
            return schedule
    first_line = None
    mapped = dict(fmt.rename)
    team_columns = any(h.strip().lower() in mapped for h in written)  # a team's own table keeps its other columns
    for name in header:
        if name and name not in ROW_FIELDS and not team_columns:
            if first_line is None:
                first_line = _FIRST_LINE.match(text.lstrip("\ufeff")).group(0)
            reader.problem(Location(path, 1, _column(first_line, header.index(name), fmt.delimiter)),
                           T("unknown column {name!r}; known columns: {columns}", name=name, columns=", ".join(ROW_FIELDS)))
    # Where each known column is read from: dict(zip(header, record)) semantics, so a repeated
    # column name reads its last cell, in the order the names first appear.
    present = {name: index for name, index in {name: i for i, name in enumerate(header)}.items() if name in ROW_FIELDS}
    table = _Table(path, present, len(header), schedule, reader, fmt)
    collecting = gc.isenabled()
    gc.disable()  # millions of new objects, none of them garbage: collecting them is wasted time
    last: tuple[list[str], int] | None = None
    try:
        for records, starts in _chunks(rows, text):
            if records:
                last = records[-1], starts[-1]
            table.add(records, starts)
        if last is not None and _open_quote_at_end(text, *last):
            reader.problem(
                Location(path, last[1], 1),
                T("a quote opened in this row is never closed, so the rest of the file was read as one cell; "
                  "close the quote (a quote inside a cell is written twice: \"\")"),
            )
    except csv.Error as exc:
        reader.problem(Location(path, exc.error_line, 1), T("CSV syntax error: {error}", error=str(exc)))  # type: ignore[attr-defined]
    finally:
        if collecting:
            gc.enable()
    return schedule


def _open_quote_at_end(text: str, record: list[str], line: int) -> bool:
    """Whether the last record is a quoted cell left open, which the reader runs to the end of the
    file (it says nothing: only a strict reader does). Only a record whose cells hold a line
    break can be one, so the tail of the file is read again strictly only then."""
    if not any("\n" in cell or "\r" in cell for cell in record):
        return False
    offset = 0
    for number, physical in enumerate(lines(text), start=1):
        if number == line:
            break
        offset += len(physical)
    try:
        for _ in csv.reader(lines(text[offset:]), strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


class _Table:
    """How the records of one schedule become rows, a chunk of records at a time.

    Big schedules repeat the same few thousand dates, prices, SKUs and audiences:
    each distinct cell text is read once per column, through the schema's reader
    for that column, and the value shared (dates, Decimals and strings are
    immutable). A chunk whose records are all well formed is turned into rows
    column by column, with C-level look-ups and no Python code per cell; that
    saves most of the time and memory of a million-row schedule. A chunk with
    anything to report (a ragged or blank row, a bad value, a blank required
    cell, an end before the start) is read record by record instead, so every
    problem is reported as the schema words it, at its row's line, in order.
    A blank optional cell is remembered as the field's default.
    """

    def __init__(self, path: Path, present: dict[str, int], width: int, schedule, reader: Reader,
                 fmt: TableFormat | None = None):
        self.path, self.present, self.width, self.schedule, self.reader = path, present, width, schedule, reader
        fmt = fmt or TableFormat()
        self.fields, self.sheet = fmt.fields(), fmt.sheet
        # One cache per row field, in PriceRow's order; a column the header lacks gives the
        # field's default.
        self.caches: list[dict[str, object]] = [{} for _ in _FIELDS]
        self.by_name = {f.name: self.caches[n] for n, f in enumerate(_FIELDS)}
        self.append = schedule.rows.append
        self.extend = schedule.rows.extend

    def add(self, records: list[list[str]], lines: list[int]) -> None:
        if not records:
            return
        rows = self._chunk(records, lines)
        if rows is not None:
            self.extend(rows)
            return
        for record, line in zip(records, lines):
            row = self._one(record, line)
            if row is not None:
                self.append(row)

    def _chunk(self, records: list[list[str]], lines: list[int]) -> list[model.PriceRow] | None:
        """The chunk's rows, or None when some record needs a closer look."""
        if any(len(record) != self.width for record in records):
            return None
        columns = list(zip(*records))
        fields: list = []
        for n, f in enumerate(_FIELDS):
            index = self.present.get(f.name)
            if index is None:
                fields.append(repeat(f.default))
                continue
            cache, column = self.caches[n], columns[index]
            try:
                fields.append(list(map(cache.__getitem__, column)))
            except KeyError:
                if not self._learn(f.name, cache, column):
                    return None
                fields.append(list(map(cache.__getitem__, column)))
        if self.present.get("end") is not None:
            if any(end is not None and end < start for start, end in zip(fields[_START], fields[_END])):
                return None
        locations = map(Location, repeat(self.path), lines, repeat(1), repeat(self.sheet))
        return list(map(_NEW_ROW, locations, *fields, repeat(self.schedule)))

    def _learn(self, name: str, cache: dict, column: tuple[str, ...]) -> bool:
        """Read the cells of ``column`` not seen before; False when one is bad or required and blank."""
        missing = set(column).difference(cache)
        if len(cache) + len(missing) > _CACHE_LIMIT:
            cache.clear()  # a column of mostly distinct cells (notes): remember only this chunk's
            missing = set(column)
        field, default = self.fields[name], _FIELD[name].default
        required = field.required and name != "end"
        for cell in missing:
            raw = cell.strip()
            if not raw:
                if required:
                    return False
                cache[cell] = default
                continue
            try:
                cache[cell] = field.read(raw)
            except values.BadValue:
                return False
        return True

    def _one(self, record: list[str], line: int) -> model.PriceRow | None:
        """One record, every present cell in header order; each problem at the row's line."""
        path, reader = self.path, self.reader
        if len(record) != self.width:
            if record and any(cell.strip() for cell in record):
                reader.problem(
                    Location(path, line, 1, self.sheet),
                    T("row has {cells} cells but the header has {width}; every row needs the same columns",
                      cells=len(record), width=self.width),
                )
            return None
        args = [f.default for f in _FIELDS]
        ok = True
        for name, index in self.present.items():
            field = self.fields[name]
            cache = self.by_name[name]
            cell = record[index]
            value = cache.get(cell, _MISS)
            if value is _MISS:
                raw = cell.strip()
                if raw:
                    try:
                        value = field.read(raw)
                    except values.BadValue as exc:
                        reader.problem(Location(path, line, 1, self.sheet), T("row: {name}: {problem}", name=name, problem=values.reason(exc)))
                        ok = False
                        continue
                elif field.required and name != "end":
                    if not any(cell.strip() for cell in record):
                        return None  # a blank row (",,,") is skipped like an empty line
                    reader.problem(Location(path, line, 1, self.sheet), T("row: required column {name!r} is empty", name=name))
                    ok = False
                    continue
                else:
                    value = _FIELD[name].default
                if len(cache) < _CACHE_LIMIT:
                    cache[cell] = value
            args[_POSITION[name]] = value
        if not ok:
            return None
        start, end = args[_START], args[_END]
        if end is not None and start is not None and end < start:
            reader.problem(Location(path, line, 1, self.sheet), T("row: end {end} is before start {start}; swap or correct the dates", end=end, start=start))
            return None
        return _NEW_ROW(Location(path, line, 1, self.sheet), *args, self.schedule)


_UNIVERSAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_LINES_AT_ONCE = 1 << 18  # characters split into lines at a time
_FIRST_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*")  # str.splitlines()[0]
_MISS = object()  # a cell not in the cache
_CHUNK = 4096  # records turned into rows together
_CACHE_LIMIT = 65_536  # distinct cells remembered per column (dates, prices, SKUs repeat a lot)


class _NoLocations(dict):
    """The field locations of every CSV row: none, as a field is at its row's line (``Located.at``).

    One shared, read-only mapping instead of a dict per row; pickles as itself.
    """

    def _read_only(self, *args, **kwargs):
        raise TypeError("the field locations of CSV rows are shared and read-only")

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = _read_only  # type: ignore[assignment]
    __ior__ = _read_only  # type: ignore[assignment]

    def __reduce__(self):
        return _no_locations, ()


def _no_locations() -> _NoLocations:
    return _NO_LOCS


_NO_LOCS = _NoLocations()
# PriceRow's positional fields between ``loc`` and ``schedule``, and where each goes.
_FIELDS = [f for f in attrs.fields(model.PriceRow) if f.init and not f.kw_only]
if _FIELDS[0].name != "loc" or _FIELDS[-1].name != "schedule" or any(isinstance(f.default, attrs.Factory) for f in _FIELDS):
    raise TypeError("csvfile builds PriceRow(loc, <fields>, schedule) with plain defaults; update it with the model")
_FIELDS = _FIELDS[1:-1]
_FIELD = {f.name: f for f in _FIELDS}
_POSITION = {f.name: n for n, f in enumerate(_FIELDS)}
_NEW_ROW = functools.partial(model.PriceRow, field_locs=_NO_LOCS)
_START, _END = _POSITION["start"], _POSITION["end"]


def _column(raw_line: str, index: int, delimiter: str = ",") -> int:
    """1-based column of cell ``index`` in an unquoted line (close enough when quoted)."""
    parts = raw_line.split(delimiter)
    return 1 + sum(len(p) + 1 for p in parts[:index]) if index < len(parts) else 1


def read_price_records(path: Path, header: list[str], records: list[tuple[int, list[str]]], reader: Reader,
                       fmt: TableFormat) -> model.PriceSchedule:
    """A schedule from already split records (a workbook sheet): (line, cells) after the header."""
    schedule = model.PriceSchedule(Location(path, 1, 1, fmt.sheet), id=path.stem if not fmt.sheet else f"{path.stem}:{fmt.sheet}")
    names = fmt.names(header)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        reader.problem(Location(path, 1, 1, fmt.sheet), T("price schedule header lacks column(s) {columns}; expected sku,price,start,end",
                         columns=", ".join(missing)))
        if "start" not in names:
            return schedule
    present = {name: index for name, index in {name: i for i, name in enumerate(names)}.items() if name in ROW_FIELDS}
    table = _Table(path, present, len(names), schedule, reader, fmt)
    for start in range(0, len(records), _CHUNK):
        chunk = records[start:start + _CHUNK]
        table.add([cells for _, cells in chunk], [line for line, _ in chunk])
    return schedule
