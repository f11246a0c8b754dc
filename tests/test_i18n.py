"""Findings in the reader's language: catalogs complete and consistent, values in local formats,
``--lang auto`` following each document's language, machine formats keeping the English message."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from fairlint.baseline import fingerprints
from fairlint.i18n import LANGUAGES, N, T
from fairlint.i18n.catalogs import catalog_path
from fairlint.i18n.extract import template
from fairlint.i18n.formatting import Money, format_value
from helpers import ROOT, check, cli, write_files

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
CONVERTED = ("FL003", "FL101", "FL102", "FL104", "FL105", "FL106", "FL203", "FL301", "FL302", "FL303", "FL304",
             "FL401", "FL402", "FL403", "FL404", "FL405", "FL501", "FL502", "FL503", "FL504")
PRICE_RULES = ("FL103", "FL201", "FL202", "FL204")  # their messages are made from the engine's typed evidence
MULTILINGUAL = ROOT / "fixtures" / "multilingual"


@pytest.fixture(scope="module")
def message_ids():
    return [m.id for m in template() if m.id]


def _catalog(lang):
    with catalog_path(lang).open("rb") as source:
        return read_po(source, locale=lang)


def _fields(text: str) -> list[str]:
    """The placeholders of a template with their conversion: ``{offer!r}`` -> ``offer!r``."""
    return sorted(f"{name}!{conv}" if conv else name
                  for _, name, _, conv in string.Formatter().parse(text) if name is not None)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_id_is_translated_in_every_catalog(lang, message_ids):
    catalog = _catalog(lang)
    missing = []
    for message_id in message_ids:
        entry = catalog.get(message_id)
        strings = entry.string if entry is not None and isinstance(entry.id, tuple) else [entry.string if entry else ""]
        if entry is None or "fuzzy" in entry.flags or not all(strings):
            missing.append(message_id)
    assert not missing, f"{lang}.po lacks {len(missing)} translation(s) (python -m fairlint.i18n.extract adds them): " \
                        f"{missing[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_match_in_every_translation(lang):
    catalog = _catalog(lang)
    wrong = []
    for entry in catalog:
        if not entry.id:
            continue
        expected = _fields(entry.id[1] if isinstance(entry.id, tuple) else entry.id)
        for translated in (entry.string if isinstance(entry.id, tuple) else [entry.string]):
            if _fields(translated) != expected:
                wrong.append((entry.id, translated))
    assert not wrong, wrong[:3]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogs_hold_only_ids_the_code_has(lang, message_ids):
    known = set(message_ids)
    stale = [entry.id for entry in _catalog(lang) if entry.id and entry.id not in known]
    assert not stale, f"{lang}.po has ids no code uses (python -m fairlint.i18n.extract drops them): {stale[:5]}"


@pytest.mark.parametrize("lang, date, money, number", [
    ("en", "2027-03-12", "49 RUB", "1234.5"),
    ("ru", "12.03.2027", "49,00\xa0₽", "1\xa0234,5"),
    ("zh", "2027年3月12日", "RUB\xa049.00", "1,234.5"),
    ("bg", "12.03.2027 г.", "49,00\xa0RUB", "1\xa0234,5"),
])
def test_values_are_written_as_the_locale_writes_them(lang, date, money, number):
    assert format_value(dt.date(2027, 3, 12), lang) == date
    assert format_value(Money(Decimal(49), "RUB"), lang).replace("\u202f", "\xa0") in (money, money.replace("RUB\xa0", "RUB"))
    assert format_value(Decimal("1234.5"), lang).replace("\u202f", "\xa0") == number


def test_plural_forms_follow_each_language():
    days = [N("{n} day", "{n} days", n=n) for n in (1, 3, 5, 21)]
    assert [d.render("ru") for d in days] == ["1 день", "3 дня", "5 дней", "21 день"]
    assert [d.render("en") for d in days] == ["1 day", "3 days", "5 days", "21 days"]
    assert [d.render("zh") for d in days] == ["1 天", "3 天", "5 天", "21 天"]


def test_a_message_without_a_translation_falls_back_to_english():
    assert T("no such message id {x}", x=3).render("ru") == "no such message id 3"


def _firing_cases():
    """Every case of a converted rule's case file where it fires: each of its messages, in each language."""
    for code in (*CONVERTED, *PRICE_RULES, "FL001"):  # FL001: the loaders' messages
        data = yaml.safe_load((ROOT / "tests" / "rules" / f"{code}.yaml").read_text(encoding="utf-8"))
        for case in data["cases"]:
            if case["expect"]:
                yield pytest.param(code, case, id=f"{code}-{case['name']}")


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?(?![\w-])")


