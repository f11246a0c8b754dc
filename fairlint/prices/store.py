"""A run's price rows in one engine table, and the price rules' results as typed evidence.

Every loaded schedule becomes rows of the table ``price_rows`` (the columns of
``queries.py`` plus ``src``, the schedule's number in path order, and ``line``):

- a schedule parsed in Python (YAML ``rows:``, a CSV under ``STREAM_BYTES``, the feeds
  and exports of ``fairlint/load``) is handed over as columns (``register_rows``); its ``line`` is
  the row's index in ``schedule.rows`` (the row object keeps its own location);
- a streamed schedule (``PriceSchedule.stream``: a big CSV, or any Parquet file) is read
  by the engine itself; its ``line`` is the row's line in the CSV (the header is line 1)
  or its 1-based row number in the Parquet file. Each row is checked in SQL on the way
  in; when a CSV has a row the engine cannot type exactly as fairlint's CSV reader would
  (a malformed row, a currency sign, a date in another format, quotes or blank lines that
  make line numbers uncertain), that one file is read by the CSV reader instead, so a
  malformed row is still an FL001 at its line, worded as for any CSV.

What the SQL does not cover is applied here: campaign offers (``offer_drops``), and
what the rules filter afterwards (disclosure, snapshot histories) in the rule modules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from fairlint import model
from fairlint.finding import Violation
from fairlint.model import Location
from fairlint.prices import queries
from fairlint.prices.engine import EngineError, make_engine
from fairlint.prices.evidence import RowRef

STREAM_BYTES = 1 << 20  # CSV schedules from this size on are read by the engine, not parsed in Python
PARSE_BYTES = 50 << 20  # a streamed CSV with a malformed row up to this size is handed to the CSV reader
TABLE = "price_rows"
_COLUMNS = ("sku", "price", "start", "end", "audience", "channel", "announced", "reference_price")


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


class PriceStore:
    """The schedules of one run in an engine (built on first use), and the rules' results."""

    def __init__(self, schedules: list[model.PriceSchedule], engine: str = "duckdb", **settings):
        self.schedules = sorted(schedules, key=lambda s: (str(s.loc.path), s.loc.line))
        self.engine_name, self.settings = engine, settings
        self._engine = None
        self.problems: list[Violation] = []  # FL001 of streamed files read by the CSV reader instead
        self._results: dict = {}
        self._rows_of: dict[str, list[model.PriceRow]] = {}
        self._streamed_skus: frozenset[str] | None = None
        self.notes: list[str] = []

    # -- the table ---------------------------------------------------------------------

    @property
    def engine(self):
        if self._engine is None:
            self._engine = make_engine(self.engine_name, **self.settings)
            self._build()
        return self._engine

    def _build(self) -> None:
        engine = self._engine
        engine.execute(f"""CREATE TABLE {TABLE} (sku VARCHAR, price DECIMAL(18, 4), start DATE, "end" DATE,
            audience VARCHAR, channel VARCHAR, announced DATE, reference_price DECIMAL(18, 4),
            src INTEGER, line BIGINT)""")
        for src, schedule in enumerate(self.schedules):
            if schedule.stream is not None and not self._stream(src, schedule):
                self._read_in_python(schedule)
        python = [(src, s) for src, s in enumerate(self.schedules) if s.rows]
        if python:
            engine.register_rows("python_rows", _columns(python))
            engine.execute(f"""INSERT INTO {TABLE} SELECT sku, CAST(price AS DECIMAL(18, 4)), start, "end",
                audience, channel, announced, CAST(reference_price AS DECIMAL(18, 4)), src, line FROM python_rows""")

    def _stream(self, src: int, schedule: model.PriceSchedule) -> bool:
        """Read a streamed file into the table; False when it must be read in Python instead."""
        path, kind = schedule.stream, schedule.stream_kind
        if kind == "csv":
            plain = _plain_lines(path)
            if plain is not True:
                if plain is False:
                    return False
                self.problems.append(Violation(Location(path, plain, 1),
                                               "the file contains NUL bytes: it is binary or corrupted, not text"))
                return True
        view = f"file_{src}"
        try:
            self._engine.register_file(view, path, kind)
            present = set(self._engine.columns(view))
        except EngineError as exc:
            if kind == "csv":
                return False
            self.problems.append(Violation(Location(path, 1, 1), f"cannot read this Parquet file: {exc}"))
            return True
        if kind == "csv":
            def text(name):
                return f"NULLIF(TRIM({_quoted(name)}), '')" if name in present else "NULL"
            number = "ROW_NUMBER() OVER () + 1"
        else:
            def text(name):
                return f"NULLIF(TRIM(CAST({_quoted(name)} AS VARCHAR)), '')" if name in present else "NULL"
            number = "file_row_number + 1"
        typed = {
            "sku": text("sku"),
            "price": f"TRY_CAST({text('price')} AS DECIMAL(18, 4))",
            "start": f"TRY_CAST({text('start')} AS DATE)",
            "end": f"TRY_CAST({text('end')} AS DATE)",
            "audience": text("audience"),
            "channel": text("channel"),
            "announced": f"TRY_CAST({text('announced')} AS DATE)",
            "reference_price": f"TRY_CAST({text('reference_price')} AS DECIMAL(18, 4))",
        }
        bad = " OR ".join([
            "sku IS NULL", "price IS NULL", "start IS NULL", "price < 0",
            "(reference_price IS NOT NULL AND reference_price < 0)",
            f"(raw_end IS NOT NULL AND \"end\" IS NULL)", f"(raw_announced IS NOT NULL AND announced IS NULL)",
            f"(raw_reference IS NOT NULL AND reference_price IS NULL)",
            "(audience IS NOT NULL AND audience NOT IN ('new', 'existing', 'lapsed', 'all'))",
            "(\"end\" IS NOT NULL AND \"end\" < start)",
        ])
        staged = f"staged_{src}"
        try:
            self._engine.execute(f"""CREATE TEMP TABLE {staged} AS SELECT {', '.join(f'{v} AS {_quoted(k)}' for k, v in typed.items())},
                {text('end')} AS raw_end, {text('announced')} AS raw_announced,
                {text('reference_price')} AS raw_reference, {number} AS line FROM {view}""")
            first_bad = self._engine.rows(f"SELECT line FROM {staged} WHERE {bad} ORDER BY line LIMIT 1")
        except EngineError as exc:
            if kind == "csv":
                return False
            self.problems.append(Violation(Location(path, 1, 1), f"cannot read this Parquet file: {exc}"))
            return True
        if first_bad and kind == "csv" and path.stat().st_size <= PARSE_BYTES:
            self._engine.execute(f"DROP TABLE {staged}")
            return False  # the CSV reader says exactly what is wrong with each row
        for (line,) in self._engine.rows(f"SELECT line FROM {staged} WHERE {bad} ORDER BY line LIMIT 20"):
            self.problems.append(Violation(Location(path, line, 1), (
                "row: a value is missing or malformed; sku, price and start are required, prices are plain "
                "numbers of at least 0 (49.00), dates are written 2027-03-10, end is not before start, and "
                "audience is one of new, existing, lapsed, all")))
        self._engine.execute(f"""INSERT INTO {TABLE} SELECT sku, price, start, "end", audience, channel, announced,
            reference_price, {src}, line FROM {staged} WHERE NOT ({bad})""")
        self._engine.execute(f"DROP TABLE {staged}")
        return True

    def _read_in_python(self, schedule: model.PriceSchedule) -> None:
        from fairlint.load import decode
        from fairlint.load.csvfile import read_price_csv
        from fairlint.load.schema import Reader

        path = schedule.stream
        text, error = decode(path.read_bytes())
        if error:
            self.problems.append(Violation(Location(path, *(error[1:] or (1, 1))), error[0]))
            return
        reader = Reader(path)
        parsed = read_price_csv(path, text, reader)
        self.problems += [Violation(p.loc, p.message) for p in reader.problems]
        for row in parsed.rows:
            row.schedule = schedule
        schedule.rows = parsed.rows
        schedule.stream = None  # now an ordinary schedule

    # -- what rules and look-ups ask -----------------------------------------------------

    def results(self, code: str, options: dict) -> list[dict]:
        """The rows of rule ``code``'s query as dicts (see ``queries.COLUMNS``), remembered per options."""
        key = (code, tuple(sorted(options.items())))
        if key not in self._results:
            names, rows = self.engine.rows_with_names(queries.rule_sql(code, options, TABLE, located=True))
            self._results[key] = [dict(zip(names, row)) for row in rows]
        return self._results[key]

    def location(self, src: int, line: int, field: str | None = None) -> Location:
        schedule = self.schedules[src]
        if schedule.stream is None:
            row = schedule.rows[line]
            return row.at(field) if field else row.loc
        return Location(schedule.stream, line, 1)

    def schedule_of(self, src: int) -> model.PriceSchedule:
        return self.schedules[src]

    def row_ref(self, result: dict, prefix: str = "", field: str | None = None) -> RowRef:
        """The row named by ``prefix``-columns of a result (``src``, ``line``, ``sku``...)."""
        get = result.get
        return RowRef(
            self.location(get(prefix + "src"), get(prefix + "line"), field),
            sku=get(prefix + "sku") or result["sku"],
            price=_price(get(prefix + "price")),
            start=get(prefix + "start"),
            end=get(prefix + "end"),
            audience=get(prefix + "audience") or "all",
            channel=get(prefix + "channel") or "",
            announced=get(prefix + "announced"),
            reference_price=_price(get(prefix + "reference_price")),
        )

    @property
    def has_streams(self) -> bool:
        return any(s.stream is not None for s in self.schedules)

    def streamed_skus(self) -> frozenset[str]:
        """The SKUs of the rows the engine read itself (none parsed in Python)."""
        if self._streamed_skus is None:
            self.engine  # noqa: B018 - building the table may hand a file back to the CSV reader
            srcs = [str(n) for n, s in enumerate(self.schedules) if s.stream is not None]
            found = self.engine.rows(f"SELECT DISTINCT sku FROM {TABLE} WHERE src IN ({', '.join(srcs)})") if srcs else []
            self._streamed_skus = frozenset(sku for (sku,) in found)
        return self._streamed_skus

    def streamed_rows(self, sku: str) -> list[model.PriceRow]:
        """The rows of ``sku`` that only the engine holds, as row objects (for offers' look-ups)."""
        if sku not in self._rows_of:
            self.engine  # noqa: B018 - streamed files may fall back to Python while the table is built
            srcs = [str(n) for n, s in enumerate(self.schedules) if s.stream is not None]
            found = []
            if srcs:
                rows = self.engine.rows(f"""SELECT src, line, price, start, "end", audience, channel, announced,
                    reference_price FROM {TABLE} WHERE sku = {_literal(sku)} AND src IN ({', '.join(srcs)})
                    ORDER BY start, src, line""")
                for src, line, price, start, end, audience, channel, announced, reference in rows:
                    found.append(model.PriceRow(
                        self.location(src, line), sku=sku, price=_price(price), start=start, end=end,
                        audience=audience or "all", channel=channel or "", announced=announced,
                        reference_price=_price(reference), schedule=self.schedules[src]))
            self._rows_of[sku] = found
        return self._rows_of[sku]

    def steps(self, sku: str, first: dt.date, last: dt.date) -> list[tuple]:
        """The price in force for ``sku`` per (audience, channel) and day from ``first`` to ``last``:
        (audience, channel, day, highest price, lowest price, reference price) rows."""
        epoch = dt.date(1970, 1, 1)
        sql = queries.steps_sql(_literal(sku), (first - epoch).days, (last - epoch).days, TABLE)
        return [(a, c, d, _price(hi), _price(lo), _price(ref)) for a, c, d, hi, lo, ref in self.engine.rows(sql)]

    def offer_drops(self, pairs: list[tuple], notice: int) -> list[tuple]:
        """FL201 for offers: ``pairs`` are (offer key, sku, audience, type, value, starts); returns
        (offer key, sku, full-price day, price then) for each notice day a higher price was in force
        than the offer makes of the SKU's price on its first day."""
        engine = self.engine
        engine.register_rows("offer_skus", {
            "offer": ("BIGINT", [p[0] for p in pairs]),
            "sku": ("VARCHAR", [p[1] for p in pairs]),
            "audience": ("VARCHAR", [p[2] for p in pairs]),
            "kind": ("VARCHAR", [p[3] for p in pairs]),
            "value": ("VARCHAR", [format(p[4], "f") for p in pairs]),
            "starts": ("DATE", [p[5] for p in pairs]),
        })
        return [(o, s, d, _price(p)) for o, s, d, p in engine.rows(queries.offer_drops_sql(notice, TABLE))]

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None


