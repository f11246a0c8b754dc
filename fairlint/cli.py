"""The command line: ``fairlint check``, ``report``, ``rules``, ``rule``, ``docs``.

Exit codes as ruff: 0 when no finding reaches ``--fail-on``, 1 when one does,
2 for unusable arguments, a missing path or a broken configuration (with a
one-line reason on stderr, never a traceback).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path

import click

from fairlint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_ENDING_AFTER_RUN = False  # set by entry(): the process ends after this command
PROGRESS_MIN_FILES = 20  # shorter runs finish before a bar is worth drawing
DEFAULT_BASELINE = Path("fairlint-baseline.json")
ENGINE_CHOICES = ("duckdb", "spark")  # config.ENGINES, without importing the configuration at startup
SQL_DIALECTS = ("duckdb", "spark", "trino", "bigquery", "snowflake")  # prices.dialects.DIALECTS


def _codes(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="fairlint")
def main() -> None:
    """fairlint: check campaigns, price schedules and sales scripts for fair pricing and selling."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "junit", "gitlab"]),
              default="text", show_default=True, help="Output format.")
@click.option("--select", help="Comma-separated rule codes or prefixes to run (overrides the configuration).")
@click.option("--ignore", help="Comma-separated rule codes or prefixes to skip (overrides the configuration).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Configuration file to use instead of searching for one.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the files skipped and why, and the configuration used.")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Report only findings not recorded in FILE (made with --write-baseline).")
@click.option("--write-baseline", is_flag=True,
              help="Record the current findings in the --baseline FILE (default fairlint-baseline.json) and exit 0.")
@click.option("--diff", "diff_rev", metavar="REV",
              help="Report only findings in files changed since git revision REV, and in untracked files.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has instead of the findings.")
