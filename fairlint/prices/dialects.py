"""The price rules' SQL in other engines' dialects: sqlglot, and date arithmetic that means the same.

The rules are written in DuckDB's SQL (``fairlint/prices/queries.py``). sqlglot
translates functions and syntax, but arithmetic on dates it passes through as
written, and there the dialects disagree while all of them parse it:

| DuckDB             | Spark            | Trino      | BigQuery    | Snowflake |
|--------------------|------------------|------------|-------------|-----------|
| date - date: days  | an interval      | an interval| an interval | days      |
| date + int: a date | a date           | an error   | a date      | a date    |

So before translating, the types of the expressions are worked out (sqlglot's
``qualify`` and ``annotate_types``, from the table's columns) and every ``+``
or ``-`` with a DATE operand becomes a function: DATE_ADD/DATE_SUB for a date
and a number of days, DATE_DIFF in days for two dates. Each dialect then
writes the function it has. The result is checked: no ``+`` or ``-`` with a
DATE operand is left. For Spark, a difference in days is written
``DATEDIFF(end, start)``, which every Spark version reads as days (the
three-argument form needs Spark 3.3).
"""

from __future__ import annotations

import logging

import attrs

DIALECTS = ("duckdb", "spark", "trino", "bigquery", "snowflake")
PRICE_ROWS = {  # formats.md's CSV columns, as the rules' SQL reads them
    "sku": "VARCHAR",
    "price": "DECIMAL(18, 2)",
    "start": "DATE",
    "end": "DATE",
    "audience": "VARCHAR",
    "channel": "VARCHAR",
    "announced": "DATE",
    "reference_price": "DECIMAL(18, 2)",
}


class UnportableSQL(Exception):
    """The SQL could not be made to mean the same in the target dialect."""


