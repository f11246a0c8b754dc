"""Market profiles: the same documents judged by one market's law, with the legal basis cited.

``market = "eu" | "uk" | "us-ca"`` in the configuration (or ``--market``) picks a
profile. A profile is data: per rule, the option values that market's law sets
and the provision to cite. With no market the rules behave as always and cite
nothing. Only facts with a citation are here.

A provision is one of:

- **applied**: fairlint acts on it now. A provision with no ``topic`` is cited on
  every finding of its rule (the engine attaches it); one with a ``topic`` is
  cited by the rule itself on the findings it concerns, through
  ``cite(project, CODE, topic)``.
- **prepared**: the data is ready (options, citation, what the rule must do) and
  the rule module wires it when it gains the behaviour: it declares the option
  in ``OPTIONS`` (the profile's value then flows in through
  ``Config.options_for``, below the user's own configuration, once the rule
  declares every option of the provision) and calls
  ``cite(...)`` on the findings the provision is about. Until then a prepared
  provision changes nothing, so a finding never cites a law it did not apply.

``docs/markets.md`` is generated from this module (``fairlint docs``).
"""

from __future__ import annotations

from typing import Any

import attrs

from fairlint.i18n import _

MARKETS = ("eu", "uk", "us-ca")


@attrs.frozen
class Citation:
    source: str  # as the law names itself: "Directive 2011/83/EU art. 9"
    says: str  # what it requires, in one English sentence (translated in the reader's language)

    def to_dict(self) -> dict:
        return {"source": self.source, "says": self.says}


@attrs.frozen
class Provision:
    rule: str
    citation: Citation
    status: str  # "applied" or "prepared"
    topic: str | None = None  # None: every finding of the rule; else only those the rule cites it on
    options: dict[str, Any] = attrs.field(factory=dict)  # rule options this market sets
    hook: str = ""  # for a prepared provision: what the rule must do to apply it


@attrs.frozen
class Profile:
    code: str
    name: str
    provisions: tuple[Provision, ...]

    def options_for(self, rule: str, declared) -> dict[str, Any]:
        """The option values this market sets for a rule that declares the options ``declared``.

        A prepared provision's options go in together or not at all: only once the rule
        declares every one of them (us-ca's 90 days mean nothing without its
        ``reference-test``), so a half-wired provision never changes a finding.
        """
        found: dict[str, Any] = {}
        for provision in self.provisions:
            if provision.rule != rule:
                continue
            if provision.status == "applied":
                found |= {k: v for k, v in provision.options.items() if k in declared}
            elif all(k in declared for k in provision.options):
                found |= provision.options
        return found

    def for_rule(self, rule: str) -> list[Provision]:
        return [p for p in self.provisions if p.rule == rule]

    def citations(self, rule: str, topic: str | None = None) -> tuple[Citation, ...]:
        return tuple(p.citation for p in self.provisions
                     if p.rule == rule and p.topic == topic and p.status == "applied")


PRIOR_PRICE = Citation(
    "Directive 98/6/EC art. 6a",
    _("A price reduction must show the prior price: the lowest price applied during at least the 30 days "
      "before the reduction (added by Directive 2019/2161)."),
)

PROFILES = {
    "eu": Profile("eu", "European Union", (
        Provision("FL202", PRIOR_PRICE, "applied", options={"lookback-days": 30}),
        Provision(
            "FL202",
            Citation("Directive 98/6/EC art. 6a(5)",
                     _("In a progressive reduction the prior price is the one before the first step of the reduction.")),
            "prepared", topic="progressive-reduction",
            hook="FL202 cites it on a reduction that follows an earlier, uninterrupted reduction, judging it "
                 "against the price before the first step",
        ),
        Provision(
            "FL203",
            Citation("CJEU C-330/23, Aldi Süd, 2024",
                     _("A percentage reduction (\"30% off\") must be computed from the prior price.")),
            "prepared", topic="percentage-from-prior-price",
            options={"percent-from": "prior-price"},
            hook="FL203 checks a percentage claim against the prior price (the lowest of the 30 days before), "
                 "not only against the offer's own value, and cites it on that finding",
        ),
        Provision(
            "FL501",
            Citation("Directive 2011/83/EU art. 9",
                     _("Consumers have 14 days to withdraw from a distance or off-premises sale without giving "
                       "a reason.")),
            "applied", topic="return-window", options={"min-window-days": 14},
        ),
    )),
    "uk": Profile("uk", "United Kingdom", (
        Provision(
            "FL103",
            Citation("FCA ICOBS 6B",
                     _("For home and motor insurance the renewal price may not exceed the equivalent "
                       "new-business price.")),
            "prepared", topic="insurance-renewal",
            hook="FL103 cites it on a finding whose row or campaign is of an insurer: "
                 "`markets.sector_of(project, row) == \"insurance\"` (the campaign's or YAML schedule's own "
                 "`sector: insurance`, else `sector` in the configuration, for CSV and feed files)",
        ),
    )),
    "us-ca": Profile("us-ca", "United States, California", (
        Provision(
            "FL202",
            Citation("Cal. Bus. & Prof. Code § 17501; 16 CFR 233.1",
                     _("A former price must have been the prevailing market price within the three months "
                       "before the advertisement (the FTC asks the same in spirit: openly offered, in good faith, "
                       "for a reasonably substantial period).")),
            "prepared", topic="former-price",
            options={"reference-test": "charged-within", "lookback-days": 90},
            hook="FL202 asks whether the reference price was charged on at least one day within the "
                 "lookback-days (90) before, instead of whether it was the lowest of them, and its evidence "
                 "names the test it applied",
        ),
    )),
}