@click.option("-o", "--output-file", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the output to FILE instead of standard output.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on standard error.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Processes that read files in parallel when there are many (default: the CPU count).")
@click.option("--engine", type=click.Choice(ENGINE_CHOICES),
              help="Where the price rules run: duckdb (default, in this process) or spark (a local session, "
                   "or the configuration's spark-master).")
def check(paths, fmt, select, ignore, fail_on, config_path, verbose, baseline_path, write_baseline, diff_rev,
          statistics, output_file, quiet, jobs, engine) -> None:
    """Check PATHS (files or folders; default: the current folder)."""
    from fairlint import baseline
    from fairlint.engine import display_path
    from fairlint.gitdiff import DiffError, changed_files
    from fairlint.output import Context, render
    from fairlint.output.statistics import STATISTICS_FORMATS
    from fairlint.output.statistics import render as render_statistics

    if statistics and fmt not in STATISTICS_FORMATS:
        _fail(f"--statistics works with --format text or json, not {fmt}")
    if write_baseline and diff_rev:
        _fail("--write-baseline records every finding; run it without --diff")
    paths = list(paths) or [Path(".")]
    try:
        changed = changed_files(diff_rev) if diff_rev is not None else None
    except DiffError as exc:
        _fail(str(exc))
    config, found, result = _run(paths, config_path, select, ignore, fail_on, quiet, jobs, engine)

    findings, checked, skipped = result.findings, result.checked_files, result.files_skipped
    if changed is not None:  # every file was read, so rules had their context; report the changed ones
        findings = [f for f in findings if Path(f.path).resolve() in changed]
        checked, skipped = [path for path in checked if path in changed], 0
    notes = list(result.notes)
    if write_baseline:
        target = baseline_path or DEFAULT_BASELINE
        try:
            baseline.write(target, findings)
        except OSError as exc:
            _fail(f"{target}: cannot write the baseline ({exc.strerror or exc})")
        click.echo(f"fairlint: recorded {len(findings)} finding{'s' if len(findings) != 1 else ''} in {target}",
                   err=True)
        _echo_errors(result.errors)
        sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)
    if baseline_path is not None:
        try:
            known = baseline.load(baseline_path)
        except baseline.BaselineError as exc:
            _fail(str(exc))
        findings, matched, stale = baseline.split(findings, known, baseline_path.parent)
        notes.append(f"{baseline_path}: {matched} finding(s) already recorded, not reported")
        if stale:
            notes.append(f"{baseline_path}: {stale} recorded finding(s) are gone; --write-baseline updates the file")

    if verbose:
        click.echo(f"fairlint {__version__}: configuration {found or '(defaults)'}", err=True)
        for note in notes:
            click.echo(f"  {note}", err=True)
    if statistics:
        output = render_statistics(findings, fmt)
    else:
        files = tuple(display_path(path) for path in checked)
        output = render(fmt, findings, Context(len(checked), __version__, skipped, files))
    if output_file is not None:
        try:
            output_file.parent.mkdir(parents=True, exist_ok=True)
            output_file.write_text(output, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output_file}: cannot write ({exc.strerror or exc})")
    else:
        click.echo(output, nl=False)
    _echo_errors(result.errors)
    if result.errors:
        sys.exit(EXIT_ERROR)
    failing = any(f.severity >= config.fail_on for f in findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["markdown", "html", "csv", "json"]),
              help="Report format (default: from the --output file's suffix, else markdown).")
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the report to FILE instead of standard output.")
@click.option("--select", help="Comma-separated rule codes or prefixes to run (overrides the configuration).")
@click.option("--ignore", help="Comma-separated rule codes or prefixes to skip (overrides the configuration).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Configuration file to use instead of searching for one.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, and no note of the file written.")
def report(paths, fmt, output_path, select, ignore, config_path, quiet) -> None:
    """Summarise the findings of many campaigns for a review: per rule, per campaign (worst first), per severity.

    Exits 0 whatever it finds (it is a report, not a gate; use 'check' for that).
    """
    from fairlint import report as reports

    if fmt is None:
        fmt = reports.SUFFIXES.get(output_path.suffix.lower(), "markdown") if output_path else "markdown"
    paths = list(paths) or [Path(".")]
    config, _, result = _run(paths, config_path, select, ignore, None, quiet)
    text = reports.render(fmt, reports.build(result, config, __version__))
    if output_path is None:
        click.echo(text, nl=False)
    else:
        try:
            output_path.parent.mkdir(parents=True, exist_ok=True)
            output_path.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output_path}: cannot write ({exc.strerror or exc})")
        if not quiet:
            click.echo(f"fairlint: wrote the {fmt} report on {len(result.findings)} finding(s) to {output_path}",
                       err=True)
    _echo_errors(result.errors)
    sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


def _run(paths, config_path, select, ignore, fail_on, quiet, jobs=None, engine=None):
    """Configuration (file, then command-line overrides) and the engine's run; exits 2 on unusable input."""
    from fairlint.config import ConfigError, check_codes, find_config, load_config
    from fairlint.discovery import MissingPath
    from fairlint.engine import run
    from fairlint.finding import Severity
    from fairlint.load.parallel import default_jobs

    try:
        if config_path is not None and not config_path.is_file():
            raise ConfigError(f"{config_path}: configuration file not found")
        found = config_path or find_config(paths)
        config = load_config(found)
        if select is not None:
            config.select = check_codes(_codes(select), lambda m: ConfigError(f"--select: {m}"))
        if ignore is not None:
            config.ignore = check_codes(_codes(ignore), lambda m: ConfigError(f"--ignore: {m}"))
        if fail_on is not None:
            config.fail_on = Severity.parse(fail_on)
        if engine is not None:
            config.engine = engine
        if config.engine == "spark":
            _check_spark()
        # The cyclic garbage collector would only walk the run's millions of long-lived objects (a
        # price row each) again and again for nothing: a third of the time of a million-row
        # schedule. Reference counting frees the rest. The fairlint command ends after the report
        # and leaves it off; called in-process (tests), the collector is back on after the run.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with _progress(enabled=not quiet and _stderr_is_terminal()) as progress:
                result = run(paths, config, progress=progress, jobs=jobs or default_jobs())
        finally:
            if collecting and not _ENDING_AFTER_RUN:
                gc.enable()
    except ConfigError as exc:
        _fail(str(exc))
    except MissingPath as exc:
        _fail(f"{exc}: no such file or folder")
    return config, found, result


