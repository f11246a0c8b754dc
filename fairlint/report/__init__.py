"""Batch reports over many campaigns: ``fairlint report`` (markdown, html, csv, json).

A finding belongs to a *campaign*:

1. the campaign document it is in (a finding in a campaign file, on or after
   that campaign's first line when the file holds several);
2. else the campaign that links to its file (``prices:``, ``scripts:``); when
   several campaigns link to the same file, the first of them by file path;
3. else the folder of its file (a price list or script no campaign names).

Campaigns are ordered worst first: most errors, then most warnings, then most
info findings, then by name. There is no "fairness score": counts per severity
say what there is to fix, and a score would hide which kind.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import attrs

from fairlint import model
from fairlint.context import link_target
from fairlint.engine import display_path
from fairlint.finding import Severity, visible, visible_path
from fairlint.formats import REPORT_FORMATS, REPORT_SUFFIXES, renderer
from fairlint.i18n import N, T
from fairlint.paths import resolve

FORMATS = tuple(REPORT_FORMATS)  # the registry: fairlint.formats
SUFFIXES = REPORT_SUFFIXES
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@attrs.define
class Group:
    """One campaign (or folder of files no campaign names) and its findings."""

    label: str  # the campaign id, or the folder followed by "/"
    kind: str  # "campaign" or "folder"
    path: str  # the campaign's file, or the folder
    findings: list = attrs.field(factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def anchor(self) -> str:
        return "c-" + "".join(ch if ch.isalnum() else "-" for ch in f"{self.label}-{self.path}").strip("-").lower()

    def worst_first_key(self):
        return (*(-self.count(s) for s in SEVERITIES), self.label, self.path)


@attrs.define
class Report:
    findings: list
    groups: list[Group]  # worst first; campaigns without findings last
    files_checked: int
    tool_version: str
    generated: dt.date
    group_of: dict = attrs.field(factory=dict)  # finding -> Group
    project: object = None  # fairlint.project.Project, for the price timelines
    options: dict = attrs.field(factory=dict)  # rule code -> its options (look-back and notice days)
    errors: list = attrs.field(factory=list)  # internal errors of the run: the report is incomplete

    def incomplete(self) -> str:
        """A warning for the top of the report when the run met a bug, else ""."""
        n = len(self.errors)
        if not n:
            return ""
        notice = T("Incomplete: {errors} stopped fairlint checking everything; do not rely on this report.",
                   errors=N("{n} internal error", "{n} internal errors", n=n))
        return notice.render(self.lang) + " " + " ".join(self.errors)
    projects: list = attrs.field(factory=list)  # each project of the run: a timeline draws its finding's own
    lang: str = "en"  # headings' language (the run's: fairlint.i18n.assign); each finding has its own

    def by_severity(self) -> list[tuple[str, int]]:
        counts = Counter(f.severity for f in self.findings)
        return [(str(s), counts.get(s, 0)) for s in SEVERITIES]

    def by_rule(self) -> list[tuple[str, str, str, int, int]]:
        """(code, name, severity, findings, campaigns), most findings first."""
        rows = {}
        for f in self.findings:
            code, name, severity, count, groups = rows.get(f.code, (f.code, f.name, f.severity, 0, set()))
            groups.add(id(self.group_of[f]))
            rows[f.code] = (code, name, max(severity, f.severity), count + 1, groups)
        table = [(c, n, str(s), k, len(g)) for c, n, s, k, g in rows.values()]
        return sorted(table, key=lambda row: (-row[3], row[0]))

    def campaign_rows(self) -> list[tuple]:
        """(campaign, file or folder, errors, warnings, info, total), worst first."""
        return [(g.label, g.path, *(g.count(s) for s in SEVERITIES), len(g.findings)) for g in self.groups]


def build(result, config, tool_version: str, today: dt.date | None = None) -> Report:
    """Group the findings of an engine run (fairlint.engine.RunResult) by campaign."""
    project = result.project
    groups: dict[tuple[str, str], Group] = {}
    reported = set(result.checked_files)

    def group(kind: str, label: str, path: str) -> Group:
        # a campaign's id and file name are the document's text: shown visibly, as findings are
        key = (kind, path + "\0" + label)
        found = groups.get(key)
        if found is None:
            found = groups[key] = Group(visible(label), kind, visible_path(path))
        return found

    # every campaign checked is listed, with or without findings
    campaigns_in_file: dict[Path, list[model.Campaign]] = {}
    for campaign in (project.campaigns if project else []):
        key = resolve(campaign.loc.path)
        campaigns_in_file.setdefault(key, []).append(campaign)
        if key in reported:
            group("campaign", campaign.id, display_path(campaign.loc.path))
    linked_from = _linking_campaigns(project.campaigns if project else [])

    group_of = {}
    places: dict[tuple, tuple[Path, str]] = {}  # a file's resolved path and folder, worked out once per file
    for finding in result.findings:
        place = places.get((finding.file, finding.path))
        if place is None:
            place = places[(finding.file, finding.path)] = (resolve(finding.file or Path(finding.path)),
                                                             Path(finding.path).parent.as_posix())
        key, folder = place
        campaign = _campaign_at(campaigns_in_file.get(key, []), finding.line) or linked_from.get(key)
        if campaign is not None:
            owner = group("campaign", campaign.id, display_path(campaign.loc.path))
        else:
            owner = group("folder", ("." if folder == "." else folder) + "/", folder)
        owner.findings.append(finding)
        group_of[finding] = owner
    ordered = sorted(groups.values(), key=Group.worst_first_key)
    options = {code: config.options_for(code) for code in ("FL103", "FL201", "FL202") if config.is_enabled(code)}
    return Report(list(result.findings), ordered, result.files_checked, tool_version, today or dt.date.today(),
                  group_of, project, options, [visible(error) for error in result.errors],
                  list(getattr(result, "projects", [])), lang=getattr(result, "lang", "en"))


def _campaign_at(campaigns: list, line: int):
    """The campaign of a multi-document file that a line belongs to."""
    if not campaigns:
        return None
    ordered = sorted(campaigns, key=lambda c: c.loc.line)
    before = [c for c in ordered if c.loc.line <= line]
    return before[-1] if before else ordered[0]


def _linking_campaigns(campaigns) -> dict[Path, model.Campaign]:
    linked: dict[Path, model.Campaign] = {}
    for campaign in sorted(campaigns, key=lambda c: (str(c.loc.path), c.loc.line)):
        for link in [*campaign.scripts, *([campaign.prices] if campaign.prices else [])]:
            target = link_target(campaign, link)
            if target is not None:
                linked.setdefault(target, campaign)
    return linked


def render(fmt: str, report: Report) -> str:
    if fmt not in REPORT_FORMATS:  # pragma: no cover - click restricts the choices
        raise ValueError(fmt)
    return renderer(REPORT_FORMATS, fmt)(report)
