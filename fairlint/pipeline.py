"""From what the rules found to what is reported: the one chain of filters ``check`` and ``report`` share.

Per project (each with its own configuration, ``fairlint.roots``):

1. a file that could not be read or parsed keeps its FL001 finding whatever
   comes next: selection, per-file ignores and suppressions cannot hide a file
   nobody read (as ruff's syntax errors cannot be selected away);
2. selection: ``select`` / ``ignore`` (a rule not selected did not run; a
   document's FL001 problems are dropped the same way);
3. per-file ignores;
4. suppression comments, then FL002 for each comment that suppressed nothing.

Then for the whole run (``Narrowing``):

5. the baseline: findings recorded in it are dropped;
6. ``--diff``: only findings in, and files counted from, the changed files.

Unread files survive 5 and 6 as well: they are never a clean result.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from fairlint import model
from fairlint.config import Config
from fairlint.finding import Finding, Violation, visible, visible_path
from fairlint.i18n import T, Text, english
from fairlint.paths import relative_display, resolve
from fairlint.rules import all_rules
from fairlint.rules.fl002_unused_suppression import unknown_code_message, unused_message
from fairlint.suppress import Directive, find_directives

UNREAD_CODE = "FL001"


def select(violations, config: Config, loaded: dict, reported: set[Path], unread: set[Path]) -> list[Finding]:
    """Stages 1-4 for one project. ``violations``: (code, Violation); ``loaded``: resolved path -> LoadedFile;
    ``reported``: the resolved paths checked (not only read as context); ``unread``: files not read."""
    rules = {r.code: r for r in all_rules()}
    directives: dict[Path, list[Directive]] = {}
    per_file = _per_file_specs(config)
    findings: list[Finding] = []
    resolved: dict[Path, Path] = {}  # each file's Path is shared by its findings: resolve it once
    for code, violation in violations:
        path = violation.loc.path
        key = resolved.get(path)
        if key is None:
            key = resolved[path] = resolve(path)
        if code == UNREAD_CODE and key in unread:
            findings.append(_finding(rules[code], config, violation))
            continue
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
        findings += _unused_suppressions(config, rules, directives, loaded, reported - unread, per_file)
    return findings


def _unused_suppressions(config, rules, directives, loaded, reported, per_file) -> list[Finding]:
    findings = []
    for key in reported:
        if key not in directives:
            directives[key] = find_directives(loaded[key].path, loaded[key].text)
        for directive in directives[key]:
            if directive.used or _ignored_for_file("FL002", key, config.root, per_file):
                continue
            if directive.code not in rules:
                message = unknown_code_message(directive.code)
            elif not config.is_enabled(directive.code):
                continue  # a rule switched off here may fire in another configuration
            else:
                message = unused_message(directive)
            loc = model.Location(directive.path, directive.line, directive.col)
            findings.append(_finding(rules["FL002"], config, Violation(loc, message, f"disable {directive.code}")))
    return findings


def _per_file_specs(config: Config) -> list:
    if not config.per_file_ignores:
        return []
    import pathspec  # imported when first needed: most runs have no per-file ignores

    return [(pathspec.GitIgnoreSpec.from_lines([glob]), codes) for glob, codes in config.per_file_ignores.items()]


def _ignored_for_file(code: str, key: Path, root: Path, per_file) -> bool:
    if not per_file:
        return False
    try:
        rel = key.relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = key.as_posix()
    return any(spec.match_file(rel) and any(code.startswith(c) for c in codes) for spec, codes in per_file)


def _finding(rule, config: Config, violation: Violation) -> Finding:
    return Finding(  # the one place where user text becomes output text: made visible here
        path=visible_path(relative_display(violation.loc.path)),
        line=violation.loc.line,
        col=violation.loc.col,
        code=rule.code,
        severity=config.severity_for(rule.code),
        name=rule.name,
        message=visible((f"sheet {violation.loc.sheet!r}: " if violation.loc.sheet else "") + english(violation.message)),
        subject=violation.subject,
        evidence=violation.evidence,
        file=violation.loc.path,
        text=_located_text(violation),
        citations=violation.citations,
    )


def _located_text(violation: Violation) -> Text | None:
    """The translatable message, with the spreadsheet's sheet named as the English message names it."""
    if not isinstance(violation.message, Text):
        return None
    if violation.loc.sheet:
        return T("sheet {sheet!r}: {message}", sheet=violation.loc.sheet, message=violation.message)
    return violation.message


class NarrowingError(Exception):
    """A baseline or a revision that cannot be used (one line, for the user)."""


@attrs.define
class Narrowing:
    """Stages 5 and 6: what to leave out of a run's findings (``--baseline``, ``--diff``)."""

    baseline: Path | None = None
    changed: set[Path] | None = None  # resolved paths changed since the --diff revision
    known: set[str] = attrs.field(factory=set)  # the baseline's fingerprints

    @classmethod
    def from_options(cls, baseline_path: Path | None, diff_rev: str | None) -> "Narrowing":
        """Reads the baseline and asks git for the changed files now, so a bad option fails before the run."""
        from fairlint import baseline
        from fairlint.gitdiff import DiffError, changed_files

        try:
            changed = changed_files(diff_rev) if diff_rev is not None else None
            known = baseline.load(baseline_path) if baseline_path is not None else set()
        except (DiffError, baseline.BaselineError) as exc:
            raise NarrowingError(str(exc)) from None
        return cls(baseline_path, changed, known)

    def apply(self, findings: list[Finding], checked: list[Path], skipped: int, unread: set[str]):
        """(findings, checked files, skipped count, notes) after the baseline and the changed files."""
        from fairlint import baseline

        notes: list[str] = []
        kept_anyway = [f for f in findings if f.code == UNREAD_CODE and f.path in unread]
        rest = [f for f in findings if not (f.code == UNREAD_CODE and f.path in unread)]
        if self.changed is not None:  # every file was read, so rules had their context; report the changed ones
            rest = [f for f in rest if resolve(f.file or Path(f.path)) in self.changed]
            checked, skipped = [path for path in checked if path in self.changed], 0
        if self.baseline is not None:
            rest, matched, stale = baseline.split(rest, self.known, self.baseline.parent)
            notes.append(f"{self.baseline}: {matched} finding(s) already recorded, not reported")
            if stale and self.changed is None:
                notes.append(f"{self.baseline}: {stale} recorded finding(s) are gone; --write-baseline updates the file")
        return sorted(kept_anyway + rest), checked, skipped, notes
