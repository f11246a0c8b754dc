"""paths → projects (fairlint.roots) → for each: load → context → enabled rules → fairlint.pipeline → findings."""

from __future__ import annotations

from pathlib import Path

import attrs

from fairlint import context, markets, model, pipeline, roots
from fairlint.config import Config
from fairlint.discovery import Excluder, Target, discover
from fairlint.finding import Finding, Violation, visible, visible_path
from fairlint.i18n import T, Text, english
from fairlint.i18n.assign import localise
from fairlint.lexicon import load_lexicon
from fairlint.load import LoadedFile, LoadOptions, load_file
from fairlint.load.messages import linked_message_files, load_message_files
from fairlint.load.parallel import load_all
from fairlint.load.snapshots import link_histories
from fairlint.paths import forget as forget_paths
from fairlint.paths import display_location, relative_display, resolve
from fairlint.pipeline import Narrowing
from fairlint.project import Project
from fairlint.rules import all_rules


@attrs.define
class RunResult:
    findings: list[Finding]
    files_checked: int  # files that held fairlint documents (or were broken), and were read
    notes: list[str]  # what was skipped and why, detected locales (for --verbose)
    errors: list[str] = attrs.field(factory=list)  # rules that failed: the run is incomplete
    files_skipped: int = 0  # walked files that were not fairlint's (other tools' YAML, READMEs)
    project: Project | None = None  # what the rules saw, linked context included (reports draw its prices)
    checked_files: list[Path] = attrs.field(factory=list)  # resolved paths of the files reported on
    unread: list[str] = attrs.field(factory=list)  # files and folders that could not be read, as shown
    units: list = attrs.field(factory=list)  # the projects of the run (fairlint.roots.Unit)
    fail_on: dict[str, object] = attrs.field(factory=dict)  # finding path -> its project's fail-on
    projects: list[Project] = attrs.field(factory=list)  # each project's own (``project`` merges them)

    def failing(self, default) -> bool:
        """Whether a finding reaches its own project's ``fail-on`` (``default`` for paths of no project)."""
        return any(f.severity >= self.fail_on.get(f.path, default) for f in self.findings)
    lang: str = "en"  # the run's language: summary line and report headings (fairlint.i18n.assign)


def display_path(path: Path) -> str:
    """The path as the user would write it: relative to the working folder when inside it."""
    return relative_display(path)


def run(paths: list[Path], config: Config | None = None, progress=None, jobs: int = 1, *, adjust=None,
        skip_other_files: bool = False, narrowing: Narrowing | None = None) -> RunResult:
    """Check ``paths``: each project of them (``fairlint.roots``) on its own, then one result.

    ``config``: every path is one project with this configuration (``--config``); None: each path's
    nearest configuration file decides, and folders with their own start projects of their own
    (``adjust`` applies the command line's overrides to each). ``progress(done, total)``, when given,
    is called after each file of a project is loaded. ``jobs`` > 1 lets worker processes parse the
    files when there are many (``fairlint.load.parallel``); the result is the same as with one.
    ``narrowing``: the baseline and changed files to leave out (``fairlint.pipeline``).
    """
    forget_paths()  # files may have moved since the last run in this process
    pending = roots.plan(paths, config, adjust)
    total = RunResult([], 0, [], units=[])
    seen: set[Path] = set()
    projects = []
    langs: list[str] = []
    done_before = [0]  # files loaded in the projects before: progress counts over the whole run

    def advance(done: int, count: int) -> None:
        progress(done_before[0] + done, done_before[0] + count)

    while pending:
        unit = pending.pop(0)
        part, nested = _run_unit(unit, advance if progress else None, jobs, skip_other_files, seen)
        done_before[0] += part.files_checked + part.files_skipped + len(part.unread)
        for folder in nested:
            extra = roots.nested_unit(folder, adjust)
            same = next((u for u in pending if u.key == extra.key), None)
            if same is not None:
                same.paths.append(folder)
            else:
                pending.append(extra)
        total.units.append(unit)
        total.findings += part.findings
        total.notes += part.notes
        total.errors += part.errors
        total.files_skipped += part.files_skipped
        total.checked_files += part.checked_files
        total.unread += part.unread
        total.fail_on.update({f.path: unit.config.fail_on for f in part.findings})
        projects.append(part.project)
        langs.append(part.lang)
    # the summary line's language: the one every project's findings share, else English
    total.lang = langs[0] if langs and all(lang == langs[0] for lang in langs) else "en"
    total.checked_files.sort()
    total.projects = projects
    total.project = projects[0] if len(projects) == 1 else _merged(projects)
    if narrowing is not None:
        total.findings, total.checked_files, total.files_skipped, notes = narrowing.apply(
            total.findings, total.checked_files, total.files_skipped, set(total.unread))
        total.notes += notes
    total.findings.sort(key=_finding_order)  # Finding's own order, without building tuples per comparison
    total.files_checked = len(total.checked_files)
    return total


