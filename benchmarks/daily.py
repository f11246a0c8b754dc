"""A daily price history shaped like Complete Journey's (a shelf price per product and day).

``python benchmarks/daily.py OUT.csv [SKUS] [DAYS]`` writes SKUS x DAYS one-day rows
(default 2,000 x 715 = 1.43M rows, about 60 MB): a shelf price that now and then drops
for a few days (never announced, so each drop is an FL201) and comes back. Seeded: the
same arguments always give the same bytes. ``--parquet`` writes Parquet instead (via DuckDB).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

SEED = 20270301
FIRST = dt.date(2017, 1, 1)


def daily_history(path: Path, skus: int = 2_000, days: int = 715, seed: int = SEED) -> int:
    rng = random.Random(seed)
    dates = [(FIRST + dt.timedelta(days=n)).isoformat() for n in range(days)]
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("sku,price,start,end,audience,channel,announced,reference_price\n")
        for index in range(skus):
            sku = f"P{index:07d}"
            shelf = rng.choice([1.99, 2.49, 2.99, 3.49, 4.99, 7.99, 9.99])
            sale_left = 0
            lines = []
            for day in dates:
                if sale_left == 0 and rng.random() < 0.03:
                    sale_left = rng.randrange(2, 8)
                price = round(shelf * 0.8, 2) if sale_left else shelf
                if sale_left:
                    sale_left -= 1
                lines.append(f"{sku},{price:.2f},{day},{day},,,,\n")
            out.writelines(lines)
            written += len(lines)
    return written


def main(argv: list[str]) -> None:
    parquet = "--parquet" in argv
    argv = [a for a in argv if a != "--parquet"]
    target = Path(argv[0])
    skus = int(argv[1]) if len(argv) > 1 else 2_000
    days = int(argv[2]) if len(argv) > 2 else 715
    csv_path = target.with_suffix(".csv") if parquet else target
    count = daily_history(csv_path, skus, days)
    if parquet:
        import duckdb

        duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, types = {{'price': 'DECIMAL(18,2)', "
                   f"'reference_price': 'DECIMAL(18,2)', 'start': 'DATE', 'end': 'DATE', 'announced': 'DATE', "
                   f"'audience': 'VARCHAR', 'channel': 'VARCHAR'}})) TO '{target}' (FORMAT parquet)")
        csv_path.unlink()
    print(f"{target}: {count} rows")


if __name__ == "__main__":
    main(sys.argv[1:])
