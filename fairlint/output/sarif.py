"""SARIF 2.1.0, with every rule's metadata, for code-scanning tools."""

from __future__ import annotations

import json

from fairlint.baseline import fingerprints
from fairlint.rules import all_rules

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(findings, context) -> str:
    rules = list(all_rules())
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "fairlint",
        "version": context.tool_version,
        "informationUri": "https://pypi.org/project/fairlint/",
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.documentation(), "markdown": r.documentation()},
                "defaultConfiguration": {"level": LEVELS[str(r.severity)]},
                "properties": {"tags": [r.code[:3] + "xx"]},
            }
            for r in rules
        ],
    }
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS[str(f.severity)],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.col},
                    }
                }
            ],
            # the baseline's fingerprint: code scanning follows the finding when lines move
            "partialFingerprints": {"fairlint/v1": fingerprint},
        }
        for f, fingerprint in zip(findings, fingerprints(findings))
    ]
    run = {"tool": {"driver": driver}, "results": results}
    unread = getattr(context, "unread", ())
    if unread:  # the run did not read everything: code scanning must not take it as complete
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": [
            {"level": "error", "message": {"text": f"{path}: could not be read; see its FL001 result"}}
            for path in unread]}]
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
