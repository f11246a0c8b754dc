"""The document schema: from a positioned tree to model objects, every problem at its line.

Each kind is declared once, as a table of fields (how to read each, its type
for the docs, whether it is required) plus the checks that span fields; one
generic reader reads every kind from those tables. Reading a mapping reports
unknown fields (with a "did you mean"), missing required fields and wrong
types, and keeps going so that one bad field does not hide the next.
``KINDS`` is the one list of kinds; docs/formats.md's field tables are built
from the same declarations (``fairlint.docs``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import attrs

from fairlint import model
from fairlint.i18n import T, Text
from fairlint.load import values
from fairlint.load.hours import parse_hours
from fairlint.load.tree import Node
from fairlint.model import Location


@attrs.define
class Problem:
    """A schema problem: becomes an FL001 finding."""

    loc: Location
    message: str  # in English, as the finding's message (given a Text, its English rendering)
    text: Text | None = attrs.field(default=None, eq=False)  # the same message to translate

    def __attrs_post_init__(self):
        if isinstance(self.message, Text):
            self.text, self.message = self.message, str(self.message)

    @property
    def translatable(self) -> Text | str:
        return self.text if self.text is not None else self.message


@attrs.frozen
class Field:
    """How to read one field: ``read(value)``, or ``read(reader, node)`` when ``nested``."""

    read: Callable[..., Any]
    required: bool = False
    nested: bool = False  # ``read`` takes the reader and the Node itself (lists/maps of objects)
    type: str = "text"  # what the docs say the field holds
    doc: str = ""  # one line for the docs
    keys_located: bool = False  # the keys of the mapping under it get locations "field.key"


@attrs.frozen
class Part:
    """A kind of object: a top-level document kind or a part of one (an offer, a row).

    ``finish(reader, node, data, locs, what)`` checks what spans fields and returns
    the keyword arguments for ``cls`` (None: the object is dropped, already
    reported); ``after(reader, obj, what)`` links and checks the built object.
    """

    name: str
    cls: type | None  # None: the part is read into a plain dict
    fields: dict[str, Field]
    finish: Callable[..., dict | None] | None = None
    after: Callable[..., None] | None = None
    id_from_file: bool = False  # a document without ``id`` takes its file name


@attrs.frozen
class Grouped:
    """A group of fields read into a plain dict, with their locations (``eligibility``)."""

    value: dict
    locs: dict[str, Location]


# -- field types ---------------------------------------------------------------------------


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise values.BadValue(T("expected a list of text, got {value}", value=values.describe(value)))
    return [values.read_text(item.value if isinstance(item, Node) else item) for item in value]


def opening_hours(value: Any) -> str:
    """The ``hours`` text, once it is known to parse ("Mon-Fri 09:00-17:30; Sat 10:00-14:00")."""
    text = values.read_text(value)
    parse_hours(text)
    return text


def fee(value: Any) -> str:
    if isinstance(value, str) and not value.strip().endswith("%"):
        from fairlint.lexicon.amounts import find_amounts

        amounts = find_amounts(value)
        if len(amounts) == 1 and amounts[0].end - amounts[0].start == len(value.strip()):
            return str(amounts[0].value)  # "$10", "R50", "10 EUR"
    number, is_percent = values.read_percent_or_number(value)
    return f"{number}%" if is_percent else str(number)


def _price(value: Any) -> Decimal:
    return values.read_decimal(value, what="price")


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    return lambda value: values.read_choice(value, choices)


def text_map(reader: Reader, node: Node, what: str) -> dict[str, str]:
    if not node.is_map:
        raise values.BadValue(T("expected a mapping such as {example}, got {value}", example="{returns: '30 days'}", value=values.describe(node.plain())))
    result = {}
    for key, child in node.value.items():
        if child.value is None:
            continue  # an empty term is a missing term (FL303 says so)
        try:
            result[key] = values.read_text(_value(child))
        except values.BadValue as exc:
            reader.problem(child, T("{what}.{field}: {problem}", what=what, field=key, problem=values.reason(exc)))
    return result


def number_map(reader: Reader, node: Node, what: str) -> dict[str, Decimal]:
    if not node.is_map:
        raise values.BadValue(T("expected a mapping of names to numbers, got {value}", value=values.describe(node.plain())))
    result = {}
    for key, child in node.value.items():
        if child.value is None:
            continue
        try:
            result[key] = values.read_percent_or_number(_value(child))[0]  # "8%" or 8
        except values.BadValue as exc:
            reader.problem(child, T("{what}.{field}: {problem}", what=what, field=key, problem=values.reason(exc)))
    return result


def attributes(reader: Reader, node: Node) -> dict:
    """A mapping of customer attributes, such as {age: '<25'} (eligibility include/exclude)."""
    if not node.is_map:
        raise values.BadValue(T("expected a mapping of customer attributes, such as {example}", example="{age: '<25'}"))
    return node.plain()


def list_of(part: Part) -> Callable[[Reader, Node], list]:
    return lambda reader, node: reader.read_list(node, lambda child, i: reader.read_part(child, part, f"{part.name}[{i}]"), part.name)


def text_field(doc: str = "", required: bool = False) -> Field:
    return Field(values.read_text, required=required, doc=doc)


def date_field(doc: str = "", required: bool = False) -> Field:
    return Field(values.read_date, required=required, type="date", doc=doc)


def choice_field(choices: tuple[str, ...], doc: str = "") -> Field:
    return Field(_choice(choices), type=" \\| ".join(choices), doc=doc)


# -- the kinds -----------------------------------------------------------------------------


def _finish_offer(reader: Reader, node: Node, data: dict, locs: dict, what: str) -> dict:
    offer_type = data.get("type", "percent-off")
    number, had_percent_sign = data.pop("value", (None, False))
    if number is None and offer_type in ("percent-off", "amount-off", "fixed-price"):
        if "value" not in node.value or node.value["value"].value is None:
            reader.problem(node, T("{what}: a {type} offer needs a 'value'", what=what, type=offer_type))
    elif number is not None:
        if had_percent_sign and offer_type != "percent-off":
            reader.problem(locs["value"], T("{what}.value: a percent sign only fits a percent-off offer, this is {type}", what=what, type=offer_type))
        if offer_type == "percent-off" and number > 100:
            reader.problem(locs["value"], T("{what}.value: a discount of {number}% is more than 100%", what=what, number=str(number)))
    data["value"] = number
    return data


def _finish_message(reader: Reader, node: Node, data: dict, locs: dict, what: str) -> dict:
    has_text, has_file = "text" in node.value, "file" in node.value
    if has_text == has_file:
        reader.problem(node, T("{what}: required field 'text' is missing (or name a 'file': a .html, .eml, .txt or "
                               ".md file relative to the campaign)", what=what) if not has_text
                       else T("{what}: give 'text' or 'file', not both", what=what))
    elif has_text and node.value["text"].value is None:
        reader.problem(node.value["text"], T("{what}: required field {name!r} is empty", what=what, name="text"))
    text = node.value.get("text")
    if text is not None and isinstance(text.value, str):
        key_col = node.key_positions.get("text", (text.line, text.col))[1]
        if text.style == "|":  # the words start on the line after the indicator, indented
            origin = Location(reader.path, text.line + 1, key_col + 2)
        else:  # a quoted scalar's words start after the quote
            origin = Location(reader.path, text.line, text.col + (1 if text.style in ("'", '"') else 0))
        data["text_origin"], data["text_keeps_lines"] = origin, text.style == "|"
        data["text_lines"] = text.line_starts
    return data


def _after_campaign(reader: Reader, campaign: model.Campaign, what: str) -> None:
    reader.check_order(campaign, "starts", "ends", "campaign")
    reader.check_unique(campaign.offers, "offer")
    reader.check_unique(campaign.messages, "message")
    for offer in campaign.offers:
        offer.campaign = campaign
        offer.starts = offer.starts or campaign.starts
        offer.ends = offer.ends or campaign.ends
        reader.check_order(offer, "starts", "ends", f"offer {offer.id!r}")
    for message in campaign.messages:
        message.campaign = campaign


def _finish_row(reader: Reader, node: Node, data: dict, locs: dict, what: str) -> dict | None:
    if "price" not in data or "start" not in data or "sku" not in data:
        return None  # already reported as missing or malformed
    return data


def _after_row(reader: Reader, row: model.PriceRow, what: str) -> None:
    reader.check_order(row, "start", "end", what)


def _after_schedule(reader: Reader, schedule: model.PriceSchedule, what: str) -> None:
    for row in schedule.rows:
        row.schedule = schedule
        row.currency = row.currency or schedule.currency


def _finish_touchpoint(reader: Reader, node: Node, data: dict, locs: dict, what: str) -> dict | None:
    return data if "day" in data else None


def _turns(reader: Reader, node: Node) -> list:
    from fairlint.load.script import turn_from_node

    return reader.read_list(node, lambda child, i: turn_from_node(reader, child, i), "turns")


ELIGIBILITY = Part("eligibility", None, {
    "include": Field(attributes, nested=True, type="mapping", keys_located=True, doc="customer attributes let in"),
    "exclude": Field(attributes, nested=True, type="mapping", keys_located=True, doc="customer attributes left out"),
})

OFFER = Part("offers", model.Offer, {
    "id": text_field(required=True),
    "audience": choice_field(model.AUDIENCES, "who may take it (default all)"),
    "type": choice_field(model.OFFER_TYPES, "default percent-off"),
    "value": Field(values.read_percent_or_number, type="number or percent", doc="percent, amount or fixed price"),
    "products": Field(text_list, type="list of SKU globs", doc='default ["*"]'),
    "starts": date_field("default: the campaign's starts"),
    "ends": date_field("default: the campaign's ends"),
    "announced": date_field("when customers could first know; default starts"),
    "eligibility": Field(lambda reader, node: reader.read_group(node, ELIGIBILITY), nested=True, type="mapping",
                         doc="include/exclude by customer attribute"),
}, finish=_finish_offer)

MESSAGE = Part("messages", model.Message, {
    "id": text_field(required=True),
    "channel": choice_field(model.CHANNELS),
    "send_at": date_field(),
    "offers": Field(text_list, type="list of offer ids", doc="offers the message advertises"),
    "text": text_field("the words sent (or `file`)"),
    "file": text_field("a .html, .eml, .txt or .md file with the words, relative to the campaign"),
}, finish=_finish_message)

CAMPAIGN = Part("campaign", model.Campaign, {
    "kind": text_field(),
    "id": text_field(required=True),
    "name": text_field(),
    "locale": text_field(doc="en, af, zh, ne, ru, bg ..."),
    "starts": date_field(),
    "ends": date_field(),
    "terms": Field(lambda r, n: text_map(r, n, "campaign.terms"), nested=True, type="mapping of text"),
    "commitments": Field(lambda r, n: number_map(r, n, "campaign.commitments"), nested=True, type="mapping of numbers"),
    "disclose_upcoming_sales": Field(values.read_bool, type="true \\| false"),
    "offers": Field(list_of(OFFER), nested=True, type="list of offers"),
    "messages": Field(list_of(MESSAGE), nested=True, type="list of messages"),
    "messages_file": text_field("a CSV of messages (text, id, channel, send_at, offers)"),
    "scripts": Field(text_list, type="list of paths"),
    "prices": text_field("a price schedule or export, relative to the campaign"),
    "sector": text_field("e.g. insurance: market profiles cite sector law (fairlint.markets)"),
}, after=_after_campaign)

PRICE_ROW = Part("rows", model.PriceRow, {
    "sku": text_field(required=True),
    "price": Field(_price, required=True, type="money"),
    "start": date_field(required=True),
    "end": date_field("inclusive; empty = open-ended"),
    "audience": choice_field(model.AUDIENCES, "default all"),
    "channel": text_field("empty = every channel"),
    "currency": text_field(),
    "announced": date_field("when the price was made public; empty = start"),
    "reference_price": Field(_price, type="money", doc='a "was" price shown beside it'),
    "note": text_field(),
}, finish=_finish_row, after=_after_row)

PRICE_SCHEDULE = Part("price-schedule", model.PriceSchedule, {
    "kind": text_field(),
    "id": text_field(doc="default: the file name"),
    "currency": text_field(),
    "sector": text_field("e.g. insurance: market profiles cite sector law (fairlint.markets)"),
    "rows": Field(list_of(PRICE_ROW), nested=True, required=True, type="list of rows"),
}, after=_after_schedule, id_from_file=True)

COMMISSION_PLAN = Part("commission-plan", model.CommissionPlan, {
    "kind": text_field(),
    "id": text_field(required=True),
    "rates": Field(lambda r, n: number_map(r, n, "commission-plan.rates"), nested=True, required=True,
                   type="mapping of percents", keys_located=True),
    "account_rotation_months": Field(values.read_decimal, type="number"),
})

TOUCHPOINT = Part("touchpoints", model.Touchpoint, {
    "day": Field(values.read_int, required=True, type="whole number"),
    "type": text_field(),
}, finish=_finish_touchpoint)

CONTACT_PLAN = Part("contact-plan", model.ContactPlan, {
    "kind": text_field(),
    "id": text_field(required=True),
    "audience": choice_field(model.AUDIENCES),
    "touchpoints": Field(list_of(TOUCHPOINT), nested=True, required=True, type="list of {day, type}"),
})

RETURN_POLICY = Part("return-policy", model.ReturnPolicy, {
    "kind": text_field(),
    "id": text_field(required=True),
    "window_days": Field(values.read_int, type="whole number"),
    "hours": Field(opening_hours, type="opening hours", doc='"Mon-Fri 09:00-17:30; Sat 10:00-14:00"'),
    "receipt_required": Field(values.read_bool, type="true \\| false"),
    "alternatives_to_receipt": Field(text_list, type="list of text"),
    "restocking_fee": Field(fee, type="percent or money"),
    "refund": choice_field(model.REFUND_KINDS),
})

COMPLAINT_POLICY = Part("complaint-policy", model.ComplaintPolicy, {
    "kind": text_field(),
    "id": text_field(required=True),
    "first_response_hours": Field(values.read_decimal, type="number"),
    "staff_discretion": Field(values.read_bool, type="true \\| false"),
    "steps": Field(text_list, type="list of text"),
})

SCRIPT = Part("script", model.Script, {
    "kind": text_field(),
    "id": text_field(doc="default: the file name"),
    "locale": text_field(),
    "products": Field(text_list, type="list of SKU globs"),
    "turns": Field(_turns, nested=True, required=True, type="list of turns"),
}, id_from_file=True)

# The one list of document kinds, in the order the docs present them.
DOCUMENT_KINDS: dict[str, Part] = {part.name: part for part in (
    CAMPAIGN, PRICE_SCHEDULE, COMMISSION_PLAN, CONTACT_PLAN, RETURN_POLICY, COMPLAINT_POLICY, SCRIPT,
)}
KINDS = tuple(DOCUMENT_KINDS)
ROW_FIELDS = PRICE_ROW.fields


class Reader:
    """Reads the documents of one file, collecting problems."""

    def __init__(self, path: Path, labels: dict[str, str] | None = None):
        self.path = path
        self.labels = labels or {}  # speaker label (lower case) -> "seller" | "customer"
        self.problems: list[Problem] = []

    def loc(self, node: Node) -> Location:
        return Location(self.path, node.line, node.col)

    def problem(self, node_or_loc: Node | Location, message: Text | str) -> None:
        loc = node_or_loc if isinstance(node_or_loc, Location) else self.loc(node_or_loc)
        self.problems.append(Problem(loc, message))

    # -- the generic reader --------------------------------------------------------------

    def document(self, node: Node) -> model.Document | None:
        part = DOCUMENT_KINDS[node.value.get("kind").value]
        document = self.read_part(node, part, part.name)
        if document is not None and part.id_from_file:
            document.id = document.id or self.path.stem
        return document

    def read_part(self, node: Node, part: Part, what: str) -> Any:
        """One object of ``part`` from ``node``: its fields, its checks, its links."""
        read = self.read_map(node, part.fields, what)
        if read is None:
            return None
        data, locs = read
        data.pop("kind", None)
        if part.finish is not None:
            data = part.finish(self, node, data, locs, what)
            if data is None:
                return None
        obj = part.cls(self.loc(node), field_locs=locs, **data)
        if part.after is not None:
            part.after(self, obj, what)
        return obj

    def read_group(self, node: Node, part: Part) -> Grouped:
        """A mapping of ``part``'s fields as a plain dict, with their locations for the enclosing object."""
        read = self.read_map(node, part.fields, part.name)
        return Grouped({}, {}) if read is None else Grouped(*read)

    def read_map(self, node: Node, fields: dict[str, Field], what: str) -> tuple[dict, dict] | None:
        """Read ``node`` as a mapping of ``fields``; returns (values, field locations)."""
        if not node.is_map:
            self.problem(node, T("{what}: expected a mapping of fields, got {value}", what=what, value=values.describe(node.plain())))
            return None
        for name, line, col in node.duplicate_keys:
            self.problem(Location(self.path, line, col), T("{what}: field {name!r} is given twice; keep one", what=what, name=name))
        result: dict[str, Any] = {}
        locs: dict[str, Location] = {}
        for name, child in node.value.items():
            key_line, key_col = node.key_positions.get(name, (child.line, child.col))
            if name not in fields:
                import difflib

                hint = difflib.get_close_matches(name, list(fields), n=1)
                self.problem(Location(self.path, key_line, key_col),
                             T("{what}: unknown field {name!r}; did you mean {hint!r}?", what=what, name=name, hint=hint[0])
                             if hint else T("{what}: unknown field {name!r}; known fields: {fields}", what=what, name=name,
                                            fields=", ".join(fields)))
                continue
            field = fields[name]
            locs[name] = Location(self.path, key_line, key_col)
            if field.keys_located and child.is_map:  # "exclude.age", "rates.new-customer" -> their lines
                locs.update({f"{name}.{key}": Location(self.path, line, col) for key, (line, col) in child.key_positions.items()})
            if not field.required and (child.value is None or (child.value == "" and not field.nested)):
                continue  # not given (an empty value, as an empty CSV cell, means the same)
            try:
                value = field.read(self, child) if field.nested else field.read(_value(child))
            except values.BadValue as exc:
                self.problem(child, T("{what}.{field}: {problem}", what=what, field=name, problem=values.reason(exc)))
                continue
            if isinstance(value, Grouped):  # a group's field locations, named "group.field"
                locs.update({f"{name}.{key}": loc for key, loc in value.locs.items()})
                value = value.value
            result[name] = value
        for name, field in fields.items():
            if field.required and name not in node.value:
                self.problem(node, T("{what}: required field {name!r} is missing", what=what, name=name))
            elif field.required and name in node.value and node.value[name].value is None:
                self.problem(node.value[name], T("{what}: required field {name!r} is empty", what=what, name=name))
        return result, locs

    def read_list(self, node: Node, read_item: Callable[[Node, int], Any], what: str) -> list:
        if not node.is_list:
            self.problem(node, T("{what}: expected a list, got {value}", what=what, value=values.describe(node.plain())))
            return []
        items = []
        for index, child in enumerate(node.value):
            item = read_item(child, index)
            if item is not None:
                items.append(item)
        return items

    # -- checks across fields ------------------------------------------------------------

    def check_order(self, obj: model.Located, start: str, end: str, what: str) -> None:
        first, last = getattr(obj, start), getattr(obj, end)
        if first is not None and last is not None and last < first:
            self.problem(obj.at(end), T("{what}: {end} {last} is before {start} {first}; swap or correct the dates", what=what, end=end, last=last, start=start, first=first))

    def check_unique(self, items: list, what: str) -> None:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                self.problem(item.at("id"), T("{what} id {id!r} is used twice in this campaign; give each {what} its own id", what=what, id=item.id))
            seen.add(item.id)


def _value(node: Node) -> Any:
    """A node's value for a reader: plain data for maps and lists, so that a wrong type is
    reported with the value as written ("got ['a', 'b']"), not with the tree's own objects."""
    return node.plain() if isinstance(node.value, (dict, list)) else node.value


def kind_hint(kind: str) -> str | None:
    """The fairlint kind a misspelt ``kind`` most likely meant, if any."""
    import difflib

    matches = difflib.get_close_matches(kind.strip().lower(), KINDS, n=1, cutoff=0.75)
    return matches[0] if matches else None
