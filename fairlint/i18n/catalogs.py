"""The gettext catalogs: ``catalogs/<lang>.po`` read with Babel, served by the standard ``gettext`` module.

The ``.po`` files are the only copy: each is compiled in memory the first time
its language is needed (a few milliseconds), so there is no ``.mo`` file that
could fall behind its source. Fuzzy entries are left out, so a translation
marked as needing review falls back to English rather than showing stale advice.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

CATALOG_DIR = Path(__file__).parent / "catalogs"


def catalog_path(lang: str) -> Path:
    return CATALOG_DIR / f"{lang}.po"


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    path = catalog_path(lang)
    if not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as source:
        catalog = read_po(source, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translate(lang: str, message_id: str, plural: str | None = None, number=None) -> str:
    catalog = translations(lang)
    if plural is None:
        return catalog.gettext(message_id)
    return catalog.ngettext(message_id, plural, _plural_number(number))


def _plural_number(number) -> int:
    """gettext's plural formulas take whole numbers; a fraction (12.5 hours) reads as the plural."""
    try:
        whole = int(number)
    except (TypeError, ValueError):
        return 2
    return whole if whole == number else 2
