"""Reading single values: dates, money, percentages, booleans.

Each reader takes the raw value (text from CSV, or a scalar from YAML/JSON/TOML)
and returns the typed value or raises ``BadValue`` with what was expected, so
that every loader reports the same problem in the same words.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from fairlint.cache import regex
from fairlint.i18n import T, _


class BadValue(ValueError):
    """A value of the wrong shape; the message (a translatable ``Text``) says what was expected."""


def reason(exc: BadValue):
    """What a ``BadValue`` says, as a translatable message to put inside another one."""
    return exc.args[0] if exc.args else str(exc)


_ISO_DATE = regex(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_PLAIN_DATE = regex(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_DECIMAL = regex(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_DECIMAL_COMMA = regex(r"^[+-]?\d+,\d{1,2}$")


def describe(value: Any) -> str:
    """A short quoted rendering of a bad value for messages."""
    text = repr(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def read_date(value: Any) -> dt.date:
    """A date written ISO 8601; dateutil is the parser of record, ``YYYY-MM-DD`` takes a fast path."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise BadValue(T("expected an ISO 8601 date such as 2027-03-01, got {value}", value=describe(value)))
    text = value.strip()
    if _PLAIN_DATE.match(text):
        try:  # the same calendar check as dateutil's, a hundred times faster
            return dt.date.fromisoformat(text)
        except ValueError:
            raise BadValue(T("{text!r} is not a real calendar date", text=text)) from None
    if not _ISO_DATE.match(text):
        raise BadValue(T("expected an ISO 8601 date such as 2027-03-01, got {value}", value=describe(value)))
    from dateutil import parser as dateparser  # only for dates with a time: imported when first needed

    try:
        return dateparser.isoparse(text).date()
    except (ValueError, OverflowError):
        raise BadValue(T("{text!r} is not a real calendar date", text=text)) from None


def read_decimal(value: Any, *, allow_negative: bool = False, what: str = "number") -> Decimal:
    """An exact decimal; floats never reach here (loaders keep the written digits)."""
    if isinstance(value, bool) or value is None:
        raise BadValue(T(_EXPECTED[what], value=describe(value)))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):  # defensive: only hand-built data gets here
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if _DECIMAL_COMMA.match(text):
            raise BadValue(
                T("{text!r} uses a decimal comma; write {fixed!r} (a point separates decimals)",
                  text=text, fixed=text.replace(',', '.'))
            )
        if not _PLAIN_DECIMAL.match(text):
            raise BadValue(T(_EXPECTED[what], value=describe(value)))
        number = Decimal(text)
    else:
        raise BadValue(T(_EXPECTED[what], value=describe(value)))
    if not number.is_finite():
        raise BadValue(T(_FINITE[what], value=describe(value)))
    if abs(number) >= Decimal("1e15"):
        raise BadValue(T(_TOO_LARGE[what], number=str(number)))
    if number < 0 and not allow_negative:
        raise BadValue(T(_NEGATIVE[what], number=str(number)))
    return number


_MONEY = regex(
    r"^(?P<before>[^\d\s.,+-]{1,3}|[A-Za-z]{3})?\s*(?P<number>[+-]?[\d][\d.,' \u00a0\u202f]*)\s*(?P<after>[^\d\s.,]{1,3}|[A-Za-z]{3})?$"
)
# one whole sentence per kind of number, so that each language can word it (the msgids)
_EXPECTED = {"number": _("expected a number such as 49.00, got {value}"),
             "price": _("expected a price such as 49.00, got {value}"),
             "percentage": _("expected a percentage such as 49.00, got {value}")}
_FINITE = {"number": _("expected a finite number, got {value}"), "price": _("expected a finite price, got {value}"),
           "percentage": _("expected a finite percentage, got {value}")}
_TOO_LARGE = {"number": _("{number} is too large to be a number"), "price": _("{number} is too large to be a price"),
              "percentage": _("{number} is too large to be a percentage")}
_NEGATIVE = {"number": _("a number cannot be negative, got {number}"), "price": _("a price cannot be negative, got {number}"),
             "percentage": _("a percentage cannot be negative, got {number}")}
_THOUSANDS = {",": regex(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$"), ".": regex(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")}


def read_money(value: Any, *, decimal_comma: bool = False) -> Decimal:
    """A price as shops and spreadsheets write it: ``49.00``, ``15.00 EUR``, ``€12,50``, ``$1,299.00``,
    and in a file that uses decimal commas (``decimal_comma``) ``49,00`` and ``1.299,00``.

    A bare ``12,50`` in a file with decimal points stays an error: it may be a list.
    """
    if not isinstance(value, str) or _PLAIN_DECIMAL.match(value.strip()):
        return read_decimal(value, what="price")
    text = value.strip()
    match = _MONEY.match(text)
    if not match:
        return read_decimal(value, what="price")  # the usual message, with the decimal-comma hint
    number = re.sub(r"[' \u00a0\u202f]", "", match.group("number"))
    has_currency = bool(match.group("before") or match.group("after"))
    if "," in number and "." in number:  # the last one separates the decimals
        decimal_mark = "," if number.rfind(",") > number.rfind(".") else "."
    elif "," in number:
        decimal_mark = "," if (decimal_comma or has_currency) and not _THOUSANDS[","].match(number) else "."
        if decimal_mark == "." and not _THOUSANDS[","].match(number):
            return read_decimal(number, what="price")  # "12,50" in a file with decimal points
    elif "." in number and decimal_comma and _THOUSANDS["."].match(number):
        decimal_mark = ","  # 1.299 in a decimal-comma file is a thousand and more
    else:
        decimal_mark = "."
    thousands = "." if decimal_mark == "," else ","
    if decimal_mark == "," and number.count(",") > 1:
        raise BadValue(T("expected a price such as 49,00, got {value}", value=describe(value)))
    plain = number.replace(thousands, "").replace(decimal_mark, ".")
    return read_decimal(plain, what="price")


def read_exclusive_end(value: Any) -> dt.date:
    """An ``end`` written as the first day after the row (``end-exclusive = true``): the day before."""
    return read_date(value) - dt.timedelta(days=1)


def read_percent_or_number(value: Any) -> tuple[Decimal, bool]:
    """``20%`` or ``20`` → (Decimal(20), True/False for whether a percent sign was written)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return read_decimal(value.strip()[:-1], what="percentage"), True
    return read_decimal(value), False


def read_int(value: Any, *, minimum: int | None = 0) -> int:
    if isinstance(value, bool):
        raise BadValue(T("expected a whole number, got {value}", value=describe(value)))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        value = int(value.strip())
    if not isinstance(value, int):
        raise BadValue(T("expected a whole number, got {value}", value=describe(value)))
    if minimum is not None and value < minimum:
        raise BadValue(T("expected a whole number of at least {minimum}, got {value}", minimum=minimum, value=value))
    return value


def read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    raise BadValue(T("expected true or false, got {value}", value=describe(value)))


def read_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise BadValue(T("expected text, got {value}", value=describe(value)))


def read_choice(value: Any, choices: tuple[str, ...]) -> str:
    text = read_text(value).strip()
    if text not in choices:
        from difflib import get_close_matches

        folded = text.lower()  # "SMS": the right word in capitals
        hint = [folded] if folded in choices else get_close_matches(folded, choices, n=1)
        if hint:
            raise BadValue(T("expected one of {choices}, got {text!r} (did you mean {hint!r}?)",
                             choices=", ".join(choices), text=text, hint=hint[0]))
        raise BadValue(T("expected one of {choices}, got {text!r}", choices=", ".join(choices), text=text))
    return text
