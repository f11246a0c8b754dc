"""A `fairlint: disable` comment that suppresses nothing.

## What it checks
Every `# fairlint: disable=CODE` (YAML, TOML), `<!-- fairlint: disable=CODE -->`
(Markdown scripts) and `disable-file=CODE` comment must suppress at least one
finding of that code in this run. A comment naming a code that is not a
fairlint rule is reported too. A comment for a rule that is switched off in the
configuration is left alone: it may matter in another run.

## Why it matters
Suppressions are promises that a finding was looked at and accepted. Once the
campaign changes and the finding is gone, a leftover suppression would hide
the next, different problem on that line without anyone deciding to.

## Example
```yaml
offers:
  - id: loyal20            # fairlint: disable=FL101
    audience: existing     # FL101 is about new-customer offers: nothing to suppress
```

## Fix
Delete the comment, or move it to the line the finding is reported at.
"""

from fairlint.finding import Severity
from fairlint.i18n import T

CODE = "FL002"
NAME = "unused-suppression"
SEVERITY = Severity.INFO
OPTIONS: dict = {}


def check(project, options):
    """Found by the engine after the other rules' findings are filtered."""
    return ()


def unused_message(directive):
    """Says where the finding the suppression expected would have been: its line, the lines of the
    YAML text it covers, or the whole file."""
    code = directive.code
    if directive.whole_file:
        return T("nothing in this file triggers {code}, so this suppression does nothing; delete it", code=code)
    first, last = min(directive.lines), max(directive.lines)
    if first == last:
        return T("nothing on line {line} triggers {code}, so this suppression does nothing; delete it",
                 line=first, code=code)
    return T("nothing on lines {first}-{last} triggers {code}, so this suppression does nothing; delete it",
             first=first, last=last, code=code)


def unknown_code_message(code: str):
    return T("{code} is not a fairlint rule code; correct it (see 'fairlint rules') or delete the comment", code=code)
