"""Prices from shop and feed exports: Merchant Center, WooCommerce, Shopify.

Each source is declared once (``SOURCES``): how it is recognised by its header,
which of its columns give the SKU, the price in force, the reference price and
the dates (the docs' mapping table is built from these declarations), and how
its records become schedule rows. Every row keeps the exact line (or sheet row)
it came from, so rules never know where a row came from.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Callable

import attrs

from fairlint import model
from fairlint.i18n import T, _
from fairlint.load import values
from fairlint.load.schema import Reader
from fairlint.load.tables import Table
from fairlint.model import Location

UNDATED_LEAD_DAYS = 365  # an undated feed's regular price is taken as in force this long before its first sale
UNDATED_ORIGIN = dt.date(2000, 1, 1)  # ... and from this day in a feed with no sale at all
_DAY_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


@attrs.frozen
class Context:
    """What a file's name and the configuration say about its rows."""

    channel: str  # the channel its rows are in (``[channels]`` or the source's name)
    day: dt.date | None  # the ISO date in the file name, if any


@attrs.frozen
class Source:
    name: str  # the schedule's ``source`` and, for exports, the default channel
    title: str
    recognised_by: str
    sku: str
    price: str
    reference: str
    dates: str
    recognise: Callable[[set[str]], bool]
    rows: Callable[[Table, Context, Reader], list[model.PriceRow]] | None = None  # None: not an export


def day_in_name(path: Path) -> dt.date | None:
    """The ISO date in a file's name (``products_export_2027-03-01.csv``), if it has a real one."""
    match = _DAY_IN_NAME.search(path.stem)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _records(table: Table):
    """Each record as (its location, its cells by lower-case header name; a missing trailing cell is empty)."""
    names = [(i, h.strip().lower()) for i, h in enumerate(table.header) if h.strip()]
    for line, record in table.records:
        width = len(record)
        yield (Location(table.path, line, 1, table.sheet),
               {name: (record[i].strip() if i < width else "") for i, name in names})


def _row(loc: Location, sku: str, price: Decimal, start: dt.date, end: dt.date | None, channel: str,
         reference: Decimal | None = None, announced: dt.date | None = None) -> model.PriceRow:
    return model.PriceRow(loc, sku=sku, price=price, start=start, end=end, channel=channel, reference_price=reference,
                          announced=announced)


class _Announced:
    """The announcement date of a record, from the column ``[columns]`` maps to ``announced`` (exports
    have none of their own); None when there is no such column or cell."""

    def __init__(self, reader: Reader, table: Table):
        self.reader = reader
        self.header = next((header for header, column in table.fmt.rename if column == "announced"), None)

    def __call__(self, loc: Location, cells: dict[str, str]) -> tuple[dt.date | None, bool]:
        """(the date, whether the record can be used)."""
        text = cells.get(self.header, "") if self.header else ""
        if not text:
            return None, True
        try:
            try:
                return values.read_date(text), True  # ISO 8601, with a time and offset or not
            except values.BadValue:
                return _shop_day(text, end=False), True  # as the shop writes it: 2027-03-01 0:00:00
        except values.BadValue as exc:
            self.reader.problem(loc, T("row: announced ({header!r}): {problem}", header=self.header, problem=values.reason(exc)))
            return None, False


class _Amounts:
    """Amounts read once per distinct cell text (a feed repeats the same few hundred prices)."""

    def __init__(self, reader: Reader, table: Table):
        self.reader, self.decimal_comma, self.known = reader, table.fmt.decimal_comma, {}

    def __call__(self, loc: Location, column: str, text: str) -> Decimal | None:
        amount = self.known.get(text)
        if amount is None:
            try:
                amount = self.known[text] = values.read_money(text, decimal_comma=self.decimal_comma)
            except values.BadValue as exc:
                self.reader.problem(loc, T("row: {name}: {problem}", name=column, problem=values.reason(exc)))
        return amount


