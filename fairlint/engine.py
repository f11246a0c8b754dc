"""load → project → enabled rules → filters (selection, per-file ignores, suppressions) → findings."""

from __future__ import annotations

from pathlib import Path

import attrs

from fairlint import model
from fairlint.config import Config, engine_settings
from fairlint.discovery import Excluder, Target, discover
from fairlint.finding import Finding, Violation
from fairlint.lexicon import load_lexicon
from fairlint.load import LoadedFile, load_file
from fairlint.load.parallel import load_all
from fairlint.paths import forget as forget_paths
from fairlint.paths import display_location, relative_display, resolve
from fairlint.project import Project
from fairlint.rules import all_rules
from fairlint.suppress import Directive, find_directives


@attrs.define
class RunResult:
    findings: list[Finding]
    files_checked: int  # files that held fairlint documents (or were broken)
    notes: list[str]  # what was skipped and why, detected locales (for --verbose)
    errors: list[str] = attrs.field(factory=list)  # rules that failed: the run is incomplete
    files_skipped: int = 0  # walked files that were not fairlint's (other tools' YAML, READMEs)
    project: Project | None = None  # what the rules saw, linked context included (reports draw its prices)
    checked_files: list[Path] = attrs.field(factory=list)  # resolved paths of the files reported on


def display_path(path: Path) -> str:
    """The path as the user would write it: relative to the working folder when inside it."""
    return relative_display(path)


def run(paths: list[Path], config: Config, progress=None, jobs: int = 1) -> RunResult:
    """``progress(done, total)``, when given, is called after each named or walked file is loaded.

    ``jobs`` > 1 lets worker processes parse the files when there are many
    (``fairlint.load.parallel``); the result is the same as with one.
    """
    forget_paths()  # files may have moved since the last run in this process
    lexicon = load_lexicon(config.lexicon)
    labels = lexicon.labels(config.seller_labels, config.customer_labels)
    max_bytes = int(config.max_file_mb * 1_048_576)
    targets, notes = discover(paths, Excluder(config.exclude, config.root))

    loaded: dict[Path, LoadedFile] = {}
    reported: set[Path] = set()
    results = load_all([(t.path, t.explicit) for t in targets], labels=labels, max_bytes=max_bytes, jobs=jobs,
                       progress=progress)
    for target, result in zip(targets, results):
        key = resolve(target.path)
        loaded[key] = result
        reported.add(key)
        if result.skipped:
            notes.append(f"{display_path(target.path)}: skipped ({result.skipped})")
    _load_links(loaded, labels, max_bytes)

    documents = [d for f in loaded.values() for d in f.documents]
    project = Project(documents, lexicon, config.locale, {k: f.documents for k, f in loaded.items()},
                      price_engine=config.engine, engine_settings=engine_settings(config))
    notes += _detected_locales(project, reported)
    violations: list[tuple[str, Violation]] = []
    errors: list[str] = []
    for key, result in loaded.items():
        violations += [("FL001", Violation(p.loc, p.message)) for p in result.problems]
    violations += [("FL001", v) for v in _duplicate_ids(documents)]
    for rule in all_rules():
        if rule.code in ("FL001", "FL002") or not config.is_enabled(rule.code):
            continue
        options = config.options_for(rule.code)
        try:
            violations += [(rule.code, v) for v in rule.check(project, options)]
        except Exception as exc:  # a bug in one rule must not hide the others' findings
            errors.append(f"internal error in {rule.code} ({type(exc).__name__}: {exc}); "
                          "its findings are missing, please report this")

    if project.streams:  # rows the price engine read itself: their malformed rows are FL001 too
        project.prices.engine  # noqa: B018 - builds the table, checking each row
        violations += [("FL001", v) for v in project.prices.problems]
    notes += project.notes
    findings = _filter(violations, config, loaded, reported)
    checked = sorted(key for key in reported if not loaded[key].skipped)
    findings.sort(key=_finding_order)  # Finding's own order, without building tuples per comparison
    return RunResult(findings, len(checked), notes, errors, files_skipped=len(reported) - len(checked),
                     project=project, checked_files=checked)


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
                f"id {document.id!r} is already used by {display_location(other)}; "
                "give each document its own id",
            ))
        else:
            first_seen[key] = document.at("id")
    return found