def _real_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("code, case", list(_firing_cases()))
def test_each_converted_rule_fires_in_each_language_with_its_numbers_and_dates(tmp_path, code, case):
    files = dict(case["files"])
    if case.get("config"):
        files["fairlint.toml"] = case["config"]
    findings = [f for f in check(tmp_path, files, case.get("paths")) if f.code == code]
    assert findings and all(f.text is not None for f in findings), f"{code} does not make a translatable message"
    for finding in findings:
        english = finding.message
        assert finding.text.render("en") == english
        for lang in TRANSLATED:
            local = finding.text.render(lang)
            assert local != english, (lang, english)
            for day in _DATE.findall(english):
                if not _real_date(day):
                    assert f"'{day}'" in local, (lang, day, local)  # the document's own bad date, as written
                    continue
                assert format_value(dt.date.fromisoformat(day), lang) in local, (lang, day, local)
            for number in _NUMBER.findall(_DATE.sub("", english)):
                assert number in local or format_value(Decimal(number), lang) in local, (lang, number, local)
            for quoted in re.findall(r"'[\w.-]+'", english):  # the document's own ids, as written
                assert quoted in local, (lang, quoted, local)


def _json(args, cwd=None):
    result = cli(["check", *args, "--format", "json", "-q"], cwd=cwd)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


URGENCY_WORDS = {"en": "'Today only'", "af": "'Net vandag'", "zh": "'仅限今天'", "ne": "'आज मात्र'",
                 "ru": "'Только сегодня'", "bg": "'Само днес'"}
UPSELL_STARTS = {  # the seller's own label, then the advice in the document's language
    "en": "Rep offers an extra ('just $19 more') before asking",
    "af": "Verkoper bied iets ekstra aan ('net R190 ekstra')",
    "zh": "销售 还没问客户的需求就推荐了附加商品", "ne": "बिक्रेताले ग्राहकको आवश्यकता नसोधी",
    "ru": "Продавец предлагает дополнительный товар", "bg": "Продавач предлага допълнителен продукт",
}
EXPECTED_PHRASES = {  # the 10-day return window, in each language
    "en": "only 10 days to return", "af": "net 10 dae", "zh": "10 天", "ne": "10 दिन मात्र",
    "ru": "всего 10 дней", "bg": "само 10 дни",
}