def _regular_and_sale(loc: Location, sku: str, regular: Decimal, sale: Decimal | None,
                      sale_days: tuple[dt.date | None, dt.date | None], origin: dt.date, channel: str,
                      announced: dt.date | None = None) -> list[model.PriceRow]:
    """The regular price on every day from ``origin`` outside the sale, the sale price (with the regular
    price as its reference, and the sale's announcement date) on the sale's days."""
    if sale is None:
        return [_row(loc, sku, regular, origin, None, channel)]
    first, last = sale_days
    start = first or origin
    rows = []
    if start > origin:
        rows.append(_row(loc, sku, regular, origin, start - dt.timedelta(days=1), channel))
    rows.append(_row(loc, sku, sale, start, last, channel, regular if regular > sale else None, announced))
    if last is not None:
        rows.append(_row(loc, sku, regular, last + dt.timedelta(days=1), None, channel))
    return rows


def _origin(context: Context, sale_starts: list[dt.date]) -> dt.date:
    """The first day a file's regular prices are known: its day, else a year before its first sale."""
    if context.day is not None:
        return context.day
    return min(sale_starts) - dt.timedelta(days=UNDATED_LEAD_DAYS) if sale_starts else UNDATED_ORIGIN


# -- Merchant Center -------------------------------------------------------------------------

_ISO_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


class BadInterval(ValueError):
    pass


def sale_interval(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) of ``start/end``: a date-time falls on the day written in it,
    whatever its offset; an end at 00:00 ends with the day before; dates alone are whole days."""
    parts = text.strip().split("/")
    if len(parts) != 2:
        raise BadInterval(T("it is not two moments separated by '/'"))
    days = []
    for index, part in enumerate(parts):
        match = _ISO_MOMENT.match(part.strip())
        if not match:
            raise BadInterval(T("{text!r} is not an ISO 8601 date or date-time", text=part.strip()))
        try:
            day = dt.date.fromisoformat(match.group(1))
        except ValueError:
            raise BadInterval(T("{text!r} is not a real calendar date", text=match.group(1))) from None
        if index == 1 and match.group(2) is not None and int(match.group(2)) == 0 and int(match.group(3)) == 0:
            day -= dt.timedelta(days=1)  # ends at midnight: the day before is the last
        days.append(day)
    if days[1] < days[0]:
        raise BadInterval(T("its end is before its start"))
    return days[0], days[1]


_INTERVAL_HINT = _("write start/end in ISO 8601, such as 2027-03-10T00:00+0100/2027-03-21T00:00+0100 "
                   "or 2027-03-10/2027-03-20 (whole days)")


def merchant_center_rows(table: Table, context: Context, reader: Reader) -> list[model.PriceRow]:
    items = []
    money = _Amounts(reader, table)
    intervals: dict[str, tuple] = {}
    announcement = _Announced(reader, table)
    for loc, cells in _records(table):
        sku = _strip_prefix(cells, "id")
        if not sku:
            reader.problem(loc, T("row: 'id' is empty; every item needs its id"))
            continue
        price_text = _strip_prefix(cells, "price")
        if not price_text:
            continue  # an item without a price sells nothing
        regular = money(loc, "price", price_text)
        sale_text = _strip_prefix(cells, "sale_price")
        sale = money(loc, "sale_price", sale_text) if sale_text else None
        if regular is None or (sale_text and sale is None):
            continue
        interval_text = _strip_prefix(cells, "sale_price_effective_date")
        days: tuple = (None, None)
        if sale is not None and interval_text:
            if interval_text not in intervals:
                try:
                    intervals[interval_text] = sale_interval(interval_text)
                except BadInterval as exc:
                    reader.problem(loc, T("row: sale_price_effective_date {interval!r}: {problem}; {hint}",
                                             interval=interval_text, problem=exc.args[0], hint=T(_INTERVAL_HINT)))
                    continue
            days = intervals[interval_text]
        announced, usable = announcement(loc, cells)
        if usable:
            items.append((loc, sku, regular, sale, days, announced))
    return _items_rows(items, context)


def _items_rows(items: list[tuple], context: Context) -> list[model.PriceRow]:
    """The rows of a feed's or export's items: (location, sku, regular, sale, sale days, announced)."""
    origin = _origin(context, [item[4][0] for item in items if item[4][0] is not None])
    rows = []
    for loc, sku, regular, sale, days, announced in items:
        rows += _regular_and_sale(loc, sku, regular, sale, days, origin, context.channel, announced)
    return rows


def _strip_prefix(cells: dict[str, str], name: str) -> str:
    """A Merchant Center column, written plain or with its ``g:`` prefix."""
    return cells.get(name) or cells.get(f"g:{name}", "")


# -- WooCommerce -----------------------------------------------------------------------------

_WOO_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$")


def _unguard(text: str) -> str:
    """A cell without the quote WooCommerce's exporter puts before values starting with = + - @."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def _shop_day(text: str, *, end: bool) -> dt.date:
    match = _WOO_MOMENT.match(text)
    if not match:
        raise values.BadValue(T("expected a date such as 2027-03-10 0:00:00, got {value}", value=values.describe(text)))
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise values.BadValue(T("{text!r} is not a real calendar date", text=match.group(1))) from None
    if end and match.group(2) is not None and int(match.group(2)) == 0 and int(match.group(3)) == 0:
        day -= dt.timedelta(days=1)  # a sale ending at 00:00 ends with the day before
    return day


