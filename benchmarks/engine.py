"""The price engine on daily histories: fairlint against one plain DuckDB query, in the same run.

    python benchmarks/engine.py                 # 1.43M-row daily CSV (Complete Journey's shape)
    python benchmarks/engine.py --skus 200 --days 500 --report   # smaller, and `fairlint report` too

Targets (issue 10): `fairlint check history.csv --select FL201` within 3x the time of one
DuckDB query of FL201 on the same file (reading it included), at most 300 MB, with no
configuration; `fairlint report` at most 2x `fairlint check`. Each figure is the best of
``--repeat`` runs in a fresh process (peak memory from ``os.wait4``), printed beside DuckDB's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import count_findings, fairlint, measure  # noqa: E402

# FL201 as rules.md states it, for a history of one row per SKU and day (audience and channel
# empty, nothing announced): the price in force drops from the day before.
PLAIN = """SELECT count(*) FROM (
  SELECT price, start, LAG(price) OVER w AS before, LAG("end") OVER w AS before_end
  FROM read_csv(?) WINDOW w AS (PARTITION BY sku ORDER BY start))
WHERE before > price AND before_end = start - 1"""
SCRIPT = """
import sys, time, duckdb
start = time.perf_counter()
found = duckdb.connect().execute(sys.argv[1], [sys.argv[2]]).fetchone()[0]
print(time.perf_counter() - start, found)
"""


def plain_duckdb(path: Path, repeat: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", SCRIPT, PLAIN, str(path)], check=True, capture_output=True,
                             text=True).stdout.split()
        best, found = min(best, float(out[0])), int(out[1])
    return best, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skus", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=715)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report", action="store_true", help="also time `fairlint report` against `check`")
    parser.add_argument("--keep", type=Path, help="write the data to this folder and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="fairlint-engine-"))
    base.mkdir(parents=True, exist_ok=True)
    history = base / "history.csv"
    if not history.exists():
        subprocess.run([sys.executable, str(HERE / "daily.py"), str(history), str(args.skus), str(args.days)],
                       check=True, capture_output=True)
    rows = args.skus * args.days
    print(f"== daily history: {rows:,} rows, {history.stat().st_size / 1_048_576:.0f} MB")
    duck, drops = plain_duckdb(history, args.repeat)
    print(f"  DuckDB, one FL201 query      {duck:7.2f} s              ({drops:,} drops)")
    check = measure(fairlint("check", "--select", "FL201", "--format", "json", "history.csv"), base, args.repeat)
    found = count_findings(check.stdout).get("FL201", 0)
    print(f"  fairlint check --select FL201 {check}  {check.best / duck:4.1f}x DuckDB  ({found:,} findings; "
          f"target 3x, 300 MB)")
    if found != drops:
        print(f"  !! fairlint found {found:,} drops, DuckDB {drops:,}")
    if args.report:
        full = measure(fairlint("check", "--select", "FL2", "--format", "json", "history.csv"), base, args.repeat)
        print(f"  fairlint check --select FL2   {full}")
        report = measure(fairlint("report", "--select", "FL2", "--format", "html", "-o", "report.html", "history.csv"),
                         base, args.repeat)
        print(f"  fairlint report --select FL2  {report}  {report.best / full.best:4.1f}x check (target 2x)")


if __name__ == "__main__":
    main()
