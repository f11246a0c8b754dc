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


def _parquet(path: Path, select: str) -> None:
    duckdb = pytest.importorskip("duckdb")
    duckdb.connect().execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")


_DROP = """SELECT * FROM (VALUES
    ('LAMP-01', {full}, {march_1}, {march_9}, 1), ('LAMP-01', {sale}, {march_10}, {march_20}, 2)
  ) AS t(sku, price, start, "end", n) ORDER BY n"""


@pytest.mark.parametrize("price, day", [
    ("CAST({} AS DECIMAL(10, 2))", "DATE '{}'"),
    ("CAST({} AS DOUBLE)", "TIMESTAMP '{} 09:30:00'"),
    ("CAST({} AS FLOAT)", "CAST(TIMESTAMPTZ '{} 23:30:00+00' AS TIMESTAMPTZ)"),
    ("CAST({} AS INTEGER)", "CAST(DATE '{}' AS TIMESTAMP_MS)"),
])
def test_a_parquet_schedule_is_read_with_its_own_types(tmp_path, monkeypatch, price, day):
    """Prices stored as DECIMAL, DOUBLE, FLOAT or INTEGER and dates as DATE or TIMESTAMP are read as they
    are, with no text pass and no copy (the view reads the file); a FLOAT price has no float artefact."""
    from fairlint.prices.engine import DuckDBEngine

    full, sale = ("12346", "12345") if "INTEGER" in price else ("12346.67", "12345.67")
    _parquet(tmp_path / "prices.parquet", _DROP.format(
        full=price.format(full), sale=price.format(sale),
        **{name: day.format(f"2027-03-{d:02d}") for name, d in
           (("march_1", 1), ("march_9", 9), ("march_10", 10), ("march_20", 20))}))
    statements = []
    execute = DuckDBEngine.execute
    monkeypatch.setattr(DuckDBEngine, "execute", lambda self, sql: (statements.append(sql), execute(self, sql))[1])
    findings = check(tmp_path, {})
    assert [(f.line, f.code) for f in findings] == [(2, "FL201")]
    evidence = findings[0].evidence
    assert evidence.row.price == Decimal(sale) and evidence.row.start == dt.date(2027, 3, 10)
    assert f"from {Decimal(full):.2f} to {Decimal(sale):.2f} on 2027-03-10" in findings[0].message
    staged = next(sql for sql in statements if "staged_0 AS" in sql)
    assert staged.startswith("CREATE VIEW") and "TRY_CAST(NULLIF(TRIM(" not in staged


def test_text_of_a_typed_parquet_schedule_is_trimmed_when_it_needs_it(tmp_path):
    """The view reads text columns as they are only when no value needs trimming; here some do."""
    _parquet(tmp_path / "prices.parquet", """SELECT * FROM (VALUES
        ('LAMP-01', 49.00, DATE '2027-03-01', DATE '2027-03-09', '', 1),
        (' LAMP-01 ', 39.00, DATE '2027-03-10', DATE '2027-03-20', ' all', 2)
      ) AS t(sku, price, start, "end", audience, n) ORDER BY n""")
    findings = check(tmp_path, {})
    assert [(f.line, f.code) for f in findings] == [(2, "FL201")] and findings[0].evidence.row.sku == "LAMP-01"


def test_a_malformed_value_of_a_parquet_schedule_is_fl001_at_its_row(tmp_path):
    """Text where a price or date is expected is read through its text, each row checked (a table, typed once);
    a typed value that is no price (negative, NaN) is FL001 too. The other rows are still checked."""
    _parquet(tmp_path / "text.parquet", """SELECT * FROM (VALUES ('LAMP-01', '49.00', '2027-03-01', '2027-03-09', 1),
        ('LAMP-01', 'cheap', '2027-03-10', NULL, 2), ('LAMP-01', '39.00', '2027-03-10', '2027-03-20', 3),
        ('LAMP-01', '39.00', '2027-03-21', 'soon', 4)) AS t(sku, price, start, "end", n) ORDER BY n""")
    _parquet(tmp_path / "typed.parquet", """SELECT sku, price, start, start AS "end" FROM (VALUES
        ('BULB-01', 9.5::DOUBLE, DATE '2027-03-01', 1), ('BULB-01', 'nan'::DOUBLE, DATE '2027-03-02', 2),
        ('BULB-01', -1::DOUBLE, DATE '2027-03-03', 3), ('BULB-01', 7.5::DOUBLE, DATE '2027-03-05', 4)
      ) AS t(sku, price, start, n) ORDER BY n""")
    findings = check(tmp_path, {})
    assert [(f.path, f.line, f.code) for f in findings] == [
        ("text.parquet", 2, "FL001"), ("text.parquet", 3, "FL201"), ("text.parquet", 4, "FL001"),
        ("typed.parquet", 2, "FL001"), ("typed.parquet", 3, "FL001")]
    assert all("at least 0" in f.message for f in findings if f.code == "FL001")


