"""Messages from files: the emails and texts a campaign links to, and CSV exports of SMS and push.

A campaign message's ``file:`` (``.html``, ``.eml``, ``.txt``, ``.md``) gives
the text a reader sees: the preview text included; markup, styles, scripts and
merge tags (``*|FNAME|*``, ``{{ first_name }}``, ``%%FirstName%%``) left out.
Each line of that text is the line of the file its words are on, so a finding
points there (for an encoded ``.eml`` body, at the line where the body starts).
A campaign's ``messages_file:`` is a CSV with a ``text`` column and optional
``id``, ``channel``, ``send_at`` and ``offers`` (ids separated by spaces).
"""

from __future__ import annotations

import re
from pathlib import Path

from fairlint import model
from fairlint.i18n import T
from fairlint.load import values
from fairlint.load.schema import Reader
from fairlint.model import Location

_MERGE_TAGS = re.compile(r"\*\|[^|]*\|\*|\{\{.*?\}\}|\{%.*?%\}|%%[\w .-]+%%")
_SPACES = re.compile(r"\s+")
_INVISIBLE = ("script", "style", "head", "noscript", "template")
_BLOCKS = {"p", "div", "br", "td", "th", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
           "article", "header", "footer", "blockquote", "hr", "ul", "ol"}
_ENCODED = ("base64", "quoted-printable")


def load_messages(result, reader: Reader, data: bytes):
    """A file linked as messages; its one document is a MessageFile."""
    from fairlint.load import decode

    path = result.path
    suffix = path.suffix.lower()
    if suffix == ".eml":
        lines = eml_lines(data)
    else:
        text, error = decode(data)
        if error:
            reader.problem(Location(path, *error[1:]) if len(error) > 1 else Location(path), error[0])
            result.problems.extend(reader.problems)
            return result
        result.text = text
        if suffix == ".csv":
            result.documents.append(_messages_csv(path, text, reader))
            result.problems.extend(reader.problems)
            return result
        lines = html_lines(text) if suffix in (".html", ".htm") else _text_lines(text)
    message = model.Message(Location(path, 1, 1), id=path.stem, text=_join(lines),
                            text_origin=Location(path, 1, 1), text_keeps_lines=True, file=path.name)
    result.documents.append(model.MessageFile(Location(path, 1, 1), messages=[message]))
    result.problems.extend(reader.problems)
    return result


def _join(lines: dict[int, str]) -> str:
    """The visible text, line ``n`` of it on line ``n`` of the file (lines without words left empty)."""
    if not lines:
        return ""
    return "\n".join(lines.get(n, "") for n in range(1, max(lines) + 1))


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _MERGE_TAGS.sub("", text)).strip()


def _text_lines(text: str, first: int = 1) -> dict[int, str]:
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned = _clean(line)
        if cleaned:
            found[number] = cleaned
    return _shifted(_at_columns(found, text), first)


def _at_columns(found: dict[int, str], source: str) -> dict[int, str]:
    """Each line's words indented to the column where they start in ``source``, so that a finding's
    column is the file's (exact up to the first tag or merge tag inside the line)."""
    lines = source.splitlines()
    placed = {}
    for number, words in found.items():
        raw = lines[number - 1] if number <= len(lines) else ""
        column = raw.find(words.split(" ", 1)[0])
        placed[number] = " " * column + words if column > 0 else words
    return placed


def _shifted(found: dict[int, str], first: int) -> dict[int, str]:
    return {number + first - 1: words for number, words in found.items()}


def html_lines(text: str, first: int = 1) -> dict[int, str]:
    """The words a reader sees in an HTML email, by the line of the file they are on."""
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag
    from bs4.element import Declaration, Doctype, ProcessingInstruction

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(list(_INVISIBLE)):
        tag.decompose()
    pieces: dict[int, list[str]] = {}
    line = 1
    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.sourceline is not None:
                line = node.sourceline
            if node.name in _BLOCKS:
                pieces.setdefault(line, []).append(" ")
        elif isinstance(node, NavigableString) and not isinstance(
            node, (Comment, Doctype, Declaration, ProcessingInstruction)
        ):
            for offset, part in enumerate(str(node).split("\n")):
                pieces.setdefault(line + offset, []).append(part)
            line += str(node).count("\n")
    found = {}
    for number, parts in pieces.items():
        cleaned = _clean("".join(parts))
        if cleaned:
            found[number] = cleaned
    return _shifted(_at_columns(found, text), first)


