"""Price schedules as CSV: a header with ``sku`` and ``price``, one row a line."""

from __future__ import annotations

import csv
import gc
import re
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping

import attrs

from fairlint import model
from fairlint.load import values
from fairlint.load.schema import ROW_FIELDS, Reader
from fairlint.model import Location

REQUIRED_COLUMNS = ("sku", "price", "start", "end")


def is_price_schedule(header: list[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return "sku" in names and "price" in names


def read_header(text: str) -> list[str]:
    try:
        return next(csv.reader(lines(text, universal=False)), [])
    except csv.Error:
        return []


def lines(text: str, universal: bool = True) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``io.StringIO(text, newline="")`` gives them
    (``universal=False``: split at "\n" only, as ``io.StringIO(text)``), without copying the
    whole text (StringIO holds four bytes a character: a 60 MB schedule would cost 240 MB)."""
    if universal and "\r" in text:
        yield from (match.group(0) for match in _UNIVERSAL_LINE.finditer(text))
        return
    find, start, size = text.find, 0, len(text)
    while start < size:
        end = find("\n", start) + 1
        if not end:
            yield text[start:]
            return
        yield text[start:end]
        start = end


def read_price_csv(path: Path, text: str, reader: Reader) -> model.PriceSchedule:
    """The schedule in ``text``; each malformed row is a problem at its line, the rest still read."""
    schedule = model.PriceSchedule(Location(path, 1, 1), id=path.stem)
    rows = csv.reader(lines(text))
    try:
        header = [h.strip().lower() for h in next(rows)]
    except (StopIteration, csv.Error):
        reader.problem(Location(path, 1, 1), "empty CSV: expected a header row such as sku,price,start,end")
        return schedule
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        reader.problem(
            Location(path, 1, 1),
            f"price schedule header lacks column(s) {', '.join(missing)}; expected sku,price,start,end "
            "and optionally audience, channel, currency, announced, reference_price, note",
        )
        if "start" not in header:
            return schedule
    first_line = None
    for name in header:
        if name and name not in ROW_FIELDS:
            if first_line is None:
                first_line = _FIRST_LINE.match(text).group(0)
            reader.problem(Location(path, 1, _column(first_line, header.index(name))),
                           f"unknown column {name!r}; known columns: {', '.join(ROW_FIELDS)}")
    # Where each known column is read from: dict(zip(header, record)) semantics, so a repeated
    # column name reads its last cell, in the order the names first appear.
    columns = [
        (name, index, _POSITION[name], ROW_FIELDS[name].read, name != "end" and ROW_FIELDS[name].required, {})
        for name, index in {name: i for i, name in enumerate(header)}.items()
        if name in ROW_FIELDS
    ]
    width = len(header)
    append = schedule.rows.append
    line = 2
    collecting = gc.isenabled()
    gc.disable()  # millions of new objects, none of them garbage: collecting them is wasted time
    try:
        for record in rows:
            record_line, line = line, rows.line_num + 1
            if len(record) != width:
                if not record or all(not cell.strip() for cell in record):
                    continue
                reader.problem(
                    Location(path, record_line, 1),
                    f"row has {len(record)} cells but the header has {len(header)}; every row needs the same columns",
                )
                continue
            row = _read_row(path, record_line, record, columns, schedule, reader)
            if row is not None:
                append(row)
    except csv.Error as exc:
        reader.problem(Location(path, line, 1), f"CSV syntax error: {exc}")
    finally:
        if collecting:
            gc.enable()
    return schedule


def _read_row(path: Path, line: int, record: list[str], columns, schedule, reader: Reader) -> model.PriceRow | None:
    """One row; every cell goes through the schema's reader for its column.

    Big schedules repeat the same few thousand dates, prices, SKUs and audiences:
    each distinct cell text is read once per column (``columns`` holds a cache
    for each, keyed by the cell as written) and the value shared, as dates,
    Decimals and strings are immutable. That saves most of the time and memory
    of a million-row schedule.
    """
    args = _DEFAULTS.copy()
    for _, index, position, _, required, cache in columns:
        value = cache.get(record[index])
        if value is None:
            return _read_row_slowly(path, line, record, columns, schedule, reader)
        if value is _BLANK:
            if required:
                return _read_row_slowly(path, line, record, columns, schedule, reader)
            continue
        args[position] = value
    return _new_row(path, line, args, schedule, reader)


def _read_row_slowly(path, line, record, columns, schedule, reader):
    """A row with a cell not seen before, or blank: read each cell, remembering what it gave."""
    args = _DEFAULTS.copy()
    ok = True
    for name, index, position, read, required, cache in columns:
        cell = record[index]
        value = cache.get(cell)
        if value is None:
            raw = cell.strip()
            if not raw:
                value = _BLANK
            else:
                try:
                    value = read(raw)
                except values.BadValue as exc:
                    reader.problem(Location(path, line, 1), f"row: {name}: {exc}")
                    ok = False
                    continue
            if len(cache) < _CACHE_LIMIT:
                cache[cell] = value
        if value is _BLANK:
            if required:
                if not any(cell.strip() for cell in record):
                    return None  # a blank row (",,,") is skipped like an empty line
                reader.problem(Location(path, line, 1), f"row: required column {name!r} is empty")
                ok = False
            continue
        args[position] = value
    return _new_row(path, line, args, schedule, reader) if ok else None


def _new_row(path, line, args, schedule, reader):
    start, end = args[_START], args[_END]
    if end is not None and start is not None and end < start:
        reader.problem(Location(path, line, 1), f"row: end {end} is before start {start}; swap or correct the dates")
        return None
    args[_SCHEDULE] = schedule
    return model.PriceRow(Location(path, line, 1), *args, field_locs=_NO_LOCS)


_UNIVERSAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_FIRST_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*")  # str.splitlines()[0]
_BLANK = object()  # a blank cell, in the caches
_CACHE_LIMIT = 65_536  # distinct values remembered per column (dates, prices, SKUs repeat a lot)
_NO_LOCS: Mapping[str, Location] = MappingProxyType({})  # a CSV field is at its row's line: Located.at()
# PriceRow's positional fields after ``loc``, their defaults, and where each column goes.
_FIELDS = [f for f in attrs.fields(model.PriceRow) if f.init and not f.kw_only][1:]
_DEFAULTS = [f.default for f in _FIELDS]
_POSITION = {f.name: n for n, f in enumerate(_FIELDS)}
_START, _END, _SCHEDULE = _POSITION["start"], _POSITION["end"], _POSITION["schedule"]


def _column(raw_line: str, index: int) -> int:
    """1-based column of cell ``index`` in an unquoted line (close enough when quoted)."""
    parts = raw_line.split(",")
    return 1 + sum(len(p) + 1 for p in parts[:index]) if index < len(parts) else 1