def test_duckdb_may_hold_memory_in_proportion_to_the_rows_streamed(tmp_path, monkeypatch):
    """A Parquet file says how many rows it has: the memory limit grows with them, between the floor and the cap."""
    from fairlint import model
    from fairlint.model import Location

    _parquet(tmp_path / "prices.parquet", """SELECT 'LAMP-01' AS sku, 49.00 AS price, DATE '2027-03-01' + CAST(i AS
        INTEGER) AS start, DATE '2027-03-01' + CAST(i AS INTEGER) AS "end" FROM range(1000) t(i)""")

    def limit(bytes_per_row):
        monkeypatch.setattr(store, "BYTES_PER_ROW", bytes_per_row)
        schedule = model.PriceSchedule(Location(tmp_path / "prices.parquet", 1, 1), stream=tmp_path / "prices.parquet",
                                       stream_kind="parquet")
        prices = store.PriceStore([schedule])
        try:
            return prices.engine.rows("SELECT current_setting('memory_limit')")[0][0]
        finally:
            prices.close()

    assert limit(64) == limit(1) != limit(800 << 10) != limit(10 << 20)
    assert limit(10 << 20) == limit(1 << 30)  # the cap


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


# -- how a big CSV gets into the engine ------------------------------------------------------------------

def _history(rows: list[str], header: str = "sku,price,start,end,channel") -> str:
    return "\n".join([header, *rows]) + "\n"


@pytest.fixture
def no_csv_reader(monkeypatch):
    """A streamed CSV must reach the engine without the CSV reader making a Python object of each row."""
    monkeypatch.setattr(store, "STREAM_BYTES", 0)

    def refuse(self, schedule):
        raise AssertionError(f"{schedule.stream} was handed to the CSV reader")

    monkeypatch.setattr(store.PriceStore, "_read_in_python", refuse)


def test_daily_store_prices_are_typed_by_the_engine_at_their_lines(tmp_path, no_csv_reader):
    """One row per store and day, as the Complete Journey history: each store's drop at its own line; a
    dearer store the day before is not a drop (its rows are side by side, none for every channel)."""
    findings = check(tmp_path, {"history.csv": _history([
        "LAMP-01,49.00,2027-03-01,2027-03-01,store-1",
        "LAMP-01,59.00,2027-03-01,2027-03-01,store-2",
        "LAMP-01,39.00,2027-03-01,2027-03-01,store-3",
        "LAMP-01,39.00,2027-03-02,2027-03-02,store-1",  # line 5: store-1 drops from 49.00
        "LAMP-01,59.00,2027-03-02,2027-03-02,store-2",
        "LAMP-01,49.00,2027-03-02,2027-03-02,store-3",
        "LAMP-01,45.00,2027-03-03,2027-03-03,store-3",  # line 8: store-3 drops from 49.00, not from 59.00
    ])})
    assert [(f.line, f.code) for f in findings] == [(5, "FL201"), (8, "FL201")]
    assert "in store-1" in findings[0].message and "from 49.00 to 45.00" in findings[1].message


def test_quoted_cells_without_line_breaks_are_read_by_the_engine(tmp_path, no_csv_reader):
    findings = check(tmp_path, {"history.csv": _history([
        '"LAMP-01",49.00,2027-03-01,2027-03-09,"web, and app"',
        '"LAMP-01",39.00,2027-03-10,2027-03-20,"web, and app"',
    ])})
    assert [(f.line, f.code) for f in findings] == [(3, "FL201")]
    assert "in web, and app" in findings[0].message


@pytest.mark.parametrize("text, line", [
    (_history(['LAMP-01,49.00,2027-03-01,2027-03-09,"web\nand app"', 'LAMP-01,39.00,2027-03-10,2027-03-20,"web\nand app"']), 4),
    (_history(["LAMP-01,49.00,2027-03-01,2027-03-09,web", "", "LAMP-01,39.00,2027-03-10,2027-03-20,web"]), 4),
    (_history(["LAMP-01,49.00,2027-03-01,2027-03-09,web", "LAMP-01,39.00,2027-03-10,2027-03-20,web\r"]), 3),
], ids=["quoted-line-break", "blank-line", "lone-carriage-return"])
def test_rows_not_one_a_line_are_found_at_their_lines(tmp_path, monkeypatch, text, line):
    """A quoted line break or a blank line moves the rows off their lines (the engine's count of rows
    differs from the file's count of lines); a lone carriage return may end a line: the CSV reader reads
    such a file, and words each row's line as for any CSV."""
    monkeypatch.setattr(store, "STREAM_BYTES", 0)
    handed = []
    read_in_python = store.PriceStore._read_in_python
    monkeypatch.setattr(store.PriceStore, "_read_in_python",
                        lambda self, schedule: handed.append(schedule) or read_in_python(self, schedule))
    findings = check(tmp_path, {"history.csv": text.encode()})
    assert [(f.line, f.code) for f in findings] == [(line, "FL201")] and len(handed) == 1


