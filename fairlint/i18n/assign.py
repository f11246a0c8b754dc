"""Which language each finding is written in, and the run's own language (summary line, headings).

``lang = "auto"``: a finding is in the language of the document it is about, as
the project determines it (``Project.locale_of``: the document's ``locale``, else
the configuration's, else detected from its text). A file with no language of its
own (a CSV schedule, a policy alone in its file) takes the configured
``locale``, else English. A
locale fairlint has no catalog for (a user lexicon's ``de``) reads as English.
Any other ``lang`` writes every finding in that language.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from fairlint import model
from fairlint.finding import visible
from fairlint.i18n import SOURCE_LANGUAGE, render, resolve_language
from fairlint.paths import resolve


def document_language(project, document, config_locale: str | None) -> str:
    locale = project.locale_of(document) if project is not None else None
    return resolve_language(locale) or resolve_language(config_locale) or SOURCE_LANGUAGE


def file_languages(project, key: Path, config_locale: str | None) -> list[tuple[int, str]]:
    """(first line, language) of each document of one loaded file (resolved path), in line order.

    A document with no language of its own (a policy, a schedule) written in the
    same file as a campaign or script takes that one's language: one team wrote the
    file. Alone in its file it takes the configured locale, else English.
    """
    documents = project.loaded.get(key, []) if project is not None else []
    speaking = (model.Campaign, model.Script)
    first = next((d for d in documents if isinstance(d, speaking)), None)
    own = document_language(project, first, config_locale) if first is not None else None
    return sorted((d.loc.line, document_language(project, d, config_locale)
                   if own is None or isinstance(d, speaking) else own) for d in documents)


def _language_at(spans: list[tuple[int, str]], line: int, fallback: str) -> str:
    language = spans[0][1] if spans else fallback
    for first, lang in spans:
        if first > line:
            break
        language = lang
    return language


def localise(findings: list, project, lang: str, config_locale: str | None) -> tuple[list, str]:
    """The findings with their language and translated message, and the run's language.

    The run's language (for the summary line and report headings): the forced
    one; under auto, the one language every file with findings is written in,
    else the configured locale, else English.
    """
    fallback = resolve_language(config_locale) or SOURCE_LANGUAGE
    spans: dict[Path, list[tuple[int, str]]] = {}  # only the files with findings: detection is not free
    keys: dict[str, Path] = {}
    result = []
    for finding in findings:
        if lang == "auto":
            key = keys.get(finding.path)
            if key is None:
                key = keys[finding.path] = resolve(Path(finding.path))
                spans[key] = file_languages(project, key, config_locale)
            language = _language_at(spans[key], finding.line, fallback)
        else:
            language = lang
        if language == finding.lang and (not finding.text or language == SOURCE_LANGUAGE):
            result.append(finding)  # in English the message is the English one: no second rendering
            continue
        # the document's words inside the translation are made visible as in the English (fairlint.finding)
        translated = visible(render(finding.text, language)) if finding.text is not None else finding.message
        result.append(attrs.evolve(finding, lang=language, translated=translated))
    if lang != "auto":
        return result, lang
    shared = {language for spans_of_file in spans.values() for _, language in spans_of_file}
    return result, (shared.pop() if len(shared) == 1 else fallback)
