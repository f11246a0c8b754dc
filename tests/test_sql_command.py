"""`fairlint sql RULE`: the price rules as one SELECT per dialect, and `--engine spark`'s checks.

The DuckDB SQL is run on a `price_rows` table and must give one row per finding
of `fairlint check` on the same rows; the other dialects are parsed by sqlglot
and their date arithmetic checked (Spark runs its SQL in tests/test_spark.py).
"""

from __future__ import annotations

import re
import sys

import duckdb
import pytest
import sqlglot
from click.testing import CliRunner
from sqlglot import exp

from fairlint.cli import main
from fairlint.prices.dialects import UnportableSQL, translate
from tests.helpers import check, write_files

PRICE_RULES = ("FL103", "FL201", "FL202", "FL204")
HEADER = ["sku", "price", "start", "end", "audience", "channel", "announced", "reference_price"]
# Base and targeted rows, drops, "was" prices and conflicts: every price rule fires at least once.
ROWS = [
    ("BB-1", "39.00", "2027-01-01", "2027-12-31", "all", None, None, None),
    ("BB-1", "24.00", "2027-01-01", "2027-12-31", "new", None, None, None),
    ("CHAIR-5", "99.00", "2027-07-10", "2027-07-16", "all", None, None, None),
    ("CHAIR-5", "129.00", "2027-01-01", None, "all", None, None, None),
    ("DESK-2", "199.00", "2027-03-01", "2027-03-09", "all", None, None, None),
    ("DESK-2", "149.00", "2027-03-10", "2027-03-20", "all", None, "2027-03-01", "199.00"),
    ("LAMP-1", "49.00", "2027-03-01", "2027-03-09", "all", None, None, None),
    ("LAMP-1", "39.00", "2027-03-10", "2027-03-20", "all", None, "2027-03-10", "49.00"),
    ("LAMP-1", "35.00", "2027-03-10", "2027-03-20", "all", "web", None, None),
    ("RUG-7", "89.00", "2027-05-01", "2027-05-20", "all", None, None, None),
    ("RUG-7", "69.00", "2027-05-21", "2027-05-31", "all", None, None, "99.00"),
    ("SOFA-3", "999.00", "2027-04-01", "2027-04-30", "all", None, None, None),
    ("SOFA-3", "899.00", "2027-05-01", "2027-05-07", "all", None, "2027-04-20", None),
]


def _order(row):
    """The order in which the SQL numbers rows (sku, start, price, audience, channel, end, announced,
    reference_price; NULL last): written in this order, its line numbers are the CSV's."""
    sku, price, start, end, audience, channel, announced, reference = row
    key = [sku, start, float(price), audience, channel, end, announced, reference and float(reference)]
    return [(value is None, value) for value in key]


@pytest.fixture(scope="module")
def schedule(tmp_path_factory):
    base = tmp_path_factory.mktemp("sql")
    rows = sorted(ROWS, key=_order)
    lines = [",".join(HEADER)] + [",".join("" if v is None else v for v in row) for row in rows]
    write_files(base, {"prices.csv": "\n".join(lines) + "\n"})
    return base


def _price_rows(connection, path):
    connection.execute(f"""CREATE TABLE price_rows AS SELECT * FROM read_csv('{path}', header = true,
        types = {{'sku': 'VARCHAR', 'price': 'DECIMAL(18,2)', 'start': 'DATE', 'end': 'DATE', 'audience': 'VARCHAR',
                 'channel': 'VARCHAR', 'announced': 'DATE', 'reference_price': 'DECIMAL(18,2)'}})""")