def _load_links(loaded: dict[Path, LoadedFile], labels: dict[str, str], max_bytes: int) -> None:
    """Load the files campaigns link to (``prices:``, ``scripts:``) that were not checked directly.

    They are context: rules see them, their own findings are not reported.
    """
    for result in list(loaded.values()):
        for document in result.documents:
            if not isinstance(document, model.Campaign):
                continue
            for link in [*document.scripts, *([document.prices] if document.prices else [])]:
                target = (result.path.parent / link)
                key = resolve(target)
                if key not in loaded and target.is_file():
                    loaded[key] = load_file(target, explicit=False, labels=labels, max_bytes=max_bytes)


def _filter(violations, config: Config, loaded: dict[Path, LoadedFile], reported: set[Path]) -> list[Finding]:
    rules = {r.code: r for r in all_rules()}
    directives: dict[Path, list[Directive]] = {}
    per_file = []
    if config.per_file_ignores:
        import pathspec  # imported when first needed: most runs have no per-file ignores

        per_file = [(pathspec.GitIgnoreSpec.from_lines([glob]), codes) for glob, codes in config.per_file_ignores.items()]
    findings: list[Finding] = []
    resolved: dict[Path, Path] = {}  # each file's Path is shared by its findings: resolve it once
    for code, violation in violations:
        path = violation.loc.path
        key = resolved.get(path)
        if key is None:
            key = resolved[path] = resolve(path)
        if key not in reported or not config.is_enabled(code):
            continue
        if _ignored_for_file(code, key, config.root, per_file):
            continue
        if key not in directives:
            directives[key] = find_directives(violation.loc.path, loaded[key].text if key in loaded else "")
        suppressed = [d for d in directives[key] if d.covers(code, violation.loc.line)]
        if suppressed:
            for directive in suppressed:
                directive.used = True
            continue
        findings.append(_finding(rules[code], config, violation))
    if config.is_enabled("FL002"):
        for key in reported:
            if key not in directives:
                directives[key] = find_directives(loaded[key].path, loaded[key].text)
            for directive in directives[key]:
                if directive.used or _ignored_for_file("FL002", key, config.root, per_file):
                    continue
                if directive.code not in rules:
                    message = f"{directive.code} is not a fairlint rule code; correct it (see 'fairlint rules') or delete the comment"
                elif not config.is_enabled(directive.code):
                    continue  # a rule switched off here may fire in another configuration
                else:
                    message = f"nothing here triggers {directive.code}, so this suppression does nothing; delete it"
                loc = model.Location(directive.path, directive.line, directive.col)
                findings.append(_finding(rules["FL002"], config, Violation(loc, message, f"disable {directive.code}")))
    return findings


def _finding_order(finding: Finding) -> tuple:
    return finding.path, finding.line, finding.col, finding.code


def _ignored_for_file(code: str, key: Path, root: Path, per_file) -> bool:
    if not per_file:
        return False
    try:
        rel = key.relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = key.as_posix()
    return any(spec.match_file(rel) and any(code.startswith(c) for c in codes) for spec, codes in per_file)


def _finding(rule, config: Config, violation: Violation) -> Finding:
    return Finding(
        path=display_path(violation.loc.path),
        line=violation.loc.line,
        col=violation.loc.col,
        code=rule.code,
        severity=config.severity_for(rule.code),
        name=rule.name,
        message=violation.message,
        subject=violation.subject,
        evidence=violation.evidence,
    )


__all__ = ["run", "RunResult", "Target"]
