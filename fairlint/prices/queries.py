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
    "FL201": [*_ROW, "drop_day", "higher", "full_days", "first_full", "audiences"],
    "FL202": [*_ROW, "shown_day", "reduction_start", "window_first", "window_last", "lowest", "lowest_src",
              "lowest_line", "lowest_day", "last_charged"],
    "FL204": [*_ROW, "others"],
}
RULES = tuple(COLUMNS)


def _day(column: str) -> str:
    return f"CAST(DATE_DIFF('day', {EPOCH}, {column}) AS INTEGER)"


def _date(expression: str) -> str:
    """A day number back as a DATE."""
    return f"{EPOCH} + CAST({expression} AS INTEGER)"


def _base(table: str, located: bool, extra_viewers: str = "", extra_days: str = "", materialize: bool = False) -> str:
    """The CTEs up to ``inforce`` (see the module docstring). Later steps carry only the columns
    they compare; a finding's row is joined back from ``r`` by its (src, line) at the end.

    ``materialize`` marks the small CTEs read several times ``MATERIALIZED`` (DuckDB would
    otherwise scan the rows again for each use), and the big ones (a row or more per price row)
    ``NOT MATERIALIZED``: DuckDB would otherwise keep a copy of each in memory (three copies of a
    1.43M-row history: 300 MB more) where reading the table again costs less. Other dialects do not
    know the keywords."""
    m = " MATERIALIZED" if materialize else ""
    nm = " NOT MATERIALIZED" if materialize else ""
    ident = "src, line" if located else (
        "0 AS src, ROW_NUMBER() OVER (ORDER BY sku, start, price, audience, channel, \"end\", announced, "
        "reference_price) + 1 AS line")
    return f"""
src_rows AS{nm} (
  SELECT sku, price, reference_price, audience, channel, start, "end", announced, {ident}
  FROM {table}
  WHERE sku IS NOT NULL AND price IS NOT NULL AND start IS NOT NULL
),
r AS{nm} (
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
horizon AS{m} (  -- the last day anything is asked about: open-ended rows run to it
  SELECT MAX(x) AS hz FROM (SELECT GREATEST(s, COALESCE(e, s)) AS x FROM r{extra_days}) t
),
lean AS{nm} (
  SELECT src, line, sku, aud, ch, price, ref, s, COALESCE(e, hz) AS last_day,
    (CASE WHEN aud <> 'all' THEN 2 ELSE 0 END) + (CASE WHEN ch <> '' THEN 1 ELSE 0 END) AS spec
  FROM r CROSS JOIN horizon
),
d AS (
{_days('lean')}
),
skus AS{m} (  -- each SKU's lowest and highest price, and whether a row for all audiences or channels is
  -- beside a targeted one: then it may be overridden
  SELECT sku, MIN(price) AS lo, MAX(price) AS hi,
    CASE WHEN (MAX(CASE WHEN aud = 'all' THEN 1 ELSE 0 END) = 1 AND MAX(CASE WHEN aud <> 'all' THEN 1 ELSE 0 END) = 1)
      OR (MAX(CASE WHEN ch = '' THEN 1 ELSE 0 END) = 1 AND MAX(CASE WHEN ch <> '' THEN 1 ELSE 0 END) = 1)
      THEN 1 ELSE 0 END AS overridden
  FROM r GROUP BY sku
),
mixed AS{m} (
  SELECT sku FROM skus WHERE overridden = 1
),
groups AS{m} (  -- each of those SKUs' audiences and channels
  SELECT r.sku, r.aud, r.ch FROM r JOIN mixed m ON r.sku = m.sku GROUP BY r.sku, r.aud, r.ch
),
sku_auds AS (
  SELECT DISTINCT g.sku, g.aud AS va FROM groups g JOIN mixed m ON g.sku = m.sku
  UNION SELECT sku, 'all' AS va FROM mixed
  UNION SELECT DISTINCT g.sku, 'existing' AS va FROM groups g JOIN mixed m ON g.sku = m.sku
    WHERE g.aud IN ('existing', 'new')
  UNION SELECT DISTINCT g.sku, 'new' AS va FROM groups g JOIN mixed m ON g.sku = m.sku
    WHERE g.aud IN ('existing', 'new'){extra_viewers}
),
sku_chans AS (
  SELECT DISTINCT g.sku, g.ch AS vc FROM groups g JOIN mixed m ON g.sku = m.sku
  UNION SELECT sku, '' AS vc FROM mixed
),
viewers AS (  -- only SKUs whose rows for all may be overridden need a choice
  SELECT a.sku, a.va, c.vc FROM sku_auds a JOIN sku_chans c ON a.sku = c.sku
),
lean_plain AS{nm} (
  SELECT lean.* FROM lean LEFT JOIN mixed m ON lean.sku = m.sku WHERE m.sku IS NULL
),
lean_mixed AS{nm} (
  SELECT lean.* FROM lean JOIN mixed m ON lean.sku = m.sku
),
d_plain AS{nm} (
{_days('lean_plain')}
),
d_mixed AS{nm} (
{_days('lean_mixed')}
),
applied AS (
  SELECT d.src, d.line, d.sku, v.va, v.vc, d.day, d.price, d.ref, d.s, d.spec
  FROM d_mixed d JOIN viewers v ON d.sku = v.sku
  WHERE (d.aud = v.va OR d.aud = 'all') AND (d.ch = v.vc OR d.ch = '')
),
ranked AS (
  SELECT applied.*, MAX(spec) OVER (PARTITION BY sku, va, vc, day) AS top FROM applied
),
plain_inforce AS{nm} (
  SELECT src, line, sku, aud AS va, ch AS vc, day, price, ref, s FROM d_plain
),
mixed_inforce AS (
  SELECT src, line, sku, va, vc, day, price, ref, s FROM ranked WHERE spec = top
),
inforce AS (  -- a SKU without rows for all beside targeted ones (one audience and channel, or several
  -- side by side, as a store's own prices): each row is in force all its days for its own audience and channel
  SELECT * FROM plain_inforce
  UNION ALL
  SELECT * FROM mixed_inforce
)"""


