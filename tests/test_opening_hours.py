"""The ``hours`` syntax of return policies: parsed once by the schema, counted by FL501."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fairlint.load.hours import weekly_hours
from fairlint.load.values import BadValue
from helpers import check


@pytest.mark.parametrize(
    "text, hours",
    [
        ("Mon-Fri 09:00-17:30; Sat 10:00-14:00", Decimal("46.5")),
        ("Fri 14:00-15:00", Decimal(1)),
        ("fri 14:00-15:00;", Decimal(1)),
        ("Monday-Wednesday 9:00-12:00", Decimal(9)),
        ("Mon, Wed, Fri 09:00-12:00, 13:00-17:00", Decimal(21)),
        ("Sat-Mon 10:00-12:00", Decimal(6)),  # wraps past Sunday
        ("Mon-Fri 09:00-12:00, 11:00-13:00", Decimal(20)),  # overlaps count once
        ("Mon \u2013 Fri 09:00 \u2013 17:00; Sun closed", Decimal(40)),
        ("daily 00:00-24:00", Decimal(168)),
        ("weekdays 09:00-17:00; weekends 10:00-12:00", Decimal(44)),
        ("Sun closed", Decimal(0)),
    ],
)
def test_weekly_hours(text, hours):
    assert weekly_hours(text) == hours


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("weekdays 9-5", "not a time range"),
        ("someday 09:00-10:00", "not a day of the week"),
        ("Mon 9-5", "not a time range"),
        ("Fry 09:00-10:00", "'Fry' is not a day"),
        ("Mon 17:00-09:00", "ends before it starts"),
        ("Mon 25:00-26:00", "not a real time"),
        ("whenever", "not days followed by times"),
        ("", "expected opening hours"),
    ],
)
def test_unreadable_hours(text, fragment):
    with pytest.raises(BadValue, match=fragment):
        weekly_hours(text)


def test_unreadable_hours_are_fl001_at_their_line(tmp_path):
    findings = check(
        tmp_path,
        {
            "returns.yaml": (
                "kind: return-policy\n"
                "id: store-returns\n"
                "window_days: 30\n"
                'hours: "Mon-Fri 9-5"\n'
            )
        },
    )
    assert [(f.code, f.line) for f in findings] == [("FL001", 4)]
    assert "09:00-17:30" in findings[0].message
