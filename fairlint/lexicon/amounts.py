"""Percentages and money amounts written in message text.

"$39", "39,00 €", "R39.99", "39 лв.", "¥39", "रू 39" are all read as an amount
of money; "20%", "20 %", "20 percent" as a percentage; "up to 50%" is marked.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import attrs

_NUMBER = r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SYMBOL_BEFORE = r"(?:US\$|\$|€|£|¥|₹|₽|元|R|रू\.?|Rs\.?|лв\.?|руб\.?|EUR|USD|ZAR|GBP|BGN|RUB|NPR|CNY|INR)"
_SYMBOL_AFTER = r"(?:€|\$|£|¥|₽|元|лв\.?|руб(?:\.|лей|ля|ль)?|р\.|рублей|евро|EUR|USD|ZAR|GBP|BGN|RUB|NPR|CNY|INR|rand|euro|dollars?)"

MONEY = re.compile(
    rf"(?<![\w.,])(?:(?P<before>{_SYMBOL_BEFORE})\s?(?P<n1>{_NUMBER})(?![\d%])"
    rf"|(?P<n2>{_NUMBER})\s?(?P<after>{_SYMBOL_AFTER})(?!\w))",
    re.IGNORECASE,
)
PERCENT = re.compile(
    rf"(?P<upto>up\s+to\s+|tot\s+|до\s+|最高|最多|सम्म\s*)?(?P<n>\d+(?:[.,]\d+)?)\s?(?:%|％|percent\b|per\s+cent\b|процент\w*|persent\b)",
    re.IGNORECASE,
)


@attrs.frozen
class Amount:
    value: Decimal
    currency: str
    start: int
    end: int


@attrs.frozen
class Percent:
    value: Decimal
    up_to: bool
    start: int
    end: int


def parse_number(text: str) -> Decimal | None:
    """A written number with either decimal mark: "1,299.00", "1 299,00", "39,00", "39"."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    match = re.fullmatch(r"(.*?)(?:[.,](\d{1,2}))?", compact)
    whole = re.sub(r"[.,]", "", match.group(1))
    try:
        return Decimal(f"{whole}.{match.group(2)}" if match.group(2) else whole)
    except InvalidOperation:
        return None


def find_amounts(text: str) -> list[Amount]:
    found = []
    for match in MONEY.finditer(text):
        number = parse_number(match.group("n1") or match.group("n2"))
        if number is not None:
            currency = (match.group("before") or match.group("after")).rstrip(".").upper()
            found.append(Amount(number, currency, match.start(), match.end()))
    return found


def find_percents(text: str) -> list[Percent]:
    found = []
    for match in PERCENT.finditer(text):
        number = parse_number(match.group("n"))
        if number is not None:
            found.append(Percent(number, bool(match.group("upto")), match.start(), match.end()))
    return found