@pytest.mark.parametrize("data, lines", [
    (b"sku,price\nA,1\nB,2\n", 3), (b"sku,price\nA,1\nB,2", 3), (b"sku,price\r\nA,1\r\n", 2), (b"", 0),
    (b"sku,price\nA,1\nB\x00,2\n", -3), (b"sku,price\nA\r1\n", None),
])
def test_count_lines(tmp_path, data, lines):
    (tmp_path / "f.csv").write_bytes(data)
    assert store._count_lines(tmp_path / "f.csv") == lines


def test_a_carriage_return_at_a_chunk_end_is_read_with_the_next_chunk(tmp_path, monkeypatch):
    class Chunks:  # the file read 4 bytes at a time: "\r" and "\n" fall in different chunks
        def __init__(self, data):
            self.data = data

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size):
            chunk, self.data = self.data[:4], self.data[4:]
            return chunk

    for data, lines in [(b"sku\r\nA,1\r\nB,2\r\n", 3), (b"sku\rA,1\nB,2\n", None)]:
        monkeypatch.setattr(Path, "open", lambda self, mode="r", data=data: Chunks(data))
        assert store._count_lines(Path("f.csv")) == lines


# -- the engine's spill folder ----------------------------------------------------------------------------

SPILLS = "fairlint-duckdb-*"


@pytest.mark.parametrize("command", [["check"], ["report", "-q", "-o", "report.html"]])
def test_the_command_line_leaves_no_spill_folder(tmp_path, command):
    """``fairlint`` ends by os._exit, which runs no finalizer: the spill folder is removed before."""
    import os
    import subprocess
    import sys

    temp = tmp_path / "temp"
    temp.mkdir()
    write_files(tmp_path, {"prices.csv": _history(["LAMP-01,49.00,2027-03-01,2027-03-09,web",
                                                    "LAMP-01,39.00,2027-03-10,2027-03-20,web"])})
    process = subprocess.run([sys.executable, "-m", "fairlint", *command, "prices.csv"], cwd=tmp_path,
                             env={**os.environ, "TMPDIR": str(temp)}, capture_output=True, text=True, timeout=120)
    assert process.returncode == (1 if command == ["check"] else 0), process.stderr
    assert "FL201" in process.stdout or (tmp_path / "report.html").is_file()
    assert list(temp.glob(SPILLS)) == []


def test_an_engine_nobody_closes_leaves_no_spill_folder(tmp_path):
    """Neither when it is garbage nor when it lives until the interpreter exits (as in a test run)."""
    import os
    import subprocess
    import sys

    from fairlint.prices.engine import DuckDBEngine

    engine = DuckDBEngine()
    spill = Path(engine.spill)
    assert spill.is_dir() and oct(spill.stat().st_mode & 0o777) == "0o700"
    del engine
    assert not spill.exists()
    temp = tmp_path / "temp"
    temp.mkdir()
    script = "from fairlint.prices.engine import DuckDBEngine\nkept = DuckDBEngine()\nprint(kept.rows('SELECT 42'))\n"
    process = subprocess.run([sys.executable, "-c", script], env={**os.environ, "TMPDIR": str(temp)},
                             capture_output=True, text=True, timeout=120)
    assert process.stdout.strip() == "[(42,)]", process.stderr
    assert list(temp.glob(SPILLS)) == []


def test_a_spilled_engine_leaves_no_spill_folder(tmp_path, monkeypatch):
    import tempfile

    from fairlint.prices import engine as engines

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for release in ("close", "remove_spills"):
        engine = engines.DuckDBEngine(threads=1, memory_limit="100MB")
        engine.rows("SELECT COUNT(*) FROM (SELECT i % 2000000 AS k, COUNT(*) FROM range(6000000) r(i) GROUP BY k)")
        spill = Path(engine.spill)
        assert any(spill.iterdir()), "DuckDB did not spill: the test checks nothing"
        engine.close() if release == "close" else engines.remove_spills()
        assert list(tmp_path.glob(SPILLS)) == []
        engine.close()  # after remove_spills: still closes once, and finds nothing left to remove
