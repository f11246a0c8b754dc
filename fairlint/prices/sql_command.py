"""``fairlint sql RULE``: a price rule as one SELECT over a table of schedule rows, in a dialect.

A team whose history lives in a warehouse runs the rule there. The table holds
schedule rows only (formats.md's CSV columns), so what offers, scripts and
messages show is not in the SQL; the header comment says so, with the rule's
options as configured and the columns of the result.
"""

from __future__ import annotations

import re

from fairlint.prices import queries
from fairlint.prices.dialects import DIALECTS, UnportableSQL, translate

TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$")
NOT_COVERED = {
    "FL201": "drops made by campaign offers; sales disclosed by a campaign (disclose_upcoming_sales) or a script",
    "FL202": "\"was\" prices in campaign messages; the unknown days before a snapshot history starts",
    "FL103": "offers for new or existing customers (FL101 checks those)",
    "FL204": "nothing for this rule",
}


class SQLCommandError(Exception):
    """An unknown rule, dialect or table name; the message says which and what is expected."""


def rule_sql_text(code: str, config, dialect: str, table: str) -> str:
    """The header comment and the rule's SELECT, in ``dialect``, over ``table``."""
    from fairlint.rules import rule_by_code

    rule = rule_by_code(code)
    if rule is None or rule.code not in queries.RULES:
        raise SQLCommandError(f"{code!r} is not a price rule; 'fairlint sql' prints {', '.join(queries.RULES)}")
    if dialect not in DIALECTS:
        raise SQLCommandError(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")
    if not TABLE_NAME.match(table):
        raise SQLCommandError(f"--table {table!r}: expected a table name such as price_rows or schema.prices")
    options = config.options_for(rule.code)
    sql = queries.rule_sql(rule.code, options, table)
    try:
        body = translate(sql, dialect, pretty=dialect != "duckdb")
    except UnportableSQL as exc:
        raise SQLCommandError(f"{rule.code} cannot be written for {dialect}: {exc}") from None
    return _header(rule, options, dialect, table) + body.rstrip().rstrip(";") + ";\n"


def _header(rule, options: dict, dialect: str, table: str) -> str:
    from fairlint import __version__

    settings = ", ".join(f"{name} = {value}" for name, value in options.items()) or "no options"
    not_covered = NOT_COVERED[rule.code]
    lines = [
        f"fairlint {__version__}: {rule.code} {rule.name} ({settings}), {dialect} SQL.",
        f"One SELECT over the table {table}, one row per finding. The table holds the rows of price",
        "schedules with the CSV columns of fairlint's formats.md: sku text, price decimal, start date,",
        "\"end\" date (inclusive; NULL = open-ended), audience text (new, existing, lapsed, all; NULL = all),",
        "channel text (NULL = every channel), announced date (NULL = start), reference_price decimal or NULL.",
        "It holds schedule rows only: campaign offers, sales scripts and messages are not in it, so",
        f"what they show is not covered here ({not_covered}):",
        "run 'fairlint check' on the campaign files for that.",
        f"Result columns: {', '.join(queries.COLUMNS[rule.code])}.",
        "src is 0; line numbers the rows from 2 in (sku, start, price, audience, channel, end, announced,",
        "reference_price) order, as the rows of one CSV file sorted that way.",
    ]
    return "".join(f"-- {line}\n" for line in lines)