def _check_spark() -> None:
    """Exit 2 with the install command when --engine spark cannot run here (no PySpark, no Java)."""
    from fairlint.prices.spark import SparkUnavailable, check_available

    try:
        check_available()
    except SparkUnavailable as exc:
        _fail(str(exc))


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def _progress(enabled: bool):
    """A callback for the engine that draws a progress bar on stderr once a run has many files."""
    bars = []

    def advance(done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        if not bars:
            bars.append(click.progressbar(length=total, label="fairlint: checking files", file=sys.stderr,
                                          show_pos=True))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield advance if enabled else None
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def _echo_errors(errors: list[str]) -> None:
    for error in errors:
        click.echo(f"fairlint: {error}", err=True)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_rules(fmt) -> None:
    """List every rule: code, name, default severity and summary."""
    from fairlint.rules import all_rules

    rows = [(r.code, r.name, str(r.severity), r.summary) for r in all_rules()]
    if fmt == "json":
        import json

        click.echo(json.dumps([dict(zip(("code", "name", "severity", "summary"), row)) for row in rows], indent=2))
        return
    from tabulate import tabulate

    click.echo(tabulate(rows, headers=("code", "name", "severity", "summary"), tablefmt="simple"))


@main.command("rule")
@click.argument("code")
def show_rule(code) -> None:
    """Print the full documentation of one rule (by code, e.g. FL201, or by name)."""
    from fairlint.rules import rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        _fail(f"unknown rule {code!r}; 'fairlint rules' lists them")
    click.echo(rule.documentation(), nl=False)


@main.command("sql")
@click.argument("code")
@click.option("--dialect", type=click.Choice(SQL_DIALECTS), default="duckdb", show_default=True,
              help="The SQL dialect of the engine that will run it.")
@click.option("--table", default="price_rows", show_default=True, metavar="NAME",
              help="The table of schedule rows, with the CSV columns of formats.md.")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Configuration file for the rule's options (default: the one found from the current folder).")
def show_sql(code, dialect, table, config_path) -> None:
    """Print price rule CODE (FL103, FL201, FL202, FL204) as one SQL SELECT over a table of schedule rows.

    One row per finding; run it where the history is (a warehouse, Spark). Offers, scripts and
    messages are not in the table, so what they show is left to 'fairlint check'.
    """
    from fairlint.config import ConfigError, find_config, load_config
    from fairlint.prices.sql_command import SQLCommandError, rule_sql_text

    try:
        if config_path is not None and not config_path.is_file():
            raise ConfigError(f"{config_path}: configuration file not found")
        config = load_config(config_path or find_config([Path(".")]))
        click.echo(rule_sql_text(code, config, dialect, table), nl=False)
    except (ConfigError, SQLCommandError) as exc:
        _fail(str(exc))


@main.command("docs")
@click.option("--output", type=click.Path(path_type=Path), default=Path("docs/rules.md"), show_default=True)
@click.option("--check", "check_only", is_flag=True, help="Exit 1 when the file is out of date instead of writing it.")
def write_docs(output, check_only) -> None:
    """Regenerate the rules reference (docs/rules.md) from the rules' own documentation."""
    from fairlint.docs import rules_reference

    text = rules_reference()
    current = output.read_text(encoding="utf-8") if output.is_file() else None
    if check_only:
        if current != text:
            click.echo(f"{output} is out of date; run 'fairlint docs'", err=True)
            sys.exit(EXIT_FINDINGS)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}")


def _fail(message: str) -> None:
    click.echo(f"fairlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def entry() -> None:
    """The ``fairlint`` command (console script and ``python -m fairlint``).

    Runs ``main`` and leaves without tearing down the run's objects one by one:
    after checking a million-row schedule that teardown alone takes most of a
    second. Output is flushed first; tests call ``main`` and keep the usual exit.
    """
    global _ENDING_AFTER_RUN
    _ENDING_AFTER_RUN = True
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (fairlint check | head): nothing more to say
        code = code or 1
    os._exit(code)