def woocommerce_rows(table: Table, context: Context, reader: Reader) -> list[model.PriceRow]:
    items = []
    money = _Amounts(reader, table)
    announcement = _Announced(reader, table)
    for loc, cells in _records(table):
        cells = {k: _unguard(v) for k, v in cells.items()}
        sku = cells.get("sku") or cells.get("id", "")
        regular_text, sale_text = cells.get("regular price", ""), cells.get("sale price", "")
        if not sku or not regular_text:
            continue  # a variable product's parent row, a grouped product: no price of its own
        regular = money(loc, "Regular price", regular_text)
        sale = money(loc, "Sale price", sale_text) if sale_text else None
        if regular is None or (sale_text and sale is None):
            continue
        try:
            first = _shop_day(cells["date sale price starts"], end=False) if cells.get("date sale price starts") else None
            last = _shop_day(cells["date sale price ends"], end=True) if cells.get("date sale price ends") else None
        except values.BadValue as exc:
            reader.problem(loc, T("row: sale dates: {problem}", problem=values.reason(exc)))
            continue
        if first is not None and last is not None and last < first:
            reader.problem(loc, T("row: the sale ends {last} before it starts {first}; correct the sale dates", last=last, first=first))
            continue
        announced, usable = announcement(loc, cells)
        if usable:
            items.append((loc, sku, regular, sale, (first, last), announced))
    return _items_rows(items, context)


# -- Shopify ---------------------------------------------------------------------------------

_MARKET_PRICE = re.compile(r"^(?:variant )?price / (?P<market>.+)$")
_MARKET_COMPARE = re.compile(r"^(?:variant )?compare[ -]at price / (?P<market>.+)$")


def shopify_rows(table: Table, context: Context, reader: Reader) -> list[model.PriceRow]:
    if context.day is None:
        reader.problem(Location(table.path, 1, 1, table.sheet),
                       T("a Shopify export describes the day it was exported, but its file name has no date; "
                         "rename it with the ISO date of that day, such as {example}",
                         example=f"{table.path.stem}_2027-03-01{table.path.suffix}"))
        return []
    names = [h.strip().lower() for h in table.header]
    classic = "variant price" in names
    price_col, compare_col, sku_col = (("variant price", "variant compare at price", "variant sku") if classic
                                       else ("price", "compare-at price", "sku"))
    handle_col = "handle" if classic else "url handle"
    markets = [(m.group("market"), name) for name in names if (m := _MARKET_PRICE.match(name))]
    market_compare = {m.group("market"): name for name in names if (m := _MARKET_COMPARE.match(name))}
    rows = []
    money = _Amounts(reader, table)
    announcement = _Announced(reader, table)
    for loc, cells in _records(table):
        option = cells.get("option1 value", "")
        announced, usable = announcement(loc, cells)
        if not usable:
            continue
        sku = cells.get(sku_col) or (cells.get(handle_col, "") + (f"/{option}" if option and option != "Default Title" else ""))
        prices = [(context.channel, price_col, compare_col)]
        prices += [(f"{context.channel}/{market}", column, market_compare.get(market, "")) for market, column in markets]
        for channel, column, compare_column in prices:
            price_text = cells.get(column, "")
            if not sku or not price_text:
                continue  # an image row, a market without its own price
            price = money(loc, column, price_text)
            compare_text = cells.get(compare_column, "") if compare_column else ""
            compare = money(loc, compare_column, compare_text) if compare_text else None
            if price is None or (compare_text and compare is None):
                continue
            reference = compare if compare is not None and compare > price else None
            rows.append(_row(loc, sku, price, context.day, None, channel, reference, announced))
    return rows


