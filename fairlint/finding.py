"""Findings: what a rule reports, and their severities."""

from __future__ import annotations

import enum

import attrs

from fairlint.model import Location


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[str(text).upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


@attrs.frozen
class Violation:
    """What a rule's check yields: where, what is wrong and what to do.

    ``subject`` names what the finding is about (an offer id, a SKU and date, a
    turn number) so that a finding can be recognised when lines move.
    """

    loc: Location
    message: object  # a str, or a fairlint.i18n.Text: an English template and its values, translatable
    subject: str = ""
    # What the rule computed (typed, per rule: the rows compared, the days, the window...).
    # Reports, baselines and outputs read it instead of re-deriving it or parsing the message.
    evidence: object = None
    # The market's legal basis for this finding (fairlint.markets.cite); empty without a market.
    citations: tuple = ()


@attrs.frozen(order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    severity: Severity = attrs.field(order=False)
    name: str = attrs.field(order=False)
    message: str = attrs.field(order=False)
    subject: str = attrs.field(default="", order=False)
    evidence: object = attrs.field(default=None, order=False, eq=False, repr=False)
    # The reader's language (fairlint.i18n.assign) and the message in it; ``message`` stays English.
    lang: str = attrs.field(default="en", order=False, eq=False)
    text: object = attrs.field(default=None, order=False, eq=False, repr=False)  # the fairlint.i18n.Text, if any
    translated: str = attrs.field(default="", order=False, eq=False, repr=False)
    citations: tuple = attrs.field(default=(), order=False, eq=False, repr=False)

    @property
    def local_message(self) -> str:
        """The message in the reader's language (English when it has no translation)."""
        return self.translated or self.message

    def to_dict(self) -> dict:
        extra = {"lang": self.lang, "translated_message": self.local_message}
        if self.citations:
            extra["citations"] = [c.to_dict() for c in self.citations]
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.col,
            **extra,
        }