def _days(source: str) -> str:
    """The rows of ``source`` turned into one row per day in force (a one-day row is itself)."""
    return f"""  SELECT src, line, sku, aud, ch, price, ref, s, spec, s AS day FROM {source} WHERE last_day = s
  UNION ALL
  SELECT src, line, sku, aud, ch, price, ref, s, spec, UNNEST(GENERATE_SERIES(s, last_day)) AS day
  FROM {source} WHERE last_day > s"""


def _row(alias: str = "r") -> str:
    p = f"{alias}."
    return (f"{p}src AS src, {p}line AS line, {p}sku AS sku, {p}aud AS audience, {p}ch AS channel, "
            f"{p}price AS price, {p}ref AS reference_price, {p}start AS start, {p}\"end\" AS \"end\", "
            f"{p}announced AS announced")


def _fl201(notice: int) -> str:
    """A drop starts on a day a row's price is in force when, on one of the ``notice`` days before it, a
    higher price was in force for the same viewer. Where no row overrides another (``plain``), only a row's
    first day can start a drop: its rows below the SKU's highest price are joined, by equality on the day,
    with the prices above the SKU's lowest in force on the notice days before. SKUs whose rows for all may
    be overridden are judged day by day with windows."""
    backs = range(notice, 0, -1)  # the notice days before the drop, earliest first

    def windows(partition):
        return ",\n    ".join(
            f"MAX(price) OVER (PARTITION BY {partition} ORDER BY day RANGE BETWEEN {k} PRECEDING AND {k} PRECEDING) "
            f"AS hi_{k}" for k in backs)

    higher = ", ".join(f"CASE WHEN hi_{k} > price THEN hi_{k} END" for k in backs)
    full = ", ".join(f"CASE WHEN hi_{k} > price THEN day - {k} END" for k in backs)
    return f""",
plain_first AS (  -- where no row overrides another, only a row's first day can start a drop
  SELECT src, line, sku, aud AS va, ch AS vc, s AS day, price FROM lean_plain WHERE last_day >= s
),
can_drop AS (  -- only a row below its SKU's highest price can be a drop...
  SELECT f.* FROM plain_first f JOIN skus k ON k.sku = f.sku AND f.price < k.hi
),
can_be_higher AS (  -- ...from a price above the SKU's lowest (this halves the join on a real history)
  SELECT q.* FROM plain_inforce q JOIN skus k ON k.sku = q.sku AND q.price > k.lo
),
plain_prior AS (  -- the higher prices in force for the same audience and channel on the notice days before it
  SELECT f.src, f.line, f.sku, f.va, f.vc, f.day, f.day AS s, f.price,
    {', '.join(f'MAX(CASE WHEN q.day = f.day - {k} THEN q.price END) AS hi_{k}' for k in backs)}
  FROM {'can_drop' if notice == 1 else f'(SELECT can_drop.*, UNNEST(GENERATE_SERIES(day - {notice}, day - 1)) AS back FROM can_drop)'} f
  JOIN can_be_higher q ON q.sku = f.sku AND q.va = f.va AND q.vc = f.vc AND q.day = {'f.day - 1' if notice == 1 else 'f.back'}
  WHERE q.price > f.price
  GROUP BY f.src, f.line, f.sku, f.va, f.vc, f.day, f.price
),
prior AS (
  SELECT * FROM plain_prior
  UNION ALL
  SELECT src, line, sku, va, vc, day, s, price,
    {windows('sku, va, vc')}
  FROM mixed_inforce
),
candidates AS (
  SELECT src, line, sku, va, vc, day, s, price,
    {'GREATEST(' + higher + ')' if notice > 1 else higher} AS higher,
    {'LEAST(' + full + ')' if notice > 1 else full} AS first_full,
    [{', '.join(_date(f'CASE WHEN hi_{k} > price THEN day - {k} END') for k in backs)}] AS full_days
  FROM prior
  WHERE {' OR '.join(f'hi_{k} > price' for k in backs)}
),
run_starts AS (  -- the first day of the row's run in force: its start, or the day a more specific row ended
  SELECT * FROM candidates WHERE day = s
  UNION ALL
  SELECT c.* FROM (SELECT * FROM candidates WHERE day > s) c
  JOIN mixed m ON c.sku = m.sku
  LEFT JOIN mixed_inforce y ON y.sku = c.sku AND y.va = c.va AND y.vc = c.vc AND y.src = c.src AND y.line = c.line
    AND y.day = c.day - 1
  WHERE y.line IS NULL
),
drops AS (
  SELECT src, line, day, MAX(higher) AS higher, MIN(first_full) AS first_full, MIN(full_days) AS full_days,
    ARRAY_AGG(DISTINCT va) AS audiences
  FROM run_starts GROUP BY src, line, day
)
SELECT {_row()}, {_date('x.day')} AS drop_day, x.higher, x.full_days, {_date('x.first_full')} AS first_full,
  x.audiences
FROM drops x JOIN r ON r.src = x.src AND r.line = x.line
WHERE r.ann > x.first_full
ORDER BY r.src, r.line, x.day"""


