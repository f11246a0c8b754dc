"""A parsed structured document as a tree of positioned nodes.

YAML (and JSON, which PyYAML reads as YAML) is composed, never constructed: no
tag is ever executed, aliases are expanded under a node budget (a "billion
laughs" file is an error, not an out-of-memory), and every mapping, key and
value keeps the line and column it was written at.

Aliases are also counted by the size of what they expand to: a 1 MB anchored
string referenced 2,000 times is 2 GB of text for the rules to read, so a
document whose text expands past ``MAX_EXPANSION`` times the file's own size
(plus ``EXPANSION_ALLOWANCE``) is an error, found before anything is copied.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

import attrs
import yaml

from fairlint.cache import regex
from fairlint.i18n import T, _

MAX_NODES = 200_000
MAX_DEPTH = 200
MAX_EXPANSION = 10  # the text of the values may add up to ten times the file's own text ...
EXPANSION_ALLOWANCE = 1_048_576  # ... plus this many characters (short files with a few aliases)

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:value",
    # The other types of YAML's own repository (read as plain maps and lists); language-specific
    # tags such as !!python/object are not plain data and are refused, never constructed.
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:yaml",
}


class TreeError(Exception):
    """The file cannot be turned into a tree; ``line``/``col`` say where."""

    def __init__(self, message, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message = str(message)  # in English
        self.text = message  # translatable (a Text) where fairlint wrote the words
        self.line = line
        self.col = col


@attrs.define
class Node:
    """A value with its position. Mappings hold ``dict[str, Node]`` and keep key positions."""

    value: Any
    line: int
    col: int
    key_positions: dict[str, tuple[int, int]] = attrs.field(factory=dict)
    duplicate_keys: list[tuple[str, int, int]] = attrs.field(factory=list)
    style: str | None = None  # a YAML scalar's style: "|" keeps the text's lines as written
    # A scalar written over several lines in a style that folds them (plain, quoted, ">"): for each
    # source line, (offset in the value where its words start, line, column), so that a phrase found
    # in the value can be reported where it is written.
    line_starts: tuple[tuple[int, int, int], ...] = ()

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def plain(self) -> Any:
        """The value without positions (for error messages and free-form fields)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


# --- YAML ---------------------------------------------------------------------------------


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_FIRST_WORD = regex(r"[^\s\\\"']+")


def _line_starts(node: yaml.ScalarNode, lines: list[str]) -> tuple[tuple[int, int, int], ...]:
    """Each source line's first word, found in order in the folded value: (offset, line, column)."""
    value = node.value
    found = []
    position = 0
    first, last = node.start_mark.line, node.end_mark.line
    for number in range(first, min(last, len(lines) - 1) + 1):
        source = lines[number]
        if number == first:
            if node.style == ">":
                continue  # the indicator's line: the words start below it
            begin = node.start_mark.column + (1 if node.style in ("'", '"') else 0)
        else:
            if number == last and node.end_mark.column == 0:
                break  # the scalar ended at the line break before
            begin = len(source) - len(source.lstrip(" \t"))
        word = _FIRST_WORD.match(source, begin)
        if word is None or word.start() != begin:
            continue  # a blank line, or one starting with an escape: the line before still places it
        offset = value.find(word.group(), position)
        if offset < 0:
            continue
        found.append((offset, number + 1, begin + 1))
        position = offset + len(word.group())
    return tuple(found)


