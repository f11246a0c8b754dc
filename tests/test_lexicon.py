"""Phrase lists per locale: completeness, matching in every script, users' own lexicons, detection."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from fairlint.lexicon import LIST_NAMES, PACKAGE_DIR, Lexicon, load_lexicon, read_locale_file
from fairlint.lexicon.loading import OPTIONAL_LISTS
from fairlint.lexicon.amounts import find_amounts, find_percents
from fairlint.lexicon.detect import detect_locale
from fairlint.lexicon.hanzi import PAIRS
from fairlint.rules.fl203_advertised_claim_mismatch import find_claims
from fairlint.rules.fl302_unbacked_promise import find_promises
from helpers import check, cli

SHIPPED = ["en", "af", "zh", "ne", "ru", "bg"]


# --- the shipped lists --------------------------------------------------------------------------


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_shipped_locale_has_every_list_the_text_rules_use(locale):
    shipped = read_locale_file(PACKAGE_DIR / f"{locale}.yaml")
    assert shipped.locale == locale
    missing = [name for name in LIST_NAMES if not shipped.lists.get(name) and name not in OPTIONAL_LISTS]
    assert missing == [], f"{locale}.yaml lacks {missing}"


def test_no_shipped_locale_file_beyond_the_six():
    assert sorted(p.stem for p in PACKAGE_DIR.glob("*.yaml")) == sorted(SHIPPED)


def test_the_traditional_chinese_table_maps_each_character_once():
    traditional = [pair[0] for pair in PAIRS]
    assert len(traditional) == len(set(traditional))
    assert all(len(pair) == 2 and pair[0] != pair[1] for pair in PAIRS)


# --- matching -----------------------------------------------------------------------------------


def _lexicon(locale: str, **lists) -> Lexicon:
    return Lexicon({locale: {name: list(phrases) for name, phrases in lists.items()}})


@pytest.mark.parametrize(
    "phrase, text, found",
    [
        ("छुट", "सोफामा २०% छुट।", ["छुट"]),
        ("छुट", "दशैंको छुट्टीमा पसल खुला छ", []),  # discount is not inside holiday
        ("छुट", "छुटि", []),  # a vowel sign after the word makes it another word
        ("ते", "नमस्ते", []),  # nor before it: the virama belongs to the word
        ("डेलिभरी*", "घरमै डेलिभरीमा", ["डेलिभरीमा"]),
        ("बिक्रेता", "बिक्रेता: नमस्ते", ["बिक्रेता"]),
    ],
)
def test_nepali_words_keep_their_vowel_signs(phrase, text, found):
    lexicon = _lexicon("ne", price_claims=[phrase])
    assert [m.text for m in lexicon.find("ne", "price_claims", text)] == found


@pytest.mark.parametrize(
    "phrase, text, found",
    [
        ("скидк*", "СКИДКИ до 50% и скидку на второй", ["СКИДКИ", "скидку"]),
        ("ещё", "Что-нибудь еще?", ["еще"]),  # ё is often written е
        ("надёжн*", "НАДЁЖНЫЙ каркас", ["НАДЁЖНЫЙ"]),
        ("отстъпк*", "Голяма ОТСТЪПКА", ["ОТСТЪПКА"]),
        ("отстъпк*", "Отстъпващ", []),
        ("wat van 'n", "Wat van ’n gloeilamp?", ["Wat van ’n"]),  # either apostrophe
        ("kliënt", "KLIËNT", ["KLIËNT"]),
    ],
)
def test_cyrillic_and_latin_match_in_any_case(phrase, text, found):
    lexicon = _lexicon("xx", price_claims=[phrase])
    assert [m.text for m in lexicon.find("xx", "price_claims", text)] == found


def test_decomposed_letters_match_and_keep_the_texts_positions():
    text = "Ваш " + unicodedata.normalize("NFD", "йогурт") + " и скидка"  # й typed as и + breve
    lexicon = _lexicon("ru", price_claims=["йогурт", "скидка"])
    matches = lexicon.find("ru", "price_claims", text)
    assert [(m.text, m.start) for m in matches] == [(text[4:11], 4), ("скидка", text.index("скидка"))]


def test_chinese_matches_substrings_in_simplified_and_traditional():
    lexicon = load_lexicon()
    assert lexicon.first("zh", "urgency", "限時優惠，僅限今天！").text == "限時"
    assert lexicon.first("zh", "price_claims", "春季大促銷").text == "促銷"
    assert lexicon.first("zh-TW", "open_ended_asks", "還有什麼需要嗎？").text == "還有什麼"


def test_a_users_traditional_phrase_finds_both_forms():
    lexicon = _lexicon("zh", pressure=["機會難得"])
    assert [m.text for m in lexicon.find("zh", "pressure", "机会难得，機會難得")] == ["机会难得", "機會難得"]


# --- numbers in each locale's forms --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("Bank nou R12 999,00", "12999.00", "R"),
        ("沙发现价￥7649", "7649", "￥"),
        ("台灯39块钱", "39", "块钱"),
        ("सोफा रू ४५,०००", "45000", "रू"),
        ("सोफा रु. 1,25,000 मा", "125000", "रु"),
        ("Диван 89 990 ₽", "89990", "₽"),
        ("Лампа 3990 руб.", "3990", "РУБ"),
        ("Лампа 39,99 лв.", "39.99", "ЛВ"),
        ("Лампа 39,99 €", "39.99", "€"),
    ],
)
def test_money_in_each_locale(text, value, currency):
    assert [(a.value, a.currency) for a in find_amounts(text)] == [(Decimal(value), currency)]


@pytest.mark.parametrize(
    "text, value, up_to, saving",
    [
        ("20 % afslag", "20", False, False),
        ("tot 50% afslag", "50", True, False),
        ("20％オフ", "20", False, False),
        ("全场8折", "20", False, True),  # pay 80%: 20% off
        ("85折", "15", False, True),
        ("8.5折", "15", False, True),
        ("八五折", "15", False, True),
        ("低至5折", "50", True, True),  # as low as half price
        ("全场5折起", "50", True, True),
        ("最高50%", "50", True, False),
        ("скидка 20%", "20", False, False),
        ("скидки до -50%", "50", True, True),
        ("до 30% отстъпка", "30", True, False),
        ("५०% सम्म छुट", "50", True, False),  # Nepali puts "up to" after
        ("२० प्रतिशत छुट", "20", False, False),
    ],
)
def test_percentages_in_each_locale(text, value, up_to, saving):
    found = find_percents(text)
    assert [(p.value, p.up_to, p.saving) for p in found] == [(Decimal(value), up_to, saving)]


def test_words_with_zhe_are_not_discounts():
    assert find_percents("折叠椅2把") == []


@pytest.mark.parametrize(
    "text, claims",
    [
        ("Всички дивани -25%", [("percent", "25", False)]),
        ("Alles tot -50%!", [("percent", "50", True)]),
        ("沙发全场8折", [("percent", "20", False)]),
        ("沙发立减300元", [("saving", "300", False)]),
        ("सोफामा २०% को छुट", [("percent", "20", False)]),
        ("Spaar R300 op die bank", [("saving", "300", False)]),
        ("Gratis aflewering vir bestellings bo R2 000", []),
        ("Бесплатная доставка при заказе от 5000 ₽", []),
        ("रू ५,००० भन्दा माथिको खरिदमा निःशुल्क डेलिभरी", []),
    ],
)
def test_claims_in_each_locale(text, claims):
    assert [(c.kind, str(c.value), c.up_to) for c in find_claims(text)] == [
        (kind, value, up_to) for kind, value, up_to in claims
    ]


@pytest.mark.parametrize(
    "locale, text, hours",
    [
        ("zh", "两天内送达。", 48),
        ("zh", "半小时内回复您。", Decimal("0.5")),
        ("zh", "二十四小时内回复。", 24),
        ("zh", "3-5个工作日送达。", 120),
        ("ne", "हामी २ दिनभित्र डेलिभरी गर्छौं।", 48),
        ("ne", "२४ घण्टाभित्रै जवाफ दिन्छौं।", 24),
        ("ru", "Ответим в течение 2 часов.", 2),
        ("ru", "Доставим за 3–5 рабочих дней.", 120),
        ("bg", "Ще отговорим до 1 час.", 1),
        ("bg", "Доставка до 2 работни дни.", 48),
        ("af", "Ons lewer binne 3 werksdae af.", 72),
    ],
)
def test_time_limits_in_each_locale(locale, text, hours):
    promises = find_promises(load_lexicon(), locale, text)
    assert [p.hours for p in promises] == [Decimal(hours)]


# --- detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, locale",
    [
        ("Our oak sofas are built to last, and this spring they are 15% off.", "en"),
        ("Ons eikehoutbanke hou jare lank, en hierdie lente kry jy 15% afslag.", "af"),
        ("我们的橡木框架沙发经久耐用，今年春天全场85折。", "zh"),
        ("我們的橡木框架沙發經久耐用。", "zh"),
        ("हाम्रा ओक काठका सोफा वर्षौंसम्म टिक्छन्।", "ne"),
        ("Наши диваны служат годами, а этой весной на них скидка 15%.", "ru"),
        ("Нашите дивани служат с години, а тази пролет са с 15% отстъпка.", "bg"),
        ("Това е всичко, благодаря.", "bg"),
        ("Это всё, спасибо.", "ru"),
        ("20% 39,00 €", None),
        ("", None),
        ("オークのソファ、今だけ20％オフ", None),  # Japanese: kana besides the Han characters
    ],
)
def test_detect_locale(text, locale):
    assert detect_locale(text) == locale


# --- a user's own lexicon -----------------------------------------------------------------------

_PRESSURE_SCRIPT = """\
Verkoper: Goeiemôre! Waarvoor gaan u die bank gebruik?
Kliënt: Vir die sitkamer, ons het twee klein kinders en 'n hond, so dit moet baie kan verduur.
Verkoper: Hierdie een is perfek, slaan toe voor die naweek!
Kliënt: Ek wil eers met my man praat.
"""


def test_a_phrase_added_in_the_projects_lexicon_makes_a_rule_fire(tmp_path):
    files = {"script.md": _PRESSURE_SCRIPT}
    assert [f for f in check(tmp_path / "without", files) if f.code == "FL404"] == []
    with_lexicon = {
        **files,
        "fairlint.toml": 'lexicon = "lexicon"\n',
        "lexicon/af.yaml": "# ons eie frases\npressure:\n  - slaan toe\n",
    }
    found = [f for f in check(tmp_path / "with", with_lexicon) if f.code == "FL404"]
    assert [(f.path, f.line) for f in found] == [("script.md", 3)]
    assert "'slaan toe'" in found[0].message


def test_a_replaced_list_drops_the_shipped_phrases(tmp_path):
    script = "Продавец: Решайте сейчас, цена не продержится.\nКлиент: Я подумаю.\n"
    files = {"script.md": script, "fairlint.toml": 'lexicon = "lexicon"\n'}
    added = check(tmp_path / "added", {**files, "lexicon/ru.yaml": "pressure: [берите]\n"})
    assert [f.code for f in added] == ["FL404"]
    replaced = check(tmp_path / "replaced", {**files, "lexicon/ru.yaml": "replace: [pressure]\npressure: [берите]\n"})
    assert [f.code for f in replaced] == []


def test_a_user_lexicon_may_add_a_locale(tmp_path):
    files = {
        "fairlint.toml": 'lexicon = "lexicon"\n',
        "lexicon/de.yaml": "pressure: [jetzt oder nie]\n",
        "script.md": "---\nkind: script\nlocale: de\n---\nRep: Jetzt oder nie!\nCustomer: Nein danke.\n",
    }
    assert [(f.code, f.line) for f in check(tmp_path, files)] == [("FL404", 5)]


@pytest.mark.parametrize(
    "content, line, fragment",
    [
        ("pressure:\n  - decide now\n  - [broken\n", 3, "not valid YAML"),
        ("pressure: [decide now]\nurgent: [hurry]\n", 2, "unknown phrase list 'urgent'; did you mean 'urgency'?"),
        ("price_claims:\n  - sale\n  - off\n", 3, "put it in quotes"),
        ("pressure:\n  - 're:(unclosed'\n", 2, "not a valid pattern"),
        ("pressure: decide now\n", 1, "must be a list of phrases"),
        ("pressure: [a]\npressure: [b]\n", 2, "given twice"),
        ("replace: [presure]\n", 1, "replace must list phrase list names"),
        ("- just\n- a list\n", 1, "a lexicon file is a mapping"),
    ],
)
def test_a_broken_user_lexicon_is_a_configuration_error_with_its_file_and_line(tmp_path, content, line, fragment):
    files = {"fairlint.toml": 'lexicon = "my-phrases"\n', "my-phrases/en.yaml": content, "script.md": "Rep: Hi\nCustomer: Hi\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert f"en.yaml:{line}: " in result.stderr
    assert "my-phrases" in result.stderr
    assert fragment in result.stderr


def test_a_missing_lexicon_folder_is_a_configuration_error(tmp_path):
    (tmp_path / "fairlint.toml").write_text('lexicon = "nowhere"\n', encoding="utf-8")
    (tmp_path / "script.md").write_text("Rep: Hi\nCustomer: Hi\n", encoding="utf-8")
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert "nowhere" in result.stderr


def test_an_edited_user_lexicon_is_read_again(tmp_path):
    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "en.yaml").write_text("pressure: [grab it]\n", encoding="utf-8")
    assert load_lexicon(folder).first("en", "pressure", "grab it now") is not None
    (folder / "en.yaml").write_text("pressure: [snap it up, today]\n", encoding="utf-8")
    assert load_lexicon(folder).first("en", "pressure", "snap it up") is not None


def test_the_example_lexicon_in_the_docs_is_valid(tmp_path):
    docs = (PACKAGE_DIR.parent.parent / "docs" / "locales.md").read_text(encoding="utf-8")
    example = docs.split("# fairlint-lexicon/af.yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "af.yaml").write_text(example, encoding="utf-8")
    lexicon = load_lexicon(tmp_path)
    assert lexicon.first("af", "pressure", "Slaan toe, dis net vir jou!").text == "Slaan toe"
    assert lexicon.locales["af"]["urgency"] == ["net vandag", "laaste kans"]


def test_configured_speaker_labels_in_devanagari(tmp_path):
    files = {
        "fairlint.toml": 'seller-labels = ["साहुजी"]\ncustomer-labels = ["दिदी"]\n',
        "script.md": (
            "साहुजी: यो मूल्य धेरै दिन टिक्दैन, अहिल्यै निर्णय गर्नुहोस्।\n"
            "दिदी: म भोलि श्रीमान्सँग सल्लाह गरेर आउँछु।\n"
        ),
    }
    found = check(tmp_path, files)
    assert [(f.code, f.line) for f in found] == [("FL404", 1)]


def test_the_written_out_mark_ranges_are_the_computed_ones():
    from fairlint.lexicon import text

    assert text.MARK_RANGES == text._mark_ranges()
