"""Dated export files of one source in one folder form a price history.

A Shopify export (and a Merchant Center or WooCommerce file whose name carries
a date) describes its day: its prices are in force from that day to the day
before the next file of the same source in the same folder, the last one
open-ended. Days before the first file are unknown, not unsold
(``PriceSchedule.history_start``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from fairlint import model


def link_histories(schedules: list[model.PriceSchedule]) -> None:
    """Cut each dated schedule's rows at the next one's day; mark where each history starts."""
    groups: dict[tuple, list[model.PriceSchedule]] = defaultdict(list)
    for schedule in schedules:
        if schedule.day is not None and schedule.source != "schedule":
            groups[(schedule.source, schedule.loc.path.parent, schedule.loc.sheet)].append(schedule)
    for group in groups.values():
        group.sort(key=lambda s: (s.day, str(s.loc.path)))
        first = group[0].day
        for schedule, following in zip(group, group[1:] + [None]):
            schedule.history_start = first
            if following is None or following.day == schedule.day:
                continue
            last = following.day - dt.timedelta(days=1)
            kept = []
            for row in schedule.rows:
                if row.start > last:
                    continue  # replaced by the later file from its day on
                if row.end is None or row.end > last:
                    row.end = last
                kept.append(row)
            schedule.rows = kept