def _scalar_value(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    text = node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() in ("yes", "true", "on", "y")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if tag == "tag:yaml.org,2002:float":
        # Kept exact: a price written 19.99 must stay 19.99, never a binary float.
        try:
            value = Decimal(text.replace("_", ""))
        except InvalidOperation:
            return text  # .inf, .nan: left as text; the schema rejects them where a number is due
        return value
    return text  # str, timestamp (dates are parsed by the schema with dateutil), anything else


class _YamlConverter:
    def __init__(self, text: str = "", max_chars: int | None = None) -> None:
        self.count = 0
        self.chars = 0  # characters of scalar text produced so far, aliases counted at each use
        self.max_chars = max_chars
        self.text = text
        self._lines: list[str] | None = None

    def line_starts(self, node: yaml.ScalarNode) -> tuple[tuple[int, int, int], ...]:
        """Where each source line of a folded multi-line scalar starts in its value (see ``Node``)."""
        if node.style == "|" or node.end_mark.line <= node.start_mark.line or not self.text:
            return ()
        if self._lines is None:
            self._lines = self.text.split("\n")
        return _line_starts(node, self._lines)

    def convert(self, node: yaml.Node, depth: int = 0, active: frozenset = frozenset()) -> Node:
        self.count += 1
        line, col = _mark(node)
        if isinstance(node, yaml.ScalarNode) and self.max_chars is not None:
            self.chars += len(node.value)
            if self.chars > self.max_chars:
                raise TreeError(
                    T("the document's aliases expand it to more than {limit} characters of text "
                      "(ten times the file); fairlint stops reading it: write the values out, or use fewer aliases",
                      limit=f"{self.max_chars:,}"),
                    line,
                    col,
                )
        if self.count > MAX_NODES:
            raise TreeError(
                T("the document expands to more than {limit} values "
                  "(aliases referring to aliases?); fairlint stops reading it", limit=f"{MAX_NODES:,}"),
                line,
                col,
            )
        if depth > MAX_DEPTH:
            raise TreeError(T("the document is nested more than {depth} levels deep", depth=str(MAX_DEPTH)), line, col)
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise TreeError(
                T("unsupported YAML tag {tag!r}: fairlint reads plain data only; remove the tag", tag=tag), line, col
            )
        if id(node) in active:
            raise TreeError(T("a YAML alias refers to itself"), line, col)
        if isinstance(node, yaml.ScalarNode):
            return Node(_scalar_value(node), line, col, style=node.style, line_starts=self.line_starts(node))
        inner = active | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            return Node([self.convert(item, depth + 1, inner) for item in node.value], line, col)
        mapping: dict[str, Node] = {}
        result = Node(mapping, line, col)
        merged_keys: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.convert(value_node, depth + 1, inner)
                for source in merged.value if merged.is_list else [merged]:
                    if source.is_map:
                        for k, v in source.value.items():
                            if k not in mapping:
                                merged_keys.add(k)  # a key written in this mapping overrides it
                            mapping.setdefault(k, v)
                            result.key_positions.setdefault(k, source.key_positions.get(k, (v.line, v.col)))
                continue
            key = self.convert(key_node, depth + 1, inner)
            if isinstance(key.value, (dict, list)):
                raise TreeError(T("a mapping key must be a plain value"), key.line, key.col)
            name = str(key.value).lower() if isinstance(key.value, bool) else str(key.value)
            if name in mapping and name not in merged_keys:
                result.duplicate_keys.append((name, key.line, key.col))
            merged_keys.discard(name)
            mapping[name] = self.convert(value_node, depth + 1, inner)
            result.key_positions[name] = (key.line, key.col)
        return result


_HINTS = (  # what to do about the YAML errors people make most, in words a non-programmer can act on
    ("'\\t'", _("indent with spaces, not tabs")),
    ("expected <block end>", _("this line is indented differently from the lines above it")),
    ("mapping values are not allowed here", _("a value containing ': ' needs quotes around it")),
    ("could not find expected ':'", _("a 'field: value' line is missing its colon, or a quote is not closed")),
    ("found unexpected end of stream", _("a quote or bracket is not closed")),
)


def yaml_documents(text: str) -> Iterator[Node]:
    """Yield each document of a YAML stream; a syntax error raises TreeError after the good ones."""
    composed = _compose_with_libyaml(text)
    try:
        for document in composed if composed is not None else yaml.compose_all(text, Loader=yaml.SafeLoader):
            if document is None:
                continue
            yield _YamlConverter(text, len(text) * MAX_EXPANSION + EXPANSION_ALLOWANCE).convert(document)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        hint = next((advice for needle, advice in _HINTS if needle in problem), None)
        message = (T("YAML syntax error: {problem}: {advice}", problem=problem + context, advice=T(hint)) if hint
                   else T("YAML syntax error: {problem}", problem=problem + context))
        raise TreeError(message, line, col) from None
    except yaml.YAMLError as exc:
        raise TreeError(T("YAML error: {error}", error=str(exc))) from None
    except RecursionError:
        raise TreeError(T("the document is nested too deeply to read")) from None


# libyaml composes ten times faster than PyYAML's own reader and gives the same nodes at the same
# positions, except around a few constructs: tabs, byte order marks and unusual line breaks inside
# the text, flow mappings, empty flow values, tags, directives, reserved indicators, "?" keys or a
# "?" inside a flow sequence, document markers, a comment right after a block scalar's indicator.
# Text holding any of them is left to PyYAML, as is text that libyaml rejects, so that every error
# is PyYAML's, in its words at its position. (Checked on millions of random YAML-like texts, and by
# tests/test_properties.py.) libyaml's composer also recurses on the C stack, so deeply nested
# text is left to PyYAML, which stops at Python's recursion limit.
_LIBYAML = getattr(yaml, "CSafeLoader", None)
_NOT_FOR_LIBYAML = regex(
    r"[\t\r\x85\u2028\u2029\ufeff{}]|---|\.\.\.|:\s+[,}\]]|[|>][-+0-9]*#|^%|(?:^|(?<=[\s\[,]))[!?@`]",
    re.MULTILINE,
)
_LIBYAML_MAX_NESTING = 2_000
_LONG_LINE = regex(rf"[^\n]{{{_LIBYAML_MAX_NESTING}}}")


def _compose_with_libyaml(text: str) -> list | None:
    """The documents' nodes from libyaml, or None when PyYAML is to read the text."""
    if _LIBYAML is None or _NOT_FOR_LIBYAML.search(text) or not _shallow(text):
        return None
    try:
        documents = list(yaml.compose_all(text, Loader=_LIBYAML))
    except yaml.YAMLError:
        return None
    return None if _question_in_flow(text, documents) else documents


def _question_in_flow(text: str, documents: list) -> bool:
    """Whether a "?" is inside a flow sequence ("[...]") of the composed ``documents``: there libyaml
    and PyYAML disagree ("[a?]", "[?]"). A "?" elsewhere (a question in a message) leaves libyaml
    its text; libyaml's marks count lines and characters as Python does (no CR here, see above)."""
    if "?" not in text or "[" not in text:
        return False
    starts = None
    pending, seen = [d for d in documents if d is not None], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:  # an alias: its node is walked once
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            continue
        if node.flow_style:
            if starts is None:
                starts = [0]
                while (newline := text.find("\n", starts[-1])) >= 0:
                    starts.append(newline + 1)
            begin = starts[node.start_mark.line] + node.start_mark.column
            end = starts[node.end_mark.line] + node.end_mark.column if node.end_mark.line < len(starts) else len(text)
            if "?" in text[begin:end]:
                return True
            continue  # what it holds lies inside it
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        else:
            pending.extend(item for pair in node.value for item in pair)
    return False


def _shallow(text: str) -> bool:
    """Whether ``text`` surely nests less than libyaml can: block nesting needs a longer line,
    flow nesting (flow mappings are left to PyYAML) an open bracket per level."""
    if len(text) <= _LIBYAML_MAX_NESTING:
        return True
    return text.count("[") < _LIBYAML_MAX_NESTING and not _LONG_LINE.search(text)


# --- JSON and TOML (no positions from the parser) -------------------------------------------


def from_plain(value: Any, line: int = 1, col: int = 1, locate=None, path: tuple = ()) -> Node:
    """Build a tree from already-parsed data; ``locate(path)`` may supply positions."""
    if locate is not None:
        line, col = locate(path) or (line, col)
    if isinstance(value, dict):
        node = Node({}, line, col)
        for key, item in value.items():
            child = from_plain(item, line, col, locate, path + (str(key),))
            node.value[str(key)] = child
            node.key_positions[str(key)] = (child.line, child.col)
        return node
    if isinstance(value, list):
        return Node([from_plain(v, line, col, locate, path + (i,)) for i, v in enumerate(value)], line, col)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        value = value.isoformat()
    return Node(value, line, col)


def json_document(text: str) -> Node:
    """A JSON file as one document, with positions from the YAML reader when it can give them."""
    import json

    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=lambda c: c)
    except json.JSONDecodeError as exc:
        if not text.strip():
            raise TreeError(T("the file is empty; expected a JSON object with a 'kind'")) from None
        raise TreeError(T("JSON syntax error: {error}", error=exc.msg), exc.lineno, exc.colno) from None
    except RecursionError:
        raise TreeError(T("the document is nested too deeply to read")) from None
    except ValueError as exc:  # an integer of more than 4,300 digits (Python's limit)
        raise TreeError(T("JSON value cannot be read: {error}", error=value_error_hint(exc))) from None
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or kind not in _kinds():
        # Another tool's JSON (a package-lock.json of megabytes): only the kind decides, so nothing is
        # expanded into positioned nodes. The kind keeps its position for "did you mean" hints.
        shallow = Node({}, 1, 1) if isinstance(data, dict) else Node([], 1, 1)
        if isinstance(kind, str):
            shallow.value["kind"] = Node(kind, *_position_of_key(text, "kind"))
        return shallow
    try:
        documents = list(yaml_documents(text))
        if len(documents) == 1:
            return documents[0]
    except TreeError as exc:
        if "expands to more than" in exc.message or "nested" in exc.message:
            raise
    return from_plain(data)


def _kinds() -> tuple[str, ...]:
    from fairlint.load.schema import KINDS  # the schema imports this module

    return tuple(KINDS)


def _position_of_key(text: str, key: str) -> tuple[int, int]:
    """Where ``"key"`` is first written in a JSON text (1, 1 when it cannot be found)."""
    offset = text.find(f'"{key}"')
    if offset < 0:
        return 1, 1
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def value_error_hint(exc: ValueError) -> str:
    if "digits" in str(exc):
        return "a number has more than 4,300 digits; no price or count is that long, write it as text if it is an id"
    return str(exc)
