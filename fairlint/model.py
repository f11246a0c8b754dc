"""The data model: every document fairlint reads, each object knowing where it came from.

Loaders build these from YAML, JSON, TOML, CSV and Markdown; rules only ever see
these classes, never raw parsed data. Prices are ``Decimal``; dates are ``date``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from fnmatch import fnmatchcase
from pathlib import Path

import attrs

AUDIENCES = ("new", "existing", "lapsed", "all")
OFFER_TYPES = ("percent-off", "amount-off", "fixed-price", "free-shipping", "gift")
# formats.md's channels, and the common ones a contact plan or message names (issue 11)
CHANNELS = ("email", "sms", "web", "store", "social", "ad", "push", "app", "whatsapp", "letter", "phone")
REFUND_KINDS = ("money", "store-credit", "exchange")


@attrs.frozen(order=True)
class Location:
    """A position in a file: 1-based line and column."""

    path: Path
    line: int = 1
    col: int = 1
    sheet: str = ""  # the sheet of a workbook (.xlsx); ``line`` is then the sheet's row

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@attrs.define
class Located:
    """Base for model objects: where the object starts and where each field is."""

    loc: Location
    field_locs: dict[str, Location] = attrs.field(factory=dict, kw_only=True)

    def at(self, field: str) -> Location:
        """The location of ``field``, or of the object when the field is absent."""
        return self.field_locs.get(field, self.loc)


@attrs.define
class Offer(Located):
    id: str = ""
    audience: str = "all"
    type: str = "percent-off"
    value: Decimal | None = None
    products: list[str] = attrs.field(factory=lambda: ["*"])
    starts: dt.date | None = None
    ends: dt.date | None = None
    announced: dt.date | None = None
    eligibility: dict = attrs.field(factory=dict)
    campaign: Campaign | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def announced_on(self) -> dt.date | None:
        """When customers could first know of the offer: ``announced``, else its start."""
        return self.announced or self.starts

    def covers(self, sku: str) -> bool:
        return any(fnmatchcase(sku, pattern) for pattern in self.products)

    def is_active(self, day: dt.date) -> bool:
        return (self.starts is None or self.starts <= day) and (self.ends is None or day <= self.ends)


@attrs.define
class Message(Located):
    id: str = ""
    channel: str | None = None
    send_at: dt.date | None = None
    offers: list[str] = attrs.field(factory=list)
    text: str = ""
    # Where the text's first character is, and whether its lines are the file's lines
    # (a YAML ``|`` block): then a phrase in the text can be reported at its own line.
    text_origin: Location | None = None
    text_keeps_lines: bool = False
    # A text folded from several source lines (plain, quoted or ">"): (offset, line, column) where
    # each line's words start (fairlint.load.tree.Node.line_starts).
    text_lines: tuple = ()
    file: str | None = None  # the file the text was read from (``file:``), relative to the campaign
    campaign: Campaign | None = attrs.field(default=None, repr=False, eq=False)

    def text_at(self, offset: int) -> Location:
        """The location of character ``offset`` of ``text`` (the ``text:`` line when unknown)."""
        if self.text_origin is None:
            return self.at("text")
        if self.text_lines:
            index = bisect.bisect_right(self.text_lines, (offset, 1 << 62, 0)) - 1
            if index >= 0:
                start, line, col = self.text_lines[index]
                return Location(self.text_origin.path, line, col + offset - start)
        if not self.text_keeps_lines:
            return self.text_origin if "\n" in self.text else attrs.evolve(self.text_origin, col=self.text_origin.col + offset)
        line_start = self.text.rfind("\n", 0, offset) + 1
        return Location(
            self.text_origin.path,
            self.text_origin.line + self.text.count("\n", 0, offset),
            self.text_origin.col + offset - line_start,
        )


@attrs.define
class Campaign(Located):
    id: str = ""
    name: str | None = None
    locale: str | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    terms: dict[str, str] = attrs.field(factory=dict)
    commitments: dict[str, Decimal] = attrs.field(factory=dict)
    disclose_upcoming_sales: bool = False
    offers: list[Offer] = attrs.field(factory=list)
    messages: list[Message] = attrs.field(factory=list)
    scripts: list[str] = attrs.field(factory=list)
    prices: str | None = None
    messages_file: str | None = None  # a CSV of messages (SMS and push exports)
    sector: str | None = None  # "insurance": a market profile may cite sector law (fairlint.markets)

    def offer(self, offer_id: str) -> Offer | None:
        return next((o for o in self.offers if o.id == offer_id), None)


@attrs.define
class PriceRow(Located):
    sku: str = ""
    price: Decimal = Decimal(0)
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive; None = open-ended
    audience: str = "all"
    channel: str = ""
    currency: str = ""
    announced: dt.date | None = None
    reference_price: Decimal | None = None
    note: str = ""
    schedule: PriceSchedule | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def announced_on(self) -> dt.date | None:
        return self.announced or self.start

    def is_active(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@attrs.define
class PriceSchedule(Located):
    id: str = ""
    currency: str = ""
    sector: str | None = None  # as Campaign.sector; CSV and feed files take the configuration's
    rows: list[PriceRow] = attrs.field(factory=list)
    # Where the rows came from: "schedule" (fairlint's CSV/YAML), "parquet", "merchant-center",
    # "woocommerce", "shopify", "xlsx"... Rules never depend on it; messages and --verbose may.
    source: str = "schedule"
    # For a snapshot history: the first day it knows of. Days before it are unknown, not unsold.
    history_start: dt.date | None = None
    # A file the price engine reads itself (a big CSV, a Parquet file): its rows are not in ``rows``
    # (fairlint/prices/store.py). ``stream_kind`` is "csv" or "parquet".
    stream: Path | None = None
    stream_kind: str = ""
    # A snapshot's day: the ISO date in the name of an export or feed file. Dated files of the same
    # source in one folder form a history (fairlint.load.snapshots).
    day: dt.date | None = None


@attrs.define
class MessageFile(Located):
    """Messages read from a file a campaign links to: an email or text (``file:``), or a CSV of
    messages (``messages_file:``). The campaign's messages take their text from it."""

    messages: list[Message] = attrs.field(factory=list)


