"""fairlint benchmarks: one command, synthetic seeded data, wall time and peak memory per run.

    python benchmarks/run.py            # full run: (a) campaigns, (b) 100k/1M/3M rows, (c) 10,000 scripts
    python benchmarks/run.py --quick    # smaller: 100k and 300k rows, 2,000 scripts, one repeat
    python benchmarks/run.py --only b --rows 1000000 --repeat 5

Each measurement runs fairlint in a fresh process (``python -m fairlint``), as a
user or pre-commit would, and reads that process's peak resident memory from
``os.wait4`` (data is generated in other processes, so that this one stays small:
a forked child inherits its parent's peak in ``ru_maxrss``). Timings on a shared machine fluctuate: every figure is the best of
``--repeat`` runs, with the median beside it. Data goes to a temporary folder
(``--keep DIR`` writes it there instead and keeps it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATE = Path(__file__).resolve().parent / "generate.py"

TARGETS = {
    "a": "faster than yamllint on the same files",
    "b": "1M rows in at most 5 s and 500 MB; time linear in rows",
    "c": "10,000 scripts in at most 2 s",
}


class Measure:
    def __init__(self, seconds: list[float], peak_mb: list[float], code: int, stdout: str):
        self.seconds, self.peak_mb, self.code, self.stdout = seconds, peak_mb, code, stdout

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> float:
        return max(self.peak_mb)

    def __str__(self) -> str:
        return f"{self.best:7.2f} s (median {self.median:.2f} s)  peak {self.peak:6.0f} MB"


def measure(args: list[str], cwd: Path, repeat: int) -> Measure:
    """Run ``args`` ``repeat`` times in a fresh process; wall time and that process's peak RSS."""
    seconds, peaks = [], []
    out_path = cwd / ".bench-stdout"
    code = 0
    for _ in range(repeat):
        with out_path.open("wb") as out:
            start = time.perf_counter()
            process = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(process.pid, 0)
            seconds.append(time.perf_counter() - start)
            process.returncode = os.waitstatus_to_exitcode(status)
            stderr = process.stderr.read().decode("utf-8", "replace")
            process.stderr.close()
        code = process.returncode
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(args)} exited {code}:\n{stderr}")
        peaks.append(usage.ru_maxrss / 1024)  # kilobytes on Linux
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    out_path.unlink()
    return Measure(seconds, peaks, code, stdout)


def generate(kind: str, target: Path, count: int, *extra) -> str:
    """Make data in another process (see generate.main), so that this one stays small."""
    args = [sys.executable, str(GENERATE), kind, str(target), str(count), *map(str, extra)]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def fairlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "fairlint", *args]


def count_findings(json_text: str) -> dict[str, int]:
    data = json.loads(json_text or "[]")
    findings = data.get("findings", []) if isinstance(data, dict) else data
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    return dict(sorted(counts.items()))


def bench_startup(base: Path, repeat: int) -> None:
    print("\n== startup")
    one = base / "startup"
    generate("campaigns", one, 1, 20)
    print(f"  fairlint --version           {measure(fairlint('--version'), base, repeat)}")
    print(f"  check one campaign folder    {measure(fairlint('check', str(one)), base, repeat)}")


def bench_campaigns(base: Path, repeat: int, count: int) -> None:
    print(f"\n== (a) {count} campaign folders (campaign YAML + {300}-row schedule + script each)")
    folder = base / "campaigns"
    generate("campaigns", folder, count, 300)
    files = sum(1 for _ in folder.rglob("*.*"))
    ours = measure(fairlint("check", str(folder)), base, repeat)
    print(f"  fairlint check ({files} files)   {ours}  {files / ours.best:8.0f} files/s")
    for jobs in ("1",):
        single = measure(fairlint("check", "--jobs", jobs, str(folder)), base, repeat)
        print(f"  fairlint check --jobs {jobs}       {single}")
    yaml_files = sorted(str(p) for p in folder.rglob("*.yaml"))
    if shutil.which("yamllint") or _importable("yamllint"):
        theirs = measure([sys.executable, "-m", "yamllint", *yaml_files], base, repeat)
        print(f"  yamllint ({len(yaml_files)} YAML files)     {theirs}")
        verdict = "met" if ours.best < theirs.best else "NOT met"
        print(f"  target: {TARGETS['a']}: {verdict} ({theirs.best / ours.best:.1f}x)")
    else:
        print("  yamllint is not installed (pip install -e '.[bench]'): no comparison")


