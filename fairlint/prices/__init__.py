"""The price rules' engine: price rows as tables, the rules as SQL, findings with their evidence.

- ``engine.py``: the ``PriceEngine`` interface and ``DuckDBEngine`` (the default);
- ``queries.py``: FL103, FL201, FL202 and FL204 as one SELECT each, over *the price in force*;
- ``store.py``: a run's price rows in an engine (files streamed, Python rows as Arrow) and the
  rules' results as typed findings;
- ``evidence.py``: what each price finding carries (rows compared, days, window, lowest price).

Nothing here is imported by a run without price schedules.
"""
