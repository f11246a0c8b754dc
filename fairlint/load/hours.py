"""Weekly opening hours as written in policies: "Mon-Fri 09:00-17:30; Sat 10:00-14:00".

Grammar (formats.md): entries separated by ``;``; each entry is days then time
ranges. Days are names (``Mon``, ``Tues``, ``Thursday``, case-insensitive),
day ranges (``Mon-Fri``, wrapping past Sunday as in ``Sat-Mon``) or several of
them separated by commas (``Mon, Wed``); ``daily``, ``weekdays`` and
``weekends`` name their days. Time ranges are ``HH:MM-HH:MM`` (``24:00`` may
end a day), several separated by commas, or ``closed``. Ranges that overlap on
the same day are counted once. ``24/7`` (alone) is open all day, every day.
"""

from __future__ import annotations

import re
from decimal import Decimal

from fairlint.i18n import T
from fairlint.load.values import BadValue

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
GROUPS = {"daily": list(range(7)), "every day": list(range(7)), "weekdays": list(range(5)), "weekends": [5, 6]}
EXAMPLE = "Mon-Fri 09:00-17:30; Sat 10:00-14:00"

_DASHES = re.compile(r"\s*[-\u2013\u2014]\s*")
_TIME = r"(\d{1,2}):(\d{2})"
_TIME_RANGE = re.compile(rf"^{_TIME}-{_TIME}$")


def parse_hours(text: str) -> dict[int, list[tuple[int, int]]]:
    """Day index (0 = Monday) -> merged (start, end) minute ranges; BadValue saying what is wrong."""
    if not isinstance(text, str) or not text.replace(";", "").strip():
        raise BadValue(T("expected opening hours such as {example!r}", example=EXAMPLE))
    if re.fullmatch(r"\s*24\s*/\s*7\s*", text):
        return {day: [(0, 24 * 60)] for day in range(7)}
    ranges: dict[int, list[tuple[int, int]]] = {}
    for entry in (e.strip() for e in text.split(";")):
        if not entry:
            continue
        entry = _DASHES.sub("-", entry)
        closed = re.match(r"^(.*?[A-Za-z])\s+closed$", entry, re.IGNORECASE)
        if closed:
            _days(closed.group(1))  # still checked, though it adds no hours
            continue
        match = re.match(r"^(.*?[A-Za-z])\s+(\d.*)$", entry)
        if not match:
            raise BadValue(T("{entry!r} is not days followed by times; write it like {example!r}", entry=entry, example=EXAMPLE))
        days = _days(match.group(1))
        for part in match.group(2).split(","):
            start, end = _time_range(part.strip(), entry)
            for day in days:
                ranges.setdefault(day, []).append((start, end))
    return {day: _merge(spans) for day, spans in sorted(ranges.items())}


def weekly_hours(text: str) -> Decimal:
    """How many hours a week ``text`` is open (overlaps counted once)."""
    minutes = sum(end - start for spans in parse_hours(text).values() for start, end in spans)
    return Decimal(minutes) / 60


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if part.lower() in GROUPS:
            days += GROUPS[part.lower()]
        elif "-" in part:
            first, last = (_day(p) for p in part.split("-", 1))
            days += [(first + step) % 7 for step in range((last - first) % 7 + 1)]
        else:
            days.append(_day(part))
    return days


def _day(name: str) -> int:
    word = name.strip().rstrip(".").lower()
    for index, day in enumerate(DAYS):
        if len(word) >= 3 and day.startswith(word):
            return index
    raise BadValue(T("{name!r} is not a day of the week; use Mon, Tue, Wed, Thu, Fri, Sat, Sun", name=name.strip()))


def _time_range(text: str, entry: str) -> tuple[int, int]:
    match = _TIME_RANGE.match(text)
    if not match:
        raise BadValue(T("{text!r} in {entry!r} is not a time range such as 09:00-17:30", text=text, entry=entry))
    hour1, min1, hour2, min2 = (int(g) for g in match.groups())
    start, end = hour1 * 60 + min1, hour2 * 60 + min2
    if hour1 > 23 or min1 > 59 or min2 > 59 or end > 24 * 60:
        raise BadValue(T("{text!r} in {entry!r} is not a real time of day", text=text, entry=entry))
    if end <= start:
        raise BadValue(T("{text!r} in {entry!r} ends before it starts; write the earlier time first", text=text, entry=entry))
    return start, end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