def profile(code: str | None) -> Profile | None:
    return PROFILES[code] if code else None


def cite(project, rule: str, topic: str) -> tuple[Citation, ...]:
    """The citations for a rule's finding on ``topic`` under the run's market (none without one)."""
    market = getattr(project, "market", None)
    return market.citations(rule, topic) if market is not None else ()


def sector_of(project, document) -> str | None:
    """A campaign's or schedule's sector (``sector: insurance``), a row's its schedule's, else the configuration's."""
    document = getattr(document, "schedule", None) or getattr(document, "campaign", None) or document
    own = getattr(document, "sector", None)
    return (own or getattr(project, "sector", None) or "").strip().lower() or None


def attach(findings: list, market: Profile | None) -> list:
    """Add the rule-wide citations (provisions with no topic) of the market to every finding of their rule."""
    if market is None:
        return findings
    return [attrs.evolve(f, citations=(*f.citations, *market.citations(f.code))) if market.citations(f.code) else f
            for f in findings]


def documentation(rule, market: Profile) -> str:
    """The Markdown section ``fairlint rule CODE --market X`` adds: this market's options and law."""
    provisions = market.for_rule(rule.code)
    lines = [f"### Market: {market.code} ({market.name})", ""]
    if not provisions:
        lines.append(f"No provision of this market changes {rule.code}: it behaves as without a market.")
        return "\n".join(lines) + "\n"
    for provision in provisions:
        state = "applied" if provision.status == "applied" else "prepared, not yet applied by the rule"
        scope = "every finding of the rule" if provision.topic is None else f"findings on {provision.topic}"
        lines.append(f"- **{provision.citation.source}** ({state}; cited on {scope}): {provision.citation.says}")
        wired = provision.status == "applied" or all(name in rule.options for name in provision.options)
        for name, value in provision.options.items():
            note = "" if wired else (" (applies once the rule declares every option of this provision)"
                                     if name in rule.options else " (the rule does not declare it yet)")
            lines.append(f"  - option `{name}` = `{value}`{note}")
        if provision.hook:
            lines.append(f"  - what the rule does under it: {provision.hook}")
    return "\n".join(lines) + "\n"


def reference() -> str:
    """docs/markets.md: every profile, its options and its sources."""
    from fairlint.rules import rule_by_code

    lines = [
        "# Market profiles",
        "",
        "<!-- generated by `fairlint docs` from fairlint/markets.py; do not edit by hand -->",
        "",
        "`market = \"eu\" | \"uk\" | \"us-ca\"` in the configuration (or `--market` on `check` and `report`)",
        "judges the same documents by that market's law and puts the legal basis into each affected",
        "finding (text, JSON `citations`, SARIF result properties and rule help). With no market set the",
        "rules behave as always (the EU reading) and cite nothing. `fairlint rule CODE --market X` shows a",
        "rule with that market's options and citations.",
        "",
        "A provision is *applied* when fairlint acts on it now, *prepared* when its data is ready and",
        "the rule wires it when it gains the behaviour (see fairlint/markets.py). A prepared provision",
        "changes nothing yet, so no finding cites a law it did not apply. Your own `[rules.FLxxx]`",
        "options win over a market's.",
        "",
    ]
    for market in PROFILES.values():
        lines += [f"## {market.code}: {market.name}", ""]
        for code in sorted({p.rule for p in market.provisions}):
            rule = rule_by_code(code)
            lines.append(f"### {code} {rule.name if rule else ''}".rstrip())
            lines.append("")
            lines += documentation(rule, market).splitlines()[2:] if rule else []
            lines.append("")
    lines += [
        "## Wiring a prepared provision (for rule authors)",
        "",
        "1. Declare the provision's options in the rule's `OPTIONS` (with the no-market default). Once the rule",
        "   declares all of them, the market's values flow in through `Config.options_for`, below the user's.",
        "2. Cite it on the findings it concerns: `Violation(..., citations=markets.cite(project, CODE, topic))`,",
        "   where `topic` is the provision's (above); `cite` returns nothing without a market.",
        "3. Say in the finding's evidence which test was applied, and add the cases the citation describes to",
        "   `tests/rules/FLxxx.yaml` (a case may set `market` in its `config`).",
        "4. Change the provision's status in `fairlint/markets.py` to `applied` and run `fairlint docs`.",
        "",
    ]
    return "\n".join(lines).rstrip() + "\n"