def _price(value) -> Decimal | None:
    """An engine's DECIMAL(18, 4) as the Decimal a user wrote: 39.0000 -> 39.00, 12.5000 -> 12.50."""
    if value is None:
        return None
    value = Decimal(value)
    two = value.quantize(Decimal("0.01"))
    return two if two == value else value.normalize()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _plain_lines(path: Path) -> bool | int:
    """Whether each line after the header of a CSV is one row: no quotes (a quoted cell may hold a
    line break) and no blank lines (which a reader skips), so that row N is line N + 1; or the line
    of the first NUL byte, when there is one (then the file is binary or corrupted, not a CSV)."""
    last, lines = b"", 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 23)
            if not chunk:
                return True
            nul = chunk.find(b"\x00")
            if nul >= 0:
                return lines + chunk.count(b"\n", 0, nul) + 1
            joined = last + chunk
            if b'"' in chunk or b"\n\n" in joined or b"\n\r\n" in joined:
                return False
            lines += chunk.count(b"\n")
            last = chunk[-2:]


def _columns(schedules: list[tuple[int, model.PriceSchedule]]) -> dict[str, tuple[str, list]]:
    """The Python-parsed rows as columns for ``register_rows`` (prices as text: the engine types them)."""
    rows = [(src, index, row) for src, schedule in schedules for index, row in enumerate(schedule.rows)]

    def text(value):
        return None if value is None else format(value, "f")

    return {
        "sku": ("VARCHAR", [row.sku for _, _, row in rows]),
        "price": ("VARCHAR", [format(row.price, "f") for _, _, row in rows]),
        "start": ("DATE", [row.start for _, _, row in rows]),
        "end": ("DATE", [row.end for _, _, row in rows]),
        "audience": ("VARCHAR", [row.audience or "all" for _, _, row in rows]),
        "channel": ("VARCHAR", [row.channel or None for _, _, row in rows]),
        "announced": ("DATE", [row.announced for _, _, row in rows]),
        "reference_price": ("VARCHAR", [text(row.reference_price) for _, _, row in rows]),
        "src": ("INTEGER", [src for src, _, _ in rows]),
        "line": ("BIGINT", [index for _, index, _ in rows]),
    }
