"""The project: every document of one run, with the look-ups rules share."""

from __future__ import annotations

import bisect
import datetime as dt
import fnmatch
import operator
import re
from array import array
from collections import defaultdict
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import attrs

from fairlint import model
from fairlint.lexicon import Lexicon
from fairlint.lexicon.detect import detect_locale
from fairlint.paths import resolve

_NO_END = dt.date.max.toordinal() + 1  # an open-ended row runs past every day
_START = operator.attrgetter("start")
_LINE = operator.attrgetter("loc.line")


@attrs.define
class Project:
    documents: list
    lexicon: Lexicon
    locale: str | None = None  # the configuration's locale
    loaded: dict[Path, list] = attrs.field(factory=dict)  # resolved path -> its documents
    price_engine: str = "duckdb"  # the engine the price rules run on (fairlint/prices/engine.py)
    engine_settings: dict = attrs.field(factory=dict)
    notes: list[str] = attrs.field(factory=list)  # what rules want --verbose to say
    root: Path | None = None  # the project root (fairlint.roots): links must stay inside it
    market: object = None  # the run's fairlint.markets.Profile, or None (rules cite through markets.cite)
    sector: str | None = None  # the configuration's sector, for files with none of their own (CSV, feeds)
    # Campaigns that exist only to disclose upcoming sales (``disclose-upcoming-sales = true`` in the
    # configuration): FL201 counts them as disclosing; no other rule sees them.
    standing_disclosures: list = attrs.field(factory=list, kw_only=True)
    _sku_matches: dict = attrs.field(factory=dict, init=False, repr=False, eq=False)
    _timelines: dict = attrs.field(factory=dict, init=False, repr=False, eq=False)
    _detected: dict = attrs.field(factory=dict, init=False, repr=False, eq=False)  # id(document) -> locale

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
        """The rows parsed in Python (a streamed file the engine could not type exactly is one of them)."""
        if self.streams:
            self.prices.engine  # noqa: B018 - reading the streamed files decides which are parsed here
        return [r for s in self.schedules for r in s.rows]

    @cached_property
    def prices(self):
        """The run's price rows in the price engine, and the price rules' results (built on first use:
        a run without schedules never imports the engine)."""
        from fairlint.prices.store import PriceStore

        self.streams  # noqa: B018 - decided before the store may hand a streamed file back to the CSV reader
        return PriceStore(self.schedules, self.price_engine, **self.engine_settings)

    @cached_property
    def streams(self) -> bool:
        """Whether some schedule's rows are read by the engine only (a big CSV, a Parquet file)."""
        return any(s.stream is not None for s in self.schedules)

    @cached_property
    def skus(self) -> set[str]:
        skus = {r.sku for r in self.rows}
        if self.streams:
            skus |= self.prices.streamed_skus()
        return skus

    def rows_for(self, sku: str) -> list[model.PriceRow]:
        """The SKU's rows, sorted as in ``rows_by_sku``, those only the engine holds included."""
        rows = self.rows_by_sku.get(sku, [])
        if self.streams:
            streamed = self.prices.streamed_rows(sku)
            if streamed:
                rows = sorted([*rows, *streamed], key=lambda r: r.start)
        return rows

    @cached_property
    def rows_by_sku(self) -> dict[str, list[model.PriceRow]]:
        """Rows per SKU, sorted by start date: the one sort every sweep builds on."""
        grouped: dict[str, list[model.PriceRow]] = defaultdict(list)
        for row in self.rows:
            grouped[row.sku].append(row)
        paths = {s.loc.path for s in self.schedules}
        lines = list(map(_LINE, self.rows))
        if len(paths) == 1 and lines == sorted(lines):
            key = _START  # one file read top to bottom: a stable sort by start keeps (path, line) order
        else:  # paths ranked once, as comparing Path objects is slow
            rank = {path: n for n, path in enumerate(sorted({r.loc.path for r in self.rows}))}

            def key(r):
                return r.start, rank[r.loc.path], r.loc.line

        for rows in grouped.values():
            rows.sort(key=key)
        return dict(grouped)

    @cached_property
    def price_groups(self) -> dict[tuple[str, str, str], list[model.PriceRow]]:
        """Rows per (SKU, audience, channel), sorted as in ``rows_by_sku``: rows that compete."""
        groups: dict[tuple[str, str, str], list[model.PriceRow]] = {}
        for sku, rows in self.rows_by_sku.items():
            for row in rows:
                key = (sku, row.audience, row.channel)
                group = groups.get(key)
                if group is None:
                    groups[key] = [row]
                else:
                    group.append(row)
        return groups

    def skus_matching(self, patterns: list[str]) -> list[str]:
        """The loaded SKUs that match one of the glob ``patterns``, sorted (a new list each call)."""
        return list(self._matching(tuple(patterns))[0])

    def sku_set_matching(self, patterns: list[str]) -> frozenset[str]:
        """The same SKUs as a set, for membership tests; remembered per pattern list."""
        return self._matching(tuple(patterns))[1]

    def skus_matching_both(self, first: list[str], second: list[str]) -> list[str]:
        """The loaded SKUs that match one of ``first`` and one of ``second``, sorted; remembered per pair
        (rules compare every offer with every other, and offers of a campaign share their products)."""
        key = (tuple(first), tuple(second))
        if key not in self._sku_matches:
            both = self._matching(key[1])[1]
            self._sku_matches[key] = tuple(sku for sku in self._matching(key[0])[0] if sku in both)
        return list(self._sku_matches[key])

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
        rows, starts, reach = self._timeline(sku)
        ordinal = day.toordinal()
        found = []
        # Rows starting on or before ``day``, walked back while some earlier row still reaches it.
        index = bisect.bisect_right(starts, ordinal) - 1
        while index >= 0 and reach[index] >= ordinal:
            row = rows[index]
            if (row.end is None or day <= row.end) and row.audience in audiences and (
                channel is None or row.channel == channel
            ):
                found.append(row)
            index -= 1
        found.reverse()
        return found

    def sku_span(self, sku: str) -> tuple[dt.date, dt.date | None] | None:
        """The first and last day (None: open-ended) on which some row of ``sku`` is in force."""
        rows, _, reach = self._timeline(sku)
        if not rows:
            return None
        return rows[0].start, (None if reach[-1] == _NO_END else dt.date.fromordinal(reach[-1]))

    def _timeline(self, sku: str) -> tuple[list[model.PriceRow], array, array]:
        """The SKU's rows (sorted by start), their start days and, for each, the last day
        that it or any row before it is in force (day ordinals); built once per SKU."""
        cache = self._timelines
        if sku not in cache:
            rows = self.rows_for(sku)
            starts = array("q", (r.start.toordinal() for r in rows))
            reach, last = array("q"), -1
            for row in rows:
                last = max(last, row.end.toordinal() if row.end is not None else _NO_END)
                reach.append(last)
            cache[sku] = (rows, starts, reach)
        return cache[sku]

    def list_price(self, sku: str, day: dt.date | None) -> Decimal | None:
        """The highest ``all``/``existing`` price in force on ``day`` (rules.md's list price)."""
        if day is None:
            return None
        prices = [r.price for r in self.prices_on(sku, day, ("all", "existing"))]
        return max(prices) if prices else None

    def scripts_reading(self, *lists: str):
        """(script, locale) for each script whose locale has every phrase list in ``lists``.

        A text rule cannot judge a language it has no phrases for, so such scripts are skipped.
        """
        for script in self.scripts:
            locale = self.locale_of(script)
            if all(self.lexicon.has_list(locale, name) for name in lists):
                yield script, locale

    def locale_of(self, document) -> str:
        """A document's locale: its own, else the configuration's, else detected from its text, else English."""
        return self.locale_and_source(document)[0]

    def locale_and_source(self, document) -> tuple[str, str]:
        """(locale, where it comes from: "document", "configuration", "detected" or "default").

        Offers and messages take their campaign's locale; a campaign's text is all
        its messages, a script's all its turns (fairlint/lexicon/detect.py).
        """
        if isinstance(document, (model.Offer, model.Message)) and document.campaign:
            document = document.campaign
        own = getattr(document, "locale", None)
        if own:
            return self.lexicon.resolve(own), "document"
        if self.locale:
            return self.lexicon.resolve(self.locale), "configuration"
        key = id(document)
        if key not in self._detected:
            if isinstance(document, model.Campaign):
                text = "\n".join(m.text for m in document.messages)
            elif isinstance(document, model.Script):
                text = "\n".join(t.text for t in document.turns)
            else:
                text = ""
            self._detected[key] = detect_locale(text) if text else None
        detected = self._detected[key]
        return (self.lexicon.resolve(detected), "detected") if detected else (self.lexicon.resolve(None), "default")

    def linked_documents(self, campaign: model.Campaign, link: str) -> list | None:
        """Documents of a file a campaign links to; None when the file was not loaded (missing, or
        outside the project root: see ``link_outside``)."""
        from fairlint.context import inside, link_target

        target = link_target(campaign, link)
        if target is None or not inside(self.root, target):
            return None
        return self.loaded.get(target)

    def link_outside(self, campaign: model.Campaign, link: str) -> bool:
        """Whether a link leads out of the project root (it is then never opened)."""
        from fairlint.context import inside, link_target

        target = link_target(campaign, link)
        return target is not None and not inside(self.root, target)