@attrs.define
class Turn(Located):
    speaker: str = ""
    role: str | None = None  # "seller", "customer" or None for an unknown label
    text: str = ""


@attrs.define
class Script(Located):
    id: str = ""
    locale: str | None = None
    products: list[str] = attrs.field(factory=list)
    turns: list[Turn] = attrs.field(factory=list)

    @property
    def seller_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.role == "seller"]

    def covers(self, sku: str) -> bool:
        """A script without ``products`` is about every product."""
        return not self.products or any(fnmatchcase(sku, p) for p in self.products)


@attrs.define
class CommissionPlan(Located):
    id: str = ""
    rates: dict[str, Decimal] = attrs.field(factory=dict)
    account_rotation_months: Decimal | None = None


@attrs.define
class Touchpoint(Located):
    day: int = 0
    type: str = ""


@attrs.define
class ContactPlan(Located):
    id: str = ""
    audience: str = "existing"
    touchpoints: list[Touchpoint] = attrs.field(factory=list)


@attrs.define
class ReturnPolicy(Located):
    id: str = ""
    window_days: int | None = None
    hours: str | None = None
    receipt_required: bool = False
    alternatives_to_receipt: list[str] = attrs.field(factory=list)
    restocking_fee: str | None = None
    refund: str | None = None


@attrs.define
class ComplaintPolicy(Located):
    id: str = ""
    first_response_hours: Decimal | None = None
    staff_discretion: bool | None = None
    steps: list[str] = attrs.field(factory=list)


Document = (
    Campaign | PriceSchedule | Script | CommissionPlan | ContactPlan | ReturnPolicy | ComplaintPolicy
)
