"""The project: every document of one run, with the look-ups rules share."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections import defaultdict
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import attrs

from fairlint import model
from fairlint.lexicon import Lexicon


@attrs.define
class Project:
    documents: list
    lexicon: Lexicon
    locale: str | None = None  # the configuration's locale
    loaded: dict[Path, list] = attrs.field(factory=dict)  # resolved path -> its documents
    _sku_matches: dict = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def of_kind(self, cls: type) -> list:
        return [d for d in self.documents if isinstance(d, cls)]

    @cached_property
    def campaigns(self) -> list[model.Campaign]:
        return self.of_kind(model.Campaign)

    @cached_property
    def schedules(self) -> list[model.PriceSchedule]:
        return self.of_kind(model.PriceSchedule)

    @cached_property
    def scripts(self) -> list[model.Script]:
        return self.of_kind(model.Script)

    @cached_property
    def offers(self) -> list[model.Offer]:
        return [o for c in self.campaigns for o in c.offers]

    @cached_property
    def messages(self) -> list[model.Message]:
        return [m for c in self.campaigns for m in c.messages]

    @cached_property
    def rows(self) -> list[model.PriceRow]:
        return [r for s in self.schedules for r in s.rows]

    @cached_property
    def skus(self) -> set[str]:
        return {r.sku for r in self.rows}

    @cached_property
    def rows_by_sku(self) -> dict[str, list[model.PriceRow]]:
        """Rows per SKU, sorted by start date: the one sort every sweep builds on."""
        grouped: dict[str, list[model.PriceRow]] = defaultdict(list)
        for row in self.rows:
            grouped[row.sku].append(row)
        # Sorted by (start, path, line); paths ranked once, as comparing Path objects is slow.
        rank = {path: n for n, path in enumerate(sorted({r.loc.path for r in self.rows}))}
        for rows in grouped.values():
            rows.sort(key=lambda r: (r.start, rank[r.loc.path], r.loc.line))
        return dict(grouped)

    def skus_matching(self, patterns: list[str]) -> list[str]:
        """The loaded SKUs that match one of the glob ``patterns``, sorted (a new list each call)."""
        return list(self._matching(tuple(patterns))[0])

    def sku_set_matching(self, patterns: list[str]) -> frozenset[str]:
        """The same SKUs as a set, for membership tests; remembered per pattern list."""
        return self._matching(tuple(patterns))[1]

    def _matching(self, patterns: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
        cache = self._sku_matches
        if patterns not in cache:
            exact = [p for p in patterns if not any(c in p for c in "*?[")]
            globs = [p for p in patterns if p not in exact]
            found = {p for p in exact if p in self.skus}
            if globs:
                match = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in globs)).match
                found.update(s for s in self.skus if match(s))
            cache[patterns] = (tuple(sorted(found)), frozenset(found))
        return cache[patterns]

    def prices_on(self, sku: str, day: dt.date, audiences: tuple[str, ...], channel: str | None = None) -> list[model.PriceRow]:
        """Rows for ``sku`` in force on ``day`` for one of ``audiences`` (any channel when None)."""
        return [
            r
            for r in self.rows_by_sku.get(sku, [])
            if r.audience in audiences and r.is_active(day) and (channel is None or r.channel == channel)
        ]

    def list_price(self, sku: str, day: dt.date | None) -> Decimal | None:
        """The highest ``all``/``existing`` price in force on ``day`` (rules.md's list price)."""
        if day is None:
            return None
        prices = [r.price for r in self.prices_on(sku, day, ("all", "existing"))]
        return max(prices) if prices else None

    def locale_of(self, document) -> str:
        """A document's locale: its own, else the configuration's, else English."""
        own = getattr(document, "locale", None)
        if own is None and isinstance(document, (model.Offer, model.Message)) and document.campaign:
            own = document.campaign.locale
        return self.lexicon.resolve(own or self.locale)

    def linked_documents(self, campaign: model.Campaign, link: str) -> list | None:
        """Documents of a file a campaign links to; None when the file was not loaded."""
        target = (campaign.loc.path.parent / link).resolve()
        return self.loaded.get(target)
