"""What every rule module provides, and the checked options a rule receives.

A rule module defines ``CODE``, ``NAME``, ``SEVERITY``, ``OPTIONS`` and
``check(project, options)``, which yields ``Violation``s; its docstring is
its documentation (a one-line summary, then sections What it checks / Why it matters / Example / Fix),
printed by ``fairlint rule CODE`` and copied into ``docs/rules.md``. Rules never
deal with severity, selection or suppression: the engine does.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from decimal import Decimal
from types import ModuleType
from typing import Any, Callable, Iterable

import attrs

from fairlint.finding import Severity, Violation

DOC_SECTIONS = ("What it checks", "Why it matters", "Example", "Fix")


@attrs.frozen
class Option:
    """A rule option: its default, its type, and what it means."""

    default: Any
    help: str
    kind: str = "number"  # number | integer | share (0 to 1) | list

    def convert(self, value: Any) -> Any:
        """The configured value in this option's type, or ValueError saying what was expected."""
        if self.kind == "list":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"expected a list of strings, got {value!r}")
            return list(value)
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            raise ValueError(f"expected a number, got {value!r}")
        if self.kind == "integer":
            if int(value) != value:
                raise ValueError(f"expected a whole number, got {value!r}")
            value = int(value)
            if value < 0:
                raise ValueError(f"expected a number of at least 0, got {value}")
            return value
        number = Decimal(str(value))
        if self.kind == "share" and not 0 <= number <= 1:
            hint = f": did you mean {number / 100:.2f}?" if 1 < number <= 100 else ""
            raise ValueError(f"expected a share between 0 and 1, got {value}{hint}")
        if number < 0:
            raise ValueError(f"expected a number of at least 0, got {value}")
        return number


@attrs.frozen
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    options: dict[str, Option]
    doc: str
    check: Callable[..., Iterable[Violation]]

    @classmethod
    def from_module(cls, module: ModuleType) -> "Rule":
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            summary=inspect.cleandoc(module.__doc__ or "").split("\n", 1)[0].strip(),
            options=dict(getattr(module, "OPTIONS", {})),
            doc=inspect.cleandoc(module.__doc__ or ""),
            check=module.check,
        )

    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}

    def documentation(self) -> str:
        """The full Markdown documentation: title, metadata, docstring, options."""
        lines = [
            f"## {self.code} {self.name}",
            "",
            f"Default severity: **{self.severity}**. {self.summary}",
            "",
        ]
        body = self.doc.split("\n", 1)[1].strip() if "\n" in self.doc else ""
        lines += [re.sub(r"^## ", "### ", body, flags=re.MULTILINE), ""]
        lines.append("### Options")
        lines.append("")
        if self.options:
            for name, option in self.options.items():
                default = option.default if not isinstance(option.default, list) else ", ".join(option.default)
                lines.append(f"- `{name}` (default `{default}`): {option.help}")
            lines.append("")
            lines.append(
                f"Set them in the configuration: `[tool.fairlint.rules.{self.code}]` in pyproject.toml "
                f"or `[rules.{self.code}]` in fairlint.toml, e.g. `{next(iter(self.options))} = ...`."
            )
        else:
            lines.append("None (the severity can still be changed with `severity = \"error\"`).")
        return textwrap.dedent("\n".join(lines)).strip() + "\n"
