"""The files a project's rules read besides those checked: linked files, and the campaigns linking in.

Links (a campaign's ``prices:``, ``scripts:``, ``messages_file:`` and its
messages' ``file:``; ``links_of`` is the one place that lists them) resolve relative to the campaign file and must stay inside
the project root (``fairlint.roots``): a link outside it is never opened, and
FL003 reports it as "outside the project" without saying whether anything
exists there. A linked file is context: rules see it, its own findings are
not reported.

A price schedule or script checked without the campaign that links to it
(pre-commit passes only the changed files) is judged with that campaign, as
a folder check would judge it: the campaigns of the project root that name
the file are loaded as context too. The root is searched only when it is a
configuration's folder or a git work tree's top, never a guessed folder such
as the current one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from fairlint import model
from fairlint.load import SKIPPED_TEXT, STRUCTURED, LoadedFile, load_file
from fairlint.load.files import FileProblem, read_limited
from fairlint.load.messages import message_links
from fairlint.paths import resolve


_EMAILS = (".html", ".htm", ".eml")
_MESSAGE_TABLES = (".csv", ".txt", ".md")
_FILE_NAME = re.compile(r"[^\s/\\'\"\[\],{}:]+\.[A-Za-z0-9]{1,9}\b")  # the last part of a path written in a file


MESSAGE_FIELDS = ("file", "messages_file")  # links read as a campaign's messages (fairlint.load.messages)


def links_of(campaign: model.Campaign) -> list[tuple[str, str]]:
    """(field, link) for each file a campaign links to, in the campaign's order: ``prices:``,
    ``scripts:``, its messages' ``file:`` and its ``messages_file:``."""
    links = [("prices", campaign.prices)] if campaign.prices else []
    links += [("scripts", link) for link in campaign.scripts]
    return links + message_links(campaign)


def link_target(campaign: model.Campaign, link: str) -> Path | None:
    """The resolved file a link names (relative to the campaign's file); None when no file can have that name."""
    try:
        return resolve(campaign.loc.path.parent / link)
    except (ValueError, OSError):  # a NUL byte, a name too long: no file is called that
        return None


def inside(root: Path | None, target: Path | None) -> bool:
    """Whether a resolved path lies in the project root (anything is inside when there is no root)."""
    if target is None:
        return False
    return root is None or target == root or target.is_relative_to(root)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def load_links(loaded: dict[Path, LoadedFile], root: Path, labels: dict[str, str], max_bytes: int,
               options=None) -> None:
    """Load the files that the campaigns in ``loaded`` link to, inside ``root``, that are not loaded yet
    (message files are read as messages: ``fairlint.load.messages.load_message_files``)."""
    for result in list(loaded.values()):
        for document in result.documents:
            if not isinstance(document, model.Campaign):
                continue
            for field, link in links_of(document):
                if field in MESSAGE_FIELDS:
                    continue
                key = link_target(document, link)
                if key is None or not inside(root, key):
                    continue
                if key in loaded:
                    if field == "scripts" and loaded[key].skipped == SKIPPED_TEXT:
                        # a walk skips text whose turns it cannot read, but a campaign says this is a script:
                        # read it as one, so its labels are an FL001 at the script (formats.md)
                        loaded[key] = load_file(key, explicit=True, labels=labels, max_bytes=max_bytes,
                                                options=options)
                    continue
                if not _is_file(key):
                    continue
                loaded[key] = load_file(key, explicit=False, labels=labels, max_bytes=max_bytes, options=options)


def load_linking_campaigns(loaded: dict[Path, LoadedFile], reported: set[Path], unit, labels: dict[str, str],
                           max_bytes: int) -> None:
    """Load, as context, the project's campaigns that link to a checked schedule or script no loaded
    campaign links to. Only needed when the project root was not walked as a whole."""
    if not unit.known_root or any(_is_dir(path) and resolve(path) == unit.root for path in unit.paths):
        return  # a guessed root (never walk a home folder for this), or every campaign is loaded already
    orphans = {key for key in reported
               if any(isinstance(d, (model.PriceSchedule, model.Script)) for d in loaded[key].documents)
               or key.suffix.lower() in _EMAILS  # an email is read only as the message of a campaign
               or (not loaded[key].documents and key.suffix.lower() in _MESSAGE_TABLES)}  # an SMS export, a text
    for result in loaded.values():
        for document in result.documents:
            if isinstance(document, model.Campaign):
                orphans -= {link_target(document, link) for _, link in links_of(document)}
    if not orphans:
        return
    from fairlint.discovery import Excluder, discover

    names = {key.name for key in orphans}
    spaced = [name for name in names if not _FILE_NAME.fullmatch(name)]  # "spring sale.csv": looked for as is
    walked = frozenset(resolve(path) for path in unit.paths if _is_dir(path))  # their campaigns are loaded
    found = discover([unit.root], Excluder(unit.config.exclude, unit.root), nested=True, prune=walked)
    for target in found.targets:
        key = resolve(target.path)
        if key in loaded or target.path.suffix.lower() not in STRUCTURED:
            continue
        try:
            text = read_limited(target.path, max_bytes).decode("utf-8", errors="replace")
        except FileProblem:
            continue
        if "campaign" not in text or (names.isdisjoint(_FILE_NAME.findall(text))
                                      and not any(name in text for name in spaced)):
            continue  # cheap: a campaign naming one of the files holds both words
        candidate = load_file(target.path, explicit=False, labels=labels, max_bytes=max_bytes)
        campaigns = [d for d in candidate.documents if isinstance(d, model.Campaign)]
        if any(link_target(c, link) in orphans for c in campaigns for _, link in links_of(c)):
            loaded[key] = candidate


def _is_dir(path: Path) -> bool:
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return False
