"""The command line: ``fairlint check``, ``report``, ``rules``, ``rule``, ``docs``.

Exit codes as ruff: 0 when no finding reaches ``--fail-on``, 1 when one does,
2 for unusable arguments, a missing path or a broken configuration (with a
one-line reason on stderr, never a traceback), and for a bug met during the run
(1 would read as "findings", 0 as clean); 130 when interrupted (Ctrl-C, SIGINT).
Set ``FAIRLINT_DEBUG=1`` to see a bug's traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from pathlib import Path

import click

from fairlint import __version__
from fairlint.formats import OUTPUT_FORMATS, REPORT_FORMATS, REPORT_SUFFIXES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# fairlint.i18n.LANGUAGES and fairlint.markets.MARKETS, written out so that --version imports nothing
# (tests/test_i18n.py checks they stay equal)
LANGUAGES = ("en", "af", "zh", "ne", "ru", "bg")
LANG_CHOICES = ("auto", *LANGUAGES)
MARKETS = ("eu", "uk", "us-ca")
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
_ENDING_AFTER_RUN = False  # set by entry(): the process ends after this command
PROGRESS_MIN_FILES = 20  # shorter runs finish before a bar is worth drawing
DEFAULT_BASELINE = Path("fairlint-baseline.json")
ENGINE_CHOICES = ("duckdb", "spark")  # config.ENGINES, without importing the configuration at startup
SQL_DIALECTS = ("duckdb", "spark", "trino", "bigquery", "snowflake")  # prices.dialects.DIALECTS


def _reader_options(command):
    """--lang and --market (issue 12): the findings' language and the market whose law judges them."""
    command = click.option(
        "--market", type=click.Choice(MARKETS),
        help="Judge by this market's law and cite it in the findings (docs/markets.md; default: none).")(command)
    return click.option(
        "--lang", type=click.Choice(LANG_CHOICES),
        help="Language of the findings: auto (each in its document's language, the default) or one for all.")(command)


