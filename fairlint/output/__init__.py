"""Formatters: one module per output format, each ``render(findings, context) -> str``."""

from __future__ import annotations

import attrs

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


@attrs.frozen
class Context:
    files_checked: int
    tool_version: str
    files_skipped: int = 0
    files: tuple[str, ...] = ()  # the files checked, as shown in findings (JUnit has a test case for each)
    errors: int = 0  # internal errors (a file or a rule that crashed): the result is incomplete, never clean


def render(fmt: str, findings, context: Context) -> str:
    if fmt == "text":
        from fairlint.output.text import render as renderer
    elif fmt == "json":
        from fairlint.output.json_format import render as renderer
    elif fmt == "sarif":
        from fairlint.output.sarif import render as renderer
    elif fmt == "github":
        from fairlint.output.github import render as renderer
    elif fmt == "junit":
        from fairlint.output.junit import render as renderer
    elif fmt == "gitlab":
        from fairlint.output.gitlab import render as renderer
    else:  # pragma: no cover - click restricts the choices
        raise ValueError(fmt)
    return renderer(findings, context)