def test_the_multilingual_fixture_gives_each_document_its_own_language():
    findings = _json([str(MULTILINGUAL), "--lang", "auto"])
    by_file = {}
    for finding in findings:
        by_file.setdefault(Path(finding["path"]).name, []).append(finding)
    assert sorted(by_file) == [f"campaign-{lang}.yaml" for lang in sorted(LANGUAGES)]
    for lang in LANGUAGES:
        found = by_file[f"campaign-{lang}.yaml"]
        assert sorted(f["code"] for f in found) == ["FL101", "FL301", "FL303", "FL304", "FL401", "FL501", "FL503"]
        assert {f["lang"] for f in found} == {lang}
        window = next(f for f in found if f["code"] == "FL501")
        assert EXPECTED_PHRASES[lang] in window["translated_message"], window
        assert window["message"] == "return policy 'returns-%s' gives customers only 10 days to return an item; " \
                                    "allow at least 14 days" % lang
        deal = next(f for f in found if f["code"] == "FL101")
        assert format_value(dt.date(2027, 3, 12), lang) in deal["translated_message"]
        # "today only" sent on 2027-03-12 for a deal that runs to 2027-04-11: both dates and the 30 days, in its words
        urgency = next(f for f in found if f["code"] == "FL304")
        assert urgency["message"].startswith(f"message 'flash-{lang}' says ")
        for part in (format_value(dt.date(2027, 4, 11), lang), format_value(dt.date(2027, 3, 12), lang), " 30 ",
                     f"'flash-{lang}'", f"'welcome20-{lang}'", URGENCY_WORDS[lang]):
            assert part in urgency["translated_message"], (part, urgency["translated_message"])
        price_only = next(f for f in found if f["code"] == "FL301")
        assert f"'banner-{lang}'" in price_only["translated_message"]
        assert (price_only["translated_message"] == price_only["message"]) == (lang == "en")
        upsell = next(f for f in found if f["code"] == "FL401")
        assert upsell["translated_message"].startswith(UPSELL_STARTS[lang]), upsell["translated_message"]


def test_a_russian_campaign_gets_russian_findings_beside_an_english_one(tmp_path):
    campaign = """kind: campaign
id: {id}
starts: 2027-03-12
ends: 2027-04-11
terms:
  returns: "{returns}"
  delivery: "{delivery}"
offers:
  - id: new-{id}
    audience: new
    type: percent-off
    value: 20
    products: ["{sku}"]
    announced: 2027-03-01
messages:
  - id: hello
    channel: email
    text: "{text}"
"""
    write_files(tmp_path, {
        "ru.yaml": campaign.format(id="vesna", returns="30 дней, полный возврат денег", delivery="3–5 рабочих дней",
                                   sku="STOL-*", text="Наши столы сделаны вручную из дуба, гарантия 5 лет."),
        "en.yaml": campaign.format(id="spring", returns="30 days, full refund", delivery="3-5 business days",
                                   sku="DESK-*", text="Our desks are hand-made from oak, with a 5-year warranty."),
    })
    findings = {(Path(f["path"]).name, f["code"]): f for f in _json(["."], cwd=tmp_path)}
    russian, english = findings[("ru.yaml", "FL101")], findings[("en.yaml", "FL101")]
    assert russian["lang"] == "ru" and english["lang"] == "en"
    assert russian["translated_message"].startswith("предложение 'new-vesna' даёт новым клиентам скидку 20% на STOL-* "
                                                    "с 12.03.2027 по 11.04.2027")
    assert english["translated_message"] == english["message"]
    assert findings[("ru.yaml", "FL303")]["translated_message"].startswith("кампания 'vesna' делает предложения")
    # forcing a language writes every finding in it, the English message unchanged
    forced = {(Path(f["path"]).name, f["code"]): f for f in _json([".", "--lang", "bg"], cwd=tmp_path)}
    assert forced[("en.yaml", "FL101")]["lang"] == "bg"
    assert forced[("en.yaml", "FL101")]["message"] == english["message"]
    assert "офертата 'new-spring'" in forced[("en.yaml", "FL101")]["translated_message"]


def test_text_output_and_summary_line_in_the_chosen_language():
    result = cli(["check", str(MULTILINGUAL), "--lang", "ru", "-q"])
    lines = result.output.splitlines()
    assert "правила возврата 'returns-en' дают покупателю всего 10 дней на возврат; дайте не меньше 14 дней" in lines[-3] \
        or any("правила возврата 'returns-en'" in line for line in lines)
    assert lines[-1].startswith("Проверено: 6 файлов. Найдено 42 замечания: 0 ошибок, 42 предупреждения, 0 инфо.")
    # under auto a run of mixed languages sums up in English (no configured locale)
    assert cli(["check", str(MULTILINGUAL), "-q"]).output.splitlines()[-1].startswith("Found 42 findings in 6 files")


