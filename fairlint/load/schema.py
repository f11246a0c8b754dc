"""The document schema: from a positioned tree to model objects, every problem at its line.

Each kind is a table of fields (how to read each, whether it is required);
reading a mapping reports unknown fields (with a "did you mean"), missing
required fields and wrong types, and keeps going so that one bad field does not
hide the next.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import attrs

from fairlint import model
from fairlint.load import values
from fairlint.load.hours import parse_hours
from fairlint.load.tree import Node
from fairlint.model import Location

KINDS = (
    "campaign",
    "price-schedule",
    "commission-plan",
    "contact-plan",
    "return-policy",
    "complaint-policy",
    "script",
)


@attrs.define
class Problem:
    """A schema problem: becomes an FL001 finding."""

    loc: Location
    message: str


@attrs.frozen
class Field:
    read: Callable[[Any], Any]
    required: bool = False
    nested: bool = False  # ``read`` takes the Node itself (lists/maps of objects)


class Reader:
    """Reads the documents of one file, collecting problems."""

    def __init__(self, path: Path, labels: dict[str, str] | None = None):
        self.path = path
        self.labels = labels or {}  # speaker label (lower case) -> "seller" | "customer"
        self.problems: list[Problem] = []
        self.eligibility_locs: dict[str, Location] = {}

    def loc(self, node: Node) -> Location:
        return Location(self.path, node.line, node.col)

    def problem(self, node_or_loc: Node | Location, message: str) -> None:
        loc = node_or_loc if isinstance(node_or_loc, Location) else self.loc(node_or_loc)
        self.problems.append(Problem(loc, message))

    # -- generic mapping reader -----------------------------------------------------------

    def read_map(self, node: Node, fields: dict[str, Field], what: str) -> tuple[dict, dict] | None:
        """Read ``node`` as a mapping of ``fields``; returns (values, field locations)."""
        if not node.is_map:
            self.problem(node, f"{what}: expected a mapping of fields, got {values.describe(node.plain())}")
            return None
        for name, line, col in node.duplicate_keys:
            self.problem(Location(self.path, line, col), f"{what}: field {name!r} is given twice; keep one")
        result: dict[str, Any] = {}
        locs: dict[str, Location] = {}
        for name, child in node.value.items():
            key_line, key_col = node.key_positions.get(name, (child.line, child.col))
            if name not in fields:
                hint = difflib.get_close_matches(name, list(fields), n=1)
                suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; known fields: {', '.join(fields)}"
                self.problem(Location(self.path, key_line, key_col), f"{what}: unknown field {name!r}{suggestion}")
                continue
            field = fields[name]
            locs[name] = Location(self.path, key_line, key_col)
            if not field.required and (child.value is None or (child.value == "" and not field.nested)):
                continue  # not given (an empty value, as an empty CSV cell, means the same)
            try:
                result[name] = field.read(child) if field.nested else field.read(_value(child))
            except values.BadValue as exc:
                self.problem(child, f"{what}.{name}: {exc}")
        for name, field in fields.items():
            if field.required and name not in node.value:
                self.problem(node, f"{what}: required field {name!r} is missing")
            elif field.required and name in node.value and node.value[name].value is None:
                self.problem(node.value[name], f"{what}: required field {name!r} is empty")
        return result, locs

    def read_list(self, node: Node, read_item: Callable[[Node, int], Any], what: str) -> list:
        if not node.is_list:
            self.problem(node, f"{what}: expected a list, got {values.describe(node.plain())}")
            return []
        items = []
        for index, child in enumerate(node.value):
            item = read_item(child, index)
            if item is not None:
                items.append(item)
        return items

    # -- kinds ---------------------------------------------------------------------------

    def document(self, node: Node) -> model.Document | None:
        kind = node.value.get("kind").value
        reader = {
            "campaign": self.campaign,
            "price-schedule": self.price_schedule,
            "commission-plan": self.commission_plan,
            "contact-plan": self.contact_plan,
            "return-policy": self.return_policy,
            "complaint-policy": self.complaint_policy,
            "script": self.script,
        }[kind]
        return reader(node)

    def campaign(self, node: Node) -> model.Campaign | None:
        fields = {
            "kind": Field(values.read_text),
            "id": Field(values.read_text, required=True),
            "name": Field(values.read_text),
            "locale": Field(values.read_text),
            "starts": Field(values.read_date),
            "ends": Field(values.read_date),
            "terms": Field(lambda n: self.text_map(n, "campaign.terms"), nested=True),
            "commitments": Field(lambda n: self.number_map(n, "campaign.commitments"), nested=True),
            "disclose_upcoming_sales": Field(values.read_bool),
            "offers": Field(lambda n: self.read_list(n, self.offer, "campaign.offers"), nested=True),
            "messages": Field(lambda n: self.read_list(n, self.message, "campaign.messages"), nested=True),
            "scripts": Field(self.text_list),
            "prices": Field(values.read_text),
            "sector": Field(values.read_text),  # e.g. insurance: market profiles cite sector law (markets.py)
        }
        read = self.read_map(node, fields, "campaign")
        if read is None:
            return None
        data, locs = read
        data.pop("kind", None)
        campaign = model.Campaign(self.loc(node), field_locs=locs, **{k: v for k, v in data.items()})
        self.check_order(campaign, "starts", "ends", "campaign")
        self.check_unique(campaign.offers, "offer")
        self.check_unique(campaign.messages, "message")
        for offer in campaign.offers:
            offer.campaign = campaign
            offer.starts = offer.starts or campaign.starts
            offer.ends = offer.ends or campaign.ends
            self.check_order(offer, "starts", "ends", f"offer {offer.id!r}")
        for message in campaign.messages:
            message.campaign = campaign
        return campaign

    def offer(self, node: Node, index: int) -> model.Offer | None:
        fields = {
            "id": Field(values.read_text, required=True),
            "audience": Field(lambda v: values.read_choice(v, model.AUDIENCES)),
            "type": Field(lambda v: values.read_choice(v, model.OFFER_TYPES)),
            "value": Field(values.read_percent_or_number),
            "products": Field(self.text_list),
            "starts": Field(values.read_date),
            "ends": Field(values.read_date),
            "announced": Field(values.read_date),
            "eligibility": Field(lambda n: self.eligibility(n), nested=True),
        }
        what = f"offers[{index}]"
        read = self.read_map(node, fields, what)
        if read is None:
            return None
        data, locs = read
        if "eligibility" in data:
            locs.update({f"eligibility.{k}": v for k, v in self.eligibility_locs.items()})
        offer_type = data.get("type", "percent-off")
        number, had_percent_sign = data.pop("value", (None, False))
        if number is None and offer_type in ("percent-off", "amount-off", "fixed-price"):
            if "value" not in node.value or node.value["value"].value is None:
                self.problem(node, f"{what}: a {offer_type} offer needs a 'value'")
        elif number is not None:
            if had_percent_sign and offer_type != "percent-off":
                self.problem(locs["value"], f"{what}.value: a percent sign only fits a percent-off offer, this is {offer_type}")
            if offer_type == "percent-off" and number > 100:
                self.problem(locs["value"], f"{what}.value: a discount of {number}% is more than 100%")
        return model.Offer(self.loc(node), field_locs=locs, value=number, **data)

    def eligibility(self, node: Node) -> dict:
        read = self.read_map(
            node,
            {"include": Field(lambda n: n.plain(), nested=True), "exclude": Field(lambda n: n.plain(), nested=True)},
            "eligibility",
        )
        if read is None:
            return {}
        data, locs = read
        for name, value in data.items():
            if not isinstance(value, dict):
                self.problem(locs[name], f"eligibility.{name}: expected a mapping of customer attributes, such as {{age: '<25'}}")
        locs.update(self.key_locs(node, "include") | self.key_locs(node, "exclude"))  # "exclude.age" -> its line
        self.eligibility_locs = locs
        return {k: v for k, v in data.items() if isinstance(v, dict)}

    def message(self, node: Node, index: int) -> model.Message | None:
        fields = {
            "id": Field(values.read_text, required=True),
            "channel": Field(lambda v: values.read_choice(v, model.CHANNELS)),
            "send_at": Field(values.read_date),
            "offers": Field(self.text_list),
            "text": Field(values.read_text, required=True),
        }
        read = self.read_map(node, fields, f"messages[{index}]")
        if read is None:
            return None
        data, locs = read
        text = node.value.get("text")
        if text is not None and isinstance(text.value, str):
            key_col = node.key_positions.get("text", (text.line, text.col))[1]
            if text.style == "|":  # the words start on the line after the indicator, indented
                origin = Location(self.path, text.line + 1, key_col + 2)
            else:  # a quoted scalar's words start after the quote
                origin = Location(self.path, text.line, text.col + (1 if text.style in ("'", '"') else 0))
            data["text_origin"], data["text_keeps_lines"] = origin, text.style == "|"
            data["text_lines"] = text.line_starts
        return model.Message(self.loc(node), field_locs=locs, **data)

    def price_schedule(self, node: Node) -> model.PriceSchedule | None:
        fields = {
            "kind": Field(values.read_text),
            "id": Field(values.read_text),
            "currency": Field(values.read_text),
            "sector": Field(values.read_text),  # e.g. insurance: market profiles cite sector law (markets.py)
            "rows": Field(lambda n: self.read_list(n, self.price_row, "rows"), nested=True, required=True),
        }
        read = self.read_map(node, fields, "price-schedule")
        if read is None:
            return None
        data, locs = read
        data.pop("kind", None)
        schedule = model.PriceSchedule(self.loc(node), field_locs=locs, **data)
        schedule.id = schedule.id or self.path.stem
        for row in schedule.rows:
            row.schedule = schedule
            row.currency = row.currency or schedule.currency
        return schedule

    def price_row(self, node: Node, index: int) -> model.PriceRow | None:
        read = self.read_map(node, ROW_FIELDS, f"rows[{index}]")
        if read is None:
            return None
        data, locs = read
        if "price" not in data or "start" not in data or "sku" not in data:
            return None  # already reported as missing or malformed
        row = model.PriceRow(self.loc(node), field_locs=locs, **data)
        self.check_order(row, "start", "end", f"rows[{index}]")
        return row

    def commission_plan(self, node: Node) -> model.CommissionPlan | None:
        fields = {
            "kind": Field(values.read_text),
            "id": Field(values.read_text, required=True),
            "rates": Field(lambda n: self.number_map(n, "commission-plan.rates"), nested=True, required=True),
            "account_rotation_months": Field(values.read_decimal),
        }
        plan = self.simple(node, fields, "commission-plan", model.CommissionPlan)
        if plan is not None:
            plan.field_locs.update(self.key_locs(node, "rates"))  # "rates.new-customer" -> its line
        return plan

    def contact_plan(self, node: Node) -> model.ContactPlan | None:
        fields = {
            "kind": Field(values.read_text),
            "id": Field(values.read_text, required=True),
            "audience": Field(lambda v: values.read_choice(v, model.AUDIENCES)),
            "touchpoints": Field(lambda n: self.read_list(n, self.touchpoint, "touchpoints"), nested=True, required=True),
        }
        return self.simple(node, fields, "contact-plan", model.ContactPlan)

    def touchpoint(self, node: Node, index: int) -> model.Touchpoint | None:
        fields = {"day": Field(values.read_int, required=True), "type": Field(values.read_text)}
        read = self.read_map(node, fields, f"touchpoints[{index}]")
        if read is None or "day" not in read[0]:
            return None
        return model.Touchpoint(self.loc(node), field_locs=read[1], **read[0])

    def return_policy(self, node: Node) -> model.ReturnPolicy | None:
        fields = {
            "kind": Field(values.read_text),
            "id": Field(values.read_text, required=True),
            "window_days": Field(values.read_int),
            "hours": Field(self.opening_hours),
            "receipt_required": Field(values.read_bool),
            "alternatives_to_receipt": Field(self.text_list),
            "restocking_fee": Field(self.fee),
            "refund": Field(lambda v: values.read_choice(v, model.REFUND_KINDS)),
        }
        return self.simple(node, fields, "return-policy", model.ReturnPolicy)

    def opening_hours(self, value: Any) -> str:
        """The ``hours`` text, once it is known to parse ("Mon-Fri 09:00-17:30; Sat 10:00-14:00")."""
        text = values.read_text(value)
        parse_hours(text)
        return text

    def fee(self, value: Any) -> str:
        if isinstance(value, str) and not value.strip().endswith("%"):
            from fairlint.lexicon.amounts import find_amounts

            amounts = find_amounts(value)
            if len(amounts) == 1 and amounts[0].end - amounts[0].start == len(value.strip()):
                return str(amounts[0].value)  # "$10", "R50", "10 EUR"
        number, is_percent = values.read_percent_or_number(value)
        return f"{number}%" if is_percent else str(number)

    def complaint_policy(self, node: Node) -> model.ComplaintPolicy | None:
        fields = {
            "kind": Field(values.read_text),
            "id": Field(values.read_text, required=True),
            "first_response_hours": Field(values.read_decimal),
            "staff_discretion": Field(values.read_bool),
            "steps": Field(self.text_list),
        }
        return self.simple(node, fields, "complaint-policy", model.ComplaintPolicy)

    def script(self, node: Node) -> model.Script | None:
        from fairlint.load.script import turn_from_node

        fields = {
            "kind": Field(values.read_text),
            "id": Field(values.read_text),
            "locale": Field(values.read_text),
            "products": Field(self.text_list),
            "turns": Field(lambda n: self.read_list(n, lambda c, i: turn_from_node(self, c, i), "turns"), nested=True, required=True),
        }
        script = self.simple(node, fields, "script", model.Script)
        if script is not None:
            script.id = script.id or self.path.stem
        return script

    def simple(self, node: Node, fields: dict[str, Field], what: str, cls: type) -> Any:
        read = self.read_map(node, fields, what)
        if read is None:
            return None
        data, locs = read
        data.pop("kind", None)
        return cls(self.loc(node), field_locs=locs, **data)

    # -- field helpers -------------------------------------------------------------------

    def key_locs(self, node: Node, field: str) -> dict[str, Location]:
        """Locations of the keys of the mapping under ``field``, named "field.key"."""
        child = node.value.get(field) if node.is_map else None
        if child is None or not child.is_map:
            return {}
        return {f"{field}.{key}": Location(self.path, line, col) for key, (line, col) in child.key_positions.items()}

    def text_list(self, value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            raise values.BadValue(f"expected a list of text, got {values.describe(value)}")
        return [values.read_text(item.value if isinstance(item, Node) else item) for item in value]

    def text_map(self, node: Node, what: str) -> dict[str, str]:
        if not node.is_map:
            raise values.BadValue(f"expected a mapping such as {{returns: '30 days'}}, got {values.describe(node.plain())}")
        result = {}
        for key, child in node.value.items():
            if child.value is None:
                continue  # an empty term is a missing term (FL303 says so)
            try:
                result[key] = values.read_text(_value(child))
            except values.BadValue as exc:
                self.problem(child, f"{what}.{key}: {exc}")
        return result

    def number_map(self, node: Node, what: str) -> dict[str, Decimal]:
        if not node.is_map:
            raise values.BadValue(f"expected a mapping of names to numbers, got {values.describe(node.plain())}")
        result = {}
        for key, child in node.value.items():
            if child.value is None:
                continue
            try:
                result[key] = values.read_percent_or_number(_value(child))[0]  # "8%" or 8
            except values.BadValue as exc:
                self.problem(child, f"{what}.{key}: {exc}")
        return result

    def check_order(self, obj: model.Located, start: str, end: str, what: str) -> None:
        first, last = getattr(obj, start), getattr(obj, end)
        if first is not None and last is not None and last < first:
            self.problem(obj.at(end), f"{what}: {end} {last} is before {start} {first}; swap or correct the dates")

    def check_unique(self, items: list, what: str) -> None:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                self.problem(item.at("id"), f"{what} id {item.id!r} is used twice in this campaign; give each {what} its own id")
            seen.add(item.id)


ROW_FIELDS = {
    "sku": Field(values.read_text, required=True),
    "price": Field(lambda v: values.read_decimal(v, what="price"), required=True),
    "start": Field(values.read_date, required=True),
    "end": Field(values.read_date),
    "audience": Field(lambda v: values.read_choice(v, model.AUDIENCES)),
    "channel": Field(values.read_text),
    "currency": Field(values.read_text),
    "announced": Field(values.read_date),
    "reference_price": Field(lambda v: values.read_decimal(v, what="price")),
    "note": Field(values.read_text),
}


def _value(node: Node) -> Any:
    """A node's value for a reader: plain data for maps and lists, so that a wrong type is
    reported with the value as written ("got ['a', 'b']"), not with the tree's own objects."""
    return node.plain() if isinstance(node.value, (dict, list)) else node.value


def kind_hint(kind: str) -> str | None:
    """The fairlint kind a misspelt ``kind`` most likely meant, if any."""
    matches = difflib.get_close_matches(kind.strip().lower(), KINDS, n=1, cutoff=0.75)
    return matches[0] if matches else None