def bench_rows(base: Path, repeat: int, sizes: list[int]) -> None:
    print("\n== (b) one price schedule CSV, --select FL2,FL103 (every FL2xx rule and FL103)")
    folder = base / "schedule"
    folder.mkdir(exist_ok=True)
    (folder / "fairlint.toml").write_text("max-file-mb = 2000\n", encoding="utf-8")
    results = []
    for size in sizes:
        path = folder / f"prices-{size}.csv"
        written = int(generate("schedule", path, size))
        mb = path.stat().st_size / 1_048_576
        run = measure(fairlint("check", "--select", "FL2,FL103", "--format", "json", path.name), folder, repeat)
        counts = count_findings(run.stdout)
        duck = duckdb_drops(path)
        results.append((written, run))
        print(f"  {written:>9,} rows ({mb:5.0f} MB)  {run}  {written / run.best:9,.0f} rows/s")
        print(f"      findings {counts}")
        if duck is not None:
            seconds, drops = duck
            print(f"      duckdb FL201 drop query: {seconds:.2f} s, {drops} drops (fairlint FL201: {counts.get('FL201', 0)})")
        path.unlink()
    if len(results) > 1:
        first_rows, first = results[0]
        for rows, run in results[1:]:
            growth, expected = run.best / first.best, rows / first_rows
            print(f"  time {rows:,} / {first_rows:,} rows: x{growth:.1f} for x{expected:.0f} rows "
                  f"(per-row cost ratio {growth / expected:.2f})")
    for rows, run in results:
        if rows == 1_000_000:
            ok = run.best <= 5 and run.peak <= 500
            print(f"  target: {TARGETS['b']}: {'met' if ok else 'NOT met'} ({run.best:.2f} s, {run.peak:.0f} MB)")


DUCKDB_QUERY = """
    WITH r AS (
        SELECT sku, price, start, "end", coalesce(audience, 'all') AS audience,
               coalesce(channel, '') AS channel, coalesce(announced, start) AS announced_on
        FROM read_csv(?, header = true,
                      types = {'price': 'DECIMAL(18,2)', 'start': 'DATE', 'end': 'DATE', 'announced': 'DATE',
                               'channel': 'VARCHAR', 'audience': 'VARCHAR'})
    )
    SELECT count(DISTINCT (b.sku, b.audience, b.channel, b.start, b.price))
    FROM r AS b JOIN r AS a
      ON a.sku = b.sku AND a.audience = b.audience AND a.channel = b.channel
    WHERE a.start < b.start AND a.start <= b.start - 1 AND (a."end" IS NULL OR a."end" >= b.start - 1)
      AND a.price > b.price AND b.announced_on > b.start - 1
"""
DUCKDB_SCRIPT = """
import sys, time, duckdb
connection = duckdb.connect()
start = time.perf_counter()
drops = connection.execute(sys.argv[1], [sys.argv[2]]).fetchone()[0]
print(time.perf_counter() - start, drops)
"""


def duckdb_drops(path: Path) -> tuple[float, int] | None:
    """The FL201 drops (notice-days = 1, nothing disclosed) found by one SQL query, and its time
    (reading the CSV included; run in another process, so that this one stays small)."""
    if not _importable("duckdb"):
        return None
    result = subprocess.run([sys.executable, "-c", DUCKDB_SCRIPT, DUCKDB_QUERY, str(path)],
                            check=True, capture_output=True, text=True)
    seconds, drops = result.stdout.split()
    return float(seconds), int(drops)


def bench_scripts(base: Path, repeat: int, count: int) -> None:
    print(f"\n== (c) {count:,} sales scripts, --select FL4")
    folder = base / "scripts"
    generate("scripts", folder, count)
    run = measure(fairlint("check", "--select", "FL4", "--format", "json", str(folder)), base, repeat)
    print(f"  fairlint check               {run}  {count / run.best:8,.0f} files/s")
    print(f"      findings {count_findings(run.stdout)}")
    single = measure(fairlint("check", "--select", "FL4", "--jobs", "1", "--format", "json", str(folder)), base, repeat)
    print(f"  fairlint check --jobs 1      {single}")
    if count == 10_000:
        print(f"  target: {TARGETS['c']}: {'met' if run.best <= 2 else 'NOT met'} ({run.best:.2f} s)")


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller data and one repeat")
    parser.add_argument("--only", default="sabce",
                        help="which benchmarks: s(tartup), a, b, c, e (price engine on real and big histories, "
                             "benchmarks/price_engine.py) (default: all)")
    parser.add_argument("--rows", help="comma-separated schedule sizes for (b)")
    parser.add_argument("--scripts", type=int, help="number of scripts for (c)")
    parser.add_argument("--repeat", type=int, help="runs per measurement (default 3, --quick 1)")
    parser.add_argument("--keep", type=Path, help="write the data to this folder and keep it")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.quick else 3)
    sizes = [int(s) for s in args.rows.split(",")] if args.rows else (
        [100_000, 300_000] if args.quick else [100_000, 1_000_000, 3_000_000])
    script_count = args.scripts or (2_000 if args.quick else 10_000)

    import platform

    from fairlint import __version__

    print(f"fairlint {__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"best of {repeat} run(s)")
    base = args.keep or Path(tempfile.mkdtemp(prefix="fairlint-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        if "s" in args.only:
            bench_startup(base, repeat)
        if "a" in args.only:
            bench_campaigns(base, repeat, 100)
        if "b" in args.only:
            bench_rows(base, repeat, sizes)
        if "c" in args.only:
            bench_scripts(base, repeat, script_count)
        if "e" in args.only:
            import price_engine

            price_engine.main(["--repeat", str(repeat), *(["--sizes", "2000,5000"] if args.quick else []),
                               *(["--keep", str(base / "histories")] if args.keep else [])])
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