def _fl202(lookback: int, test: str = "lowest") -> str:
    """``test``: "lowest" (eu, the default: the reference price is the lowest price in force in the
    window) or "charged-within" (us-ca: it was in force on at least one day of the window)."""
    judged = _fl202_charged_within(lookback) if test == "charged-within" else _fl202_lowest()
    return f""",
with_refs AS (
  SELECT DISTINCT sku, va, vc FROM inforce WHERE ref IS NOT NULL
),
shown AS (
  SELECT i.* FROM inforce i JOIN with_refs w ON i.sku = w.sku AND i.va = w.va AND i.vc = w.vc
),
daily AS (
  SELECT sku, va, vc, day, MIN(price) AS lo, MAX(ref) AS ref FROM shown GROUP BY sku, va, vc, day
),
numbered AS (
  SELECT daily.*,
    day - ROW_NUMBER() OVER (PARTITION BY sku, va, vc, lo, COALESCE(ref, -1) ORDER BY day) AS k,
    MIN(lo) OVER (PARTITION BY sku, va, vc ORDER BY day RANGE BETWEEN {lookback} PRECEDING AND 1 PRECEDING) AS lowest
  FROM daily
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
{judged}
shown_rows AS (  -- judged for the row's own audience and channel (a base row's "was" price is the base's)
  SELECT i.src, i.line, i.sku, i.va, i.vc, j.s0, j.cs, j.lowest, j.last_charged,
    ROW_NUMBER() OVER (PARTITION BY i.src, i.line, j.s0 ORDER BY i.va, i.vc) AS pick
  FROM judged j
  JOIN shown i ON i.sku = j.sku AND i.va = j.va AND i.vc = j.vc AND i.day = j.s0
  JOIN lean w ON w.src = i.src AND w.line = i.line
  WHERE i.ref = j.ref AND i.price = j.p AND w.aud = i.va AND w.ch = i.vc
),
lowest_at AS (
  SELECT w.src, w.line, w.s0, i.src AS lowest_src, i.line AS lowest_line, i.day AS lowest_day,
    ROW_NUMBER() OVER (PARTITION BY w.src, w.line, w.s0 ORDER BY i.day DESC, i.src, i.line) AS pick
  FROM (SELECT shown_rows.*, UNNEST(GENERATE_SERIES(cs - {lookback}, cs - 1)) AS back
        FROM shown_rows WHERE pick = 1 AND lowest IS NOT NULL) w
  JOIN shown i ON i.sku = w.sku AND i.va = w.va AND i.vc = w.vc AND i.day = w.back AND i.price = w.lowest
)
SELECT {_row()}, {_date('x.s0')} AS shown_day, {_date('x.cs')} AS reduction_start,
  {_date(f'x.cs - {lookback}')} AS window_first, {_date('x.cs - 1')} AS window_last, x.lowest,
  l.lowest_src, l.lowest_line, {_date('l.lowest_day')} AS lowest_day, {_date('x.last_charged')} AS last_charged
FROM shown_rows x
JOIN r ON r.src = x.src AND r.line = x.line
LEFT JOIN lowest_at l ON l.src = x.src AND l.line = x.line AND l.s0 = x.s0 AND l.pick = 1
WHERE x.pick = 1
ORDER BY r.src, r.line, x.s0"""


