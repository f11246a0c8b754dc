"""SARIF 2.1.0, with every rule's metadata, for code-scanning tools."""

from __future__ import annotations

import json

from fairlint.baseline import fingerprints
from fairlint.rules import all_rules

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _help(rule, market) -> str:
    """The rule's docs, with the market's options and law when a market profile is set."""
    if not market:
        return rule.documentation()
    from fairlint.i18n.ruledocs import documentation

    return documentation(rule, market=market)


def _properties(finding) -> dict:
    """The finding's language and message in it (``message`` stays English), and its legal basis."""
    found = {"lang": finding.lang, "translatedMessage": finding.local_message}
    if finding.citations:
        found["citations"] = [c.to_dict() for c in finding.citations]
    return found


def render(findings, context) -> str:
    rules = list(all_rules())
    market = getattr(context, "market", None)
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
                "help": {"text": _help(r, market), "markdown": _help(r, market)},
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
            "properties": _properties(f),
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
