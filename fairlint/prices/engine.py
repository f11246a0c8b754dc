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
- ``register_file(name, path, kind)``: make a CSV (``kind="csv"``, read as text
  columns: every cell a VARCHAR, header names as written, lower-cased by the caller's
  SQL) or Parquet (``kind="parquet"``) file queryable as ``name``; the engine reads the
  file itself, rows never become Python objects;
- ``execute(sql)``: run a statement that returns nothing (``CREATE TABLE ... AS``);
- ``rows(sql)``: run a SELECT and return its result as a list of tuples of Python
  values, with DECIMAL columns as ``decimal.Decimal``, DATE columns as
  ``datetime.date``, integers as ``int``, text as ``str`` and NULL as ``None``.

``close()`` frees the engine. The SQL is DuckDB's dialect; an engine for another
system (Spark) translates it (``sqlglot.transpile(sql, read="duckdb", write=...)``)
before running it. Table and column names in the queries are plain lower-case
identifiers, ``"end"`` quoted.
"""

from __future__ import annotations

import abc
from pathlib import Path


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

    def columns(self, name: str) -> list[str]:
        """The column names of table ``name``, lower-cased, in order."""
        return [c.lower() for c in self.rows_with_names(f"SELECT * FROM {name} LIMIT 0")[0]]

    @abc.abstractmethod
    def rows_with_names(self, sql: str) -> tuple[list[str], list[tuple]]:
        """Like ``rows``, with the result's column names first."""

    def close(self) -> None:  # noqa: B027 - optional for engines with nothing to free
        """Free what the engine holds."""


class DuckDBEngine(PriceEngine):
    """DuckDB in this process, in memory: the default engine."""

    name = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None):
        import duckdb  # imported only when a run has price rows to check

        self._duckdb = duckdb
        self.connection = duckdb.connect(":memory:")
        if threads:
            self.connection.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.connection.execute(f"SET memory_limit = '{memory_limit}'")
        self.connection.execute("SET preserve_insertion_order = true")

    def register_rows(self, name: str, columns: dict[str, tuple[str, list]]) -> None:
        # One list parameter per column, unnested side by side: no per-row Python work, no Arrow.
        select = ", ".join(f"UNNEST(?::{kind}[]) AS {_quoted(column)}" for column, (kind, _) in columns.items())
        self.execute_with(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}",
                          [values for _, values in columns.values()])

    def execute_with(self, sql: str, parameters: list) -> None:
        try:
            self.connection.execute(sql, parameters)
        except self._duckdb.Error as exc:
            raise EngineError(str(exc).splitlines()[0]) from None

    def register_file(self, name: str, path: Path, kind: str) -> None:
        literal = "'" + str(path).replace("'", "''") + "'"
        if kind == "csv":
            source = f"read_csv({literal}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')"
        elif kind == "parquet":
            source = f"read_parquet({literal}, file_row_number = true)"
        else:
            raise ValueError(f"unknown file kind {kind!r}")
        self.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {source}")

    def execute(self, sql: str) -> None:
        try:
            self.connection.execute(sql)
        except self._duckdb.Error as exc:
            raise EngineError(str(exc).splitlines()[0]) from None

    def rows(self, sql: str) -> list[tuple]:
        return self.rows_with_names(sql)[1]

    def rows_with_names(self, sql: str) -> tuple[list[str], list[tuple]]:
        try:
            cursor = self.connection.execute(sql)
            names = [d[0] for d in cursor.description]
            return names, cursor.fetchall()
        except self._duckdb.Error as exc:
            raise EngineError(str(exc).splitlines()[0]) from None

    def close(self) -> None:
        self.connection.close()


def _quoted(name: str) -> str:
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
