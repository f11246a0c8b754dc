"""Tables as teams save them: CSV dialects and workbook sheets, as a header and positioned records.

A CSV may be separated by ``,``, ``;`` or tab (the first line decides), with
CRLF line ends, in any encoding ``decode`` reads; a ``;`` file writes decimal
commas. A workbook (``.xlsx``) is read with openpyxl, sheet by sheet, each cell
as the text it shows, each record with its sheet row.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import attrs

from fairlint.i18n import T
from fairlint.load.csvfile import TableFormat, lines
from fairlint.load.files import FileProblem, open_spreadsheet

DELIMITERS = (",", ";", "\t")


@attrs.frozen
class Table:
    """A header and its records, each (line or sheet row, cells)."""

    path: Path
    header: list[str]
    records: list[tuple[int, list[str]]]
    fmt: TableFormat

    @property
    def sheet(self) -> str:
        return self.fmt.sheet


def sniff_delimiter(text: str, suffix: str = ".csv") -> str:
    """The separator of the first line: the one of ``,`` ``;`` tab written most outside quotes."""
    first = next(lines(text[:65_536].lstrip("\ufeff"), universal=True), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    if counts[best] == 0:
        return "\t" if suffix == ".tsv" else ","
    return best


def csv_format(text: str, suffix: str, rename: tuple = (), end_exclusive: bool = False) -> TableFormat:
    delimiter = sniff_delimiter(text, suffix)
    return TableFormat(delimiter=delimiter, decimal_comma=delimiter == ";", rename=rename, end_exclusive=end_exclusive)


def csv_table(path: Path, text: str, fmt: TableFormat) -> Table:
    """Every record of a CSV with the line it starts on; csv.Error is left to the caller."""
    reader = csv.reader(lines(text.lstrip("\ufeff")), delimiter=fmt.delimiter)
    header = next(reader, [])
    records = []
    line = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            records.append((line, record))
        line = reader.line_num + 1
    return Table(path, header, records, fmt)


def workbook_tables(path: Path, max_bytes: int | None, rename: tuple = (), end_exclusive: bool = False,
                    wanted=lambda header: True) -> Iterator[Table]:
    """Each sheet of an .xlsx workbook as a table; its first non-empty row is the header. A sheet
    whose header is not ``wanted`` is not read further (it comes without records).

    FileProblem when the file is not a workbook openpyxl can read.
    """
    import zipfile

    import openpyxl  # imported when first needed; it reads its XML with defusedxml when installed

    handle = open_spreadsheet(path, max_bytes)  # a checked regular file, no zip bomb
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        handle.close()
        raise FileProblem(T("cannot read the workbook: {error}; save it again as an Excel workbook (.xlsx)", error=str(exc))) from None
    try:
        for sheet in book.worksheets:
            header: list[str] | None = None
            records = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(value) for value in row]
                if not any(cell.strip() for cell in cells):
                    continue
                if header is None:
                    header = cells
                    if not wanted(TableFormat(rename=rename).names(header)):
                        break
                else:
                    records.append((number, cells))
            if header is not None:
                yield Table(path, header, records,
                            TableFormat(sheet=sheet.title, rename=rename, end_exclusive=end_exclusive))
    finally:
        book.close()
        handle.close()


def _cell_text(value) -> str:
    """A cell as text: dates ISO 8601, numbers with their digits (a float as it prints)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return str(value)
