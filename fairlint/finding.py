r"""Findings: what a rule reports, and their severities.

A finding's text is made safe to print once, here (``visible``, applied where
the engine turns a rule's Violation into a Finding), for every output format:
control characters, line breaks and bidirectional overrides from a document
(a campaign's ``scripts:`` entry, a file name, a quoted message) are shown as
``\x1b``, ``\n`` or ``<U+202E>``, so no output line can be forged (a GitHub
``::error`` workflow command, a terminal's ``\e[2J``, text reversed in a review).
"""

from __future__ import annotations

import enum
from pathlib import Path

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


# Line and paragraph separators, and the bidirectional controls (embeddings, overrides, isolates,
# marks) that reorder what a reader sees; zero-width joiners stay: scripts such as Devanagari need them.
_INVISIBLE = "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufeff"
_SHOWN = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_VISIBLE = {
    **{code: f"\\x{code:02x}" for code in [*range(0x20), *range(0x7F, 0xA0)]},
    **{ord(ch): shown for ch, shown in _SHOWN.items()},
    **{ord(ch): f"<U+{ord(ch):04X}>" for ch in _INVISIBLE},
}


def visible(text: str) -> str:
    """``text`` on one line with every control, separator and bidi character spelled out."""
    return text.translate(_VISIBLE) if not text.isprintable() else text


def visible_path(path: str) -> str:
    """A path shown in a finding: ``visible``, and never starting a line with ``::`` (a GitHub
    workflow command) or a space: such a path gets ``./`` in front, which names the same file."""
    shown = visible(path)
    return "./" + shown if shown[:1].isspace() or shown.startswith(":") else shown


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
    # The file as the loader named it, for matching against paths (--diff, reports): ``path`` is
    # for people and may differ from it (see ``visible_path``).
    file: Path | None = attrs.field(default=None, order=False, eq=False, repr=False)
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
