"""The text rules in the six languages of the source articles (docs/locales.md).

``tests/locales/<locale>/`` holds, for each shipped locale, a campaign and a
checkout script written as a shop in that language would write them:
``unfair/`` triggers every text rule once, ``fair/`` is the same material put
right and triggers nothing. Both scripts tell the customer that the lamp goes
on sale tomorrow, which must silence FL201 for the lamp's price drop in
``prices.csv``. The unfair campaigns name their locale; the scripts and the
fair campaigns do not, so their locale is detected from the text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fairlint.config import find_config, load_config
from fairlint.engine import run
from helpers import check, chdir, cli, write_files

LOCALES_DIR = Path(__file__).parent / "locales"
LOCALES = ["en", "af", "zh", "ne", "ru", "bg"]

# The fixtures are written line for line alike, so every locale finds the same
# things at the same lines; kept per locale so that one can differ.
_FINDINGS = [
    "campaign.yaml:28 FL304",  # "today only", but the offer runs two weeks
    "campaign.yaml:33 FL203",  # 25% claimed, the offer gives 15%
    "campaign.yaml:36 FL301",  # sale, lowest prices, nothing of value
    "campaign.yaml:40 FL302",  # delivery in 2 days, committed 5
    "script.md:3 FL401",  # the warranty offered before any question
    "script.md:3 FL403",  # the seller does most of the talking
    "script.md:5 FL404",  # decide now, the price won't last
    "script.md:7 FL405",  # another offer after "no thanks"
    "script.md:10 FL402",  # "anything else?" naming nothing
]
EXPECTED = {locale: _FINDINGS for locale in LOCALES}


def _copy(tmp_path: Path, locale: str, version: str) -> Path:
    target = tmp_path / locale / version
    shutil.copytree(LOCALES_DIR / locale / version, target)
    return target


def _found(findings) -> list[str]:
    return sorted(f"{f.path}:{f.line} {f.code}" for f in findings)


def _run(base: Path, paths=(".",)):
    with chdir(base):
        targets = [Path(p) for p in paths]
        return run(targets, load_config(find_config(targets)))


@pytest.mark.parametrize("locale", LOCALES)
def test_unfair_material_triggers_each_text_rule_at_its_line(tmp_path, locale):
    found = _found(check(_copy(tmp_path, locale, "unfair")))
    assert found == sorted(EXPECTED[locale])


@pytest.mark.parametrize("locale", LOCALES)
def test_fair_material_triggers_nothing(tmp_path, locale):
    findings = check(_copy(tmp_path, locale, "fair"))
    assert findings == [], _found(findings)


@pytest.mark.parametrize("version", ["unfair", "fair"])
@pytest.mark.parametrize("locale", LOCALES)
def test_a_seller_telling_of_the_sale_silences_fl201(tmp_path, locale, version):
    base = _copy(tmp_path, locale, version)
    # in a project (here: a configuration's folder) the schedule is judged with the campaign linking to
    # it, and so with the campaign's script
    (base / "fairlint.toml").write_text("", encoding="utf-8")
    with_campaign = [f for f in check(base, paths=["prices.csv"]) if f.code == "FL201"]
    assert with_campaign == []
    (base / "campaign.yaml").unlink()
    alone = [f for f in check(base, paths=["prices.csv"]) if f.code == "FL201"]
    assert [f"{f.path}:{f.line}" for f in alone] == ["prices.csv:4"]
    told = [f for f in check(base, paths=["prices.csv", "script.md"]) if f.code == "FL201"]
    assert told == []


@pytest.mark.parametrize("locale", LOCALES)
def test_locales_without_a_locale_field_are_detected_and_noted(tmp_path, locale):
    unfair = _run(_copy(tmp_path, locale, "unfair"))
    assert f"script.md: locale {locale} (detected)" in unfair.notes
    assert not any(n.startswith("campaign.yaml: locale") for n in unfair.notes)  # it says locale: itself
    fair = _run(_copy(tmp_path, locale, "fair"))
    assert f"campaign.yaml: locale {locale} (detected)" in fair.notes
    assert f"script.md: locale {locale} (detected)" in fair.notes


def test_verbose_output_shows_the_detected_locale(tmp_path):
    base = _copy(tmp_path, "af", "fair")
    result = cli(["check", "--verbose", "."], cwd=base)
    assert "campaign.yaml: locale af (detected)" in result.stderr


def test_traditional_chinese_is_read_like_simplified(tmp_path):
    base = tmp_path / "zh"
    shutil.copytree(LOCALES_DIR / "zh" / "traditional", base)
    assert _found(check(base)) == [
        "script.md:10 FL402", "script.md:3 FL401", "script.md:3 FL403", "script.md:5 FL404", "script.md:7 FL405",
    ]


def test_the_configured_locale_comes_before_detection(tmp_path):
    base = _copy(tmp_path, "af", "unfair")
    (base / "campaign.yaml").unlink()
    assert _found(check(base, paths=["script.md"])) == [
        "script.md:10 FL402", "script.md:3 FL401", "script.md:3 FL403", "script.md:5 FL404", "script.md:7 FL405",
    ]
    write_files(base, {"fairlint.toml": 'locale = "en"\n'})
    # Read as English, the Afrikaans phrases mean nothing: "premium" is an English extra too, but no
    # English words offer it; what remains is the word count.
    assert _found(check(base, paths=["script.md"])) == ["script.md:3 FL403"]


def test_a_script_locale_field_comes_before_the_configuration(tmp_path):
    base = _copy(tmp_path, "ru", "unfair")
    script = base / "script.md"
    script.write_text("---\nkind: script\nlocale: ru\n---\n" + script.read_text(encoding="utf-8"), encoding="utf-8")
    write_files(base, {"fairlint.toml": 'locale = "en"\n'})
    found = [f for f in check(base, paths=["script.md"]) if f.code == "FL404"]
    assert [f.line for f in found] == [9]  # the turn moved down by the four lines of front matter
