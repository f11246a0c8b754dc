"""Sales scripts written as Markdown or plain text: ``Speaker: words`` turns.

A turn starts at a line ``Label: words`` (``：`` too, as written in Chinese);
following unlabelled or indented lines continue it. Labels may be several
words (``Sales rep:``) and are matched without regard to case; Markdown
emphasis (``**Rep:**``, ``**Rep**:``), a name in parentheses (``Rep (Sam):``)
and brackets instead of the colon (``[Rep] words``) do not change the
speaker. Headings, blank lines, HTML comments and Markdown tables (a table is
not a script) are not part of any turn.

A script the rules cannot read must not pass as clean (formats.md): one with
no seller turn, or with turns whose labels are neither seller nor customer
labels, is FL001 naming the labels seen and the setting that adds them.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from fairlint import model
from fairlint.i18n import T
from fairlint.lexicon.text import SHIPPED_WORD_CHAR
from fairlint.load import values
from fairlint.load.schema import Field, Reader
from fairlint.load.tree import Node, TreeError, yaml_documents
from fairlint.model import Location

# A label's letters may carry combining marks: Devanagari vowel signs are not \w ("बिक्रेता").
_EMPHASIS = r"(?:\*\*|__|\*|_)?"
_LABEL = rf"(?P<label>[^\W\d_](?:{SHIPPED_WORD_CHAR}|[.'’\-]| (?! )){{0,30}}?)"
_NAME = r"(?:\s*\((?P<name>[^()\n]{1,40})\))?"
_TURN = re.compile(
    rf"^(?P<indent>\s*(?:[-*+>]\s+)?{_EMPHASIS}){_LABEL}{_NAME}"
    rf"\s*{_EMPHASIS}\s*[:：](?!//)\s*{_EMPHASIS}\s*(?P<text>.*)$"
)
# "[Rep] words": the brackets replace the colon (not a Markdown link "[text](url)").
_BRACKET_TURN = re.compile(
    rf"^(?P<indent>\s*(?:[-*+>]\s+)?{_EMPHASIS}\[){_LABEL}{_NAME}\]{_EMPHASIS}(?!\()\s*[:：]?\s*(?P<text>.*)$"
)
_TABLE_ROW = re.compile(r"^\s*\|")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
_FRONT_FIELDS = {
    "kind": Field(values.read_text),
    "id": Field(values.read_text),
    "locale": Field(values.read_text),
    "products": Field(lambda v: [values.read_text(i.value if isinstance(i, Node) else i) for i in (v if isinstance(v, list) else [v])]),
}


def role_of(label: str, labels: dict[str, str]) -> str | None:
    return labels.get(" ".join(unicodedata.normalize("NFC", label.strip()).lower().split()))


def match_turn(line: str) -> re.Match | None:
    """The speaker label and words of a turn line, or None."""
    return _TURN.match(line) or _BRACKET_TURN.match(line)


def read_script(path: Path, text: str, labels: dict[str, str], reader: Reader) -> model.Script | None:
    """The script in ``text``, or None when the file is not a script.

    A file is a script when its front matter says ``kind: script`` or it has at
    least two turns by known speakers.
    """
    lines = text.splitlines()
    front: dict = {}
    front_locs: dict = {}
    body_start = 0
    declared = False
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            body_start = end + 1
            front_text = "\n" * 1 + "\n".join(lines[1:end])
            try:
                documents = list(yaml_documents(front_text))
            except TreeError as exc:
                reader.problem(Location(path, exc.line, exc.col), T("front matter: {problem}", problem=exc.text))
                documents = []
            if documents and documents[0].is_map:
                kind_node = documents[0].value.get("kind")
                declared = kind_node is not None and kind_node.value == "script"
                if declared:
                    read = reader.read_map(documents[0], _FRONT_FIELDS, "front matter")
                    if read:
                        front, front_locs = read
    turns: list[model.Turn] = []
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _COMMENT.match(line) or _TABLE_ROW.match(line):
            continue
        match = match_turn(line)
        role = role_of(match.group("label"), labels) if match else None
        if match and (role or _looks_like_label(match.group("label"))):
            turns.append(
                model.Turn(
                    Location(path, number, len(match.group("indent")) + 1),
                    speaker=match.group("label").strip(),
                    role=role,
                    text=match.group("text").strip(),
                )
            )
        elif turns:
            turns[-1].text = (turns[-1].text + " " + stripped).strip()
    known = sum(1 for t in turns if t.role)
    if not declared and known < 2:
        return None
    if not declared:  # found by its turns: an unknown label there may be a "Note:" line of the text
        turns = _fold_unknown(turns)
    _report_unreadable(path, turns, reader)
    front.pop("kind", None)
    return model.Script(
        Location(path, 1, 1),
        field_locs=front_locs,
        id=front.get("id") or path.stem,
        locale=front.get("locale"),
        products=front.get("products", []),
        turns=turns,
    )


def unknown_labels_hint(text: str, labels: dict[str, str]):
    """For a file that is not a script: the speaker-like labels it has that are not known, and the
    setting that adds them ("" when it has none), so "not a sales script" says why."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        match = match_turn(line)
        if match and not role_of(match.group("label"), labels) and _looks_like_label(match.group("label")):
            seen.setdefault(match.group("label").strip(), None)
    if not seen:
        return ""
    names = ", ".join(repr(label) for label in list(seen)[:5])
    return T("; its speaker labels {names} are neither seller nor customer labels: add them to seller-labels or "
             "customer-labels in the configuration (fairlint.toml: seller-labels = [\"{example}\"])",
             names=names, example=next(iter(seen)))


