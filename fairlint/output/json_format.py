"""A JSON array, one object per finding: code, name, severity, message, path, line, column."""

from __future__ import annotations

import json

# The C encoder for each value: ``json.dumps(..., indent=2)`` runs the pure-Python encoder,
# which on tens of thousands of findings takes longer than finding them. The text written is
# the same, byte for byte, as ``json.dumps(list, indent=2, ensure_ascii=False)``.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def render(findings, context) -> str:
    return dumps_list((f.to_dict() for f in findings), end="\n")


def dumps_list(items, end: str = "") -> str:
    """``json.dumps(list(items), indent=2, ensure_ascii=False) + end`` for a list of dicts, faster
    (joined once: tens of MB of findings are not copied again for each bracket)."""
    parts = ["[\n"]
    for item in items:
        if len(parts) > 1:
            parts.append(",\n")
        parts.append(_object(item))
    if len(parts) == 1:
        return "[]" + end
    parts.append("\n]" + end)
    return "".join(parts)


def _object(item: dict) -> str:
    if not item:
        return "  {}"
    fields = ",\n".join(f"    {_encode(str(key))}: {_value(value)}" for key, value in item.items())
    return "  {\n" + fields + "\n  }"


def _value(value) -> str:
    if isinstance(value, (list, tuple, dict)) and value:  # nested: the standard encoder, indented one level more
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n    ")
    return _encode(value)
