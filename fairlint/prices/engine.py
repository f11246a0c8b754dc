"""Where the price rules run: a small interface over an embedded (or remote) SQL engine.

The price rules (FL103, FL201, FL202, FL204) are SQL, written once in
``fairlint/prices/queries.py``. An engine holds tables of price rows and runs
those queries; only the findings come back to Python.

A ``PriceEngine`` has four operations:

- ``register_rows(name, columns)``: make columns of Python values queryable as the table
  ``name`` (rows parsed in Python: YAML ``rows:``, small CSV files, feeds, offers);
  ``columns`` maps each column name to (SQL type, list of values): types are VARCHAR
  (``str``), DATE (``datetime.date``), INTEGER and BIGINT (``int``), any value may be None,
  and every list has the same length;
- ``register_file(name, path, kind)``: make a CSV (``kind="csv"``: comma-separated, the
  header row's names as column names, every cell a VARCHAR) or Parquet (``kind="parquet"``:
  its own column types) file queryable as the view ``name``, with one more column,
  ``fairlint_line``: where the row is (a CSV row's line, the header being line 1; a Parquet
  row's 1-based position). The engine reads the file itself: rows never become Python
  objects;
- ``execute(sql)``: run a statement that returns nothing (``CREATE TABLE ... AS``);
- ``rows(sql)``: run a SELECT and return its result as a list of tuples of Python
  values, with DECIMAL columns as ``decimal.Decimal``, DATE columns as
  ``datetime.date``, integers as ``int``, text as ``str`` and NULL as ``None``.

``iter_rows(sql)`` is ``rows`` a few thousand rows at a time ((names, iterator)), and
``close()`` frees the engine. The SQL given to ``execute`` and ``rows`` is DuckDB's
dialect (``queries.rule_sql(..., materialize=False)`` keeps to what other dialects
have); an engine for another system (Spark) translates it
(``sqlglot.transpile(sql, read="duckdb", write=...)``) before running it. Table and
column names are plain lower-case identifiers, ``"end"`` quoted. What the store asks
besides the rules' queries (``fairlint/prices/store.py``): ``CREATE TABLE x AS SELECT``,
``CREATE VIEW``, ``DROP TABLE``, ``TRIM``, ``NULLIF``, ``TRY_CAST`` to DECIMAL(18, 4) and
DATE, ``UNION ALL`` and ``SELECT DISTINCT``. Engines register in ``ENGINES`` by name.
"""

from __future__ import annotations

import abc
import shutil
import tempfile
import weakref
from pathlib import Path

MEMORY_LIMIT_MB = 512  # DuckDB spills beyond this; a 1.43M-row daily CSV needs about 170 MB of it, but below
# about 350 MB DuckDB plans its joins to spill, which costs more time and memory than it saves


class EngineError(Exception):
    """The engine could not read a file or run a query; the message says which and why."""


class PriceEngine(abc.ABC):
    """Tables of price rows and SQL over them (see the module docstring for the contract)."""

    name = "?"

    @abc.abstractmethod
    def register_rows(self, name: str, columns: dict[str, tuple[str, list]]) -> None:
        """Make ``columns`` (name -> (SQL type, values)) the table ``name``, replacing any earlier one."""

    @abc.abstractmethod
    def register_file(self, name: str, path: Path, kind: str) -> None:
        """Make the file at ``path`` queryable as ``name``: ``kind`` is "csv" (all columns text,
        header row as column names) or "parquet" (its own column types)."""

    @abc.abstractmethod
    def execute(self, sql: str) -> None:
        """Run a statement that returns no rows."""

    @abc.abstractmethod
    def rows(self, sql: str) -> list[tuple]:
        """Run a SELECT; its rows as tuples of Python values (Decimal, date, int, str, None)."""

    def iter_rows(self, sql: str):
        """(column names, an iterator of the result's rows): for results too many to hold at once."""
        names, rows = self.rows_with_names(sql)
        return names, iter(rows)

    def columns(self, name: str) -> list[str]:
        """The column names of table ``name``, lower-cased, in order."""
        return [c.lower() for c in self.rows_with_names(f"SELECT * FROM {name} LIMIT 0")[0]]

    def column_types(self, name: str) -> dict[str, str]:
        """The SQL type of each column of table ``name`` (lower-cased name -> the engine's type name, such
        as DECIMAL(10,2), DOUBLE, DATE, TIMESTAMP, VARCHAR); {} when the engine does not say (then
        every column is read through its text)."""
        return {}

    @abc.abstractmethod
    def rows_with_names(self, sql: str) -> tuple[list[str], list[tuple]]:
        """Like ``rows``, with the result's column names first."""

    def close(self) -> None:  # noqa: B027 - optional for engines with nothing to free
        """Free what the engine holds."""


