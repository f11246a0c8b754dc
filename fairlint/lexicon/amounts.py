"""Percentages and money amounts written in message text.

"$39", "39,00 €", "R39.99", "39 лв.", "¥39", "रू 39" are all read as an amount
of money; "20%", "20 %", "20 percent" as a percentage; "up to 50%" is marked.
An amount written as the earlier price ("was $49", "RRP €59", "~~$49~~") is a
reference amount (``find_reference_amounts``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import attrs

_NUMBER = r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SYMBOL_BEFORE = r"(?:US\$|\$|€|£|¥|₹|₽|元|R|रू\.?|Rs\.?|лв\.?|руб\.?|EUR|USD|ZAR|GBP|BGN|RUB|NPR|CNY|INR)"
_SYMBOL_AFTER = r"(?:€|\$|£|¥|₽|元|лв\.?|лева|лев|руб(?:\.|лей|ля|ль)?|р\.|рублей|евро|EUR|USD|ZAR|GBP|BGN|RUB|NPR|CNY|INR|rand|euros?|dollars?)"
# Not inside a word or a longer number; CJK text glues amounts to words ("现价39元"), so CJK may precede.
_NOT_IN_WORD = r"(?:(?<![\w.,])|(?<=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]))"

MONEY = re.compile(
    rf"{_NOT_IN_WORD}(?:(?P<before>{_SYMBOL_BEFORE})\s?(?P<n1>{_NUMBER})(?![\d%])"
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


# A "was" price: the amount is introduced as the earlier price ("was $49", "RRP €59", "原价49元",
# "преди 49 лв.") or struck through in Markdown ("~~$49~~").
_REFERENCE_MARKER = re.compile(
    r"(?:(?<!\w)(?:was|were|previously|originally|formerly|before|usually|normally|regular(?:ly)?(?:\s+price)?"
    r"|reg\.?|rrp|msrp|list\s+price|old\s+price|usual\s+price|compare\s+at|instead\s+of"
    r"|voorheen|gewoonlik|normaalprys"
    r"|было|была|был|раньше|ранее|старая\s+цена|вместо|преди|беше|стара\s+цена|पहिले)"
    r"|原价|原價|原来|以前)\s*[:：]?\s*(?:at\s+|only\s+)?$",
    re.IGNORECASE,
)


def is_reference(text: str, amount: Amount) -> bool:
    """Whether ``amount`` is written as an earlier price ("was $49", "~~$49~~")."""
    before = text[max(0, amount.start - 40):amount.start]
    if _REFERENCE_MARKER.search(before):
        return True
    return before.endswith("~~") and text[amount.end:amount.end + 2] == "~~"


def find_reference_amounts(text: str) -> list[Amount]:
    """The amounts in ``text`` written as an earlier price: "was $49, now $39" gives 49."""
    return [a for a in find_amounts(text) if is_reference(text, a)]
