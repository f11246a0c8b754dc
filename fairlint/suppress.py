"""Inline suppressions: ``# fairlint: disable=FL101`` and ``disable-file=``.

In YAML and TOML a comment suppresses findings on its own line; in Markdown and
text scripts ``<!-- fairlint: disable=FL403 -->`` suppresses its own line and
the next non-blank line. ``disable-file`` anywhere covers the whole file. A
directive that suppresses nothing becomes an FL002 finding.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

_DIRECTIVE = re.compile(
    r"(?:#|<!--)\s*fairlint:\s*(?P<scope>disable-file|disable)\s*=\s*"
    r"(?P<codes>[A-Za-z]+\d+(?:\s*,\s*[A-Za-z]+\d+)*)(?![\w,])",  # a note may follow the codes
    re.IGNORECASE,
)

_ANYWHERE = re.compile(r"fairlint:", re.IGNORECASE)  # what every directive contains


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


def find_directives(path: Path, text: str) -> list[Directive]:
    if ":" not in text or not _ANYWHERE.search(text):
        return []  # a directive needs "fairlint:"; a million-row schedule is checked in milliseconds
    markdown = path.suffix.lower() in (".md", ".markdown", ".txt", ".html", ".htm")  # <!-- comments -->
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
            for code in (c.strip().upper() for c in match.group("codes").split(",")):
                if code:
                    directives.append(
                        Directive(path, number, match.start() + 1, code,
                                  match.group("scope").lower() == "disable-file", covered)
                    )
    return directives
