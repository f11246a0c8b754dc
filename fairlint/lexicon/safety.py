"""Refusing ``re:`` phrases that can backtrack without bound.

Python's regular expressions backtrack: ``(a|aa)+$`` takes 35 s on 41
characters, ``(\\w+\\s?)+$`` minutes on a line of words. A phrase is refused
when a repeat (``*``, ``+``, ``{n,}``, ``{n,m}`` with m > 1):

- holds another repeat of more than one ("nested": ``(a+)+``, ``(\\w+\\s?)*``);
- holds alternatives that can start with the same character
  ("overlapping": ``(a|aa)+``, ``(\\d|\\w)*``);
- is followed directly by another unbounded repeat of characters it can
  also match (``\\w+\\w*``, ``\\s*\\s+``), in the same sequence.

(google-re2 would run any pattern in linear time, but its ``\\b`` and ``\\w``
are ASCII-only: Cyrillic and Devanagari words would not be words.)
"""

from __future__ import annotations

try:  # Python 3.11+
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)} - {None}


def unsafe_reason(pattern: str) -> str | None:
    """Why ``pattern`` could backtrack without bound, or None when it cannot."""
    try:
        tree = _p.parse(pattern)
    except Exception:  # invalid patterns are reported by the caller, with re's own message
        return None
    return _check(list(tree))


def _is_many(op, av) -> bool:
    return op in _REPEATS and (av[1] is _c.MAXREPEAT or av[1] > 1) and op != getattr(_c, "POSSESSIVE_REPEAT", None)


def _check(items) -> str | None:
    previous_many = None  # first-character set of an unbounded repeat just before
    for op, av in items:
        if op is _c.ATOMIC_GROUP if hasattr(_c, "ATOMIC_GROUP") else False:
            previous_many = None
            continue
        if _is_many(op, av):
            body = list(av[2])
            if _has_repeat(body):
                return "a repeated part holds another repeat"
            if _has_overlapping_branch(body):
                return "a repeated choice has alternatives that can match the same text"
            firsts = _firsts(body)
            if previous_many is not None and _overlap(previous_many, firsts) and av[1] is _c.MAXREPEAT:
                return "two repeats next to each other can match the same characters"
            previous_many = firsts if av[1] is _c.MAXREPEAT else None
            continue
        for sub in _children(op, av):
            reason = _check(sub)
            if reason:
                return reason
        previous_many = None
    return None


def _children(op, av):
    if op is _c.SUBPATTERN:
        return [list(av[-1])]
    if op is _c.BRANCH:
        return [list(b) for b in av[1]]
    if op in _REPEATS:
        return [list(av[2])]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [list(av[1])]
    if hasattr(_c, "ATOMIC_GROUP") and op is _c.ATOMIC_GROUP:
        return [list(av)]
    if op is _c.GROUPREF_EXISTS:
        return [list(x) for x in av[1:] if x is not None]
    return []


def _has_repeat(items) -> bool:
    """A repeat of a varying count inside (``\\d{3}`` is fixed, like three characters)."""
    for op, av in items:
        if _is_many(op, av) and av[0] != av[1]:
            return True
        if any(_has_repeat(sub) for sub in _children(op, av) if op not in (_c.ASSERT, _c.ASSERT_NOT)):
            return True
    return False


def _has_overlapping_branch(items) -> bool:
    for op, av in items:
        if op is _c.BRANCH and any(_can_be_empty(list(b)) for b in av[1]):
            return True  # (a|aa) is parsed as a(?:|a): one alternative is empty
        if op is _c.BRANCH:
            seen: list = []
            for branch in av[1]:
                firsts = _firsts(list(branch))
                if any(_overlap(firsts, other) for other in seen):
                    return True
                seen.append(firsts)
        if op is _c.SUBPATTERN and _has_overlapping_branch(list(av[-1])):
            return True
        if op in _REPEATS and av[0] != av[1] and av[1] == 1 and _has_overlapping_branch(list(av[2])):
            return True
    return False


# Characters to tell character sets apart by: if no sample is in both sets, they do not overlap.
_SAMPLE = (
    [chr(c) for c in range(32, 127)]
    + ["\t", "\n", "\u00a0", "\u00e9", "\u00eb", "ж", "Ж", "ё", "क", "\u093f", "价", "，", "。", "’", "₽", "€", "٣"]
    + ["\u200d"]
)
_ANY = frozenset(_SAMPLE)


def _category(code, char: str) -> bool:
    name = str(code).upper()
    word = char.isalnum() or char == "_" or (0x0900 <= ord(char) <= 0x097F)
    tests = {
        "CATEGORY_DIGIT": char.isdigit(), "CATEGORY_NOT_DIGIT": not char.isdigit(),
        "CATEGORY_SPACE": char.isspace(), "CATEGORY_NOT_SPACE": not char.isspace(),
        "CATEGORY_WORD": word, "CATEGORY_NOT_WORD": not word,
    }
    for key, value in tests.items():
        if name.endswith(key.replace("CATEGORY_", "")) and ("NOT" in key) == ("NOT" in name):
            return value
    return True  # an unknown category: may match anything


def _in_set(items, char: str) -> bool:
    negate = False
    hit = False
    for kind, value in items:
        if kind is _c.NEGATE:
            negate = True
        elif kind is _c.LITERAL:
            hit = hit or chr(value).lower() == char.lower()
        elif kind is _c.RANGE:
            hit = hit or value[0] <= ord(char.lower()) <= value[1] or value[0] <= ord(char.upper()) <= value[1]
        elif kind is _c.CATEGORY:
            hit = hit or _category(value, char)
        else:
            hit = True
    return hit != negate


def _firsts(items) -> frozenset:
    """The sample characters a sequence can start with (all of them when unknown)."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            return frozenset(chars | {chr(av).lower()})
        if op is _c.NOT_LITERAL or op is _c.ANY:
            return _ANY
        if op is _c.IN:
            return frozenset(chars | {ch.lower() for ch in _SAMPLE if _in_set(av, ch)})
        if op is _c.SUBPATTERN:
            chars |= _firsts(list(av[-1]))
            if not _can_be_empty(list(av[-1])):
                return frozenset(chars)
            continue
        if op is _c.BRANCH:
            for branch in av[1]:
                chars |= _firsts(list(branch))
            if not any(_can_be_empty(list(b)) for b in av[1]):
                return frozenset(chars)
            continue
        if op in _REPEATS:
            chars |= _firsts(list(av[2]))
            if av[0] > 0:
                return frozenset(chars)
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        return _ANY
    return frozenset(chars)


def _can_be_empty(items) -> bool:
    for op, av in items:
        if op in _REPEATS and (av[0] == 0 or _can_be_empty(list(av[2]))):
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.SUBPATTERN and _can_be_empty(list(av[-1])):
            continue
        if op is _c.BRANCH and any(_can_be_empty(list(b)) for b in av[1]):
            continue
        return False
    return True


def _overlap(a, b) -> bool:
    return bool(a & b)
