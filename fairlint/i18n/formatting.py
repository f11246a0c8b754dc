"""Values in a message, written the way each language writes them (Babel, CLDR data).

English keeps fairlint's own plain forms ("12.5", "2027-03-12", "39.9"): the
English message is what tools match on and what baselines fingerprint.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

# How each language writes a day in running text (a Babel format or CLDR pattern); English: ISO 8601.
# ru and bg spell the day and month in two digits (12.03.2027), as shops there print dates.
DATE_FORMATS = {"af": "short", "zh": "long", "ne": "medium", "ru": "dd.MM.yyyy", "bg": "dd.MM.yyyy 'г'."}


@attrs.frozen
class Money:
    """An amount of money; ``currency`` an ISO 4217 code when known (``RUB`` → ``49,00 ₽`` in Russian)."""

    amount: Decimal
    currency: str = ""


def format_value(value, lang: str, spec: str = "") -> str:
    from fairlint.i18n import Text

    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, bool) or isinstance(value, str):
        return format(str(value), spec)
    if isinstance(value, Money):
        return _money(value, lang)
    if isinstance(value, (int, Decimal)):
        return _number(Decimal(value), lang, spec)
    if isinstance(value, dt.date):
        return _date(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v, lang) for v in value)
    return format(value, spec)


def _number(value: Decimal, lang: str, spec: str = "") -> str:
    """``spec`` ".2f" writes exactly two decimals (an amount of money: "30.00", "30,00")."""
    from fairlint.pricing import plain_number

    places = int(spec[1:-1]) if spec.startswith(".") and spec.endswith("f") and spec[1:-1].isdigit() else None
    if lang == "en":
        return plain_number(value) if places is None else format(value, spec)
    from babel.numbers import format_decimal

    if places is not None:
        return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0", locale=lang,
                              decimal_quantization=True)
    return format_decimal(value.quantize(Decimal("0.01")), format="#,##0.##", locale=lang)


def _money(value: Money, lang: str) -> str:
    from fairlint.pricing import plain_number

    if lang == "en":
        return plain_number(value.amount) + (f" {value.currency}" if value.currency else "")
    if not value.currency:
        return _number(value.amount, lang)
    from babel.numbers import format_currency

    return format_currency(value.amount, value.currency.upper(), locale=lang)


def _date(value: dt.date, lang: str) -> str:
    if lang == "en":
        return value.isoformat()
    from babel.dates import format_date

    return format_date(value, DATE_FORMATS.get(lang, "medium"), locale=lang)
