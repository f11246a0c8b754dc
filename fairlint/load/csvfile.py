"""Price schedules as CSV: a header with ``sku`` and ``price``, one row a line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

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
    for name in header:
        if name and name not in ROW_FIELDS:
            reader.problem(Location(path, 1, _column(text.splitlines()[0], header.index(name))),
                           f"unknown column {name!r}; known columns: {', '.join(ROW_FIELDS)}")
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
        if not record or all(not cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            reader.problem(
                Location(path, record_line, 1),
                f"row has {len(record)} cells but the header has {len(header)}; every row needs the same columns",
            )
            continue
        row = _read_row(path, record_line, dict(zip(header, record)), reader)
        if row is not None:
            row.schedule = schedule
            schedule.rows.append(row)
    return schedule


def _column(raw_line: str, index: int) -> int:
    """1-based column of cell ``index`` in an unquoted line (close enough when quoted)."""
    parts = raw_line.split(",")
    return 1 + sum(len(p) + 1 for p in parts[:index]) if index < len(parts) else 1


def _read_row(path: Path, line: int, cells: dict[str, str], reader: Reader) -> model.PriceRow | None:
    data: dict = {}
    locs: dict[str, Location] = {}
    ok = True
    for index, (name, raw) in enumerate(cells.items()):
        if name not in ROW_FIELDS:
            continue
        loc = Location(path, line, 1)
        locs[name] = loc
        raw = raw.strip()
        if not raw:
            if ROW_FIELDS[name].required and name != "end":
                reader.problem(loc, f"row: required column {name!r} is empty")
                ok = False
            continue
        try:
            data[name] = ROW_FIELDS[name].read(raw)
        except values.BadValue as exc:
            reader.problem(loc, f"row: {name}: {exc}")
            ok = False
    if not ok:
        return None
    row = model.PriceRow(Location(path, line, 1), field_locs=locs, **data)
    if row.end is not None and row.start is not None and row.end < row.start:
        reader.problem(row.loc, f"row: end {row.end} is before start {row.start}; swap or correct the dates")
        return None
    return row
