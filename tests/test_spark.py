"""`--engine spark`: the same price rules on a local Spark session give the same findings as DuckDB.

Runs the shipped example and a generated 100k-row daily schedule on both engines, and
the Spark dialect's `fairlint sql` output on a `price_rows` table in the Spark
session against the DuckDB dialect's on the same rows. Needs PySpark
(`pip install 'fairlint[spark]'`) and Java 17; without them it is skipped and
says which is missing. One local session serves the whole module.
"""

from __future__ import annotations

import datetime as dt
import decimal
import random
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from fairlint.cli import main
from fairlint.config import find_config, load_config
from fairlint.engine import run
from fairlint.prices.spark import SparkUnavailable, check_available
from tests.helpers import ROOT, chdir


def _missing() -> str | None:
    try:
        check_available()
    except SparkUnavailable as exc:
        return str(exc)
    return None


MISSING = _missing()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(MISSING is not None, reason=f"no local Spark session: {MISSING}"),
]
PRICE_RULES = ["FL103", "FL201", "FL202", "FL204"]


def findings(paths: list[Path], cwd: Path, engine: str, select: list[str] | None = None):
    with chdir(cwd):
        config = load_config(find_config(paths))
        config.engine = engine
        if select:
            config.select = select
        result = run(paths, config)
        assert not result.errors, result.errors
        return [(f.path, f.line, f.code, f.message) for f in result.findings]


def test_the_example_gives_the_same_findings_on_spark():
    example = ROOT / "fixtures" / "example"
    on_duckdb = findings([Path(".")], example, "duckdb")
    on_spark = findings([Path(".")], example, "spark")
    assert {code for _, _, code, _ in on_duckdb} >= set(PRICE_RULES)
    assert on_spark == on_duckdb


def daily_schedule(path: Path, skus: int = 1_000, days: int = 100, seed: int = 11) -> int:
    """A seeded daily history (one row per SKU and day, as a shop's export): list prices with sales,
    some announced late (FL201) or with a wrong "was" price (FL202), cheaper prices for new
    customers (FL103), web prices, and a few days with two prices (FL204). Returns the row count."""
    rng = random.Random(seed)
    first = dt.date(2027, 1, 1)
    lines = ["sku,price,start,end,audience,channel,announced,reference_price"]
    for number in range(skus):
        sku = f"SKU-{number:05d}"
        list_price = rng.choice([19, 29, 49, 99, 149])
        sale = None
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            if sale is None and rng.random() < 0.03:
                late = rng.random() < 0.2
                sale = (offset, offset + rng.randrange(3, 8), day if late else day - dt.timedelta(days=7))
            price, announced, reference = list_price, "", ""
            if sale is not None and sale[0] <= offset <= sale[1]:
                price = round(list_price * 0.8, 2)
                announced = sale[2].isoformat()
                reference = str(list_price + (10 if number % 50 == 0 else 0))
            if sale is not None and offset >= sale[1]:
                sale = None
            lines.append(f"{sku},{price:.2f},{day},{day},all,,{announced},{reference}")
            if number % 20 == 0 and offset % 10 == 0:
                lines.append(f"{sku},{list_price - 5:.2f},{day},{day},new,,,")
            if number % 25 == 0:
                lines.append(f"{sku},{list_price - 1:.2f},{day},{day},all,web,,")
            if number % 97 == 0 and offset == 50:
                lines.append(f"{sku},{list_price + 3:.2f},{day},{day},all,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


@pytest.fixture(scope="module")
def big_schedule(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("spark")
    written = daily_schedule(folder / "prices.csv")
    assert 100_000 <= written <= 110_000
    return folder


def test_a_100k_row_schedule_gives_the_same_findings_on_spark(big_schedule):
    on_duckdb = findings([Path("prices.csv")], big_schedule, "duckdb", PRICE_RULES)
    on_spark = findings([Path("prices.csv")], big_schedule, "spark", PRICE_RULES)
    assert {code for _, _, code, _ in on_duckdb} == set(PRICE_RULES)  # every price rule has work to do
    assert len(on_duckdb) > 100
    assert on_spark == on_duckdb


def _plain(value):
    """Results of both engines alike: prices as normalised Decimals, lists sorted."""
    if isinstance(value, decimal.Decimal):
        return value.normalize()
    if isinstance(value, (list, tuple)):
        return sorted((_plain(v) for v in value), key=repr)
    return value


def test_the_spark_dialect_sql_gives_the_duckdb_dialect_rows(big_schedule):
    from fairlint.prices.spark import SparkEngine

    path = big_schedule / "prices.csv"
    types = [("sku", "VARCHAR"), ("price", "DECIMAL(18, 2)"), ("start", "DATE"), ('"end"', "DATE"),
             ("audience", "VARCHAR"), ("channel", "VARCHAR"), ("announced", "DATE"),
             ("reference_price", "DECIMAL(18, 2)")]
    select = ", ".join(f"CAST(NULLIF({name}, '') AS {kind}) AS {name}" for name, kind in types)
    connection = duckdb.connect()
    connection.execute(f"CREATE TABLE price_rows AS SELECT {select} FROM read_csv('{path}', all_varchar = true)")
    engine = SparkEngine()
    engine.register_file("raw_rows", path, "csv")
    engine.execute(f"CREATE TABLE price_rows AS SELECT {select} FROM raw_rows")
    for code in ("FL201", "FL202"):
        duck_sql = CliRunner().invoke(main, ["sql", code, "--dialect", "duckdb"]).output
        spark_sql = CliRunner().invoke(main, ["sql", code, "--dialect", "spark"]).output
        expected = [tuple(_plain(v) for v in row) for row in connection.execute(duck_sql).fetchall()]
        got = [tuple(_plain(v) for v in row)
               for row in engine.session.sql(spark_sql.rstrip().rstrip(";")).collect()]
        assert len(expected) > 10, code
        assert sorted(got, key=repr) == sorted(expected, key=repr), code
