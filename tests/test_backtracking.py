"""No built-in pattern backtracks without bound, and a user's ``re:`` phrase that could is refused.

A guard, not a performance target: every built-in pattern (each locale's phrase
lists, the money and percentage patterns, the claim readers of FL203) reads
100 KB of text made to trip backtracking in well under the bound; a quadratic
or exponential pattern takes minutes on it.
"""

from __future__ import annotations

import re
import time

import pytest

from fairlint.config import ConfigError
from fairlint.lexicon import LIST_NAMES, load_lexicon, read_locale_file
from fairlint.lexicon import amounts
from fairlint.lexicon.safety import unsafe_reason
from fairlint.rules import fl203_advertised_claim_mismatch as fl203
from tests.helpers import cli, write_files

SIZE = 100_000
BOUND = 5.0  # seconds for one pattern over 100 KB: linear patterns take milliseconds
LEXICON = load_lexicon()

GENERIC = ["111 ", "1,", "1 ", "11,11,", "1.1.", "$1 ", "a ", "aa'", "ё ", "价", "क्", " \u00a0", "-1 ", "1%"]


def _fill(piece: str) -> str:
    return (piece * (SIZE // max(1, len(piece)) + 1))[:SIZE]


def _adversarial(phrases: list[str]) -> list[str]:
    """Generic runs of digits, separators and letters, and the phrases cut short (a near miss at every
    place), each 100 KB."""
    near = " ".join(p[3:] if p.startswith("re:") else p[:-1] for p in phrases if len(p) > 1)
    return [_fill("".join(GENERIC)), _fill(near + " "), _fill(near.replace(" ", ""))]


def _timed(pattern: re.Pattern, text: str) -> float:
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - start


@pytest.mark.parametrize("locale", sorted(LEXICON.locales))
def test_every_phrase_list_reads_100kb_of_adversarial_text_in_linear_time(locale):
    for name in LIST_NAMES:
        pattern = LEXICON.pattern(locale, name)
        if pattern is None:
            continue
        for text in _adversarial(LEXICON.locales[locale][name]):
            assert _timed(pattern, text) < BOUND, f"{locale} {name} backtracks on {text[:60]!r}"


BUILT_IN = {
    "MONEY": amounts.MONEY, "PERCENT": amounts.PERCENT, "ZHE": amounts.ZHE,
    "REFERENCE": amounts._REFERENCE_MARKER,
    "saving_after": amounts.saving_after(), "saving_before": amounts.saving_before(),
    **{name: getattr(fl203, name)() for name in ("_up_to_before", "_not_a_price_before", "_not_a_price_after")},
}


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_amount_and_claim_patterns_read_100kb_of_adversarial_text_in_linear_time(name):
    for text in _adversarial(["111 111", "up to 50", "save 20", "was $4", "8折", "до 50"]):
        assert _timed(BUILT_IN[name], text) < BOUND, f"{name} backtracks on {text[:60]!r}"


def test_the_quadratic_money_run_is_linear():
    text = "111 " * 25_000  # took 14 s on 20 KB before
    start = time.perf_counter()
    assert amounts.find_amounts(text) == []
    assert time.perf_counter() - start < BOUND


def test_grouped_amounts_are_still_read():
    found = [(a.value, a.currency) for a in amounts.find_amounts("1 299 ₽, 2 39€, $1 299, R39, r 2")]
    assert [str(v) for v, _ in found] == ["1299", "39", "1299", "39"]


@pytest.mark.parametrize("pattern", [r"(a|aa)+$", r"(a+)+$", r"(\w+\s?)+$", r"\w+\w*x", r"(?:x|xy)*z"])
def test_patterns_that_can_backtrack_without_bound_are_named(pattern):
    assert unsafe_reason(pattern)


@pytest.mark.parametrize("pattern", [r"only\s+\S+\s+more", r"\d+-days?", r"(?:foo|bar)+", r"(?:\S++\s++){1,3}?x",
                                     r"\d+(?:[.,]\d{3})*", r"(?:ab?)+c"])
def test_patterns_that_cannot_are_accepted(pattern):
    assert unsafe_reason(pattern) is None


def test_a_users_backtracking_phrase_is_a_configuration_error_with_file_and_line(tmp_path):
    folder = tmp_path / "lexicon"
    write_files(folder, {"en.yaml": "pressure:\n  - decide now\n  - 're:(a|aa)+$'\n"})
    with pytest.raises(ConfigError) as error:
        read_locale_file(folder / "en.yaml")
    assert f"{folder / 'en.yaml'}:3:" in str(error.value)
    assert "(a|aa)+" in str(error.value) and "could take minutes" in str(error.value)


def test_the_cli_exits_2_on_a_backtracking_phrase(tmp_path):
    write_files(tmp_path, {
        "fairlint.toml": 'lexicon = "lexicon"\n',
        "lexicon/en.yaml": "pressure:\n  - 're:(\\w+\\s?)+$'\n",
        "s.md": "Rep: Hi.\nCustomer: Hello.\n",
    })
    result = cli(["check", "s.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "en.yaml:2" in result.output
