"""The rule registry: every ``flNNN_<name>.py`` module in this package, in code order.

Adding a rule is adding its module; nothing else needs to list it.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

from fairlint.rules.base import Rule

_RULE_MODULE = re.compile(r"^fl\d{3}_\w+$")


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    names = [m.name for m in pkgutil.iter_modules(__path__) if _RULE_MODULE.match(m.name)]
    rules = [Rule.from_module(importlib.import_module(f"{__name__}.{name}")) for name in names]
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    wanted = code.strip()
    return next((r for r in all_rules() if r.code == wanted.upper() or r.name == wanted.lower()), None)
