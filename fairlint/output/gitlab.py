"""GitLab Code Quality: a JSON array of issues, shown in merge requests.

Fingerprints are the baseline's (see fairlint.baseline), so GitLab tells new
findings from old ones across commits.
"""

from __future__ import annotations

import json

from fairlint.baseline import fingerprints

# GitLab's scale is info, minor, major, critical, blocker
SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}


def render(findings, context) -> str:
    issues = [
        {
            "description": f"{f.code} {f.local_message}",
            "check_name": f"{f.code} {f.name}",
            "fingerprint": fingerprint,
            "severity": SEVERITIES[str(f.severity)],
            "location": {"path": f.path, "lines": {"begin": f.line}},
        }
        for f, fingerprint in zip(findings, fingerprints(findings))
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
