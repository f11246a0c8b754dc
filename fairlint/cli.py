"""The command line: ``fairlint check``, ``rules``, ``rule``, ``docs``.

Exit codes as ruff: 0 when no finding reaches ``--fail-on``, 1 when one does,
2 for unusable arguments, a missing path or a broken configuration (with a
one-line reason on stderr, never a traceback).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fairlint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True, help="Output format.")
@click.option("--select", help="Comma-separated rule codes or prefixes to run (overrides the configuration).")
@click.option("--ignore", help="Comma-separated rule codes or prefixes to skip (overrides the configuration).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Configuration file to use instead of searching for one.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the files skipped and why, and the configuration used.")
def check(paths, fmt, select, ignore, fail_on, config_path, verbose) -> None:
    """Check PATHS (files or folders; default: the current folder)."""
    from fairlint.config import ConfigError, check_codes, find_config, load_config
    from fairlint.discovery import MissingPath
    from fairlint.engine import run
    from fairlint.finding import Severity
    from fairlint.output import Context, render

    paths = list(paths) or [Path(".")]
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
        result = run(paths, config)
    except ConfigError as exc:
        _fail(str(exc))
    except MissingPath as exc:
        _fail(f"{exc}: no such file or folder")

    if verbose:
        click.echo(f"fairlint {__version__}: configuration {found or '(defaults)'}", err=True)
        for note in result.notes:
            click.echo(f"  {note}", err=True)
    output = render(fmt, result.findings, Context(result.files_checked, __version__, result.files_skipped))
    click.echo(output, nl=False)
    for error in result.errors:
        click.echo(f"fairlint: {error}", err=True)
    if result.errors:
        sys.exit(EXIT_ERROR)
    failing = any(f.severity >= config.fail_on for f in result.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


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