def _merged(projects: list[Project]) -> Project | None:
    """All projects' documents in one (reports list every campaign); rules never see it."""
    if not projects:
        return None
    loaded = {}
    for project in projects:
        loaded.update(project.loaded)
    return Project([d for p in projects for d in p.documents], projects[0].lexicon, None, loaded,
                   root=projects[0].root)


def _run_unit(unit, progress, jobs: int, skip_other_files: bool, seen: set[Path]):
    config = unit.config
    lexicon = load_lexicon(config.lexicon)
    labels = lexicon.labels(config.seller_labels, config.customer_labels)
    max_bytes = int(config.max_file_mb * 1_048_576)
    found = discover(unit.paths, Excluder(config.exclude, config.root), nested=unit.nested,
                     explicit=not skip_other_files)
    notes = found.notes
    targets = [t for t in found.targets if resolve(t.path) not in seen]
    seen.update(resolve(t.path) for t in targets)
    options = load_options(config)

    loaded: dict[Path, LoadedFile] = {}
    reported: set[Path] = set()
    results = load_all([(t.path, t.explicit) for t in targets], labels=labels, max_bytes=max_bytes, jobs=jobs,
                       progress=progress, options=options)
    for target, result in zip(targets, results):
        key = resolve(target.path)
        loaded[key] = result
        reported.add(key)
    context.load_linking_campaigns(loaded, reported, unit, labels, max_bytes)
    context.load_links(loaded, unit.root, labels, max_bytes, options)
    load_message_files(loaded, lambda target: load_file(target, explicit=False, labels=labels, max_bytes=max_bytes,
                                                          as_messages=True),
                       allowed=lambda key: context.inside(unit.root, key))
    reported |= linked_message_files(loaded, reported)
    for target in targets:  # after the links: a CSV a campaign reads as its messages is not skipped
        result = loaded[resolve(target.path)]
        if result.skipped:
            notes.append(f"{display_path(target.path)}: skipped ({result.skipped})")

    documents = [d for f in loaded.values() for d in f.documents]
    link_histories([d for d in documents if isinstance(d, model.PriceSchedule)])
    project = Project(documents, lexicon, config.locale, {k: f.documents for k, f in loaded.items()},
                      root=unit.root, market=markets.profile(config.market), sector=config.sector,
                      price_engine=config.engine, engine_settings=config.engine_settings())
    project.standing_disclosures = _standing_disclosures(config)
    notes += _detected_locales(project, reported)
    violations: list[tuple[str, Violation]] = []
    errors: list[str] = []
    for key, result in loaded.items():
        violations += [("FL001", Violation(p.loc, p.translatable)) for p in result.problems]
        if result.crash:
            errors.append(result.crash)
    unread = {key for key, result in loaded.items() if result.unread}
    for folder, reason in found.unreadable:
        loc = model.Location(folder, 1, 1)
        violations.append(("FL001", Violation(loc, T("cannot enter this folder ({reason}), so nothing in it was "
                                                      "checked; give fairlint read access or exclude the folder",
                                                      reason=reason))))
        unread.add(resolve(folder))
    violations += [("FL001", v) for v in _duplicate_ids(documents)]
    for rule in all_rules():
        if rule.code in ("FL001", "FL002") or not config.is_enabled(rule.code):
            continue
        options = config.options_for(rule.code)
        try:
            violations += [(rule.code, v) for v in rule.check(project, options)]
        except Exception as exc:  # a bug in one rule must not hide the others' findings
            errors.append(f"internal error in {rule.code}{_crash_site(exc)} ({type(exc).__name__}: {exc}); "
                          "its findings are missing, please report this")

    if project.streams:  # rows the price engine read itself: their malformed rows are FL001 too
        project.prices.engine  # noqa: B018 - builds the table, checking each row
        violations += [("FL001", v) for v in project.prices.problems]
    notes += project.notes
    findings = pipeline.select(violations, config, loaded, reported, unread)
    # the reader's side: the market's rule-wide citations, and each finding in its reader's language
    findings, lang = localise(markets.attach(findings, project.market), project, config.lang, config.locale)
    checked = sorted(key for key in reported
                     if not loaded[key].skipped and key not in unread and not loaded[key].crash)
    shown_unread = sorted({display_path(loaded[key].path) for key in unread if key in loaded}
                          | {display_path(folder) for folder, _ in found.unreadable})
    skipped = sum(1 for key in reported if loaded[key].skipped and key not in unread)
    result = RunResult(findings, len(checked), notes, errors, files_skipped=skipped, project=project,
                       checked_files=checked, unread=shown_unread, lang=lang)
    return result, found.nested


