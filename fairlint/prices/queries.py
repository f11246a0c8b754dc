"""The price rules as SQL: each of FL103, FL201, FL202 and FL204 is one SELECT, defined here once.

``rule_sql(code, options, table)`` gives the rule as one SELECT in DuckDB's SQL over
``table``, which has the CSV columns of formats.md:

    sku text, price decimal, start date, "end" date or NULL (open-ended, inclusive),
    audience text or NULL (= all), channel text or NULL/'' (= every channel),
    announced date or NULL (= start), reference_price decimal or NULL

and, when ``located`` is true, two internal columns the engine adds: ``src`` (an
integer naming the file the row came from, in path order) and ``line`` (the row's
line in it). Without them the rows are numbered in (sku, start, price) order.
It returns one row per finding; the columns are listed in ``COLUMNS``.

Everything the rules compare is *the price in force* (formats.md): ``inforce``
below, the one implementation of it, also used for the offers of FL201 and the
report's timeline (``steps_sql``). What it is built from, step by step:

1. ``r``: the rows with integer day numbers (days since 1970-01-01: the only date
   function used) and their specificity (2 for a targeted audience, +1 for a named
   channel). An open-ended row runs to the SKU's last dated day (its horizon).
2. ``d``: one row per (price row, day in force). A daily history is one day a row.
3. ``viewers``: per SKU, the (audience, channel) pairs whose price is asked for: the
   audiences and channels its rows name, plus ``all`` and "no named channel" (''),
   plus ``existing`` and ``new`` when the SKU has a row for one of them (FL103).
4. ``inforce``: for each viewer and day, the rows that apply (their audience or all;
   their channel or none) of the highest specificity. Several rows of the same
   specificity on one day (an FL204 conflict) are each in force: each price counts
   as charged.

Only portable SQL: window functions over integer day numbers (RANGE frames with
integer offsets), LAG, ROW_NUMBER, GROUP BY, equality joins, GENERATE_SERIES/UNNEST
to turn a row into its days. No ASOF joins, no INTERVAL window bounds.

What the SQL does not see, the engine applies around it (``fairlint/prices/store.py``):
campaign offers (FL201's offer drops use ``offer_drops_sql`` over an ``offer_skus``
table the engine builds from the loaded campaigns), campaign and script disclosure of
upcoming sales (a Python filter on FL201's findings), snapshot histories' unknown days
(a Python filter on FL202's) and all messages.
"""

from __future__ import annotations

EPOCH = "DATE '1970-01-01'"

# The columns of each rule's result, in order.
_ROW = ["src", "line", "sku", "audience", "channel", "price", "reference_price", "start", "end", "announced"]
COLUMNS = {
    "FL103": [*_ROW, "new_src", "new_line", "new_audience", "new_channel", "new_price", "new_start", "new_end",
              "first_day", "last_day", "days", "open_ended"],
    "FL201": [*_ROW, "drop_day", "higher", "full_days", "first_full"],
    "FL202": [*_ROW, "shown_day", "reduction_start", "window_first", "window_last", "lowest", "lowest_src",
              "lowest_line", "lowest_day"],
    "FL204": [*_ROW, "others"],
}
RULES = tuple(COLUMNS)


def _day(column: str) -> str:
    return f"CAST(DATE_DIFF('day', {EPOCH}, {column}) AS INTEGER)"


def _date(expression: str) -> str:
    """A day number back as a DATE."""
    return f"{EPOCH} + CAST({expression} AS INTEGER)"