def _codes(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


class _Commands(click.Group):
    """Exit codes that keep their meaning whatever happens inside a command (see the module docs)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("\nfairlint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            if os.environ.get("FAIRLINT_DEBUG"):
                raise
            from fairlint.finding import visible

            click.echo(f"fairlint: internal error ({type(exc).__name__}: {visible(str(exc))}); the run did not "
                       "finish and its result must not be relied on; please report this (FAIRLINT_DEBUG=1 shows the "
                       "traceback)", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="fairlint")
def main() -> None:
    """fairlint: check campaigns, price schedules and sales scripts for fair pricing and selling."""
    from fairlint.cache import keep_generated_code

    keep_generated_code()  # before any of fairlint's classes is defined (issue 13: startup)


def _run_options(function):
    """The options ``check`` and ``report`` share: what to check and which findings to keep.

    A new option for both commands goes here (and into ``_run``), in one place.
    """
    options = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--select", help="Comma-separated rule codes or prefixes to run (overrides the configuration)."),
        click.option("--ignore", help="Comma-separated rule codes or prefixes to skip (overrides the configuration)."),
        click.option("--config", "config_path", type=click.Path(path_type=Path),
                     help="Configuration file to use for every path (one project), instead of each folder's own."),
        click.option("--baseline", "baseline_path", type=click.Path(path_type=Path), metavar="FILE",
                     help="Report only findings not recorded in FILE (made with check --write-baseline)."),
        click.option("--diff", "diff_rev", metavar="REV",
                     help="Report only findings in files changed since git revision REV, and in untracked files."),
        click.option("--skip-other-files", is_flag=True,
                     help="Skip a named file that is plainly not fairlint's (a README, another tool's YAML), "
                          "as a folder walk does; a broken fairlint document is still reported. "
                          "The pre-commit hook passes it."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar on standard error."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
                     help="Processes that read files in parallel when there are many (default: the CPU count)."),
        click.option("--engine", type=click.Choice(ENGINE_CHOICES),
                     help="Where the price rules run: duckdb (the default, in this process) or spark (a local "
                          "session, or the configuration's spark-master; pip install 'fairlint[spark]')."),
    ]
    for option in reversed(options):
        function = option(function)
    return _reader_options(function)


@main.command()
@_run_options
@click.option("--format", "fmt", type=click.Choice(list(OUTPUT_FORMATS)),
              default="text", show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("-v", "--verbose", is_flag=True, help="Also list the files skipped and why, and the configuration used.")
@click.option("--write-baseline", is_flag=True,
              help="Record the current findings in the --baseline FILE (default fairlint-baseline.json) and exit 0.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has instead of the findings.")
@click.option("-o", "--output-file", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the output to FILE instead of standard output.")
def check(paths, select, ignore, config_path, baseline_path, diff_rev, skip_other_files, quiet, jobs, engine, fmt,
          fail_on, verbose, write_baseline, statistics, output_file, lang, market) -> None:
    """Check PATHS (files or folders; default: the current folder).

    Exits 0 when no finding reaches --fail-on, 1 when one does, and 2 when a file could not be
    read or parsed (an FL001 finding that no selection or suppression hides) or the arguments or
    configuration cannot be used.
    """
    from fairlint.engine import display_path
    from fairlint.output import Context, render
    from fairlint.paths import resolve

    if statistics:
        from fairlint.output.statistics import STATISTICS_FORMATS

        if fmt not in STATISTICS_FORMATS:
            _fail(f"--statistics works with --format text or json, not {fmt}")
    if write_baseline and diff_rev:
        _fail("--write-baseline records every finding; run it without --diff")
    result = _run(paths, config_path, select, ignore, fail_on, quiet, jobs, skip_other_files,
                  None if write_baseline else baseline_path, diff_rev, lang=lang, market=market, engine=engine)
    _release_price_engines(result)  # from here on only the findings (and their evidence) are read

    findings = result.findings
    if write_baseline:
        from fairlint import baseline

        target = baseline_path or DEFAULT_BASELINE  # --baseline names the file to record in
        try:
            baseline.write(target, findings)
        except OSError as exc:
            _fail(f"{target}: cannot write the baseline ({exc.strerror or exc})")
        click.echo(f"fairlint: recorded {len(findings)} finding{'s' if len(findings) != 1 else ''} in {target}",
                   err=True)
        _echo_errors(result)
        sys.exit(EXIT_ERROR if result.errors or result.unread else EXIT_CLEAN)

    if verbose:
        from fairlint.finding import visible  # notes name files, whose names may hold anything

        for unit in result.units:
            click.echo(f"fairlint {__version__}: project {visible(display_path(unit.root))}: configuration "
                       f"{visible(str(unit.config.path or '(defaults)'))}", err=True)
        for note in result.notes:
            click.echo(f"  {visible(note)}", err=True)
    if statistics:
        from fairlint.output.statistics import render as render_statistics

        output = render_statistics(findings, fmt)
    else:
        from fairlint.finding import visible_path

        files = tuple(visible_path(display_path(path)) for path in result.checked_files)
        run_market = result.units[0].config.market if result.units else market
        output = render(fmt, findings, Context(len(result.checked_files), __version__, result.files_skipped, files,
                                               errors=len(result.errors), unread=tuple(result.unread),
                                               lang=result.lang, market=run_market))
    _write(output, output_file)
    _echo_errors(result)
    if result.errors or result.unread:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if result.failing(_fail_on_default(fail_on)) else EXIT_CLEAN)


@main.command()
@_run_options
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)),
              help="Report format (default: from the --output file's suffix, else markdown).")
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the report to FILE instead of standard output.")
def report(paths, select, ignore, config_path, baseline_path, diff_rev, skip_other_files, quiet, jobs, engine, fmt,
           output_path, lang, market) -> None:
    """Summarise the findings of many campaigns for a review: per rule, per campaign (worst first), per severity.

    Exits 0 whatever it finds (it is a report, not a gate; use 'check' for that), except 2 when a
    file could not be read or the arguments cannot be used.
    """
    from fairlint import report as reports

    if fmt is None:
        fmt = REPORT_SUFFIXES.get(output_path.suffix.lower(), "markdown") if output_path else "markdown"
    result = _run(paths, config_path, select, ignore, None, quiet, jobs, skip_other_files, baseline_path, diff_rev,
                  lang=lang, market=market, engine=engine)
    config = result.units[0].config if result.units else None
    text = reports.render(fmt, reports.build(result, config, __version__))
    _write(text, output_path)
    if output_path is not None and not quiet:
        click.echo(f"fairlint: wrote the {fmt} report on {len(result.findings)} finding(s) to {output_path}",
                   err=True)
    _echo_errors(result)
    sys.exit(EXIT_ERROR if result.errors or result.unread else EXIT_CLEAN)


def _write(text: str, path: Path | None) -> None:
    """``text`` to standard output, or to the file ``path``."""
    if path is None:
        click.echo(text, nl=False)
        return
    from fairlint.writing import write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        _fail(f"{path}: cannot write ({exc.strerror or exc})")


def _fail_on_default(fail_on):
    from fairlint.finding import Severity

    return Severity.parse(fail_on) if fail_on else Severity.WARNING


def _release_price_engines(result) -> None:
    """Free the price engine's tables (a big history's rows) before the output is made."""
    for project in {id(p): p for p in [result.project, *result.projects] if p is not None}.values():
        if project.schedules:  # else no engine was started (nor imported)
            project.prices.close()


def _run(paths, config_path, select, ignore, fail_on, quiet, jobs=None, skip_other_files=False, baseline_path=None,
         diff_rev=None, lang=None, market=None, engine=None):
    """The engine's run over every project of ``paths``, with the command line's overrides; exits 2 on
    unusable input."""
    from fairlint.config import ConfigError, check_codes, load_config
    from fairlint.discovery import MissingPath
    from fairlint.engine import run
    from fairlint.finding import Severity
    from fairlint.load.parallel import default_jobs
    from fairlint.pipeline import Narrowing, NarrowingError

    def adjust(config):
        """The command line's overrides, applied to each project's configuration."""
        if select is not None:
            config.select = check_codes(_codes(select), lambda m: ConfigError(f"--select: {m}"))
        if ignore is not None:
            config.ignore = check_codes(_codes(ignore), lambda m: ConfigError(f"--ignore: {m}"))
        if fail_on is not None:
            config.fail_on = Severity.parse(fail_on)
        config.lang, config.market = lang or config.lang, market or config.market
        config.engine = engine or config.engine
        if config.engine == "spark":
            _check_spark(ConfigError)
        return config

    paths = list(paths) or [Path(".")]
    try:
        if config_path is not None and not config_path.is_file():
            raise ConfigError(f"{config_path}: configuration file not found")
        config = adjust(load_config(config_path)) if config_path is not None else None
        narrowing = Narrowing.from_options(baseline_path, diff_rev) if baseline_path or diff_rev else None
        # The cyclic garbage collector would only walk the run's millions of long-lived objects (a
        # price row each) again and again for nothing: a third of the time of a million-row
        # schedule. Reference counting frees the rest. The fairlint command ends after the report
        # and leaves it off; called in-process (tests), the collector is back on after the run.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with _progress(enabled=not quiet and _stderr_is_terminal()) as progress:
                result = run(paths, config, progress=progress, jobs=jobs or default_jobs(), adjust=adjust,
                             skip_other_files=skip_other_files, narrowing=narrowing)
        finally:
            if collecting and not _ENDING_AFTER_RUN:
                gc.enable()
    except (ConfigError, NarrowingError) as exc:
        _fail(str(exc))
    except MissingPath as exc:
        _fail(f"{exc}: no such file or folder")
    return result


def _check_spark(error) -> None:
    """``error`` (exit 2) with the install command when the Spark engine cannot run here (no PySpark, no Java)."""
    from fairlint.prices.spark import SparkUnavailable, check_available

    try:
        check_available()
    except SparkUnavailable as exc:
        raise error(str(exc)) from None


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
        bars[0].length = max(bars[0].length, total)  # a run of several projects learns its total as it goes
        bars[0].update(done - bars[0].pos)

    try:
        yield advance if enabled else None
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def _echo_errors(result) -> None:
    from fairlint.finding import visible  # an error may quote a file name or a document's text

    for error in result.errors:
        click.echo(f"fairlint: {visible(error)}", err=True)
    if result.unread:
        listed = ", ".join(result.unread[:5]) + (f" and {len(result.unread) - 5} more" if len(result.unread) > 5 else "")
        click.echo(f"fairlint: error: {len(result.unread)} file{'s' if len(result.unread) != 1 else ''} or folder"
                   f"{'s' if len(result.unread) != 1 else ''} could not be read, so the result is incomplete "
                   f"(see their FL001 findings): {listed}", err=True)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the summaries.")
def list_rules(fmt, lang) -> None:
    """List every rule: code, name, default severity and summary."""
    from fairlint.i18n.ruledocs import summary
    from fairlint.rules import all_rules

    rows = [(r.code, r.name, str(r.severity), summary(r, lang)) for r in all_rules()]
    if fmt == "json":
        import json

        click.echo(json.dumps([dict(zip(("code", "name", "severity", "summary"), row)) for row in rows], indent=2))
        return
    from tabulate import tabulate

    click.echo(tabulate(rows, headers=("code", "name", "severity", "summary"), tablefmt="simple"))


@main.command("rule")
@click.argument("code")
@click.option("--market", type=click.Choice(MARKETS),
              help="Also show this market's options and legal basis for the rule.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the summary and the fix advice (the rest stays in English).")
def show_rule(code, market, lang) -> None:
    """Print the full documentation of one rule (by code, e.g. FL201, or by name)."""
    from fairlint.i18n.ruledocs import documentation
    from fairlint.rules import rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        _fail(f"unknown rule {code!r}; 'fairlint rules' lists them")
    click.echo(documentation(rule, lang, market), nl=False)


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
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the reference to FILE (the repository's is docs/rules.md); default: standard output.")
@click.option("--formats", "formats", type=click.Path(path_type=Path), metavar="FILE",
              help="Also rebuild the generated tables of FILE (the repository's docs/formats.md) in place.")
@click.option("--check", "check_only", is_flag=True,
              help="Exit 1 when --output FILE (or --formats FILE) is out of date instead of writing it.")
def write_docs(output, formats, check_only) -> None:
    """Print the rules reference (docs/rules.md) made from the rules' own documentation, or write it with -o;
    with --formats, rebuild the tables of docs/formats.md from the loaders' declarations.

    Nothing is written unless --output or --formats names the file; with --output, docs/markets.md
    (the market profiles) is written beside it.
    """
    from fairlint.docs import formats_reference, rules_reference

    if output is None and formats is None:
        if check_only:
            _fail("--check compares a file: name it with --output, e.g. fairlint docs --check -o docs/rules.md")
        click.echo(rules_reference(), nl=False)
        return
    documents = []  # (file, its text, the command that writes it)
    if output is not None:
        from fairlint.markets import reference as markets_reference

        documents.append((output, rules_reference(), f"fairlint docs -o {output}"))
        # beside it, the market profiles (docs/markets.md)
        documents.append((output.parent / "markets.md", markets_reference(), f"fairlint docs -o {output}"))
    if formats is not None:
        if not formats.is_file() or formats.is_symlink():
            _fail(f"{formats}: --formats rebuilds the tables of an existing file (docs/formats.md)")
        documents.append((formats, formats_reference(formats.read_text(encoding="utf-8")),
                          f"fairlint docs --formats {formats}"))
    for target, text, command in documents:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if check_only:
            if current != text:
                click.echo(f"{target} is out of date; run '{command}'", err=True)
                sys.exit(EXIT_FINDINGS)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"wrote {target}")


def _fail(message: str) -> None:
    from fairlint.finding import visible  # a configuration error may quote the file's own text

    click.echo(f"fairlint: error: {visible(message)}", err=True)
    sys.exit(EXIT_ERROR)


def entry() -> None:
    """The ``fairlint`` command (console script and ``python -m fairlint``).

    Runs ``main`` and leaves without tearing down the run's objects one by one:
    after checking a million-row schedule that teardown alone takes most of a
    second. Output is flushed first; tests call ``main`` and keep the usual exit.
    """
    global _ENDING_AFTER_RUN
    _ENDING_AFTER_RUN = True
    gc.disable()  # the process ends after the command: the cycles of its imports are not worth collecting
    # SIGTERM (a CI job cancelled) unwinds like Ctrl-C, so a file being written loses only its temporary copy
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        main()
        code = 0
    except KeyboardInterrupt:  # before a command started (click turns a later one into exit 1: see _Commands)
        code = EXIT_INTERRUPTED
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
    if "fairlint.cache" in sys.modules:  # the patterns compiled in this run, for the next ones
        sys.modules["fairlint.cache"].save()
    engines = sys.modules.get("fairlint.prices.engine")  # only when a run read price schedules
    if engines is not None:
        engines.remove_spills()  # os._exit runs no finalizer: DuckDB's spill folders would stay
    os._exit(code)