def _fl202_lowest() -> str:
    """A reduction is judged when the lowest price in force in the window before its first step is not its
    reference price (``last_charged`` is not asked for)."""
    return """judged AS (
  SELECT s.*, n.lowest, CAST(NULL AS INTEGER) AS last_charged FROM steps s
  JOIN numbered n ON n.sku = s.sku AND n.va = s.va AND n.vc = s.vc AND n.day = s.cs
  WHERE s.ref IS NOT NULL AND (n.lowest IS NULL OR n.lowest <> s.ref)
),"""


def _fl202_charged_within(lookback: int) -> str:
    """A reduction is judged when its reference price was in force on no day of the window before its first
    step: each (reduction start, reference price) is a probe among the days each price was in force, and a
    window over the same price finds the last of them in the window (``recent``) and before it at all."""
    return f"""probes AS (
  SELECT DISTINCT sku, va, vc, ref AS price, cs AS day, 1 AS probe FROM steps WHERE ref IS NOT NULL
  UNION ALL
  SELECT DISTINCT sku, va, vc, price, day, 0 AS probe FROM shown
),
charged AS (
  SELECT probes.*,
    MAX(CASE WHEN probe = 0 THEN day END) OVER (PARTITION BY sku, va, vc, price ORDER BY day
      RANGE BETWEEN {lookback} PRECEDING AND 1 PRECEDING) AS recent,
    MAX(CASE WHEN probe = 0 THEN day END) OVER (PARTITION BY sku, va, vc, price ORDER BY day
      RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS last_charged
  FROM probes
),
judged AS (
  SELECT s.*, n.lowest, c.last_charged FROM steps s
  JOIN numbered n ON n.sku = s.sku AND n.va = s.va AND n.vc = s.vc AND n.day = s.cs
  JOIN charged c ON c.probe = 1 AND c.sku = s.sku AND c.va = s.va AND c.vc = s.vc AND c.price = s.ref
    AND c.day = s.cs
  WHERE s.ref IS NOT NULL AND c.recent IS NULL
),"""


def _fl204() -> str:
    return f""",
conflict_days AS (
  SELECT sku, aud, ch, day FROM d GROUP BY sku, aud, ch, day HAVING MIN(price) < MAX(price)
),
crowded AS (
  SELECT d.* FROM d JOIN conflict_days c ON d.sku = c.sku AND d.aud = c.aud AND d.ch = c.ch AND d.day = c.day
),
pairs AS (
  SELECT DISTINCT b.src, b.line, a.src AS o_src, a.line AS o_line
  FROM crowded a JOIN crowded b ON a.sku = b.sku AND a.aud = b.aud AND a.ch = b.ch AND a.day = b.day
  WHERE a.price <> b.price
    AND (a.s < b.s OR (a.s = b.s AND (a.src < b.src OR (a.src = b.src AND a.line < b.line))))
)
SELECT {_row()},
  ARRAY_AGG({{'src': o.src, 'line': o.line, 'price': o.price, 'start': o.start, 'end': o."end"}}) AS others
FROM pairs p
JOIN r ON r.src = p.src AND r.line = p.line
JOIN r o ON o.src = p.o_src AND o.line = p.o_line
GROUP BY r.src, r.line, r.sku, r.aud, r.ch, r.price, r.ref, r.start, r."end", r.announced
ORDER BY r.src, r.line"""


