"""Fingerprints that follow a finding across edits, and the baseline file built from them.

A fingerprint is a hash of the rule code, the file's path, the finding's
``subject`` (what it is about: an offer id, a SKU and date, a turn) and its
message with line numbers blanked out, so it survives lines moving above the
finding and edits elsewhere in the file. Findings that share all four (say two
identical schema problems in one file) are told apart by their order in the
file: the second one's fingerprint hashes a ``#2`` as well.

A finding that carries evidence with a ``key`` (the price rules: fairlint/prices/evidence.py)
is fingerprinted by that key instead of its subject and message: what the rule found
(the SKU, audience, channel and day), so rewording a message does not make it new.
Baselines written before keep working: ``split`` matches either fingerprint, ``write``
records the new one.

The same fingerprints go into SARIF's ``partialFingerprints`` and GitLab's
``fingerprint``, so code-scanning tools recognise a finding after a commit too.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from fairlint.writing import write_atomically

# "prices.csv:12", "file.yaml:3:5", "line 7", "lines 3-5": positions inside messages move with the text
_POSITIONS = re.compile(r"(?<=:)\d+|(?<=\bline )\d+|(?<=\blines )\d+(?:\s*[-–]\s*\d+)?")

VERSION = 1
MAX_BYTES = 256 * 1_048_576  # a baseline of a million findings is about 250 MB


class BaselineError(Exception):
    pass


def normalise_message(message: str) -> str:
    return _POSITIONS.sub("N", message)


def _relative_path(path: str, root: Path | None) -> str:
    if root is None:
        return Path(path).as_posix()
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()


def _evidence_key(finding) -> str | None:
    key = getattr(finding.evidence, "key", None)
    return key if isinstance(key, str) and key else None


def fingerprints(findings, root: Path | None = None) -> list[str]:
    """One fingerprint per finding (in the order given), unique within the list.

    ``root``: paths are taken relative to this folder (the baseline file's), so a
    baseline works from any working folder; None keeps the paths as shown.
    """
    return _fingerprints(findings, root, legacy=False)


def legacy_fingerprints(findings, root: Path | None = None) -> list[str]:
    """The fingerprints earlier versions wrote (subject and message, whatever the evidence)."""
    return _fingerprints(findings, root, legacy=True)


def _fingerprints(findings, root: Path | None, legacy: bool) -> list[str]:
    findings = list(findings)
    seen: dict[str, int] = {}
    result = [""] * len(findings)
    # in file order, so that which of two alike findings is "#2" does not depend on the caller's order
    for index in sorted(range(len(findings)), key=lambda i: findings[i]):
        finding = findings[index]
        key = None if legacy else _evidence_key(finding)
        if key is not None:
            base = "\0".join([finding.code, _relative_path(finding.path, root), "evidence", key])
        else:
            base = "\0".join([finding.code, _relative_path(finding.path, root), finding.subject,
                              normalise_message(finding.message)])
        seen[base] = seen.get(base, 0) + 1
        occurrence = "" if seen[base] == 1 else f"\0#{seen[base]}"
        result[index] = hashlib.sha256((base + occurrence).encode("utf-8")).hexdigest()[:32]
    return result


def load(path: Path) -> set[str]:
    """The fingerprints recorded in a baseline file."""
    from fairlint.load.files import FileProblem, read_limited

    if not path.exists() and not path.is_symlink():
        raise BaselineError(f"{path}: baseline file not found; create it with --write-baseline")
    try:
        data = json.loads(read_limited(path, MAX_BYTES).decode("utf-8"))
    except (FileProblem, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a fairlint baseline (invalid JSON at line {exc.lineno})") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                for e in entries):
        raise BaselineError(f"{path}: not a fairlint baseline (expected a 'findings' list with fingerprints)")
    return {e["fingerprint"] for e in entries}


def write(path: Path, findings) -> None:
    """Record ``findings`` in ``path``, atomically: a crash leaves the old file or the new one, never half."""
    prints = fingerprints(findings, path.parent)
    entries = [
        {"fingerprint": fp, "code": f.code, "path": _relative_path(f.path, path.parent), "line": f.line,
         "subject": f.subject, "message": f.message}
        for f, fp in sorted(zip(findings, prints), key=lambda pair: pair[0])
    ]
    text = json.dumps({"fairlint-baseline": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text)


def split(findings, known: set[str], root: Path) -> tuple[list, int, int]:
    """(findings not in the baseline, how many were in it, baseline entries that no longer match)."""
    prints = fingerprints(findings, root)
    old = legacy_fingerprints(findings, root)  # a baseline written before findings had evidence
    new = [f for f, fp, legacy in zip(findings, prints, old) if fp not in known and legacy not in known]
    matched = len(findings) - len(new)
    return new, matched, len(known - set(prints) - set(old))