def _base(table: str, located: bool, extra_viewers: str = "") -> str:
    """The CTEs up to ``inforce`` and ``daily`` (see the module docstring)."""
    ident = "src, line" if located else (
        "0 AS src, ROW_NUMBER() OVER (ORDER BY sku, start, price, audience, channel) AS line")
    return f"""
src_rows AS (
  SELECT sku, price, reference_price, audience, channel, start, "end", announced, {ident}
  FROM {table}
  WHERE sku IS NOT NULL AND price IS NOT NULL AND start IS NOT NULL
),
r0 AS (
  SELECT src, line, sku,
    CAST(price AS DECIMAL(18, 4)) AS price,
    CAST(reference_price AS DECIMAL(18, 4)) AS ref,
    COALESCE(NULLIF(audience, ''), 'all') AS aud,
    COALESCE(channel, '') AS ch,
    start, "end", announced,
    {_day('start')} AS s,
    {_day('"end"')} AS e,
    {_day('COALESCE(announced, start)')} AS ann
  FROM src_rows
),
r AS (
  SELECT r0.*,
    (CASE WHEN aud <> 'all' THEN 2 ELSE 0 END) + (CASE WHEN ch <> '' THEN 1 ELSE 0 END) AS spec,
    MAX(GREATEST(s, COALESCE(e, s))) OVER (PARTITION BY sku) AS hz
  FROM r0
),
d AS (
  SELECT r.*, s AS day FROM r WHERE COALESCE(e, hz) = s
  UNION ALL
  SELECT r.*, UNNEST(GENERATE_SERIES(s, COALESCE(e, hz))) AS day FROM r WHERE COALESCE(e, hz) > s
),
sku_auds AS (
  SELECT DISTINCT sku, aud AS va FROM r
  UNION SELECT DISTINCT sku, 'all' AS va FROM r
  UNION SELECT DISTINCT sku, 'existing' AS va FROM r WHERE aud IN ('existing', 'new')
  UNION SELECT DISTINCT sku, 'new' AS va FROM r WHERE aud IN ('existing', 'new'){extra_viewers}
),
sku_chans AS (
  SELECT DISTINCT sku, ch AS vc FROM r
  UNION SELECT DISTINCT sku, '' AS vc FROM r
),
viewers AS (
  SELECT a.sku, a.va, c.vc FROM sku_auds a JOIN sku_chans c ON a.sku = c.sku
),
applied AS (
  SELECT d.*, v.va, v.vc FROM d JOIN viewers v ON d.sku = v.sku
  WHERE (d.aud = v.va OR d.aud = 'all') AND (d.ch = v.vc OR d.ch = '')
),
ranked AS (
  SELECT applied.*, MAX(spec) OVER (PARTITION BY sku, va, vc, day) AS top FROM applied
),
inforce AS (
  SELECT * FROM ranked WHERE spec = top
),
daily AS (
  SELECT sku, va, vc, day, MAX(price) AS hi, MIN(price) AS lo, MAX(ref) AS ref
  FROM inforce GROUP BY sku, va, vc, day
)"""


def _row(alias: str = "") -> str:
    p = f"{alias}." if alias else ""
    return (f"{p}src AS src, {p}line AS line, {p}sku AS sku, {p}aud AS audience, {p}ch AS channel, "
            f"{p}price AS price, {p}ref AS reference_price, {p}start AS start, {p}\"end\" AS \"end\", "
            f"{p}announced AS announced")


_ROW_GROUP = "src, line, sku, aud, ch, price, ref, start, \"end\", announced"


def _fl201(notice: int) -> str:
    return f""",
prior AS (
  SELECT sku, va, vc, day, hi,
    MAX(hi) OVER (PARTITION BY sku, va, vc ORDER BY day RANGE BETWEEN {notice} PRECEDING AND 1 PRECEDING) AS before_hi
  FROM daily
),
candidates AS (
  SELECT i.* FROM inforce i JOIN prior p ON i.sku = p.sku AND i.va = p.va AND i.vc = p.vc AND i.day = p.day
  WHERE p.before_hi > i.price
),
run_starts AS (
  SELECT c.* FROM candidates c
  LEFT JOIN inforce y ON y.sku = c.sku AND y.va = c.va AND y.vc = c.vc AND y.src = c.src AND y.line = c.line
    AND y.day = c.day - 1
  WHERE y.line IS NULL
),
full_days AS (
  SELECT c.src, c.line, c.sku, c.aud, c.ch, c.price, c.ref, c.start, c."end", c.announced, c.ann,
    c.day AS drop_day, p.day AS full_day, p.hi
  FROM (SELECT run_starts.*, UNNEST(GENERATE_SERIES(day - {notice}, day - 1)) AS back FROM run_starts) c
  JOIN daily p ON p.sku = c.sku AND p.va = c.va AND p.vc = c.vc AND p.day = c.back
  WHERE p.hi > c.price
),
drops AS (
  SELECT {_ROW_GROUP}, ann, drop_day, MAX(hi) AS higher, ARRAY_AGG(DISTINCT {_date('full_day')}) AS full_days,
    MIN(full_day) AS first_full
  FROM full_days
  GROUP BY {_ROW_GROUP}, ann, drop_day
)
SELECT {_row()}, {_date('drop_day')} AS drop_day, higher,
  full_days, {_date('first_full')} AS first_full
FROM drops
WHERE ann > first_full
ORDER BY src, line, drop_day"""


