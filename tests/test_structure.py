"""Sentences, clauses, negation, upsells and needs questions, and deadlines written as dates."""

from __future__ import annotations

import datetime as dt

import pytest

from fairlint.lexicon import load_lexicon
from fairlint.lexicon.dates import claimed_deadline
from fairlint.lexicon.moves import find_pressure, find_upsell, first_move, is_needs_question
from fairlint.lexicon.structure import clause_at, negated, sentences

LEXICON = load_lexicon()


def test_a_decimal_point_does_not_end_a_sentence():
    assert [s.text for s in sentences("It's $4.99 today. Would you like one?")] == [
        "It's $4.99 today.", " Would you like one?"]


def test_chinese_sentences_end_at_their_own_marks():
    assert [s.text for s in sentences("您好。要不要加一个？")] == ["您好。", "要不要加一个？"]


def test_a_clause_ends_at_and():
    text = "We reply within 24 hours and deliver within 4 days."
    assert clause_at(LEXICON, "en", text, text.index("deliver")).text.strip() == "deliver within 4 days."


@pytest.mark.parametrize("locale, text, word, expected", [
    ("en", "There's no need to decide now.", "decide", True),
    ("en", "Decide now, there's no need to wait.", "Decide", False),  # the negation is in the next clause
    ("ru", "Не нужно решать сейчас.", "решать", True),
    ("zh", "不用马上决定。", "马上", True),
    ("ne", "अहिल्यै निर्णय गर्नु पर्दैन।", "अहिल्यै", True),
])
def test_negation_scope_is_its_clause(locale, text, word, expected):
    start = text.index(word)
    assert negated(LEXICON, locale, text, start, start + len(word)) is expected


@pytest.mark.parametrize("text, said, upsell", [
    ("Thanks for calling Harbour Insurance.", "", None),
    ("Would you like to upgrade to the oak top?", "", "upgrade"),
    ("I can throw in a helmet for free.", "", None),
    ("Let me add the basic model to your order.", "I'm good with the basic model.", None),
    ("Let me add the care plan to your order.", "I'm good with the basic model.", "add the"),
    ("It is in a premium area, so you can walk anywhere.", "", None),
])
def test_an_upsell_is_an_extra_offered(text, said, upsell):
    found = find_upsell(LEXICON, "en", text, said)
    assert (found.text if found else None) == upsell


@pytest.mark.parametrize("text, expected", [
    ("What do you cook most days, and for how many people?", True),
    ("What will you mainly use the drill for?", True),
    ("Tell me what you need the lamp for.", True),
    ("What was the last one you had?", False),
    ("Would you like a bag?", False),
])
def test_needs_questions_in_ordinary_words(text, expected):
    assert is_needs_question(LEXICON, "en", text) is expected


def test_the_first_move_of_a_turn_is_read_sentence_by_sentence():
    assert first_move(LEXICON, "en", "How often do you read? Then shall I add a dimmer?")[0] == "needs"
    assert first_move(LEXICON, "en", "Shall I add a dimmer? How often do you read?")[0] == "upsell"


def test_pressure_under_a_negation_is_none():
    assert find_pressure(LEXICON, "en", "There's no need to decide now.") is None
    assert find_pressure(LEXICON, "en", "Decide now, this price won't last.").text == "Decide now"


@pytest.mark.parametrize("locale, text, sent, expected", [
    ("en", "Offer ends Sunday 2 May!", dt.date(2027, 4, 28), dt.date(2027, 5, 2)),
    ("en", "Sale ends midnight tonight", dt.date(2027, 4, 28), dt.date(2027, 4, 28)),
    ("en", "Valid until Friday.", dt.date(2027, 4, 28), dt.date(2027, 4, 30)),
    ("en", "Ends 2 January", dt.date(2027, 12, 20), dt.date(2028, 1, 2)),  # the next 2 January
    ("zh", "活动5月2日截止", dt.date(2027, 4, 28), dt.date(2027, 5, 2)),
    ("ru", "Акция до воскресенья", dt.date(2027, 4, 28), dt.date(2027, 5, 2)),
    ("ne", "अक्टोबर १४ (आइतबार) सम्म", dt.date(2027, 10, 1), dt.date(2027, 10, 14)),
    ("en", "We are open until late every day", dt.date(2027, 4, 28), None),
])
def test_deadlines_are_resolved_against_the_send_date(locale, text, sent, expected):
    found = claimed_deadline(LEXICON, locale, text, sent)
    assert (found.date if found else None) == expected
