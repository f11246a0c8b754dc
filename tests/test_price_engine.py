"""The price engine: schedules streamed into it give the same findings, at the same lines, as
schedules parsed in Python; malformed rows are FL001 at their line; Parquet schedules; the
rules' SQL run on a plain ``price_rows`` table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from fairlint.prices import queries, store
from helpers import check, write_files

PRICE_RULES = ("FL103", "FL201", "FL202", "FL204")
CASES_DIR = Path(__file__).parent / "rules"


def _price_cases():
    for code in PRICE_RULES:
        for case in yaml.safe_load((CASES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))["cases"]:
            files = case["files"]
            if any(name.endswith(".csv") for name in files) and not any(n.endswith((".yaml", ".md")) for n in files):
                yield pytest.param(code, case, id=f"{code}-{case['name']}")


@pytest.mark.parametrize("code, case", list(_price_cases()))
def test_a_streamed_schedule_gives_the_findings_of_a_parsed_one(tmp_path, monkeypatch, code, case):
    """Every CSV-only rule case again, with every CSV read by the engine itself."""
    monkeypatch.setattr(store, "STREAM_BYTES", 0)
    files = dict(case["files"])
    if case.get("config"):
        files["fairlint.toml"] = case["config"]
    findings = check(tmp_path, files, case.get("paths"))
    found = sorted(f"{f.path}:{f.line}" for f in findings if f.code == code)
    assert found == sorted(case["expect"]), [f.message for f in findings]
    for fragment in case.get("message_contains", []):
        assert any(fragment in f.message for f in findings if f.code == code), fragment


def test_big_history_is_streamed_at_its_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STREAM_BYTES", 0)
    lines = ["sku,price,start,end"]
    day = dt.date(2027, 1, 1)
    for n in range(400):
        price = "39.00" if n % 100 == 50 else "49.00"
        lines.append(f"LAMP-01,{price},{day + dt.timedelta(days=n)},{day + dt.timedelta(days=n)}")
    findings = check(tmp_path, {"history.csv": "\n".join(lines) + "\n"})
    assert [(f.line, f.code) for f in findings] == [(52, "FL201"), (152, "FL201"), (252, "FL201"), (352, "FL201")]
    assert "on 2027-02-20" in findings[0].message and findings[0].evidence.row.start == dt.date(2027, 2, 20)


def test_a_malformed_row_of_a_streamed_file_is_fl001_at_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STREAM_BYTES", 0)
    findings = check(tmp_path, {"prices.csv": (
        "sku,price,start,end\nLAMP-01,49.00,2027-03-01,2027-03-09\nLAMP-01,cheap,2027-03-10,\n"
        "LAMP-01,39.00,2027-03-10,2027-03-20\n")})
    assert [(f.line, f.code) for f in findings] == [(3, "FL001"), (4, "FL201")]
    assert "cheap" in findings[0].message


def test_a_big_file_with_a_malformed_row_names_it_without_parsing_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STREAM_BYTES", 0)
    monkeypatch.setattr(store, "PARSE_BYTES", 0)
    findings = check(tmp_path, {"prices.csv": (
        "sku,price,start,end\nLAMP-01,49.00,2027-03-01,2027-03-09\nLAMP-01,-5,2027-03-10,\n"
        "LAMP-01,39.00,2027-03-10,2027-03-20\n")})
    assert [(f.line, f.code) for f in findings] == [(3, "FL001"), (4, "FL201")]
    assert "at least 0" in findings[0].message


def test_a_parquet_schedule(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    write_files(tmp_path, {"prices.csv": "sku,price,start,end,reference_price\nLAMP-01,49.00,2027-03-01,2027-03-09,\n"
                                         "LAMP-01,39.00,2027-03-10,2027-03-20,59.00\n"})
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{tmp_path / 'prices.csv'}')) "
                             f"TO '{tmp_path / 'prices.parquet'}' (FORMAT parquet)")
    (tmp_path / "prices.csv").unlink()
    (tmp_path / "other.parquet").write_bytes(b"")  # not a schedule: reported only when named
    duckdb.connect().execute(f"COPY (SELECT 1 AS x) TO '{tmp_path / 'other.parquet'}' (FORMAT parquet)")
    findings = check(tmp_path, {})
    assert [(f.path, f.line, f.code) for f in findings] == [("prices.parquet", 2, "FL201"), ("prices.parquet", 2, "FL202")]
    named = check(tmp_path, {}, ["other.parquet"])
    assert [(f.line, f.code) for f in named] == [(1, "FL001")] and "lacks column(s) sku" in named[0].message


def test_rule_sql_runs_on_a_plain_price_rows_table():
    """``rule_sql`` on a table with only the CSV columns (no source or line): one row per finding."""
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.execute("""CREATE TABLE price_rows (sku VARCHAR, price DECIMAL(10, 2), start DATE, "end" DATE,
        audience VARCHAR, channel VARCHAR, announced DATE, reference_price DECIMAL(10, 2))""")
    con.execute("""INSERT INTO price_rows VALUES
        ('BB-1', 39.00, DATE '2027-01-01', NULL, 'all', NULL, NULL, NULL),
        ('BB-1', 24.00, DATE '2027-01-01', DATE '2027-06-30', 'new', NULL, NULL, NULL),
        ('LAMP-01', 49.00, DATE '2027-03-01', DATE '2027-03-09', NULL, NULL, NULL, NULL),
        ('LAMP-01', 39.00, DATE '2027-03-10', DATE '2027-03-20', NULL, NULL, NULL, 59.00)""")
    found = {}
    for code in PRICE_RULES:
        cursor = con.execute(queries.rule_sql(code))
        assert [d[0] for d in cursor.description] == queries.COLUMNS[code]
        found[code] = [(row[2], row[5]) for row in cursor.fetchall()]
    assert found == {"FL103": [("BB-1", Decimal("39.00"))], "FL201": [("LAMP-01", Decimal("39.00"))],
                     "FL202": [("LAMP-01", Decimal("39.00"))], "FL204": []}


def test_a_snapshot_history_too_short_for_the_lookback_is_not_judged(tmp_path):
    """Days before the first snapshot are unknown: FL202 stays silent and says so for --verbose."""
    from fairlint.config import load_config
    from fairlint.lexicon import load_lexicon
    from fairlint.model import Location, PriceRow, PriceSchedule
    from fairlint.project import Project
    from fairlint.rules import fl202_unsupported_reference_price as fl202

    def project(history_start):
        schedule = PriceSchedule(Location(tmp_path / "products_export_2027-03-10.csv"), source="shopify",
                                 history_start=history_start)
        schedule.rows = [PriceRow(Location(schedule.loc.path, 2), sku="LAMP-01", price=Decimal("39.00"),
                                  start=dt.date(2027, 3, 10), reference_price=Decimal("49.00"), schedule=schedule)]
        return Project([schedule], load_lexicon(load_config(None).lexicon))

    known = project(None)  # not a snapshot history: never sold before, so "was 49.00" is unsupported
    assert [v.loc.line for v in fl202.check(known, {"lookback-days": 30})] == [2]
    snapshots = project(dt.date(2027, 3, 10))
    assert list(fl202.check(snapshots, {"lookback-days": 30})) == []
    assert any("history is too short" in note for note in snapshots.notes)