def _fl202(lookback: int) -> str:
    return f""",
shown AS (
  SELECT daily.* FROM daily
  JOIN (SELECT DISTINCT sku, va, vc FROM daily WHERE ref IS NOT NULL) w
    ON daily.sku = w.sku AND daily.va = w.va AND daily.vc = w.vc
),
numbered AS (
  SELECT shown.*,
    day - ROW_NUMBER() OVER (PARTITION BY sku, va, vc, lo, COALESCE(ref, -1) ORDER BY day) AS k
  FROM shown
),
islands AS (
  SELECT sku, va, vc, lo AS p, ref, MIN(day) AS s0, MAX(day) AS e0
  FROM numbered GROUP BY sku, va, vc, lo, ref, k
),
chained AS (
  SELECT islands.*,
    LAG(p) OVER (PARTITION BY sku, va, vc ORDER BY s0) AS prev_p,
    LAG(ref) OVER (PARTITION BY sku, va, vc ORDER BY s0) AS prev_ref,
    LAG(e0) OVER (PARTITION BY sku, va, vc ORDER BY s0) AS prev_e
  FROM islands
),
flagged AS (
  SELECT chained.*,
    CASE WHEN ref IS NOT NULL AND prev_ref = ref AND prev_e = s0 - 1 AND prev_p > p THEN 0 ELSE 1 END AS fresh
  FROM chained
),
chains AS (
  SELECT flagged.*,
    SUM(fresh) OVER (PARTITION BY sku, va, vc ORDER BY s0 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c
  FROM flagged
),
steps AS (
  SELECT chains.*, MIN(s0) OVER (PARTITION BY sku, va, vc, c) AS cs FROM chains
),
lookback AS (
  SELECT sku, va, vc, day,
    MIN(lo) OVER (PARTITION BY sku, va, vc ORDER BY day RANGE BETWEEN {lookback} PRECEDING AND 1 PRECEDING) AS lowest
  FROM daily
),
judged AS (
  SELECT s.*, l.lowest FROM steps s
  JOIN lookback l ON l.sku = s.sku AND l.va = s.va AND l.vc = s.vc AND l.day = s.cs
  WHERE s.ref IS NOT NULL AND (l.lowest IS NULL OR l.lowest <> s.ref)
),
shown_rows AS (
  SELECT i.*, j.s0, j.cs, j.lowest,
    ROW_NUMBER() OVER (PARTITION BY i.src, i.line, j.s0 ORDER BY i.va, i.vc) AS pick
  FROM judged j
  JOIN inforce i ON i.sku = j.sku AND i.va = j.va AND i.vc = j.vc AND i.day = j.s0
  WHERE i.ref = j.ref AND i.price = j.p
),
lowest_at AS (
  SELECT w.src, w.line, w.s0, i.src AS lowest_src, i.line AS lowest_line, i.day AS lowest_day,
    ROW_NUMBER() OVER (PARTITION BY w.src, w.line, w.s0 ORDER BY i.day DESC, i.src, i.line) AS pick
  FROM (SELECT shown_rows.*, UNNEST(GENERATE_SERIES(cs - {lookback}, cs - 1)) AS back
        FROM shown_rows WHERE pick = 1 AND lowest IS NOT NULL) w
  JOIN inforce i ON i.sku = w.sku AND i.va = w.va AND i.vc = w.vc AND i.day = w.back AND i.price = w.lowest
)
SELECT {_row('x')}, {_date('x.s0')} AS shown_day, {_date('x.cs')} AS reduction_start,
  {_date(f'x.cs - {lookback}')} AS window_first, {_date('x.cs - 1')} AS window_last, x.lowest,
  l.lowest_src, l.lowest_line, {_date('l.lowest_day')} AS lowest_day
FROM shown_rows x
LEFT JOIN lowest_at l ON l.src = x.src AND l.line = x.line AND l.s0 = x.s0 AND l.pick = 1
WHERE x.pick = 1
ORDER BY x.src, x.line, x.s0"""


def _fl204() -> str:
    return f""",
conflict_days AS (
  SELECT sku, aud, ch, day FROM d GROUP BY sku, aud, ch, day HAVING MIN(price) < MAX(price)
),
crowded AS (
  SELECT d.* FROM d JOIN conflict_days c ON d.sku = c.sku AND d.aud = c.aud AND d.ch = c.ch AND d.day = c.day
),
pairs AS (
  SELECT DISTINCT b.src, b.line, b.sku, b.aud, b.ch, b.price, b.ref, b.start, b."end", b.announced,
    a.src AS o_src, a.line AS o_line, a.price AS o_price, a.start AS o_start, a."end" AS o_end
  FROM crowded a JOIN crowded b ON a.sku = b.sku AND a.aud = b.aud AND a.ch = b.ch AND a.day = b.day
  WHERE a.price <> b.price
    AND (a.s < b.s OR (a.s = b.s AND (a.src < b.src OR (a.src = b.src AND a.line < b.line))))
)
SELECT {_row()},
  ARRAY_AGG({{'src': o_src, 'line': o_line, 'price': o_price, 'start': o_start, 'end': o_end}}) AS others
FROM pairs
GROUP BY {_ROW_GROUP}
ORDER BY src, line"""


