"""The registries of output and report formats: name -> (module, function).

The command line's ``--format`` choices come from here, and ``fairlint.output``
and ``fairlint.report`` render through it, so a new format is one module and
one line here. Plain data: the CLI imports it at startup.
"""

OUTPUT_FORMATS = {  # fairlint check --format; each render(findings, context) -> str
    "text": ("fairlint.output.text", "render"),
    "json": ("fairlint.output.json_format", "render"),
    "sarif": ("fairlint.output.sarif", "render"),
    "github": ("fairlint.output.github", "render"),
    "junit": ("fairlint.output.junit", "render"),
    "gitlab": ("fairlint.output.gitlab", "render"),
}

REPORT_FORMATS = {  # fairlint report --format; each renderer(report) -> str
    "markdown": ("fairlint.report.tables", "markdown"),
    "html": ("fairlint.report.html", "render"),
    "csv": ("fairlint.report.tables", "csv_rows"),
    "json": ("fairlint.report.tables", "json_report"),
}

REPORT_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".csv": "csv",
                   ".json": "json"}


def renderer(registry: dict, name: str):
    """The render function of a format (imported only now: most runs need one)."""
    import importlib

    module, function = registry[name]
    return getattr(importlib.import_module(module), function)
