"""A complaint policy that front-line staff cannot bend, or that never says sorry or calls back.

## What it checks
Each `complaint-policy` is checked for three problems, one finding each:

- `staff_discretion: false`, reported at that field (an omitted
  `staff_discretion` is not reported);
- `steps` without an apology or acknowledgement step;
- `steps` without a follow-up step.

The two step findings are reported at `steps`, and only when the policy lists
its steps (an empty list counts; an omitted `steps` says nothing about the
process and is not reported). A step is recognised when its name contains one
of the words of the `apology-steps` or `follow-up-steps` option as whole
words, ignoring case and treating `_` and spaces like `-`: `apologise`,
`Apologize to customer`, `follow_up`, `follow-up-call` and `call back` all
count. Add your own step names (in any language) to those options.

## Why it matters
Policies keep staff in line, but a customer with a problem does not care
about policy: she wants her problem solved (001 point 8). Let staff treat the
complaint policy as a guideline rather than a rule, free to adjust it; then
every complaint becomes a chance to build a stronger relationship. An apology
costs nothing and does not admit guilt: it regrets that the customer's
experience was not a good one, and without it there is no next purchase (004).
Calling back after the fix, even when you know it worked, reminds customers
that you care (004).

## Example
```yaml
kind: complaint-policy
id: support
first_response_hours: 24
staff_discretion: false
steps: [log, escalate]
```

## Fix
```yaml
kind: complaint-policy
id: support
first_response_hours: 24
staff_discretion: true
steps: [listen, apologise, fix, compensate, follow-up]
```
"""

import re

from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.model import ComplaintPolicy
from fairlint.rules.base import Option

CODE = "FL504"
NAME = "rigid-complaint-policy"
SEVERITY = Severity.WARNING
OPTIONS = {
    "apology-steps": Option(
        ["apologise", "apologize", "apology", "apologies", "sorry", "acknowledge", "acknowledgement", "acknowledgment"],
        "step names that count as apologising to or acknowledging the customer",
        kind="list",
    ),
    "follow-up-steps": Option(
        ["follow-up", "followup", "call-back", "callback", "check-back"],
        "step names that count as following up with the customer after the fix",
        kind="list",
    ),
}


def check(project, options):
    apology = [_words(term) for term in options["apology-steps"]]
    follow_up = [_words(term) for term in options["follow-up-steps"]]
    for policy in project.of_kind(ComplaintPolicy):
        if policy.staff_discretion is False:
            yield Violation(
                policy.at("staff_discretion"),
                T("complaint policy {policy!r} gives staff no discretion (staff_discretion: false), so they "
                  "cannot bend the policy to solve a customer's problem; let them treat it as a guideline "
                  "(staff_discretion: true)", policy=policy.id),
                f"{policy.id}/staff_discretion",
            )
        if "steps" not in policy.field_locs:
            continue
        listed = T("steps: {steps}", steps=", ".join(policy.steps)) if policy.steps else T("no steps listed")
        if not _has_step(policy.steps, apology):
            yield Violation(
                policy.at("steps"),
                T("complaint policy {policy!r} never apologises to the customer ({listed}); add an "
                  "'apologise' step: an apology costs nothing and shows you regret their experience",
                  policy=policy.id, listed=listed),
                f"{policy.id}/steps/apology",
            )
        if not _has_step(policy.steps, follow_up):
            yield Violation(
                policy.at("steps"),
                T("complaint policy {policy!r} never follows up with the customer ({listed}); add a "
                  "'follow-up' step: call back after the fix to make sure the problem is really solved",
                  policy=policy.id, listed=listed),
                f"{policy.id}/steps/follow-up",
            )


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\W_]+", name.lower()) if w]


def _has_step(steps: list[str], terms: list[list[str]]) -> bool:
    for step in steps:
        words = _words(step)
        for term in terms:
            if term and any(words[i : i + len(term)] == term for i in range(len(words) - len(term) + 1)):
                return True
    return False