def test_the_configured_locale_is_the_language_of_files_with_none_of_their_own(tmp_path):
    write_files(tmp_path, {
        "fairlint.toml": 'locale = "zh"\n',
        "returns.yaml": "kind: return-policy\nid: shop\nwindow_days: 7\n",
    })
    (finding,) = _json(["."], cwd=tmp_path)
    assert finding["lang"] == "zh"
    assert "只给顾客 7 天时间退货" in finding["translated_message"]
    result = cli(["check", "."], cwd=tmp_path)
    assert result.output.splitlines()[-1].startswith("在1 个文件中发现 1 个问题")


def test_baseline_fingerprints_and_sarif_do_not_depend_on_the_language(tmp_path):
    runs = {lang: check_lang(lang) for lang in ("en", "ru", "zh")}
    assert fingerprints(runs["en"]) == fingerprints(runs["ru"]) == fingerprints(runs["zh"])
    sarif = json.loads(cli(["check", str(MULTILINGUAL), "--format", "sarif", "--lang", "ru", "-q"]).output)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "FL501")
    assert result["message"]["text"].startswith("return policy ")
    assert result["properties"]["lang"] == "ru"
    assert result["properties"]["translatedMessage"].startswith("правила возврата ")


def check_lang(lang):
    from fairlint.config import Config
    from fairlint.engine import run

    config = Config(lang=lang)
    return run([MULTILINGUAL], config).findings


@pytest.mark.parametrize("text", ['lang = "fr"', 'lang = 3', 'market = "mars"'])
def test_an_unknown_language_or_market_in_the_configuration_exits_2(tmp_path, text):
    write_files(tmp_path, {"fairlint.toml": text + "\n", "returns.yaml": "kind: return-policy\nid: a\n"})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert "fairlint.toml: " in result.output and ("lang" in result.output or "market" in result.output)


def test_rule_docs_translate_the_summary_and_the_fix_keeping_the_code():
    output = cli(["rule", "FL501", "--lang", "ru"]).output
    assert "Правила возврата, из-за которых товар трудно вернуть." in output
    assert "window_days: 30" in output  # the Fix example, as written
    table = cli(["rules", "--lang", "zh"]).output
    assert "只给新客户、老客户拿不到的优惠。" in table


def test_report_headings_in_the_run_language():
    output = cli(["report", str(MULTILINGUAL), "--lang", "bg", "-q"]).output
    assert output.startswith("# Отчет на fairlint")
    assert "## Забележки по правила" in output
    assert "правилата за връщане 'returns-ru' дават на клиента само 10 дни" in output


@pytest.mark.parametrize("lang, heading, axis", [("ru", "Замечания по правилам", "замечания"),
                                                 ("zh", "按规则统计的问题", "问题数")])