class DuckDBEngine(PriceEngine):
    """DuckDB in this process, in memory: the default engine."""

    name = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = f"{MEMORY_LIMIT_MB}MB"):
        """``memory_limit``: what DuckDB may hold before it spills to a temporary folder of its own
        (readable by this user only; removed by ``close``, when the engine is collected, at exit, or
        by ``remove_spills``); None lets it take most of the machine's memory."""
        import duckdb  # imported only when a run has price rows to check

        self._duckdb = duckdb
        self.connection = duckdb.connect(":memory:")
        self.spill = tempfile.mkdtemp(prefix="fairlint-duckdb-")
        _SPILLS.add(self.spill)
        # closes DuckDB (which removes its files), then the folder: on close(), when the engine is
        # garbage, or at the interpreter's exit, whichever comes first, and only once
        self._release = weakref.finalize(self, _release, self.connection, self.spill)
        self.connection.execute("SET temp_directory = " + sql_literal(self.spill))
        self.connection.execute("SET enable_progress_bar = false")
        if threads:
            self.connection.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.connection.execute(f"SET memory_limit = '{memory_limit}'")
        self.connection.execute("SET preserve_insertion_order = true")

    def register_rows(self, name: str, columns: dict[str, tuple[str, list]]) -> None:
        # One list parameter per column, unnested side by side: no per-row Python work, no Arrow.
        select = ", ".join(f"UNNEST(?::{kind}[]) AS {sql_name(column)}" for column, (kind, _) in columns.items())
        self.execute_with(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}",
                          [values for _, values in columns.values()])

    def execute_with(self, sql: str, parameters: list) -> None:
        try:
            self.connection.execute(sql, parameters)
        except (self._duckdb.Error, RuntimeError) as exc:
            raise self._error(exc) from None

    def register_file(self, name: str, path: Path, kind: str) -> None:
        literal = sql_literal(path)
        if kind == "csv":  # rows in file order (preserve_insertion_order): row N is line N + 1
            source = (f"SELECT *, ROW_NUMBER() OVER () + 1 AS fairlint_line FROM read_csv({literal}, header = true, "
                      "all_varchar = true, delim = ',', quote = '\"', escape = '\"')")
        elif kind == "parquet":
            source = (f"SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS fairlint_line "
                      f"FROM read_parquet({literal}, file_row_number = true)")
        else:
            raise ValueError(f"unknown file kind {kind!r}")
        self.execute(f"CREATE OR REPLACE VIEW {name} AS {source}")

    def column_types(self, name: str) -> dict[str, str]:
        return {column.lower(): kind for column, kind, *_ in self.rows(f"DESCRIBE SELECT * FROM {name}")}

    def execute(self, sql: str) -> None:
        try:
            self.connection.execute(sql)
        except (self._duckdb.Error, RuntimeError) as exc:
            raise self._error(exc) from None

    def rows(self, sql: str) -> list[tuple]:
        return self.rows_with_names(sql)[1]

    def rows_with_names(self, sql: str) -> tuple[list[str], list[tuple]]:
        try:
            cursor = self.connection.execute(sql)
            names = [d[0] for d in cursor.description]
            return names, cursor.fetchall()
        except (self._duckdb.Error, RuntimeError) as exc:
            raise self._error(exc) from None

    def iter_rows(self, sql: str):
        try:
            cursor = self.connection.execute(sql)
            names = [d[0] for d in cursor.description]
        except (self._duckdb.Error, RuntimeError) as exc:
            raise self._error(exc) from None

        def chunks():
            while True:
                try:
                    batch = cursor.fetchmany(4096)
                except (self._duckdb.Error, RuntimeError) as exc:
                    raise self._error(exc) from None
                if not batch:
                    return
                yield from batch

        return names, chunks()

    def _error(self, exc: Exception) -> Exception:
        """Ctrl-C while DuckDB works arrives as its InterruptException: the user's interrupt, not an error."""
        if isinstance(exc, getattr(self._duckdb, "InterruptException", ())) or "interrupted" in str(exc).lower():
            return KeyboardInterrupt()
        return EngineError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def close(self) -> None:
        self._release()


_SPILLS: set[str] = set()  # the spill folders of the engines not yet released


def _release(connection, spill: str) -> None:
    try:
        connection.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)
        _SPILLS.discard(spill)


def remove_spills() -> None:
    """Remove every engine's spill folder now: for a process about to end by ``os._exit`` (the command
    line), which runs no finalizer. The engines are not closed: nothing runs after this."""
    for spill in list(_SPILLS):
        shutil.rmtree(spill, ignore_errors=True)
        _SPILLS.discard(spill)


def sql_literal(text) -> str:
    """``text`` (a path, a name, a value) as an SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def make_engine(name: str = "duckdb", **settings) -> PriceEngine:
    """The engine called ``name``; more engines register in ``ENGINES``."""
    factory = ENGINES.get(name)
    if factory is None:
        raise EngineError(f"unknown engine {name!r}; expected one of {', '.join(sorted(ENGINES))}")
    return factory(**settings)


def _spark_engine(**settings) -> PriceEngine:
    from fairlint.prices.spark import SparkEngine  # PySpark is an extra: imported only when asked for

    return SparkEngine(**settings)


ENGINES: dict = {"duckdb": DuckDBEngine, "spark": _spark_engine}