def _looks_like_label(label: str) -> bool:
    """A speaker label is a short name (up to three words), not the start of a sentence."""
    return len(label.split()) <= 3 and label[:1].isupper()


def _fold_unknown(turns: list[model.Turn]) -> list[model.Turn]:
    """Turns of a script found by its known speakers, with unknown-labelled lines kept as turns only
    when they look like a speaker taking part (two or more of them); a single "Note:" line joins the
    turn before it."""
    counts: dict[str, int] = {}
    for turn in turns:
        if turn.role is None:
            counts[turn.speaker.lower()] = counts.get(turn.speaker.lower(), 0) + 1
    kept: list[model.Turn] = []
    for turn in turns:
        if turn.role is None and counts[turn.speaker.lower()] < 2:
            if kept:
                kept[-1].text = f"{kept[-1].text} {turn.speaker}: {turn.text}".strip()
            continue
        kept.append(turn)
    return kept


def _report_unreadable(path: Path, turns: list[model.Turn], reader: Reader) -> None:
    """FL001 for a script whose seller or customer turns cannot be found (formats.md)."""
    unknown: dict[str, model.Turn] = {}
    for turn in turns:
        if turn.role is None:
            unknown.setdefault(turn.speaker.lower(), turn)
    has_seller = any(t.role == "seller" for t in turns)
    if not unknown and has_seller:
        return
    seen = ", ".join(repr(t.speaker) for t in unknown.values())
    example = next(iter(unknown.values())).speaker if unknown else "Host"
    setting = T("add them to seller-labels or customer-labels in the configuration "
                "(fairlint.toml: seller-labels = [\"{example}\"])", example=example)
    if unknown:
        first = min(unknown.values(), key=lambda t: t.loc.line)
        what = T("no seller turn is recognised") if not has_seller else T("some turns have labels fairlint does not know")
        reader.problem(
            first.loc,
            T("sales script: {what}: speaker labels {seen} are neither seller nor customer labels; {setting}",
              what=what, seen=seen, setting=setting),
        )
    else:
        where = turns[0].loc if turns else Location(path, 1, 1)
        labels = ", ".join(sorted({repr(t.speaker) for t in turns})) or "none"
        reader.problem(
            where,
            T("sales script: no seller turn is recognised (labels seen: {labels}); write seller turns as "
              "'Rep: words', or {setting}", labels=labels, setting=setting),
        )


def turn_from_node(reader: Reader, node: Node, index: int) -> model.Turn | None:
    """A turn in a YAML script: ``"Rep: words"`` or ``{speaker: Rep, text: words}``."""
    labels = reader.labels
    if isinstance(node.value, str):
        match = match_turn(node.value)
        if not match:
            reader.problem(node, T("turns[{index}]: expected 'Speaker: words', got {value}", index=str(index), value=values.describe(node.value)))
            return None
        speaker, text = match.group("label").strip(), match.group("text").strip()
        return model.Turn(reader.loc(node), speaker=speaker, role=role_of(speaker, labels), text=text)
    read = reader.read_map(
        node,
        {"speaker": Field(values.read_text, required=True), "text": Field(values.read_text, required=True)},
        f"turns[{index}]",
    )
    if read is None or len(read[0]) < 2:
        return None
    speaker = read[0]["speaker"].strip()
    return model.Turn(reader.loc(node), field_locs=read[1], speaker=speaker, role=role_of(speaker, labels), text=read[0]["text"])
