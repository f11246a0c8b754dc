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
from fairlint.i18n import T
from fairlint.model import Location
from fairlint.prices import queries
from fairlint.prices.engine import MEMORY_LIMIT_MB, EngineError, make_engine, sql_literal as _literal, sql_name as _quoted
from fairlint.prices.evidence import RowRef, price_of as _price

STREAM_BYTES = 1 << 20  # CSV schedules from this size on are read by the engine, not parsed in Python
PARSE_BYTES = 50 << 20  # a streamed CSV with a malformed row up to this size is handed to the CSV reader
BYTES_PER_ROW = 64  # DuckDB's memory for each streamed row: what FL201's window sorts, and its overhead
MEMORY_CAP_MB = 1536  # a 20M-row history in at most 2 GB
TABLE = "price_rows"
CSV_BUFFER = 8 << 20  # DuckDB's CSV reader buffer: its default (32 MB a thread) costs 30 MB more, for no speed
_COLUMNS = ("sku", "price", "start", "end", "audience", "channel", "announced", "reference_price")


class PriceStore:
    """The schedules of one run in an engine (built on first use), and the rules' results."""

    def __init__(self, schedules: list[model.PriceSchedule], engine: str = "duckdb", **settings):
        self.schedules = sorted(schedules, key=lambda s: (str(s.loc.path), s.loc.line))
        self.engine_name, self.settings = engine, settings
        self._engine = None
        self.problems: list[Violation] = []  # FL001 of streamed files read by the CSV reader instead
        self._rows_of: dict[str, list[model.PriceRow]] = {}
        self._streamed_skus: frozenset[str] | None = None
        self.notes: list[str] = []

    # -- the table ---------------------------------------------------------------------

    @property
    def engine(self):
        if self._engine is None:
            engine = self._engine = make_engine(self.engine_name, **self.settings)
            try:
                self._build()
            except BaseException:
                self._engine = None  # half built: never queried
                engine.close()
                raise
        return self._engine

    def _build(self) -> None:
        engine = self._engine
        if self.engine_name == "duckdb" and "memory_limit" not in self.settings:
            engine.execute(f"SET memory_limit = '{self._memory_mb()}MB'")
        columns = 'sku, price, start, "end", audience, channel, announced, reference_price, src, line'
        parts = [f"""SELECT CAST(NULL AS VARCHAR) AS sku, CAST(NULL AS DECIMAL(18, 4)) AS price,
            CAST(NULL AS DATE) AS start, CAST(NULL AS DATE) AS "end", CAST(NULL AS VARCHAR) AS audience,
            CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS DATE) AS announced,
            CAST(NULL AS DECIMAL(18, 4)) AS reference_price, CAST(NULL AS INTEGER) AS src,
            CAST(NULL AS BIGINT) AS line WHERE FALSE"""]
        for src, schedule in enumerate(self.schedules):
            if schedule.stream is None:
                continue
            staged = self._stream(src, schedule)
            if staged is None:
                self._read_in_python(schedule)
            elif staged:
                parts.append(f"SELECT {columns} FROM {staged} WHERE NOT bad")
        python = [(src, s) for src, s in enumerate(self.schedules) if s.rows]
        if python:
            engine.register_rows("python_rows", _columns(python))
            parts.append(f"""SELECT sku, CAST(price AS DECIMAL(18, 4)), start, "end", audience, channel, announced,
                CAST(reference_price AS DECIMAL(18, 4)), src, line FROM python_rows""")
        engine.execute(f"CREATE VIEW {TABLE} AS " + "\nUNION ALL\n".join(parts))
        if self.engine_name == "duckdb":  # rows are numbered: from here on, order is the queries' own
            engine.execute("SET preserve_insertion_order = false")

    def _memory_mb(self) -> int:
        """What DuckDB may hold before it spills to disk: ``BYTES_PER_ROW`` for each streamed row (a Parquet
        file says how many it has; a CSV row is about 40 bytes), at least the engine's ``MEMORY_LIMIT_MB`` and at
        most ``MEMORY_CAP_MB``. Spilling a sort costs time that grows faster than the rows; holding all of it
        costs memory that grows with them: this keeps the time linear and the memory in proportion."""
        rows = 0
        for schedule in self.schedules:
            if schedule.stream_kind == "parquet" and schedule.stream is not None:
                try:
                    found = self._engine.rows(f"SELECT SUM(num_rows) FROM parquet_file_metadata({_literal(schedule.stream)})")
                    rows += int(found[0][0] or 0)
                except (EngineError, OSError, ValueError):
                    pass  # the file is reported when it is read
            elif schedule.stream is not None:
                try:
                    rows += schedule.stream.stat().st_size // 40
                except OSError:
                    pass
        return min(max(rows * BYTES_PER_ROW >> 20, MEMORY_LIMIT_MB), MEMORY_CAP_MB)

    def _stream(self, src: int, schedule: model.PriceSchedule) -> str | None:
        """Read a streamed file into a table of its own (returned: its well-formed rows are those
        ``NOT bad``); "" when nothing of it can be read; None when it must be read in Python instead."""
        path, kind = schedule.stream, schedule.stream_kind
        records = None
        if kind == "csv":
            lines = _count_lines(path)
            if lines is None:
                return None
            if lines < 0:
                self.problems.append(Violation(Location(path, -lines, 1),
                                               T("the file contains NUL bytes: it is binary or corrupted, not text")))
                return ""
            records = lines - 1  # one a line after the header, or a quoted line break or a skipped line moved them
            staged = self._typed_csv(src, path, records) if self.engine_name == "duckdb" else None
            if staged is not None:
                return staged
        view = f"file_{src}"
        try:
            self._engine.register_file(view, path, kind)
            present = set(self._engine.columns(view))
        except EngineError as exc:
            if kind == "csv":
                return None
            self.problems.append(Violation(Location(path, 1, 1), T("cannot read this Parquet file: {error}", error=str(exc))))
            return ""
        if kind == "csv":
            def text(name):
                return f"NULLIF(TRIM({_quoted(name)}), '')" if name in present else "NULL"
            typed = {name: (_from_text(name, text(name)), text(name)) for name in _COLUMNS}
            types, as_text = {}, set(_TYPED)
        else:
            def text(name):
                return f"NULLIF(TRIM(CAST({_quoted(name)} AS VARCHAR)), '')" if name in present else "NULL"
            types = self._engine.column_types(view)
            typed = {name: ("NULL", None) if name not in present else _from_parquet(name, types.get(name))
                     or (_from_text(name, text(name)), text(name)) for name in _COLUMNS}
            as_text = {name for name in _TYPED if name in present and _from_parquet(name, types.get(name)) is None}
        raw = {name: given for name, (_, given) in typed.items()  # what says a value was given, where it may fail
               if given is not None and name in ("end", "announced", "reference_price")}
        bad = " OR ".join([
            "sku IS NULL", "price IS NULL", "start IS NULL", "price < 0",
            "(reference_price IS NOT NULL AND reference_price < 0)",
            *(f"(raw_{name} IS NOT NULL AND {_quoted(name)} IS NULL)" for name in raw),  # given but malformed
            "(audience IS NOT NULL AND audience NOT IN ('new', 'existing', 'lapsed', 'all'))",
            "(\"end\" IS NOT NULL AND \"end\" < start)",
        ])
        # A Parquet file whose prices and dates have types of their own is read again by each query (a view):
        # that costs less than holding a copy of it. One with prices or dates as text is typed once, into a table.
        table = "TABLE" if as_text else "VIEW"
        staged = f"staged_{src}"
        values = {name: value for name, (value, _) in typed.items()}
        # text columns as they are in the file, where nothing is to trim (said by the check of a view)
        bare = {name: _quoted(name) for name in ("sku", "audience", "channel") if types.get(name) == "VARCHAR"}

        def select(values: dict[str, str], bad: str, extra: str = "") -> str:
            return f"""SELECT sku, price, start, "end", audience, channel, announced, reference_price, {src} AS src, line,
                  {bad} AS bad{extra}
                FROM (SELECT {', '.join(f'{value} AS {_quoted(name)}' for name, value in values.items())},
                  {''.join(f'{given} AS raw_{name}, ' for name, given in raw.items())}
                  {''.join(f'{column} AS bare_{name}, ' for name, column in bare.items())}fairlint_line AS line
                  FROM {view}) typed"""

        try:
            if table == "VIEW":  # one pass: is any row malformed, is any text to trim (else the view does neither)
                untidy = " OR ".join(f"bare_{name} IS DISTINCT FROM {_quoted(name)}" for name in bare) or "FALSE"
                malformed, trimmed = self._engine.rows(
                    f"SELECT COUNT(*) FILTER (WHERE bad), COUNT(*) FILTER (WHERE untidy) FROM "
                    f"({select(values, bad, f', {untidy} AS untidy')}) checked")[0]
                if not trimmed:
                    values.update(bare)
                self._engine.execute(f"CREATE VIEW {staged} AS {select(values, bad if malformed else 'FALSE')}")
                bad_lines = [line for (line,) in self._engine.rows(
                    f"SELECT line FROM {staged} WHERE bad ORDER BY line LIMIT 20")] if malformed else []
            else:
                self._engine.execute(f"CREATE TABLE {staged} AS {select(values, bad)}")
                if records is not None and self._engine.rows(f"SELECT COUNT(*) FROM {staged}")[0][0] != records:
                    self._engine.execute(f"DROP TABLE {staged}")
                    return None  # rows are not one a line: the CSV reader knows where each starts
                bad_lines = [line for (line,) in self._engine.rows(
                    f"SELECT line FROM {staged} WHERE bad ORDER BY line LIMIT 20")]
        except EngineError as exc:
            if kind == "csv":
                return None
            self.problems.append(Violation(Location(path, 1, 1), T("cannot read this Parquet file: {error}", error=str(exc))))
            return ""
        if bad_lines and kind == "csv" and path.stat().st_size <= PARSE_BYTES:
            self._engine.execute(f"DROP TABLE {staged}")
            return None  # the CSV reader says exactly what is wrong with each row
        for line in bad_lines:
            self.problems.append(Violation(Location(path, line, 1), T(
                "row: a value is missing or malformed; sku, price and start are required, prices are plain "
                "numbers of at least 0 (49.00), dates are written 2027-03-10, end is not before start, and "
                "audience is one of new, existing, lapsed, all")))
        return staged

    def _typed_csv(self, src: int, path: Path, records: int) -> str | None:
        """The fast way in for a CSV whose every cell has its column's type: DuckDB's reader types the
        columns itself (no text pass) into a table of only the columns the file has (its rows in file
        order: row N, ``rowid`` N - 2, is line N). None when some cell does not have its type (then each
        row is checked as text), or when the file's ``records`` rows are not one a line."""
        with path.open("rb") as handle:
            first = handle.readline(65536).decode("utf-8-sig", "replace")
        header = [h.strip().lower() for h in first.rstrip("\r\n").split(",")]
        kinds = {"price": "DECIMAL(18, 4)", "reference_price": "DECIMAL(18, 4)", "start": "DATE", "end": "DATE",
                 "announced": "DATE"}
        columns = ", ".join(f"{_literal(name)}: '{kinds.get(name, 'VARCHAR')}'" for name in header)
        present = [name for name in _COLUMNS if name in header]

        def column(name):
            return _quoted(name) if kinds.get(name) else f"NULLIF(TRIM({_quoted(name)}), '')"

        def kept(name):
            return _quoted(name) if name in present else f"CAST(NULL AS {kinds.get(name, 'VARCHAR')})"

        table, staged = f"typed_{src}", f"staged_{src}"
        try:
            self._engine.execute(f"""CREATE TABLE {table} AS
                SELECT {', '.join(f'{column(name)} AS {_quoted(name)}' for name in present) or 'NULL AS sku'}
                FROM read_csv({_literal(path)}, header = true, delim = ',', quote = '"', escape = '"',
                              auto_detect = false, columns = {{{columns}}}, buffer_size = {CSV_BUFFER})""")
            self._engine.execute(f"""CREATE VIEW {staged} AS
                SELECT {', '.join(f'{kept(name)} AS {_quoted(name)}' for name in _COLUMNS)},
                  {src} AS src, rowid + 2 AS line, FALSE AS bad FROM {table}""")
            (count, bad), = self._engine.rows(f"SELECT COUNT(*), COALESCE(BOOL_OR({_BAD}), FALSE) FROM {staged}")
        except EngineError:
            self._engine.execute(f"DROP VIEW IF EXISTS {staged}")
            self._engine.execute(f"DROP TABLE IF EXISTS {table}")
            return None
        if bad or count != records:
            self._engine.execute(f"DROP VIEW {staged}")
            self._engine.execute(f"DROP TABLE {table}")
            return None  # the text pass words what is wrong, or hands the file to the CSV reader
        return staged

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
        self.problems += [Violation(p.loc, p.translatable) for p in reader.problems]
        for row in parsed.rows:
            row.schedule = schedule
        schedule.rows = parsed.rows
        schedule.stream = None  # now an ordinary schedule

    # -- what rules and look-ups ask -----------------------------------------------------

    def results(self, code: str, options: dict):
        """The rows of rule ``code``'s query as dicts (see ``queries.COLUMNS``), a few thousand at a time."""
        sql = queries.rule_sql(code, options, TABLE, located=True, materialize=self.engine_name == "duckdb")
        names, rows = self.engine.iter_rows(sql)
        return (dict(zip(names, row)) for row in rows)

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

    def steps_of(self, wanted: dict[str, tuple[dt.date, dt.date]],
                 channels: set[str] | None = None) -> dict[str, list[tuple]]:
        """The price in force for each SKU of ``wanted`` (sku -> first and last day) on those days:
        sku -> [(audience, channel, day, price)], the highest price where rows conflict. With
        ``channels``, only those channels' prices and the price for every channel ("")."""
        engine = self.engine
        engine.register_rows("wanted_days", {
            "sku": ("VARCHAR", list(wanted)),
            "first": ("DATE", [span[0] for span in wanted.values()]),
            "last": ("DATE", [span[1] for span in wanted.values()]),
        })
        sql = queries.steps_sql(TABLE)
        if channels is not None:  # literals, so that DuckDB filters early (83 stores' history: 8x faster)
            sql = f"SELECT * FROM ({sql}) steps WHERE vc IN ({', '.join(_literal(c) for c in sorted({*channels, ''}))})"
        found: dict[str, list[tuple]] = {}
        for sku, audience, channel, day, price in engine.rows(sql):
            found.setdefault(sku, []).append((audience, channel, day, _price(price)))
        return found

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


