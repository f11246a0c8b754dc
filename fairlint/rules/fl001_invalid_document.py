"""A file cannot be read, or a document breaks the input format.

## What it checks
Every file fairlint reads is parsed and checked against the formats in
`formats.md`: YAML, JSON or TOML syntax; a `kind` fairlint knows (a likely typo
such as `campain` gets a "did you mean"); required fields present; no unknown
fields; values of the right type; real calendar dates; end dates not before
start dates; prices that are plain, non-negative decimals; ids used once. CSV
price schedules are checked row by row; a Markdown file named on the command
line must be a sales script. Each problem is reported at its own line and the
rest of the project is still checked.

## Why it matters
A rule can only protect customers from what it can read. A campaign with a
mistyped field (`anounced:` instead of `announced:`) silently loses the
announcement date, and every fairness check built on it goes quiet. Reporting
the exact line keeps the campaign files trustworthy.

## Example
```yaml
kind: campaign
id: spring-2027
starts: 2027-02-30        # there is no 30 February
offers:
  - id: welcome20
    audience: new
    value: twenty         # not a number
```

## Fix
```yaml
kind: campaign
id: spring-2027
starts: 2027-03-01
offers:
  - id: welcome20
    audience: new
    value: 20
```
"""

from fairlint.finding import Severity

CODE = "FL001"
NAME = "invalid-document"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}


def check(project, options):
    """Reported by the loaders while reading files; nothing is left to check here."""
    return ()