def eml_lines(data: bytes) -> dict[int, str]:
    """The subject and the body a reader sees in an .eml file (the HTML part when there is one)."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    raw = data.decode("utf-8", errors="replace").splitlines()
    found: dict[int, str] = {}
    subject = message.get("subject")
    if subject:
        number = next((n for n, line in enumerate(raw, start=1) if line.lower().startswith("subject:")), 1)
        found[number] = _clean(str(subject))
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        return found
    try:
        content = body.get_content()
    except (LookupError, ValueError):
        return found
    if not isinstance(content, str):
        return found
    start = _body_start(raw, body.get_content_type())
    is_html = body.get_content_type() == "text/html"
    lines = html_lines(content) if is_html else _text_lines(content)
    if str(body.get("content-transfer-encoding", "7bit")).strip().lower() in _ENCODED:
        words = _clean(" ".join(lines[n] for n in sorted(lines)))  # encoded: all on the body's first line
        if words:
            found[start] = (found.get(start, "") + " " + words).strip()
    else:
        for number, text in lines.items():
            found[start + number - 1] = text
    return found


def _body_start(raw: list[str], content_type: str) -> int:
    """The line a part's body starts on: after the blank line that ends its headers."""
    header = re.compile(rf"^content-type:\s*{re.escape(content_type)}", re.IGNORECASE)
    begin = next((n for n, line in enumerate(raw) if header.match(line)), 0)
    for n in range(begin, len(raw)):
        if not raw[n].strip():
            return n + 2  # 1-based, the line after the blank one
    return 1


def _messages_csv(path: Path, text: str, reader: Reader) -> model.MessageFile:
    import csv

    from fairlint.load.tables import csv_format, csv_table

    document = model.MessageFile(Location(path, 1, 1))
    try:
        table = csv_table(path, text, csv_format(text, ".csv"))
    except csv.Error as exc:
        reader.problem(Location(path, 1, 1), T("CSV syntax error: {error}", error=str(exc)))
        return document
    names = [h.strip().lower() for h in table.header]
    if "text" not in names:
        reader.problem(Location(path, 1, 1), T("a messages file needs a 'text' column (and optionally id, channel, "
                                                 "send_at, offers); its header is {header}",
                                                 header=", ".join(table.header) or "empty"))
        return document
    for line, record in table.records:
        cells = {name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(names)}
        loc = Location(path, line, 1)
        data: dict = {"id": cells.get("id") or f"{path.stem}:{line}", "offers": cells.get("offers", "").split()}
        try:
            if cells.get("channel"):
                data["channel"] = values.read_choice(cells["channel"].lower(), model.CHANNELS)
            if cells.get("send_at"):
                data["send_at"] = values.read_date(cells["send_at"])
        except values.BadValue as exc:
            reader.problem(loc, T("row: {problem}", problem=values.reason(exc)))
            continue
        words = _clean(cells["text"])
        if not words:
            reader.problem(loc, T("row: 'text' is empty; every message needs its words"))
            continue
        document.messages.append(model.Message(loc, text=words, text_origin=loc, **data))
    return document


def message_links(campaign: model.Campaign) -> list[tuple[str, str]]:
    """(field, link) for the message files a campaign names: each message's ``file:`` and its
    ``messages_file:`` (``fairlint.context.links_of`` lists them with the campaign's other links)."""
    links = [("file", m.file) for m in campaign.messages if m.file]
    return links + ([("messages_file", campaign.messages_file)] if campaign.messages_file else [])


def load_message_files(loaded: dict, load, allowed=lambda key: True) -> None:
    """Load the message files the loaded campaigns name (``load(path)`` reads one as messages; only
    those whose resolved path is ``allowed``, inside the project) and give the campaigns their
    messages. ``loaded``: resolved path -> LoadedFile, updated in place."""
    from fairlint.paths import is_file, resolve

    for result in list(loaded.values()):
        for campaign in [d for d in result.documents if isinstance(d, model.Campaign)]:
            base = result.path.parent
            for _, link in message_links(campaign):
                target, key = base / link, resolve(base / link)
                if key in loaded and _message_file(loaded[key].documents) is not None:
                    continue
                if not allowed(key) or not is_file(target):
                    continue  # FL003 says so
                read = load(target)
                if key in loaded and loaded[key].documents:  # also a script (a .md): its messages join it
                    loaded[key].documents += read.documents
                    loaded[key].problems += read.problems
                    loaded[key].skipped = None
                else:
                    loaded[key] = read
            attach(campaign, lambda link: loaded[resolve(base / link)].documents if resolve(base / link) in loaded else None)


def linked_message_files(loaded: dict, reported: set) -> set:
    """The message files of the campaigns reported on: their words are the campaign's, so are their findings."""
    from fairlint.paths import resolve

    found = set()
    for key in reported:
        for document in loaded[key].documents:
            if isinstance(document, model.Campaign):
                found |= {resolve(document.loc.path.parent / link) for _, link in message_links(document)}
    return {key for key in found if key in loaded}


def attach(campaign: model.Campaign, documents_of) -> None:
    """Give the campaign's messages the text of the files they name, and add its messages file's
    messages. ``documents_of(link)`` is the documents of a linked file (None when not loaded)."""
    for message in campaign.messages:
        if message.file:
            found = _message_file(documents_of(message.file))
            if found is not None and found.messages:
                source = found.messages[0]
                message.text, message.text_origin, message.text_keeps_lines, message.text_lines = (
                    source.text, source.text_origin, source.text_keeps_lines, source.text_lines)
    if campaign.messages_file:
        found = _message_file(documents_of(campaign.messages_file))
        if found is not None:
            for message in found.messages:
                message.campaign = campaign
                campaign.messages.append(message)


def _message_file(documents) -> model.MessageFile | None:
    return next((d for d in documents or [] if isinstance(d, model.MessageFile)), None)
