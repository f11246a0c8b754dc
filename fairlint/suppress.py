"""Inline suppressions: ``# fairlint: disable=FL101`` and ``disable-file=``.

In YAML and TOML a comment suppresses findings on its own line; in Markdown and
text scripts ``<!-- fairlint: disable=FL403 -->`` suppresses its own line and
the next non-blank line. ``disable-file`` anywhere covers the whole file. A
directive that suppresses nothing becomes an FL002 finding, which says which
lines it covered.

In YAML a comment on a key whose value is text (``text: |  # fairlint:
disable=FL203``), or on a line of its own just above that key, covers the
whole value: every line of a block scalar or of a plain or quoted scalar
continued on more-indented lines. Nobody has to put a comment into the
customer's text. A key whose value is a list or a mapping covers only its line.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from fairlint.cache import regex

_DIRECTIVE = regex(
    r"(?:#|<!--)\s*fairlint:\s*(?P<scope>disable-file|disable)\s*=\s*"
    r"(?P<codes>[A-Za-z]+\d+(?:\s*,\s*[A-Za-z]+\d+)*)(?![\w,])",  # a note may follow the codes
    re.IGNORECASE,
)

_ANYWHERE = regex(r"fairlint:", re.IGNORECASE)  # what every directive contains


@attrs.define
class Directive:
    path: Path
    line: int
    col: int
    code: str
    whole_file: bool
    lines: tuple[int, ...]
    used: bool = False

    def covers(self, code: str, line: int) -> bool:
        return code == self.code and (self.whole_file or line in self.lines)

    def where(self) -> str:
        """Where the finding it expected would have been, for FL002's message."""
        if self.whole_file:
            return "in this file"
        first, last = min(self.lines), max(self.lines)
        return f"on line {first}" if first == last else f"on lines {first}-{last}"


def find_directives(path: Path, text: str) -> list[Directive]:
    if ":" not in text or not _ANYWHERE.search(text):
        return []  # a directive needs "fairlint:"; a million-row schedule is checked in milliseconds
    markdown = path.suffix.lower() in (".md", ".markdown", ".txt", ".html", ".htm")  # <!-- comments -->
    yaml_file = path.suffix.lower() in (".yaml", ".yml")
    lines = text.splitlines()
    directives = []
    for number, line in enumerate(lines, start=1):
        for match in _DIRECTIVE.finditer(line):
            if match.group(0).startswith("#") and markdown:
                continue  # a Markdown heading, not a comment
            covered = (number,)
            if markdown:
                following = next((n for n in range(number + 1, len(lines) + 1) if lines[n - 1].strip()), None)
                covered = (number, following) if following else (number,)
            elif yaml_file:
                covered = _yaml_lines(lines, number, match.start())
            for code in (c.strip().upper() for c in match.group("codes").split(",")):
                if code:
                    directives.append(
                        Directive(path, number, match.start() + 1, code,
                                  match.group("scope").lower() == "disable-file", covered)
                    )
    return directives


# "key:" or "- key:" with what follows it on the line: a scalar's start, a block indicator, or nothing
_KEY = regex(r"^(?P<indent>[ ]*(?:-[ ]+)*)(?P<key>[^\s#'\"][^:#]*?|'[^']*'|\"[^\"]*\"):(?:[ ]+(?P<value>.*))?$")
_BLOCK = regex(r"^[|>][-+0-9]*\s*(?:#.*)?$")


def _yaml_lines(lines: list[str], number: int, comment_col: int) -> tuple[int, ...]:
    """The lines a YAML comment at (``number``, ``comment_col``) covers: its own, and the value of its key."""
    own = lines[number - 1]
    key_line = number
    if not own[:comment_col].strip():  # a comment on a line of its own: it is about the next key
        key_line = next((n for n in range(number + 1, len(lines) + 1)
                         if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
        if key_line is None:
            return (number,)
    code = lines[key_line - 1]
    if key_line == number:
        code = code[:comment_col]
    match = _KEY.match(code.rstrip())
    if match is None:
        return tuple(sorted({number, key_line}))
    value = (match.group("value") or "").strip()
    if not value or value.startswith(("[", "{", "&", "*", "!")) and not _BLOCK.match(value):
        return tuple(sorted({number, key_line}))  # a list, a mapping or a reference: only the key's line
    indent = len(match.group("indent"))
    last = key_line
    for n in range(key_line + 1, len(lines) + 1):
        text = lines[n - 1]
        if not text.strip():
            continue
        if len(text) - len(text.lstrip(" ")) <= indent:
            break
        last = n
    return tuple(sorted({number, *range(key_line, last + 1)}))
