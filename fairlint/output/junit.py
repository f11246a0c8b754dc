"""JUnit XML: one test case per file checked, failing with that file's findings.

CI systems (GitLab, Jenkins, Azure, CircleCI) show it as a test report: a file
with findings is a failed test whose text lists them, ``path:line:col: CODE``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

# characters XML 1.0 cannot carry at all; they can only come from a document's own text
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(findings, context) -> str:
    by_file = defaultdict(list)
    for finding in findings:
        by_file[finding.path].append(finding)
    unread = set(getattr(context, "unread", ()))  # not read: an error of the run, not a failed check
    files = sorted(set(context.files) | set(by_file) | unread)
    failures = sum(1 for path in files if by_file.get(path) and path not in unread)
    counts = {"tests": str(len(files)), "failures": str(failures), "errors": str(len(unread)), "skipped": "0",
              "time": "0"}
    suites = ET.Element("testsuites", {"name": "fairlint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "fairlint", **counts})
    for path in files:
        case = ET.SubElement(suite, "testcase", {"classname": "fairlint", "name": _clean(path), "file": _clean(path),
                                                 "time": "0"})
        found = by_file.get(path)
        if not found and path not in unread:
            continue
        found = found or []
        codes = ", ".join(sorted({f.code for f in found}))
        failure = ET.SubElement(case, "error" if path in unread else "failure", {
            "message": _clean(f"{len(found)} finding{'s' if len(found) != 1 else ''}: {codes}"),
            "type": str(max(f.severity for f in found)) if found else "error",
        })
        failure.text = _clean("\n".join(f"{f.path}:{f.line}:{f.col}: {f.code} [{f.severity}] {f.local_message}"
                                        for f in found))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