def test_html_report_in_russian_and_chinese_keeps_chart_text_as_text_and_renders_in_chromium(tmp_path, lang, heading,
                                                                                            axis):
    import shutil
    import subprocess

    page = tmp_path / "report.html"
    assert cli(["report", str(MULTILINGUAL), "--lang", lang, "-o", str(page), "-q"]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html and heading in html
    # the bar chart's axis label is an SVG <text> element, shaped by the browser's fonts, not paths
    assert re.search(rf"<text[^>]*>{axis}</text>", html), "the axis label is drawn as paths, not text"
    chromium = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    fonts = subprocess.run(["fc-list", f":lang={lang}"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if chromium is None or not fonts.strip():
        pytest.skip("Chromium and fonts for this language (Debian: fonts-noto-cjk) are needed; .ci/run installs them")
    shot = tmp_path / "report.png"
    process = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,3000", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=180)
    assert process.returncode == 0 and shot.stat().st_size > 20000, process.stderr[-2000:]


def test_the_command_lines_choices_are_the_packages_languages_and_markets():
    from fairlint import cli, i18n, markets

    assert cli.LANGUAGES == i18n.LANGUAGES and cli.LANG_CHOICES == i18n.LANG_CHOICES
    assert cli.MARKETS == markets.MARKETS


def test_the_template_lists_exactly_the_ids_the_code_has(message_ids):
    with (catalog_path("en").parent / "fairlint.pot").open("rb") as source:
        listed = [m.id for m in read_po(source) if m.id]
    assert sorted(map(str, listed)) == sorted(map(str, message_ids)), "run python -m fairlint.i18n.extract"


def test_under_auto_a_run_whose_findings_share_one_language_sums_up_in_it(tmp_path):
    write_files(tmp_path, {"ru.yaml": (MULTILINGUAL / "campaign-ru.yaml").read_text(encoding="utf-8")})
    lines = cli(["check", "."], cwd=tmp_path).output.splitlines()
    assert lines[-1] == "Проверено: 1 файл. Найдено 7 замечаний: 0 ошибок, 7 предупреждений, 0 инфо."
    assert all(line.startswith("ru.yaml:") and re.search("[а-я]{4}", line) for line in lines[:-1])


def test_the_documents_words_in_a_translation_are_made_visible_like_in_english(tmp_path):
    write_files(tmp_path, {"returns.yaml": 'kind: return-policy\nid: "shop\\u202e\\u001b[2J"\nwindow_days: 7\n'})
    (finding,) = _json([".", "--lang", "ru"], cwd=tmp_path)
    shown = re.search(r"'shop[^']*'", finding["message"]).group(0)
    assert shown in finding["translated_message"]
    for text in (finding["message"], finding["translated_message"]):
        assert "\u202e" not in text and "\x1b" not in text


def test_an_invalid_document_is_explained_in_the_readers_language_with_its_own_words(tmp_path):
    write_files(tmp_path, {
        "campaign.yaml": "kind: campaign\nid: spring\nname: Spring\nofers: []\nstarts: 2027-03-10\nends: 2027-03-01\n",
        "prices.csv": "sku,price,start,end\nTEA-01,12,50,2027-03-01,2027-03-31\nTEA-02,-4,2027-03-01,2027-03-31\n",
    })
    english = {(f["path"], f["line"]): f["message"] for f in _json([".", "--lang", "en"], cwd=tmp_path)
               if f["code"] == "FL001"}
    russian = {(f["path"], f["line"]): f for f in _json([".", "--lang", "ru"], cwd=tmp_path) if f["code"] == "FL001"}
    assert english == {key: f["message"] for key, f in russian.items()}  # the English message does not change
    assert english[("campaign.yaml", 4)] == "campaign: unknown field 'ofers'; did you mean 'offers'?"
    assert russian[("campaign.yaml", 4)]["translated_message"] == \
        "campaign: неизвестное поле 'ofers'; может быть, 'offers'?"
    assert russian[("campaign.yaml", 6)]["translated_message"] == \
        "campaign: ends 01.03.2027 раньше, чем starts 10.03.2027; поменяйте даты местами или исправьте их"
    assert russian[("prices.csv", 2)]["translated_message"] == \
        "в строке 5 ячеек, а в заголовке 4; во всех строках должны быть одни и те же столбцы"
    assert russian[("prices.csv", 3)]["translated_message"] == \
        "строка: price: цена не может быть отрицательной, указано -4"


def test_a_finding_on_a_spreadsheet_names_its_sheet_in_every_language():
    findings = [f for f in _json([str(ROOT / "fixtures" / "feeds"), "--lang", "ru"]) if f["path"].endswith(".xlsx")]
    assert any(f["code"] == "FL001" for f in findings)
    for finding in findings:
        assert finding["message"].startswith("sheet 'Prices': "), finding["message"]
        assert finding["translated_message"].startswith("лист 'Prices': "), finding["translated_message"]