def translate(sql: str, dialect: str, schema: dict | None = None, pretty: bool = False,
              row_column: str | None = None) -> str:
    """``sql`` (DuckDB) in ``dialect``, with date arithmetic as functions (module docstring).

    ``schema`` maps table names to {column: type}; ``price_rows``-shaped tables may be omitted.
    ``row_column``: a column of the tables read that numbers their rows in file order; DuckDB's
    ``ROW_NUMBER() OVER ()`` (rows in the order read) is ordered by it, as other engines need.
    """
    if dialect not in DIALECTS:
        raise UnportableSQL(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")
    import sqlglot
    from sqlglot import exp

    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # its notes on NULLS ordering go to the log
    tree = sqlglot.parse_one(sql, read="duckdb")
    if dialect == "duckdb":
        return tree.sql(dialect="duckdb", pretty=pretty) if pretty else sql
    for cte in tree.find_all(exp.CTE):  # AS MATERIALIZED (...) is DuckDB's and PostgreSQL's hint only
        cte.set("materialized", None)
    if row_column:
        tree = tree.transform(lambda node: _ordered_row_number(node, row_column))
    tree = portable_dates(tree, schema or {})
    if dialect == "spark":
        tree = tree.transform(_spark_datediff)
    if dialect == "bigquery":
        tree = tree.transform(_bigquery_window_order)
    return tree.sql(dialect=dialect, pretty=pretty, unsupported_level=sqlglot.ErrorLevel.RAISE)


def portable_dates(tree, schema: dict):
    """``tree`` with every ``+``/``-`` on a DATE replaced by DATE_ADD, DATE_SUB or DATE_DIFF in days."""
    from sqlglot import exp
    from sqlglot.optimizer.annotate_types import annotate_types
    from sqlglot.optimizer.qualify import qualify

    tables = {name: dict(columns) for name, columns in schema.items()}
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if table.name in ctes and not table.db:
            continue
        if table.db:  # schema.table (catalog.schema.table): a nested schema, as sqlglot takes it
            nested = tables.setdefault(table.catalog, {}) if table.catalog else tables
            nested.setdefault(table.db, {}).setdefault(table.name, PRICE_ROWS)
        else:
            tables.setdefault(table.name, PRICE_ROWS)
    try:
        tree = qualify(tree, schema=tables, dialect="duckdb", quote_identifiers=False, identify=False)
    except Exception as exc:  # sqlglot raises several kinds; the message says which column or table
        raise UnportableSQL(f"cannot work out the column types of the SQL: {exc}") from None
    tree = annotate_types(tree, schema=tables, dialect="duckdb")

    def is_date(node) -> bool:
        return node.type is not None and node.type.this == exp.DataType.Type.DATE

    def rewrite(node):
        if not isinstance(node, (exp.Add, exp.Sub)):
            return node
        left, right = node.left, node.right
        day = exp.var("DAY")
        if isinstance(node, exp.Sub) and is_date(left) and is_date(right):
            return exp.DateDiff(this=left, expression=right, unit=day)
        if isinstance(node, exp.Sub) and is_date(left):
            return exp.DateSub(this=left, expression=right, unit=day)
        if isinstance(node, exp.Add) and is_date(left):
            return exp.DateAdd(this=left, expression=right, unit=day)
        if isinstance(node, exp.Add) and is_date(right):
            return exp.DateAdd(this=right, expression=left, unit=day)
        return node

    tree = tree.transform(rewrite)
    tree = annotate_types(tree, schema=tables, dialect="duckdb")
    for node in tree.find_all(exp.Add, exp.Sub):
        if is_date(node.left) or is_date(node.right):
            raise UnportableSQL(f"date arithmetic left in {node.sql(dialect='duckdb')}")
    return tree


def _spark_datediff(node):
    from sqlglot import exp

    if isinstance(node, exp.DateDiff) and (node.unit is None or node.unit.name.upper() == "DAY"):
        return exp.Anonymous(this="DATEDIFF", expressions=[node.this, node.expression])
    return node


def _bigquery_window_order(node):
    """BigQuery takes no NULLS FIRST/LAST in a window's ORDER BY, and puts NULL first in an
    ascending order where DuckDB puts it last: ``x IS NULL, x`` keeps DuckDB's order. A RANGE
    frame takes one key: the rules order those by day numbers, never NULL."""
    from sqlglot import exp

    if not (isinstance(node, exp.Order) and isinstance(node.parent, exp.Window)):
        return node
    spec = node.parent.args.get("spec")
    one_key = spec is not None and str(spec.args.get("kind", "")).upper() == "RANGE"
    keys = []
    for ordered in node.expressions:
        desc = bool(ordered.args.get("desc"))
        nulls_first = bool(ordered.args.get("nulls_first"))
        if nulls_first == desc and not one_key:  # not BigQuery's default for this direction
            keys.append(exp.Ordered(this=exp.Is(this=ordered.this.copy(), expression=exp.Null()),
                                    desc=nulls_first, nulls_first=not nulls_first))
        keys.append(exp.Ordered(this=ordered.this, desc=desc, nulls_first=not desc))
    node.set("expressions", keys)
    return node


def _ordered_row_number(node, column: str):
    from sqlglot import exp

    if isinstance(node, exp.Window) and isinstance(node.this, exp.RowNumber) \
            and not node.args.get("partition_by") and not node.args.get("order"):
        node.set("order", exp.Order(expressions=[exp.Ordered(this=exp.column(column))]))
    return node


def spark_type(kind: str) -> str:
    """A DuckDB column type in Spark's words (VARCHAR -> STRING, DECIMAL(18, 4) stays)."""
    from sqlglot import exp

    return exp.DataType.build(kind, dialect="duckdb").sql(dialect="spark")


@attrs.frozen
class Statement:
    """What a statement does to the tables, for engines that keep tables their own way (Spark's views)."""

    kind: str  # create-empty, create-as, insert, drop, other
    table: str | None = None
    select: str | None = None  # the SELECT, in DuckDB's SQL
    spark_schema: str | None = None  # the columns of a CREATE TABLE (name type, ...), in Spark's words


def statement(sql: str) -> Statement:
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError:
        return Statement("other")
    if isinstance(tree, exp.Create) and str(tree.args.get("kind", "")).upper() in ("TABLE", "VIEW"):
        target = tree.this
        if isinstance(target, exp.Schema):  # CREATE TABLE name (column type, ...)
            columns = ", ".join(f"`{c.name}` {c.args['kind'].sql(dialect='spark')}"
                                for c in target.expressions if isinstance(c, exp.ColumnDef))
            return Statement("create-empty", target.this.name, spark_schema=columns)
        if isinstance(tree.expression, exp.Query):
            return Statement("create-as", target.name, tree.expression.sql(dialect="duckdb"))
    if isinstance(tree, exp.Insert) and isinstance(tree.expression, exp.Query):
        target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        return Statement("insert", target.name, tree.expression.sql(dialect="duckdb"))
    if isinstance(tree, exp.Drop):
        return Statement("drop", tree.this.name)
    return Statement("other")
