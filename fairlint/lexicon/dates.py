"""Deadlines written as dates in message text: "ends Sunday 2 May", "until Friday", "ends tonight".

A deadline is an ``end_words`` phrase of the locale ("ends", "until", "до",
"截止") followed within a few words by a date: a ``today_words`` or
``tomorrow_words`` phrase, a weekday (``weekdays``, Monday first), a day and
a month (``months``, January first, either order: "2 May", "May 2", "5月2日"),
or both ("Sunday 2 May"). Without a year, the date is the first such day on
or after the message's send date; a weekday alone is the first such weekday.
The names are data in each locale's file: adding a language adds its words.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import attrs

from fairlint.cache import regex
from fairlint.lexicon import shipped



@cache
def _day() -> re.Pattern:
    """A day of the month: one or two digits, with a locale's ``day_suffixes`` ("2nd", "2日", "2-го")."""
    suffixes = shipped.body("day_suffixes")
    return regex(rf"(?<!\d)(\d{{1,2}})(?:\.|{suffixes})?(?!\d)", re.IGNORECASE)
_REACH = 40  # characters after the end word where its date may be


@attrs.frozen
class Deadline:
    date: dt.date
    words: str  # as written, from the end word to the end of the date
    start: int


def claimed_deadline(lexicon, locale, text: str, sent: dt.date) -> Deadline | None:
    """The first deadline written in ``text``, resolved against the send date ``sent``."""
    for end_word in lexicon.find(locale, "end_words", text):
        window = text[end_word.end:end_word.end + _REACH]
        found = _date_in(lexicon, locale, window, sent)
        if found:
            date, _, length = found
            return Deadline(date, text[end_word.start:end_word.end + length], end_word.start)
        # Chinese and Nepali put the end word after the date: "5月2日截止", "आइतबार सम्म".
        before_start = max(0, end_word.start - 32)
        before = text[before_start:end_word.start]
        found = _date_in(lexicon, locale, before, sent, anywhere=True)
        if found and _only_weekday_or_marks(lexicon, locale, before[found[2]:]):
            date, start, _ = found
            return Deadline(date, text[before_start + start:end_word.end], before_start + start)
    return None


def _date_in(lexicon, locale, window: str, sent: dt.date, anywhere: bool = False) -> tuple[dt.date, int, int] | None:
    """The date at the start of ``window`` (a few words in at most, or ``anywhere``), where it starts and ends."""
    candidates: list = []  # month dates are put first: the most specific
    today = lexicon.first(locale, "today_words", window)
    if today and (anywhere or today.start <= 12):
        candidates.append((today.start, sent, today.end))
    tomorrow = lexicon.first(locale, "tomorrow_words", window)
    if tomorrow and (anywhere or tomorrow.start <= 12):
        candidates.append((tomorrow.start, sent + dt.timedelta(days=1), tomorrow.end))
    month = _index_match(lexicon, locale, "months", window)
    weekday = _index_match(lexicon, locale, "weekdays", window)
    if month and (anywhere or month[1].start <= 25):
        index, match = month
        after = re.match(rf"\s*{_day().pattern}", window[match.end:], re.IGNORECASE)
        before = re.search(rf"{_day().pattern}\s*$", window[:match.start], re.IGNORECASE)
        day = after or before
        date = _next_date(sent, index + 1, int(day.group(1))) if day and 1 <= int(day.group(1)) <= 31 else None
        if date:
            start = before.start() if before and not after else match.start
            candidates.insert(0, (start, date, match.end + (after.end() if after else 0)))
    elif weekday and (anywhere or weekday[1].start <= 12):
        index, match = weekday
        ahead = (index - sent.weekday()) % 7
        candidates.append((match.start, sent + dt.timedelta(days=ahead), match.end))
    if not candidates:
        return None
    start, date, end = candidates[0] if anywhere else min(candidates, key=lambda c: c[0])
    return date, start, end


def _only_weekday_or_marks(lexicon, locale, rest: str) -> bool:
    """Whether ``rest`` holds nothing but a weekday, brackets and punctuation
    ("१४ (आइतबार) सम्म")."""
    for match in reversed(lexicon.find(locale, "weekdays", rest)):
        rest = rest[:match.start] + rest[match.end:]
    return not rest.strip(" \t()（）[],，:：-–—")


def _index_match(lexicon, locale, name, window):
    """(position in the list, match) of the first ``name`` phrase in ``window``."""
    match = lexicon.first(locale, name, window)
    if match is None:
        return None
    phrases = lexicon.locales.get(lexicon.resolve(locale), {}).get(name, [])
    if match.phrase not in phrases:
        return None
    return phrases.index(match.phrase), match


def _next_date(sent: dt.date, month: int, day: int) -> dt.date | None:
    for year in (sent.year, sent.year + 1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date >= sent - dt.timedelta(days=1):
            return date
    return None