def sql_of(code, *args) -> str:
    result = CliRunner().invoke(main, ["sql", code, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("code", PRICE_RULES)
def test_duckdb_sql_gives_one_row_per_finding_of_check(schedule, code):
    findings = [f for f in check(schedule) if f.code == code]
    assert findings, f"the schedule should fire {code}"
    connection = duckdb.connect()
    _price_rows(connection, schedule / "prices.csv")
    result = connection.execute(sql_of(code, "--dialect", "duckdb"))
    names = [d[0] for d in result.description]
    rows = [dict(zip(names, row)) for row in result.fetchall()]
    assert sorted(row["line"] for row in rows) == sorted(f.line for f in findings)
    assert {(row["sku"], str(row["price"])) for row in rows} <= {(r[0], r[1]) for r in ROWS} | {
        (r[0], r[1] + "00") for r in ROWS}


def test_fl201_rows_name_the_drop_and_its_full_price_day(schedule):
    connection = duckdb.connect()
    _price_rows(connection, schedule / "prices.csv")
    result = connection.execute(sql_of("FL201", "--table", "price_rows"))
    names = [d[0] for d in result.description]
    found = {(r["sku"], str(r["drop_day"]), str(r["first_full"])) for r in (dict(zip(names, x)) for x in result.fetchall())}
    assert ("LAMP-1", "2027-03-10", "2027-03-09") in found  # announced on the day of the drop
    assert not any(sku == "SOFA-3" for sku, _, _ in found)  # announced 11 days ahead
    assert not any(sku == "DESK-2" for sku, _, _ in found)


def test_header_says_what_the_table_does_not_cover():
    text = sql_of("FL201", "--dialect", "trino", "--table", "shop.prices")
    header = "".join(line for line in text.splitlines(True) if line.startswith("--"))
    assert "schedule rows only" in header and "campaign offers" in header and "messages" in header
    assert "notice-days = 1" in header
    assert "FROM shop.prices" in text


def test_rule_options_come_from_the_configuration(tmp_path, monkeypatch):
    write_files(tmp_path, {"fairlint.toml": "[rules.FL201]\nnotice-days = 3\n"})
    monkeypatch.chdir(tmp_path)
    text = sql_of("FL201")
    assert "notice-days = 3" in text and "3 PRECEDING" in text


@pytest.mark.parametrize("args, message", [
    (["FL301"], "not a price rule"),
    (["FL201", "--dialect", "oracle"], "Invalid value for '--dialect'"),
    (["FL201", "--table", "prices; DROP TABLE x"], "expected a table name"),
])
def test_unusable_arguments_exit_2(args, message):
    result = CliRunner().invoke(main, ["sql", *args])
    assert result.exit_code == 2 and message in result.output


# Per dialect: how a date becomes a day number, and a day number a date again.
DAY_NUMBER = {
    "spark": r"DATEDIFF\(([\w.`]+|COALESCE\([^)]*\)), CAST\('1970-01-01' AS DATE\)\)",
    "trino": r"DATE_DIFF\(\s*'DAY',\s*DATE_TRUNC\('DAY', CAST\('1970-01-01' AS DATE\)\)",
    "bigquery": r"DATE_DIFF\(([\w.`]+|COALESCE\([^)]*\)), CAST\('1970-01-01' AS DATE\), DAY\)",
    "snowflake": r"DATEDIFF\(DAY, CAST\('1970-01-01' AS DATE\), ",
}
DAY_TO_DATE = {
    "spark": r"DATE_ADD\(CAST\('1970-01-01' AS DATE\), ",
    "trino": r"DATE_ADD\('DAY', .*, CAST\('1970-01-01' AS DATE\)\)",
    "bigquery": r"DATE_ADD\(CAST\('1970-01-01' AS DATE\), INTERVAL",
    "snowflake": r"DATEADD\(DAY, .*, CAST\('1970-01-01' AS DATE\)\)",
}


@pytest.mark.parametrize("dialect", sorted(DAY_NUMBER))
@pytest.mark.parametrize("code", PRICE_RULES)
def test_other_dialects_parse_and_turn_dates_into_day_numbers_with_their_own_functions(code, dialect):
    text = sql_of(code, "--dialect", dialect)
    tree = sqlglot.parse_one(text, read=dialect)
    assert isinstance(tree, exp.Query)
    flat = re.sub(r"\s+", " ", text)
    assert re.search(DAY_NUMBER[dialect], flat), flat[:400]
    if code != "FL204":  # FL204 returns the rows' own dates only
        assert re.search(DAY_TO_DATE[dialect], flat)
    # no arithmetic on a date is left: it would parse and mean an interval (or fail) there
    assert not re.search(r"AS DATE\)\s*[-+]", flat)
    for node in tree.find_all(exp.DateDiff):
        assert node.unit is None or node.unit.name.upper() == "DAY"


@pytest.mark.parametrize("dialect, expected", [
    ("spark", "DATEDIFF(price_rows.`end`, price_rows.start)"),
    ("trino", "DATE_DIFF('DAY', price_rows.start, price_rows.\"end\")"),
    ("bigquery", "DATE_DIFF(price_rows.`end`, price_rows.start, DAY)"),
    ("snowflake", "DATEDIFF(DAY, price_rows.start, price_rows.\"end\")"),
])
def test_a_difference_of_dates_stays_a_number_of_days(dialect, expected):
    # DuckDB's date - date is days; Spark, Trino and BigQuery would read it as an interval
    sql = 'SELECT "end" - start AS days, start - 1 AS eve FROM price_rows'
    out = translate(sql, dialect)
    assert expected in out
    assert not re.search(r"start\s*-\s*1", out)
    assert duckdb.sql("SELECT DATE '2027-03-10' - DATE '2027-03-01'").fetchall() == [(9,)]


def test_sql_whose_types_cannot_be_worked_out_is_refused():
    with pytest.raises(UnportableSQL):
        translate("SELECT nosuch - 1 FROM price_rows", "spark")


def test_engine_spark_without_pyspark_exits_2_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if it were not installed
    result = CliRunner().invoke(main, ["check", "--engine", "spark", str(tmp_path)])
    assert result.exit_code == 2
    assert "pip install 'fairlint[spark]'" in result.output


def test_engine_spark_without_java_exits_2_with_the_install_command(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object() if name == "pyspark" else real(name, *a))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["check", "--engine", "spark", str(tmp_path)])
    assert result.exit_code == 2
    assert "Java" in result.output and "apt-get install openjdk-17-jre-headless" in result.output


def test_engine_from_the_configuration_needs_spark_too(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    write_files(tmp_path, {"fairlint.toml": 'engine = "spark"\nspark-master = "local[1]"\n'})
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "pip install 'fairlint[spark]'" in result.output
    assert CliRunner().invoke(main, ["check", "--engine", "duckdb", str(tmp_path)]).exit_code == 0


@pytest.mark.parametrize("text, message", [
    ('engine = "sparky"\n', "engine: expected one of duckdb, spark"),
    ('spark-master = "http://example.org"\n', "spark-master: 'http://example.org' is not a Spark master URL"),
    ("spark-master = 7077\n", "spark-master: expected a Spark master URL"),
])
def test_engine_settings_are_validated(tmp_path, text, message):
    write_files(tmp_path, {"fairlint.toml": text})
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output


def test_spark_master_urls_that_spark_submit_takes():
    from fairlint.prices.spark import check_master

    for url in ("local", "local[2]", "local[*]", "spark://head:7077", "yarn", "k8s://https://api:6443"):
        assert check_master(url) == url
