"""Merchant Center product data as RSS 2.0 XML with the ``g:`` namespace, read as a table.

The XML is parsed with defusedxml, which refuses DTDs, entities and external
references (no "billion laughs", no file disclosure); each ``<item>`` becomes a
record at the line its ``<item>`` tag starts on, its ``g:`` fields the cells.
"""

from __future__ import annotations

import xml.sax
from pathlib import Path

from fairlint.i18n import T
from fairlint.load.csvfile import TableFormat
from fairlint.load.tables import Table

GOOGLE_NS = "http://base.google.com/ns/1.0"


class NotAFeed(Exception):
    """The XML is not an RSS feed with the Merchant Center namespace."""


class FeedError(Exception):
    """The XML cannot be read; ``line`` says where."""

    def __init__(self, message, line: int = 1):
        super().__init__(message)
        self.message, self.text, self.line = str(message), message, line  # in English; translatable


class _Items(xml.sax.handler.ContentHandler):
    def __init__(self):
        super().__init__()
        self.locator = None
        self.root: tuple[str | None, str] | None = None
        self.uses_google = False
        self.items: list[tuple[int, dict[str, str]]] = []
        self.fields: list[str] = []
        self.item: dict[str, str] | None = None
        self.field: str | None = None
        self.text: list[str] = []

    def setDocumentLocator(self, locator):  # noqa: N802 (SAX's name)
        self.locator = locator

    def startElementNS(self, name, qname, attrs):  # noqa: N802
        namespace, local = name
        if self.root is None:
            self.root = name
        if namespace == GOOGLE_NS:
            self.uses_google = True
        if self.item is None and namespace is None and local == "item":
            self.item = {}
            self.items.append((self.locator.getLineNumber() if self.locator else 1, self.item))
        elif self.item is not None and self.field is None:
            self.field = local if namespace in (GOOGLE_NS, None) else None
            self.text = []

    def characters(self, content):
        if self.field is not None:
            self.text.append(content)

    def endElementNS(self, name, qname):  # noqa: N802
        namespace, local = name
        if self.item is not None and namespace is None and local == "item" and self.field is None:
            self.item = None
        elif self.field is not None and local == self.field:
            if self.field not in self.fields:
                self.fields.append(self.field)
            self.item.setdefault(self.field, "".join(self.text).strip())
            self.field = None


def feed_table(path: Path, data: bytes) -> Table:
    """The feed's items as a table (header: the ``g:`` field names); NotAFeed for other XML."""
    import defusedxml.sax
    from defusedxml import DefusedXmlException

    handler = _Items()
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = parser.forbid_entities = parser.forbid_external = True
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(handler)
    import io

    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except DefusedXmlException as exc:
        raise FeedError(T("the XML declares a DTD or entities, which fairlint does not read ({error}); "
                          "export the feed again without them", error=type(exc).__name__)) from None
    except xml.sax.SAXParseException as exc:
        raise FeedError(T("{what} syntax error: {error}", what="XML", error=str(exc.getMessage())), exc.getLineNumber() or 1) from None
    if handler.root != (None, "rss") or not handler.uses_google:
        raise NotAFeed()
    header = handler.fields
    records = [(line, [item.get(name, "") for name in header]) for line, item in handler.items]
    return Table(path, header, records, TableFormat())