def _fl103() -> str:
    return f""",
penalties AS (
  SELECT x.src, x.line, x.sku, x.aud, x.ch, x.price, x.ref, x.start, x."end", x.announced,
    n.src AS n_src, n.line AS n_line, n.aud AS n_aud, n.ch AS n_ch, n.price AS n_price, n.start AS n_start,
    n."end" AS n_end, x.day, x.hz, x.e AS x_e, n.e AS n_e
  FROM inforce x JOIN inforce n ON x.sku = n.sku AND x.vc = n.vc AND x.day = n.day
  WHERE x.va = 'existing' AND n.va = 'new' AND x.price > n.price
)
SELECT {_row()}, n_src AS new_src, n_line AS new_line, n_aud AS new_audience, n_ch AS new_channel,
  n_price AS new_price, n_start AS new_start, n_end AS new_end,
  {_date('MIN(day)')} AS first_day, {_date('MAX(day)')} AS last_day, COUNT(DISTINCT day) AS days,
  MAX(CASE WHEN x_e IS NULL AND n_e IS NULL AND day = hz THEN 1 ELSE 0 END) AS open_ended
FROM penalties
GROUP BY {_ROW_GROUP}, n_src, n_line, n_aud, n_ch, n_price, n_start, n_end
ORDER BY src, line, new_src, new_line"""


def option(options: dict, name: str, default: int) -> int:
    return max(int(options.get(name, default)), 1)


def rule_sql(code: str, options: dict | None = None, table: str = "price_rows", located: bool = False) -> str:
    """Rule ``code`` as one SELECT over ``table`` (module docstring), returning one row per finding."""
    options = options or {}
    if code == "FL201":
        tail = _fl201(option(options, "notice-days", 1))
    elif code == "FL202":
        tail = _fl202(option(options, "lookback-days", 30))
    elif code == "FL204":
        tail = _fl204()
    elif code == "FL103":
        tail = _fl103()
    else:
        raise KeyError(f"{code} is not a price rule; the price rules are {', '.join(RULES)}")
    return "WITH" + _base(table, located) + tail


def offer_drops_sql(notice: int, table: str = "price_rows", offers: str = "offer_skus") -> str:
    """FL201 for campaign offers: per (offer, SKU) with a price in force for the offer's audience on
    its first day, the notice days before it on which a higher price was in force than the offer
    makes of it (in any channel; ``base_price`` is the lowest price in force for it on the first day).
    ``offers`` has columns ``offer`` (an integer key), ``sku``,
    ``audience``, ``kind`` (percent-off, amount-off, fixed-price), ``value`` and ``starts`` (a date)."""
    extra = f"\n  UNION SELECT DISTINCT sku, audience AS va FROM {offers}"
    return "WITH" + _base(table, True, extra) + f""",
o AS (
  SELECT offer, sku, audience, kind, CAST(value AS DECIMAL(18, 4)) AS value, {_day('starts')} AS os FROM {offers}
),
base AS (
  SELECT o.*, i.vc, MIN(i.price) AS base_price
  FROM o JOIN daily i ON i.sku = o.sku AND i.va = o.audience AND i.day = o.os
  GROUP BY o.offer, o.sku, o.audience, o.kind, o.value, o.os, i.vc
),
made AS (
  SELECT base.*,
    CASE kind WHEN 'percent-off' THEN base_price * (100 - value) / 100
              WHEN 'amount-off' THEN GREATEST(base_price - value, 0)
              ELSE value END AS offer_price
  FROM base
),
backs AS (
  SELECT made.*, UNNEST(GENERATE_SERIES(os - {notice}, os - 1)) AS back FROM made
)
SELECT b.offer, b.sku, {_date('b.back')} AS full_day, MAX(i.price) AS higher
FROM backs b JOIN daily i ON i.sku = b.sku AND i.va = b.audience AND i.vc = b.vc AND i.day = b.back
WHERE i.price > b.offer_price
GROUP BY b.offer, b.sku, b.back
ORDER BY b.offer, b.sku, b.back"""


def steps_sql(sku_literal: str, first: int, last: int, table: str = "price_rows") -> str:
    """The price in force for one SKU per viewer and day from day ``first`` to ``last`` (day numbers):
    (audience, channel, day, highest price, lowest price, reference price), for the report's timeline."""
    return "WITH" + _base(table, True) + f"""
SELECT va, vc, {_date('day')} AS day, hi, lo, ref FROM daily
WHERE sku = {sku_literal} AND day BETWEEN {first} AND {last}
ORDER BY va, vc, day"""
