"""Formatters: one module per output format, each ``render(findings, context) -> str``.

The registry of formats is ``fairlint.formats.OUTPUT_FORMATS`` (it also gives
the command line its choices).
"""

from __future__ import annotations

import attrs

from fairlint.formats import OUTPUT_FORMATS, renderer

FORMATS = tuple(OUTPUT_FORMATS)


@attrs.frozen
class Context:
    files_checked: int
    tool_version: str
    files_skipped: int = 0
    files: tuple[str, ...] = ()  # the files checked, as shown in findings (JUnit has a test case for each)
    errors: int = 0  # internal errors (a file or a rule that crashed): the result is incomplete, never clean
    unread: tuple[str, ...] = ()  # files and folders that could not be read (each has an FL001 finding)
    lang: str = "en"  # the run's language: the summary line (each finding has its own, Finding.lang)
    market: str | None = None  # the market profile: SARIF rule help adds its law


def render(fmt: str, findings, context: Context) -> str:
    if fmt not in FORMATS:  # pragma: no cover - click restricts the choices
        raise ValueError(fmt)
    return renderer(OUTPUT_FORMATS, fmt)(findings, context)
