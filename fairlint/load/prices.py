"""Price files other than fairlint's YAML: CSV dialects, exports and feeds, workbooks.

Each file is recognised by its header (or XML namespace), never by its name,
and becomes one schedule per table with the rows its source gives
(``fairlint.load.exports``). A CSV or sheet that is none of them is skipped in
a folder walk (``--verbose`` names its header) and FL001 when named.
"""

from __future__ import annotations

import contextlib
import csv
import gc
from pathlib import Path

import attrs

from fairlint import model
from fairlint.i18n import T, _
from fairlint.load import exports
from fairlint.load.csvfile import read_header, read_price_csv, read_price_records
from fairlint.load.files import FileProblem
from fairlint.load.schema import Problem, Reader
from fairlint.load.tables import Table, csv_format, csv_table, workbook_tables
from fairlint.model import Location

_KNOWN = _("a fairlint schedule (sku, price, start, end), a Merchant Center feed, a WooCommerce or a Shopify export")


def _header_text(header: list[str]) -> str:
    shown = ", ".join(h.strip() for h in header[:8] if h.strip())
    return shown + (", ..." if len(header) > 8 else "")


def _not_a_schedule(header: list[str]):
    return T("this CSV is not a price schedule: its header ({header}) is not {known}; "
             "rename its columns, or map them in the configuration's [columns] (sku = \"...\", price = \"...\")",
             header=_header_text(header) or "empty", known=T(_KNOWN))


def _not_a_price_workbook(headers: str):
    return T("this workbook is not a price schedule: none of its sheets' headers ({headers}) is not {known}; "
             "rename its columns, or map them in the configuration's [columns] (sku = \"...\", price = \"...\")",
             headers=headers, known=T(_KNOWN))


def load_table(result, reader: Reader, text: str, explicit: bool, options) -> None:
    """A CSV or TSV file: a schedule, an export, or not fairlint's."""
    path = result.path
    fmt = csv_format(text, path.suffix.lower(), options.rename, options.end_exclusive)
    header = read_header(text.lstrip("\ufeff"), fmt.delimiter)
    source = exports.recognise(fmt.names(header))
    if source is None:
        if explicit:
            reader.problem(Location(path, 1, 1), _not_a_schedule(header))
        else:
            result.skipped = f"CSV that is not a price schedule; its header: {_header_text(header) or 'empty'}"
        return
    if source is exports.SCHEDULE:
        schedule = read_price_csv(path, text.lstrip("\ufeff"), reader, fmt)
        result.documents.append(schedule)
        return
    with _no_collection():
        try:
            table = csv_table(path, text, fmt)
        except csv.Error as exc:
            reader.problem(Location(path, 1, 1), T("CSV syntax error: {error}", error=str(exc)))
            return
        result.documents.append(_export(table, source, reader, options))


@contextlib.contextmanager
def _no_collection():
    """Many new objects, none of them garbage: collecting them is wasted time (as csvfile does)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def load_workbook(result, reader: Reader, explicit: bool, max_bytes: int, options):
    """An .xlsx workbook: a schedule per sheet whose header is one fairlint reads."""
    path = result.path
    skipped = []
    try:
        for table in workbook_tables(path, max_bytes, options.rename, options.end_exclusive,
                                     wanted=lambda names: exports.recognise(names) is not None):
            source = exports.recognise(table.fmt.names(table.header))
            if source is None:
                skipped.append(f"sheet {table.sheet!r} ({_header_text(table.header)})")
            elif source is exports.SCHEDULE:
                result.documents.append(read_price_records(path, table.header, table.records, reader, table.fmt))
            else:
                result.documents.append(_export(table, source, reader, options))
    except FileProblem as exc:
        reader.problem(Location(path, 1, 1), exc.args[0])
    if not result.documents and not reader.problems:
        if explicit:
            reader.problem(Location(path, 1, 1), _not_a_price_workbook("; ".join(skipped)))
        else:
            result.skipped = "workbook without a price sheet: " + ("; ".join(skipped) or "no sheets")
    result.problems.extend(reader.problems)
    return result


def load_feed(result, reader: Reader, data: bytes, explicit: bool, options):
    """An .xml file: a Merchant Center RSS feed, or not fairlint's."""
    from fairlint.load.feed_xml import GOOGLE_NS, FeedError, NotAFeed, feed_table

    path = result.path
    if not explicit and GOOGLE_NS.encode() not in data and GOOGLE_NS.encode("utf-16-le") not in data:
        result.skipped = "XML that is not a Merchant Center feed"
        return result
    try:
        table = feed_table(path, data)
    except NotAFeed:
        if explicit:
            reader.problem(Location(path, 1, 1), T("this XML is not a Merchant Center feed: expected RSS 2.0 "
                                                     "(<rss>) with the namespace xmlns:g=\"{namespace}\"", namespace=GOOGLE_NS))
        else:
            result.skipped = "XML that is not a Merchant Center feed"
    except FeedError as exc:
        reader.problem(Location(path, exc.line, 1), exc.text)
    else:
        table = attrs.evolve(table, fmt=attrs.evolve(table.fmt, rename=options.rename))
        result.documents.append(_export(table, exports.MERCHANT_CENTER, reader, options))
    result.problems.extend(reader.problems)
    return result


def channel_for(path: Path, source: exports.Source, options) -> str:
    """The channel of an export's rows: the configuration's ``[channels]`` pattern that matches, else the source."""
    if options.channels:
        import pathspec

        try:
            rel = path.resolve().relative_to(options.root.resolve()).as_posix() if options.root else path.as_posix()
        except ValueError:
            rel = path.as_posix()
        for pattern, channel in options.channels:
            if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(rel):
                return channel
    return source.name


def _export(table: Table, source: exports.Source, reader: Reader, options) -> model.PriceSchedule:
    path = table.path
    day = exports.day_in_name(path)
    context = exports.Context(channel_for(path, source, options), day)
    rows = source.rows(table, context, reader)
    name = path.stem if not table.sheet else f"{path.stem}:{table.sheet}"
    schedule = model.PriceSchedule(Location(path, 1, 1, table.sheet), id=name, rows=rows, source=source.name,
                                   day=day)
    for row in rows:
        row.schedule = schedule
    return schedule


__all__ = ["load_table", "load_workbook", "load_feed", "Problem"]
