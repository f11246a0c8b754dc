"""Line numbers for TOML values, which ``tomllib`` does not give.

Good enough for findings: a value's position is the line of its key inside the
table it belongs to; the n-th ``[[offers]]`` header is ``offers[n]``.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _parts(name: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in name.split("."))


def toml_locator(text: str):
    lines = text.splitlines()
    headers: list[tuple[int, tuple[str, ...], bool]] = []
    for number, line in enumerate(lines, start=1):
        match = _HEADER.match(line)
        if match:
            headers.append((number, _parts(match.group(2)), match.group(1) == "[["))

    def region_after(line: int) -> tuple[int, int]:
        following = [n for n, _, _ in headers if n > line]
        return line, (following[0] - 1 if following else len(lines))

    def find_key(key: str, start: int, end: int) -> tuple[int, int] | None:
        pattern = re.compile(r"^(\s*)(?:[\"']?)" + re.escape(key) + r"(?:[\"']?)\s*=")
        for number in range(start, end + 1):
            if 1 <= number <= len(lines):
                match = pattern.match(lines[number - 1])
                if match:
                    return number, len(match.group(1)) + 1
        return None

    def locate(path: tuple) -> tuple[int, int] | None:
        if not path:
            return 1, 1
        names = tuple(p for p in path if isinstance(p, str))
        # The deepest header that this path lies in.
        for cut in range(len(path), 0, -1):
            prefix = path[:cut]
            if isinstance(prefix[-1], int):
                table = tuple(p for p in prefix[:-1] if isinstance(p, str))
                matching = [n for n, name, is_array in headers if is_array and name == table]
                if prefix[-1] < len(matching):
                    start, end = region_after(matching[prefix[-1]])
                    rest = [p for p in path[cut:] if isinstance(p, str)]
                    return (find_key(rest[0], start, end) if rest else None) or (start, 1)
            else:
                table = tuple(p for p in prefix if isinstance(p, str))
                matching = [n for n, name, is_array in headers if not is_array and name == table]
                if not matching and cut == len(path):  # an array of tables: its first header
                    matching = [n for n, name, is_array in headers if is_array and name == table]
                if matching:
                    start, end = region_after(matching[0])
                    rest = [p for p in path[cut:] if isinstance(p, str)]
                    return (find_key(rest[0], start, end) if rest else None) or (start, 1)
        first_header = headers[0][0] - 1 if headers else len(lines)
        return find_key(names[0], 1, first_header) if names else None

    return locate