# -- the sources -------------------------------------------------------------------------------


def _is_schedule(names: set[str]) -> bool:
    return "sku" in names and "price" in names


def _is_merchant_center(names: set[str]) -> bool:
    plain = {n.removeprefix("g:") for n in names}
    return {"id", "title", "price"} <= plain and ("availability" in plain or "link" in plain)


def _is_woocommerce(names: set[str]) -> bool:
    return "regular price" in names and "sale price" in names


def _is_shopify(names: set[str]) -> bool:
    return ("handle" in names and "variant price" in names) or ("url handle" in names and "price" in names)


SCHEDULE = Source(
    "schedule", "fairlint price schedule (CSV, `.xlsx` sheet)", "`sku` and `price` columns", "`sku`", "`price`",
    "`reference_price`", "`start`, `end` (inclusive)", _is_schedule,
)
MERCHANT_CENTER = Source(
    "merchant-center", "Google Merchant Center product data: TSV/CSV, or RSS 2.0 XML with the `g:` namespace",
    "`id`, `title` and `price` columns with `availability` or `link` (`g:id`, `g:price` in the XML)", "`id`",
    "`sale_price` on the days of `sale_price_effective_date`, `price` on every other day",
    "`price`, on the sale's days",
    "`sale_price_effective_date`, an ISO 8601 interval `start/end` (a date-time with or without offset)",
    _is_merchant_center, merchant_center_rows,
)
WOOCOMMERCE = Source(
    "woocommerce", "WooCommerce product CSV export", "`Regular price` and `Sale price`", "`SKU` (else `ID`)",
    "`Sale price` from `Date sale price starts` to `Date sale price ends`, `Regular price` on every other day",
    "`Regular price`, on the sale's days", "those two columns (`2027-03-10 0:00:00`)", _is_woocommerce,
    woocommerce_rows,
)
SHOPIFY = Source(
    "shopify", "Shopify product CSV export, both header generations",
    "`Handle` + `Variant Price`, or `URL handle` + `Price`", "`Variant SKU` / `SKU` (else the handle)",
    "`Variant Price` / `Price`; a `Price / <market>` column is that market's channel",
    "`Variant Compare At Price` / `Compare-at price`; `Compare-at price / <market>` for a market",
    "the snapshot's day (the ISO date in the file name)", _is_shopify, shopify_rows,
)
PARQUET = Source(
    "parquet", "Parquet", "`*.parquet` with the CSV columns", "`sku`", "`price`", "`reference_price`",
    "`start`, `end`", lambda names: False,
)
SOURCES = (SCHEDULE, MERCHANT_CENTER, WOOCOMMERCE, SHOPIFY, PARQUET)
# The exports first: a Shopify export of the new generation has `SKU` and `Price` columns too.
_RECOGNITION_ORDER = (MERCHANT_CENTER, WOOCOMMERCE, SHOPIFY, SCHEDULE)


def recognise(names: list[str]) -> Source | None:
    found = {n.strip().lower() for n in names}
    return next((s for s in _RECOGNITION_ORDER if s.recognise(found)), None)
