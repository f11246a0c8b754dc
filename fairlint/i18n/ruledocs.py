"""The parts of a rule's documentation that are translated: its summary and its Fix advice.

The rest of a rule's docs (what it checks, why, the examples) stays in English;
the Fix section's prose is translated paragraph by paragraph, its code blocks
(the document's own keys and values) are kept as written.
"""

from __future__ import annotations

import re

from fairlint.i18n import SOURCE_LANGUAGE, gettext

_FIX = re.compile(r"^## Fix\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_FENCE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)


def fix_section(doc: str) -> str:
    found = _FIX.search(doc)
    return found.group(1).strip() if found else ""


def fix_paragraphs(doc: str) -> list[str]:
    """The prose paragraphs of the Fix section (each a message id), code blocks left out."""
    prose = _FENCE.sub("\n\n", fix_section(doc))
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", prose) if p.strip()]


def summary(rule, lang: str) -> str:
    return gettext(lang, rule.summary)


def fix(rule, lang: str) -> str:
    """The Fix section in ``lang``: each prose paragraph translated, code blocks as written."""
    section = fix_section(rule.doc)
    if lang == SOURCE_LANGUAGE:
        return section
    parts, last = [], 0
    for fence in _FENCE.finditer(section):
        parts += [_translate_prose(section[last:fence.start()], lang), fence.group(0)]
        last = fence.end()
    parts.append(_translate_prose(section[last:], lang))
    return "\n\n".join(p.strip() for p in parts if p.strip())


def _translate_prose(prose: str, lang: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", prose) if p.strip()]
    return "\n\n".join(gettext(lang, p) for p in paragraphs)


def message_ids(rules) -> list[tuple[str, str]]:
    """(message id, where it comes from) for every rule's summary and Fix paragraphs."""
    found = []
    for rule in rules:
        found.append((rule.summary, f"{rule.code} summary"))
        found += [(p, f"{rule.code} fix") for p in fix_paragraphs(rule.doc)]
    return found


def documentation(rule, lang: str = SOURCE_LANGUAGE, market: str | None = None) -> str:
    """``fairlint rule CODE``: the rule's docs with its summary and fix in ``lang``, and a market's section."""
    text = rule.documentation()
    if lang != SOURCE_LANGUAGE:
        text = text.replace(f". {rule.summary}\n", f". {summary(rule, lang)}\n", 1)
        section = fix_section(rule.doc)
        if section:
            text = text.replace(section, fix(rule, lang), 1)
    if market:
        from fairlint.markets import PROFILES
        from fairlint.markets import documentation as market_section

        text = text.rstrip("\n") + "\n\n" + market_section(rule, PROFILES[market])
    return text
