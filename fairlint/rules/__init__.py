"""The rule registry: every rule module, in code order."""

from __future__ import annotations

import importlib
from functools import lru_cache

from fairlint.rules.base import Rule

RULE_MODULES = (
    "fl001_invalid_document",
    "fl002_unused_suppression",
    "fl003_broken_link",
    "fl101_new_customer_deal",
    "fl201_undisclosed_next_day_sale",
    "fl301_price_only_messaging",
    "fl401_upsell_before_needs",
    "fl402_open_ended_anything_else",
)


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    rules = [Rule.from_module(importlib.import_module(f"fairlint.rules.{name}")) for name in RULE_MODULES]
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    wanted = code.strip().upper()
    return next((r for r in all_rules() if r.code == wanted or r.name == code.strip().lower()), None)
