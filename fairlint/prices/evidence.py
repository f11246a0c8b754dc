"""What a price finding carries: the rows compared, the days, the window and its lowest price.

The price rules build these from the engine's result rows; the message, the SARIF
result, the baseline fingerprint (``key``) and the report's timeline are made from
them, never re-derived from the schedule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from fairlint.model import Location


def price_of(value) -> Decimal | None:
    """An engine's DECIMAL(18, 4) as the Decimal a user wrote: 39.0000 -> 39.00, 12.5000 -> 12.50."""
    if value is None:
        return None
    value = Decimal(value)
    two = value.quantize(Decimal("0.01"))
    return two if two == value else value.normalize()


@attrs.frozen
class RowRef:
    """One price row as the engine saw it, with where it is written."""

    loc: Location
    sku: str
    price: Decimal
    start: dt.date
    end: dt.date | None = None
    audience: str = "all"
    channel: str = ""
    announced: dt.date | None = None
    reference_price: Decimal | None = None

    @property
    def announced_on(self) -> dt.date:
        return self.announced or self.start

    def who(self) -> str:
        """"" for everyone in every channel, else " for new customers in web"."""
        who = "" if self.audience == "all" else f" for {self.audience} customers"
        return who + (f" in {self.channel}" if self.channel else "")


@attrs.frozen
class Drop:
    """FL201, a schedule row: the price in force drops to ``row.price`` on ``day`` after higher prices
    on ``full_days`` (the notice days before it on which customers paid ``higher``)."""

    row: RowRef
    day: dt.date
    higher: Decimal
    full_days: tuple[dt.date, ...]
    audiences: tuple[str, ...] = ()  # whose price in force dropped (a row for all may override targeted rows)

    @property
    def first_full(self) -> dt.date:
        return self.full_days[0]

    @property
    def key(self) -> str:
        return f"{self.row.sku}/{self.row.audience}/{self.row.channel}/{self.day}"


@attrs.frozen
class OfferDrop:
    """FL201, a campaign offer starting on ``day``: per SKU, the full-price days and prices before it
    (``paid``: (sku, day, price)); ``uncovered`` when no schedule prices its products for its audience."""

    offer_id: str
    loc: Location
    day: dt.date
    announced: dt.date | None
    first_full: dt.date
    paid: tuple[tuple[str, dt.date, Decimal], ...] = ()
    uncovered: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.offer_id


@attrs.frozen
class Reference:
    """FL202, a row: "was ``row.reference_price``" shown from ``day``; the reduction it belongs to
    started on ``reduction_start``, whose ``lookback`` days (``window``) had ``lowest`` as their
    lowest price in force (None: no price at all), set by ``lowest_row`` on ``lowest_day``."""

    row: RowRef
    day: dt.date
    reduction_start: dt.date
    window: tuple[dt.date, dt.date]
    lookback: int
    lowest: Decimal | None = None
    lowest_loc: Location | None = None
    lowest_day: dt.date | None = None

    @property
    def key(self) -> str:
        return f"{self.row.sku}/{self.row.audience}/{self.row.channel}/{self.day}"


@attrs.frozen
class MessageReference:
    """FL202, a message's "was X": the lowest prices per SKU in the window before the offer."""

    claim: str
    value: Decimal
    window: tuple[dt.date, dt.date]
    lowest: tuple[tuple[str, Decimal | None], ...]
    key: str = ""


@attrs.frozen
class Penalty:
    """FL103: existing customers pay ``existing.price`` while new ones pay ``new.price``, on ``days``
    days from ``first_day`` to ``last_day`` (``open_ended``: and on, both rows having no end)."""

    existing: RowRef
    new: RowRef
    first_day: dt.date
    last_day: dt.date
    days: int
    open_ended: bool = False

    @property
    def channel(self) -> str:
        return self.existing.channel or self.new.channel

    @property
    def key(self) -> str:
        return f"{self.existing.sku}/{self.channel}/{self.existing.start}/{self.new.start}"


@attrs.frozen
class Conflict:
    """FL204: ``row`` and the earlier-starting ``others`` of the same SKU, audience and channel
    overlap with different prices."""

    row: RowRef
    others: tuple[RowRef, ...]

    @property
    def key(self) -> str:
        return f"{self.row.sku}/{self.row.audience}/{self.row.channel}/{self.row.start}"