_BAD = " OR ".join([  # a typed row that is not a well-formed schedule row
    "sku IS NULL", "price IS NULL", "start IS NULL", "price < 0",
    "(reference_price IS NOT NULL AND reference_price < 0)",
    "(audience IS NOT NULL AND audience NOT IN ('new', 'existing', 'lapsed', 'all'))",
    "(\"end\" IS NOT NULL AND \"end\" < start)",
])


_TYPED = ("price", "reference_price", "start", "end", "announced")  # the columns read as text by CSV readers
_NUMBERS = ("DECIMAL", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT", "UHUGEINT")


def _from_text(name: str, text: str) -> str:
    """Column ``name`` typed from its text (None when the text is not a well-formed value)."""
    if name in ("price", "reference_price"):
        return f"TRY_CAST({text} AS DECIMAL(18, 4))"
    if name in ("start", "end", "announced"):
        return f"TRY_CAST({text} AS DATE)"
    return text


def _from_parquet(name: str, kind: str | None) -> tuple[str, str | None] | None:
    """Column ``name`` of a Parquet file read as its own type ``kind`` (the engine's name for it): (the value,
    as ``_from_text`` would give it from the value's text; what is NULL when no value is given, or None when
    every value given is well-formed). None when the column is to be read through its text (``_from_text``):
    text where a price or date is expected, a type not listed here, or an engine that does not say.

    Prices: a DECIMAL or integer column is cast (a scale above 4 rounds to 4 decimals, as its text would); a
    FLOAT or DOUBLE one goes through its shortest round-trip text (``12345.67`` stored as a FLOAT is 12345.67,
    not the 12345.6699 a direct cast gives): the decimal its writer wrote, with no float artefact; NaN and
    infinities are not prices (FL001). Dates: a DATE column as it is, a TIMESTAMP the day it is on (WITH TIME
    ZONE: its day in UTC, whatever the machine's zone). Text: a VARCHAR column trimmed."""
    column, kind = _quoted(name), (kind or "").upper()
    if name in ("price", "reference_price"):
        if kind.startswith(_NUMBERS):
            return f"TRY_CAST({column} AS DECIMAL(18, 4))", column
        if kind in ("FLOAT", "DOUBLE", "REAL"):
            return f"TRY_CAST(CAST({column} AS VARCHAR) AS DECIMAL(18, 4))", column
    elif name in ("start", "end", "announced"):
        if kind == "DATE":
            return column, None
        if kind in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"):
            return f"CAST(timezone('UTC', {column}) AS DATE)", None
        if kind.startswith("TIMESTAMP"):
            return f"CAST({column} AS DATE)", None
    elif kind == "VARCHAR":
        return f"NULLIF(TRIM({column}), '')", None
    return None


def _count_lines(path: Path) -> int | None:
    """How many lines a CSV has (the last may have no line break), for a check that its rows are one
    a line: minus the line of the first NUL byte when there is one (the file is binary or corrupted,
    not a CSV); None when a carriage return stands alone (a reader may take it for a line break)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 23)
            if not chunk:
                return lines + (last != b"\n")
            nul = chunk.find(b"\x00")
            if nul >= 0:
                return -(lines + chunk.count(b"\n", 0, nul) + 1)
            if b"\r" in chunk or last == b"\r":
                joined = last + chunk
                if joined.count(b"\r") != joined.count(b"\r\n") + joined.endswith(b"\r"):
                    return None
            lines += chunk.count(b"\n")
            last = chunk[-1:]


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