def _fl103() -> str:
    return f""",
penalties AS (
  SELECT x.src, x.line, n.src AS n_src, n.line AS n_line, x.day
  FROM inforce x JOIN inforce n ON x.sku = n.sku AND x.vc = n.vc AND x.day = n.day
  WHERE x.va = 'existing' AND n.va = 'new' AND x.price > n.price
),
pairs AS (
  SELECT src, line, n_src, n_line, MIN(day) AS first_day, MAX(day) AS last_day, COUNT(DISTINCT day) AS days
  FROM penalties GROUP BY src, line, n_src, n_line
)
SELECT {_row()}, n.src AS new_src, n.line AS new_line, n.aud AS new_audience, n.ch AS new_channel,
  n.price AS new_price, n.start AS new_start, n."end" AS new_end,
  {_date('p.first_day')} AS first_day, {_date('p.last_day')} AS last_day, p.days,
  CASE WHEN r.e IS NULL AND n.e IS NULL AND p.last_day = h.hz THEN 1 ELSE 0 END AS open_ended
FROM pairs p
JOIN r ON r.src = p.src AND r.line = p.line
JOIN r n ON n.src = p.n_src AND n.line = p.n_line
CROSS JOIN horizon h
ORDER BY r.src, r.line, n.src, n.line"""


def option(options: dict, name: str, default: int) -> int:
    return max(int(options.get(name, default)), 1)


def rule_sql(code: str, options: dict | None = None, table: str = "price_rows", located: bool = False,
             materialize: bool = False) -> str:
    """Rule ``code`` as one SELECT over ``table`` (module docstring), returning one row per finding.

    ``materialize``: DuckDB only (``_base``)."""
    options = options or {}
    if code == "FL201":
        tail = _fl201(option(options, "notice-days", 1))
    elif code == "FL202":
        tail = _fl202(option(options, "lookback-days", 30), options.get("reference-test", "lowest"))
    elif code == "FL204":
        tail = _fl204()
    elif code == "FL103":
        tail = _fl103()
    else:
        raise KeyError(f"{code} is not a price rule; the price rules are {', '.join(RULES)}")
    return "WITH" + _base(table, located, materialize=materialize) + tail


def offer_drops_sql(notice: int, table: str = "price_rows", offers: str = "offer_skus") -> str:
    """FL201 for campaign offers: per (offer, SKU) with a price in force for the offer's audience on
    its first day, the notice days before it on which a higher price was in force than the offer
    makes of it (in any channel; ``base_price`` is the lowest price in force for it on the first day).
    ``offers`` has columns ``offer`` (an integer key), ``sku``,
    ``audience``, ``kind`` (percent-off, amount-off, fixed-price), ``value`` and ``starts`` (a date)."""
    extra = f"\n  UNION SELECT DISTINCT sku, audience AS va FROM {offers}"
    days = f" UNION ALL SELECT {_day('starts')} AS x FROM {offers}"
    return "WITH" + _base(table, True, extra, days, materialize=True) + f""",
o AS (
  SELECT offer, sku, audience, kind, CAST(value AS DECIMAL(18, 4)) AS value, {_day('starts')} AS os FROM {offers}
),
seen AS (  -- the price in force for the offer's audience: its viewer, or the rows for all of a one-audience SKU
  SELECT o.offer, o.sku, i.vc, i.day, i.price
  FROM o JOIN inforce i ON i.sku = o.sku
  LEFT JOIN mixed m ON m.sku = o.sku
  WHERE (i.va = o.audience OR (m.sku IS NULL AND i.va = 'all')) AND i.day BETWEEN o.os - {notice} AND o.os
),
base AS (
  SELECT o.offer, o.sku, o.audience, o.kind, o.value, o.os, i.vc, MIN(i.price) AS base_price
  FROM o JOIN seen i ON i.offer = o.offer AND i.sku = o.sku AND i.day = o.os
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
FROM backs b JOIN seen i ON i.offer = b.offer AND i.sku = b.sku AND i.vc = b.vc AND i.day = b.back
WHERE i.price > b.offer_price
GROUP BY b.offer, b.sku, b.back
ORDER BY b.offer, b.sku, b.back"""


def steps_sql(table: str = "price_rows", wanted: str = "wanted_days") -> str:
    """The price in force per SKU, audience, channel and day for the report's timelines: ``wanted``
    has (sku, first, last) with dates; one row (sku, audience, channel, day, highest price) per day."""
    days = f" UNION ALL SELECT {_day('last')} AS x FROM {wanted}"
    return "WITH" + _base(table, True, extra_days=days, materialize=True) + f""",
w AS (SELECT sku, {_day('first')} AS f, {_day('last')} AS l FROM {wanted})
SELECT i.sku, i.va, i.vc, {_date('i.day')} AS day, MAX(i.price) AS hi
FROM inforce i JOIN w ON i.sku = w.sku
WHERE i.day BETWEEN w.f AND w.l
GROUP BY i.sku, i.va, i.vc, i.day
ORDER BY i.sku, i.va, i.vc, i.day"""
