"""Every message id fairlint can show, and the catalogs brought up to date with them.

``python -m fairlint.i18n.extract`` writes ``catalogs/fairlint.pot`` and adds
new ids to each ``catalogs/<lang>.po`` (untranslated, for a translator), dropping
ids the code no longer has. Sources: ``T(...)``, ``N(...)`` and ``_(...)`` calls in
the package (Babel's Python extractor) and every rule's summary and Fix advice.
``tests/test_i18n.py`` fails while any id lacks a translation in any catalog.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from fairlint.i18n import LANGUAGES, SOURCE_LANGUAGE
from fairlint.i18n.catalogs import CATALOG_DIR, catalog_path

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"T": None, "N": (1, 2), "_": None}
# Fixed header fields, so that running the extraction again changes a catalog only when its ids do.
HEADER = {
    "project": "fairlint", "version": "", "copyright_holder": "the fairlint authors", "charset": "utf-8",
    "msgid_bugs_address": "", "last_translator": "the fairlint authors", "language_team": "fairlint",
    "creation_date": dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
    "revision_date": dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc), "fuzzy": False,
    "header_comment": "# fairlint messages. Edit the translations here; python -m fairlint.i18n.extract adds new ids.",
}


def template():
    """A Babel Catalog of every message id (plural ids as (singular, plural) tuples)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    from fairlint.i18n.ruledocs import message_ids
    from fairlint.rules import all_rules

    catalog = Catalog(domain="fairlint", **HEADER)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map=method_map, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        catalog.add(message, locations=[(f"fairlint/{filename}", lineno)], auto_comments=comments,
                    flags=("python-brace-format",))
    for message, where in message_ids(all_rules()):
        catalog.add(message, auto_comments=[where])
    return catalog


def update(languages=LANGUAGES) -> None:
    from babel.messages.pofile import read_po, write_po

    pot = template()
    with (CATALOG_DIR / "fairlint.pot").open("wb") as out:
        write_po(out, pot, width=100, omit_header=False, sort_output=True)
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        path = catalog_path(lang)
        if path.is_file():
            with path.open("rb") as source:
                catalog = read_po(source, locale=lang)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=lang, domain="fairlint", **HEADER)
        catalog.update(pot, no_fuzzy_matching=True)
        for name, value in HEADER.items():
            setattr(catalog, name, value)
        with path.open("wb") as out:
            write_po(out, catalog, width=100, sort_output=True, ignore_obsolete=True)


if __name__ == "__main__":
    update(sys.argv[1:] or LANGUAGES)
