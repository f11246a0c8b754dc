"""A campaign links to a file or an offer that does not exist.

## What it checks
A campaign's `prices:` must name a price schedule file (or a shop export or
feed fairlint reads), each of its `scripts:` a sales script, a message's
`file:` an email or text file and `messages_file:` a CSV of messages, relative
to the campaign file and inside the project (the folder of the configuration
file, else the git work tree's top, else the current folder); each id in a
message's `offers:` must be an offer of the same campaign. A link that leads
outside the project is never opened, and the finding does not say whether
anything exists there.

## Why it matters
The cross-document rules (undisclosed next-day sales, advertised claims that do
not match the offer) read the linked schedule, scripts and offers. A broken
link means the message is advertising an offer nobody defined, or that the
prices the campaign relies on are not being checked at all.

## Example
```yaml
kind: campaign
id: spring-2027
prices: prices/sprng.csv        # no such file
messages:
  - id: hero
    offers: [welcome-20]        # the offer is called welcome20
    text: Welcome! 20% off your first order.
```

## Fix
Correct the path (`prices/spring.csv`) and the offer id (`welcome20`).
"""

from fairlint import model
from fairlint.finding import Severity, Violation
from fairlint.i18n import T
from fairlint.paths import exists

CODE = "FL003"
NAME = "broken-link"
SEVERITY = Severity.ERROR
OPTIONS: dict = {}


def check(project, options):
    for campaign in project.campaigns:
        if campaign.prices:
            schedule = T("price schedule")
            yield from _check_file(project, campaign, campaign.prices, "prices", model.PriceSchedule, schedule)
        for link in campaign.scripts:
            yield from _check_file(project, campaign, link, "scripts", model.Script, T("sales script"))
        for message in campaign.messages:
            if message.file:
                yield from _check_file(project, campaign, message.file, "file", model.MessageFile, T("message text"),
                                       message.at("file"))
        if campaign.messages_file:
            yield from _check_file(project, campaign, campaign.messages_file, "messages_file", model.MessageFile,
                                   T("messages (a CSV with a 'text' column)"))
        offer_ids = {o.id for o in campaign.offers}
        for message in campaign.messages:
            for offer_id in message.offers:
                if offer_id not in offer_ids:
                    known = ", ".join(sorted(offer_ids)) or T("none")
                    yield Violation(
                        message.at("offers"),
                        T("message {message!r} advertises offer {offer!r}, which campaign {campaign!r} does not define "
                          "(its offers: {known}); correct the id or add the offer",
                          message=message.id, offer=offer_id, campaign=campaign.id, known=known),
                        f"{campaign.id}/{message.id}/{offer_id}",
                    )


def _check_file(project, campaign, link, field, kind, what, loc=None):
    documents = project.linked_documents(campaign, link)
    loc = loc or campaign.at(field)
    if documents is None and project.link_outside(campaign, link):
        yield Violation(
            loc,
            T("campaign {campaign!r} links to {link!r}, which is outside the project, so it is not read; "
              "keep linked files inside the project folder (the configuration file's folder or the repository)",
              campaign=campaign.id, link=link),
            f"{campaign.id}/{field}/{link}",
        )
    elif documents is None:
        target = campaign.loc.path.parent / link
        if not exists(target):
            message = T("campaign {campaign!r} links to {link!r} ({path}), which does not exist; "
                        "correct the path (it is relative to the campaign file)",
                        campaign=campaign.id, link=link, path=target.as_posix())
        else:
            message = T("campaign {campaign!r} links to {link!r} ({path}), which cannot be read as a file; "
                        "correct the path (it is relative to the campaign file)",
                        campaign=campaign.id, link=link, path=target.as_posix())
        yield Violation(
            loc,
            message,
            f"{campaign.id}/{field}/{link}",
        )
    elif not any(isinstance(d, kind) for d in documents):
        yield Violation(
            loc,
            T("campaign {campaign!r} links to {link!r}, which holds no {what}; "
              "link the right file or fix that file (run fairlint on it)", campaign=campaign.id, link=link, what=what),
            f"{campaign.id}/{field}/{link}",
        )