def _crash_site(exc: BaseException) -> str:
    """`` while checking FILE:LINE``: the document, row or turn the crashed rule was looking at (the
    innermost of its frames holding one), so the report of a bug names the file that meets it."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if type(value).__module__ == model.__name__ and isinstance(getattr(value, "loc", None), model.Location):
                return f" while checking {display_location(value.loc)}"
    return ""


def load_options(config: Config) -> LoadOptions:
    """What the configuration says about reading price and message files."""
    return LoadOptions(columns=tuple(config.columns.items()), end_exclusive=config.end_exclusive,
                       channels=tuple(config.channels.items()), root=config.root)


def _standing_disclosures(config: Config) -> list[model.Campaign]:
    """``disclose-upcoming-sales = true`` in the configuration: a campaign covering every SKU that
    discloses upcoming sales (for FL201), known to the rules only through ``Project.standing_disclosures``."""
    if not config.disclose_upcoming_sales:
        return []
    where = model.Location(config.path or config.root, 1, 1)
    campaign = model.Campaign(where, id="configuration: disclose-upcoming-sales", disclose_upcoming_sales=True)
    campaign.offers = [model.Offer(where, id="every-sku", products=["*"], campaign=campaign)]
    return [campaign]


def _detected_locales(project: Project, reported: set[Path]) -> list[str]:
    """A note per checked campaign or script whose locale was detected from its text."""
    notes = []
    for document in [*project.campaigns, *project.scripts]:
        if resolve(document.loc.path) not in reported:
            continue
        locale, source = project.locale_and_source(document)
        if source == "detected":
            notes.append(f"{display_path(document.loc.path)}: locale {locale} (detected)")
    return notes


def _duplicate_ids(documents) -> list[Violation]:
    """Ids written in documents must be unique per kind across the project (formats.md)."""
    first_seen: dict[tuple[type, str], model.Location] = {}
    found = []
    for document in sorted(documents, key=lambda d: (str(d.loc.path), d.loc.line)):
        if "id" not in document.field_locs:
            continue  # an id defaulted from the file name
        key = (type(document), document.id)
        if key in first_seen:
            other = first_seen[key]
            found.append(Violation(
                document.at("id"),
                T("id {id!r} is already used by {other}; give each document its own id",
                  id=document.id, other=display_location(other)),
            ))
        else:
            first_seen[key] = document.at("id")
    return found


def _finding_order(finding: Finding) -> tuple:
    return finding.path, finding.line, finding.col, finding.code


__all__ = ["run", "RunResult", "Target"]
