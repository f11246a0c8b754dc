"""Price schedules as CSV: a header with ``sku`` and ``price``, one row a line."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

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
        return next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        return []


def read_price_csv(path: Path, text: str, reader: Reader) -> model.PriceSchedule:
    """The schedule in ``text``; each malformed row is a problem at its line, the rest still read."""
    schedule = model.PriceSchedule(Location(path, 1, 1), id=path.stem)
    stream = io.StringIO(text, newline="")
    rows = csv.reader(stream)
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
    columns = [(name, index, ROW_FIELDS[name], name != "end" and ROW_FIELDS[name].required)
               for name, index in {name: i for i, name in enumerate(header)}.items() if name in ROW_FIELDS]
    row_reader = _RowReader(path, columns, reader)
    width = len(header)
    rows_out = schedule.rows
    line = 2
    while True:
        try:
            record = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            reader.problem(Location(path, line, 1), f"CSV syntax error: {exc}")
            break
        record_line, line = line, rows.line_num + 1
        if len(record) != width:
            if not record or all(not cell.strip() for cell in record):
                continue
            reader.problem(
                Location(path, record_line, 1),
                f"row has {len(record)} cells but the header has {len(header)}; every row needs the same columns",
            )
            continue
        row = row_reader.read(record, record_line)
        if row is not None:
            row.schedule = schedule
            rows_out.append(row)
    return schedule


_FIRST_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*")  # str.splitlines()[0]
_CACHE_LIMIT = 65_536  # distinct values remembered per column (dates, prices, SKUs repeat a lot)
_NO_LOCS: Mapping[str, Location] = MappingProxyType({})  # a CSV field is at its row's line: Located.at()


def _column(raw_line: str, index: int) -> int:
    """1-based column of cell ``index`` in an unquoted line (close enough when quoted)."""
    parts = raw_line.split(",")
    return 1 + sum(len(p) + 1 for p in parts[:index]) if index < len(parts) else 1


class _RowReader:
    """Turns CSV records into rows; every cell goes through the schema's reader for its column.

    Big schedules repeat the same few thousand dates, prices, SKUs and audiences:
    each distinct text is read once per column and the value shared (dates,
    Decimals and strings are immutable), which saves most of the time and memory.
    """

    def __init__(self, path: Path, columns, reader: Reader):
        self.path = path
        self.columns = columns
        self.reader = reader
        self.caches: dict[str, dict[str, object]] = {name: {} for name, _, _, _ in columns}

    def read(self, record: list[str], line: int) -> model.PriceRow | None:
        path, caches = self.path, self.caches
        data: dict = {}
        ok = True
        for name, index, field, required in self.columns:
            raw = record[index].strip()
            if not raw:
                if required:
                    if not any(cell.strip() for cell in record):
                        return None  # a blank row (",,,") is skipped like an empty line
                    self.reader.problem(Location(path, line, 1), f"row: required column {name!r} is empty")
                    ok = False
                continue
            cache = caches[name]
            value = cache.get(raw)
            if value is None:
                try:
                    value = field.read(raw)
                except values.BadValue as exc:
                    self.reader.problem(Location(path, line, 1), f"row: {name}: {exc}")
                    ok = False
                    continue
                if len(cache) < _CACHE_LIMIT:
                    cache[raw] = value
            data[name] = value
        if not ok:
            return None
        row = model.PriceRow(Location(path, line, 1), field_locs=_NO_LOCS, **data)
        if row.end is not None and row.start is not None and row.end < row.start:
            self.reader.problem(row.loc, f"row: end {row.end} is before start {row.start}; swap or correct the dates")
            return None
        return row
