"""A message or sales script promises more than the campaign has committed to.

## What it checks
Campaign messages and the seller turns of sales scripts are read for promises:

- timed promises: a time limit with what it is about, "delivered in 2 days",
  "we reply within 1 hour", "48-hour delivery", "next-day delivery". The
  number and the unit (hours, days, weeks) are read and converted, so "48
  hours" is held against a commitment in days. A range counts at its upper
  end ("in 3-5 days" is 5 days); business or working days count as days;
  numbers are read when written as digits, of any script ("२ दिनभित्र"),
  or as Chinese numerals up to 九十九 with 两 and 半 ("两天内" is 2 days,
  "半小时" half an hour); words are not ("in five days" is not read);
- absolute promises: "guaranteed", "always", "never late", "without fail",
  "we promise", tied to what they are about by a subject word in the same
  sentence ("guaranteed delivery by Friday" is about delivery). An absolute
  promise with no subject word in its sentence ("always happy to help") is not
  judged.

A promise is about delivery (deliver, ship, dispatch, arrive, install,
assemble, laid, courier: the time until the customer has what was bought) or
about replies (reply, respond, answer, get back to you, call back); the
subject word nearest the promise in its sentence decides. Each is held against
the campaign's `commitments`:

| promise about | commitment keys read |
|---|---|
| delivery | `delivery_days`, `delivery_hours`, `delivery_weeks` |
| replies | `response_hours`, `response_days`, `response_weeks` |

Other commitment keys are not read by this rule; when a campaign gives one
subject in several units, the tightest counts. A timed promise is unbacked
when the campaign commits to no time for its subject, or when the promised
time is shorter than the commitment (promised 2 days, committed 5); exactly
the committed time is fine. An absolute promise is unbacked when the campaign
commits to no time for its subject at all.

Which commitments apply: a message uses its own campaign's. A script linked
from campaigns' `scripts:` must be backed by every campaign that links it. A
script no loaded campaign links is backed when at least one loaded campaign
backs the promise (the store's written commitments), and is not judged when
no campaign is loaded at all (for example when only the script is checked).

One finding per promise, at the message's `text:` or at the seller turn. The
phrase lists (`promises`, `time_limit_hours`, `time_limit_days`,
`time_limit_weeks`, `delivery_words`, `response_words`) are per locale; a
document whose locale has none of them is skipped.

## Why it matters
Promising what you cannot keep is a slow but sure way to lose customers (000
point 9): tell a customer you are positive the new floor will be laid in five
days, and it takes them only five days to find out the promise was not kept.
Most will forgive it once, but they will not fully trust your word again, and
they become far less likely to recommend you. Promise only what the business
has committed to in writing and can deliver.

## Example
```yaml
commitments:
  response_hours: 24
messages:
  - id: service-email
    text: Questions about your sofa? We reply within 1 hour.
```

## Fix
Promise what the commitment covers, or raise the commitment only if the team
can really keep it:
```yaml
  - id: service-email
    text: Questions about your sofa? We reply within 24 hours, every working day.
```
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import attrs

from fairlint.cache import regex
from fairlint.finding import Severity, Violation
from fairlint.i18n import N, T, Text
from fairlint.lexicon import shipped
from fairlint.lexicon.structure import clause_at
from fairlint.pricing import plain_number

CODE = "FL302"
NAME = "unbacked-promise"
SEVERITY = Severity.WARNING
OPTIONS: dict = {}

# Phrase list of each subject.
SUBJECTS = {"delivery": "delivery_words", "response": "response_words"}
# Phrase list of each time unit, and the unit's length in hours.
TIME_LIMITS = {"time_limit_hours": "hours", "time_limit_days": "days", "time_limit_weeks": "weeks"}
HOURS_PER = {"hours": Decimal(1), "days": Decimal(24), "weeks": Decimal(168)}

_NUMBER = regex(r"\d+(?:[.,]\d+)?")
# A sentence ends at . ! ? ; (or their CJK forms) followed by a space or the end, or at a blank line.
_SENTENCE_END = regex(r"[.!?;]+(?=\s|$)|[。！？；।॥]+|\n\s*\n")


@cache
def _numerals() -> tuple[dict[str, int], str | None, str | None, re.Pattern | None]:
    """Numerals written as characters (each locale's ``numerals``: "两 2", "十 10", "半 0.5"):
    (digit characters -> value, the character for ten, the character for a half, a run of them).
    Chinese time limits use them: 两天 (2 days), 二十四小时 (24 hours), 半小时 (half an hour)."""
    digits: dict[str, int] = {}
    ten = half = None
    for entry in shipped.phrases("numerals"):
        written, _, value = entry.rpartition(" ")
        if value == "10":
            ten = written
        elif value == "0.5":
            half = written
        elif value.isdigit():
            digits[written] = int(value)
    characters = "".join(digits) + (ten or "")
    run = regex(f"[{re.escape(characters)}]+") if characters else None
    return digits, ten, half, run


@attrs.frozen
class Promise:
    subject: str  # a key of SUBJECTS
    words: str  # the promise as written
    amount: Decimal | None = None  # the time limit in its unit; None for an absolute promise
    unit: str | None = None
    start: int = attrs.field(default=0, eq=False)  # where the words are in the text

    @property
    def hours(self) -> Decimal | None:
        return None if self.amount is None else self.amount * HOURS_PER[self.unit]

    def describe(self) -> Text:
        delivery = self.subject == "delivery"
        words = self.words
        if self.amount is None:
            return T("delivery ({words!r})", words=words) if delivery else T("a reply ({words!r})", words=words)
        if _NUMBER.search(self.words):
            return T("delivery {words!r}", words=words) if delivery else T("a reply {words!r}", words=words)
        time = _duration(self.amount, self.unit)
        if delivery:
            return T("delivery {words!r} ({time})", words=words, time=time)
        return T("a reply {words!r} ({time})", words=words, time=time)


@attrs.frozen
class Commitment:
    key: str
    value: Decimal
    unit: str

    @property
    def hours(self) -> Decimal:
        return self.value * HOURS_PER[self.unit]


def check(project, options):
    lexicon = project.lexicon
    for campaign in project.campaigns:
        for message in campaign.messages:
            locale = project.locale_of(message)
            if not _can_read(lexicon, locale):
                continue
            for promise in find_promises(lexicon, locale, message.text):
                problem = _unbacked(promise, campaign)
                if problem:
                    yield Violation(
                        message.text_at(promise.start),
                        T("message {message!r} promises {promise}, but {problem}",
                          message=message.id, promise=promise.describe(), problem=problem),
                        f"{campaign.id}/{message.id}/{promise.subject}/{promise.words.lower()}",
                    )
    linking = _linking_campaigns(project)
    for script in project.scripts:
        locale = project.locale_of(script)
        if not _can_read(lexicon, locale):
            continue
        campaigns = linking.get(id(script), [])
        if not campaigns and not project.campaigns:
            continue  # no commitments loaded at all: nothing to hold the promises against
        for turn in script.seller_turns:
            for promise in find_promises(lexicon, locale, turn.text):
                problem = _unbacked_in_script(promise, campaigns, project.campaigns)
                if problem:
                    yield Violation(
                        turn.loc,
                        T("{speaker} promises {promise}, but {problem}",
                          speaker=turn.speaker, promise=promise.describe(), problem=problem),
                        f"{script.id}/{promise.subject}/{promise.words.lower()}",
                    )


def _can_read(lexicon, locale) -> bool:
    """Whether the locale has the phrase lists to find a promise and what it is about."""
    has_subjects = any(lexicon.has_list(locale, name) for name in SUBJECTS.values())
    has_promises = any(lexicon.has_list(locale, name) for name in ("promises", *TIME_LIMITS))
    return has_subjects and has_promises


def find_promises(lexicon, locale, text: str) -> list[Promise]:
    """The timed and absolute promises in ``text`` whose subject is known, one per subject and wording."""
    subjects = sorted(
        ((m.start, m.end, subject) for subject, name in SUBJECTS.items() for m in lexicon.find(locale, name, text)),
    )
    if not subjects:
        return []
    limits = [(m, unit) for name, unit in TIME_LIMITS.items() for m in lexicon.find(locale, name, text)]
    absolutes = lexicon.find(locale, "promises", text)
    found: list[Promise] = []
    for start, end in _sentences(text):
        nearby = [s for s in subjects if start <= s[0] < end]
        if not nearby:
            continue
        timed_subjects = set()
        for match, unit in sorted((l for l in limits if start <= l[0].start < end), key=lambda l: l[0].start):
            subject = _nearest(_in_clause(lexicon, locale, text, nearby, match), match)
            timed_subjects.add(subject)
            found.append(Promise(subject, match.text, _amount(match.text), unit, start=match.start))
        for match in (a for a in absolutes if start <= a.start < end):
            subject = _nearest(_in_clause(lexicon, locale, text, nearby, match), match)
            if subject not in timed_subjects:  # the timed promise says more about the same thing
                found.append(Promise(subject, match.text, start=match.start))
    unique: dict[tuple, Promise] = {}
    for promise in found:
        unique.setdefault((promise.subject, promise.words.lower()), promise)
    return list(unique.values())


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        spans.append((start, end.end()))
        start = end.end()
    spans.append((start, len(text)))
    return spans


def _in_clause(lexicon, locale, text, subjects, match):
    """The subjects in the promise's own clause ("we reply within 24 hours | and deliver within 4 days"),
    or all of the sentence's when its clause names none."""
    clause = clause_at(lexicon, locale, text, match.start)
    own = [s for s in subjects if clause.start <= s[0] < clause.end]
    return own or subjects


def _nearest(subjects, match) -> str:
    """The subject whose word is closest to ``match`` (a word before it wins a tie)."""

    def distance(item):
        s_start, s_end, _ = item
        if s_end <= match.start:
            return (match.start - s_end, 0)
        if s_start >= match.end:
            return (s_start - match.end, 1)
        return (0, 0)  # overlapping: the subject is part of the promise

    return min(subjects, key=distance)[2]


def _amount(words: str) -> Decimal:
    """The limit in a time phrase: its last numeral ("3-5 days" is 5), or one unit when it has none."""
    _, _, half_word, run = _numerals()
    half = Decimal("0.5") if half_word and half_word in words else Decimal(0)  # 一个半小时: an hour and a half
    numbers = _NUMBER.findall(words)
    if numbers:
        return Decimal(numbers[-1].replace(",", ".")) + half
    chinese = [_chinese_number(n) for n in run.findall(words)] if run else []
    if chinese and chinese[-1] is not None:
        return Decimal(chinese[-1]) + half
    return half or Decimal(1)


def _chinese_number(written: str) -> int | None:
    """一 to 九十九: "两" 2, "十二" 12, "二十四" 24; None for other forms."""
    digits, ten, _, _ = _numerals()
    if ten and ten in written:
        tens, _, units = written.partition(ten)
        if len(tens) > 1 or len(units) > 1:
            return None
        return digits.get(tens, 1 if not tens else 0) * 10 + digits.get(units, 0)
    return digits.get(written) if len(written) == 1 else None


def commitment(campaign, subject: str) -> Commitment | None:
    """The campaign's commitment for ``subject`` (``delivery_days`` and the like); the tightest when several."""
    given = [
        Commitment(f"{subject}_{unit}", campaign.commitments[f"{subject}_{unit}"], unit)
        for unit in HOURS_PER
        if campaign.commitments.get(f"{subject}_{unit}") is not None
    ]
    return min(given, key=lambda c: c.hours) if given else None


def _judge(promise: Promise, campaign) -> tuple[bool, Commitment | None]:
    """(whether ``campaign`` backs the promise, its commitment for the promise's subject)."""
    committed = commitment(campaign, promise.subject)
    if committed is None:
        return False, None
    return promise.hours is None or promise.hours >= committed.hours, committed


def _unbacked(promise: Promise, campaign) -> Text | None:
    """What is wrong with ``promise`` under ``campaign``'s commitments, or None when they back it."""
    backed, committed = _judge(promise, campaign)
    return None if backed else _explain(promise, committed, campaign.id)


def _unbacked_in_script(promise: Promise, linking: list, loaded: list) -> Text | None:
    """What is wrong with a script's promise: against every campaign linking it, else the loaded ones."""
    if linking:
        problems = (_unbacked(promise, campaign) for campaign in linking)
        return next((p for p in problems if p), None)
    judged = [(_judge(promise, campaign), campaign) for campaign in loaded]
    if any(backed for (backed, _), _ in judged):
        return None  # an unlinked script is backed by any loaded campaign's commitment
    committed = [(c, campaign) for (_, c), campaign in judged if c is not None]
    if not committed:
        return _explain(promise, None, None)
    loosest, campaign = max(committed, key=lambda item: item[0].hours)
    return _explain(promise, loosest, None, loosest_of_loaded=campaign.id)


def _explain(promise: Promise, committed: Commitment | None, campaign: str | None, loosest_of_loaded=None) -> Text:
    """Against ``campaign`` (its id), or, for an unlinked script, against all loaded campaigns."""
    delivery = promise.subject == "delivery"
    if committed is None and campaign is not None and delivery:
        return T("campaign {campaign!r} does not commit to a delivery time (no delivery_days or delivery_hours under "
                 "commitments); write down a delivery time the team can keep, or drop the promise", campaign=campaign)
    if committed is None and campaign is not None:
        return T("campaign {campaign!r} does not commit to a response time (no response_days or response_hours under "
                 "commitments); write down a response time the team can keep, or drop the promise", campaign=campaign)
    if committed is None and delivery:
        return T("none of the loaded campaigns commits to a delivery time (no delivery_days or delivery_hours under "
                 "commitments); link the script from the campaign it is used in (scripts:), write down a delivery "
                 "time the team can keep, or drop the promise")
    if committed is None:
        return T("none of the loaded campaigns commits to a response time (no response_days or response_hours under "
                 "commitments); link the script from the campaign it is used in (scripts:), write down a response "
                 "time the team can keep, or drop the promise")
    committed_time = _duration(committed.value, committed.unit)
    if campaign is not None:
        return T("campaign {campaign!r} commits only to {time} ({key}: {value}); promise no more than {time}, "
                 "or raise the commitment if the team can really keep it",
                 campaign=campaign, time=committed_time, key=committed.key, value=plain_number(committed.value))
    return T("the loosest loaded campaign ({campaign!r}) commits only to {time} ({key}: {value}); link the script "
             "from the campaign it is used in (scripts:), promise no more than {time}, or raise the commitment if "
             "the team can really keep it",
             campaign=loosest_of_loaded, time=committed_time, key=committed.key, value=plain_number(committed.value))


def _duration(amount: Decimal, unit: str) -> Text:
    if unit == "hours":
        return N("{n} hour", "{n} hours", n=amount)
    if unit == "days":
        return N("{n} day", "{n} days", n=amount)
    return N("{n} week", "{n} weeks", n=amount)


def _linking_campaigns(project) -> dict[int, list]:
    """Script (by identity) -> the loaded campaigns whose ``scripts:`` link its file."""
    linking: dict[int, list] = {}
    for campaign in project.campaigns:
        for link in campaign.scripts:
            for document in project.linked_documents(campaign, link) or []:
                linking.setdefault(id(document), []).append(campaign)
    return linking
