"""Percentages and money amounts written in message text.

"$39", "39,00 €", "R39.99", "39 лв.", "¥39", "￥39", "39元", "रू ३९", "1 299 ₽"
are all read as an amount of money (digits of any script, either decimal mark,
Indian grouping "1,25,000"); "20%", "20 %", "20％", "20 percent", "२० प्रतिशत"
as a percentage. "up to 50%" is marked up_to, as are "tot 50%", "до 50%",
"最高50%" and "५०% सम्म" (Nepali puts it after). A Chinese "8折" (pay 80%) is a
saving of 20%, "85折" and "8.5折" 15%, "八折" 20%; "低至5折" (as low as) and
"5折起" (from) are up to 50%. A percentage written with a minus ("-20%") or as
折 is marked ``saving``.
An amount written as the earlier price ("was $49", "RRP €59", "~~$49~~") is a
reference amount (``find_reference_amounts``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import attrs

_NUMBER = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?"  # Indian grouping, as in Nepal: 1,25,000
    r"|\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
)
_SYMBOL_BEFORE = (
    r"(?:US\$|\$|€|£|¥|￥|₹|₽|元|R(?=\d)|ने\.\s?रु\.?|रू\.?|रु\.?|Rs\.?|лв\.?|руб\.?"
    r"|EUR|USD|ZAR|GBP|BGN|RUB|NPR|CNY|RMB|INR)"
)
_SYMBOL_AFTER = (
    r"(?:€|\$|£|¥|￥|₽|元|块钱|塊錢|лв\.?|лева|лев|руб(?:\.|лей|ля|ль)?|р\.|рублей|евро"
    r"|रुपैयाँ|रुपियाँ|रूपैयाँ|रू\.?"
    r"|EUR|USD|ZAR|GBP|BGN|RUB|NPR|CNY|RMB|INR|rand|euros?|dollars?)"
)
# Not inside a word or a longer number; CJK text glues amounts to words ("现价39元"), so CJK may precede.
# (The CJK class is matched case-sensitively: under IGNORECASE, compiling it folds the case of
# every character of the ranges, on every run.)
_NOT_IN_WORD = r"(?:(?<![\w.,])|(?<=(?-i:[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])))"

# A number written after a space-grouped number ("1 299") is not a new one: without this, a run of
# "111 111 111 ..." with no currency after it is tried from every group, each try reading to the end
# of the run (quadratic: 14 s on 20 KB). With it, every run is read once.
MONEY = re.compile(
    rf"{_NOT_IN_WORD}(?:(?P<before>{_SYMBOL_BEFORE})\s?(?P<n1>{_NUMBER})(?![\d%])"
    rf"|(?!(?<=\d[ \u00a0\u202f])\d{{3}}(?!\d))(?P<n2>{_NUMBER})\s?(?P<after>{_SYMBOL_AFTER})(?!\w))",
    re.IGNORECASE,
)
_MINUS = r"[-−–]"
PERCENT = re.compile(
    rf"(?P<upto>(?:up\s+to|tot|до|बढीमा)\s+(?:{_MINUS}\s?)?|最高|最多|高达|高達)?"
    r"(?P<n>(?<![\d.,])\d+(?:[.,]\d+)?)\s?(?:%|％|percent\b|per\s+cent\b|процент\w*|persent\b|प्रतिशत)"
    r"(?P<upto_after>\s?सम्म)?",
    re.IGNORECASE,
)
# Chinese discounts in 折: "8折" is pay 80% (20% off), "85折"/"8.5折" pay 85%, "八五折" too.
_ZH_DIGITS = "零一二三四五六七八九"
ZHE = re.compile(
    rf"(?P<upto>低至|最低|低到)?\s?(?P<n>(?<![\d.])\d(?:\.\d)?(?!\d)|(?<![\d.])\d{{2}}|[{_ZH_DIGITS[1:]}][{_ZH_DIGITS}]?)"
    r"\s?折(?![叠疊扣])(?P<upto_after>起)?"
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
    saving: bool = False  # written as a saving whatever the words around it: "-20%", "8折"


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
            up_to = bool(match.group("upto") or match.group("upto_after"))
            minus = re.search(rf"{_MINUS}\s?$", text[:match.start("n")]) is not None
            found.append(Percent(number, up_to, match.start(), match.end(), saving=minus))
    for match in ZHE.finditer(text):
        paid = _zhe_paid(match.group("n"))
        if paid is not None and 0 < paid < 100:
            up_to = bool(match.group("upto") or match.group("upto_after"))
            found.append(Percent(100 - paid, up_to, match.start(), match.end(), saving=True))
    return sorted(found, key=lambda p: p.start)


def _zhe_paid(written: str) -> Decimal | None:
    """The percent paid under "N折": one digit is tens ("8" = 80), two digits are the percent ("85")."""
    digits = "".join(str(_ZH_DIGITS.index(ch)) if ch in _ZH_DIGITS else ch for ch in written)
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return value * 10 if len(digits) == 1 or "." in digits else value


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
