"""The price rules' messages (made from the engine's typed evidence) in every language: the schedule's
money as the locale writes it (``49,00 ₽``), its dates (``12.03.2027``, ``2027年3月12日``), the document's
ids as written; and the English exactly as before (what baselines fingerprint)."""

from __future__ import annotations

import pytest

from helpers import check

SCHEDULE = """kind: price-schedule
id: lamps
currency: RUB
rows:
  - {sku: LAMP-01, price: 39.00, start: 2027-02-01, end: 2027-03-04}
  - {sku: LAMP-01, price: 49.00, start: 2027-03-05, end: 2027-03-11}
  - {sku: LAMP-01, price: 35.00, start: 2027-03-12, end: 2027-03-20, reference_price: 49.00}
  - {sku: BB-1, price: 39.00, start: 2027-01-01, end: 2027-12-31, audience: existing, channel: web}
  - {sku: BB-1, price: 24.00, start: 2027-01-01, end: 2027-06-30, audience: new, channel: web}
  - {sku: SOFA-1, price: 900.00, start: 2027-01-01}
  - {sku: SOFA-1, price: 700.00, start: 2027-03-12, end: 2027-03-20}
"""
OFFER = """kind: campaign
id: spring
offers:
  - id: sofa10
    type: percent-off
    value: 10
    products: [SOFA-2]
    starts: 2027-04-10
"""
ENGLISH = {
    "FL103": "BB-1 costs existing customers 39.00 but new customers 24.00 (line 9) in web from 2027-01-01 to "
             "2027-06-30; charge existing customers no more than new customers (at most 24.00)",
    "FL202": "LAMP-01 shows 'was 49.00' beside 35.00 from 2027-03-12, but in the 30 days before (2027-02-10 to "
             "2027-03-11) it was sold for as little as 39.00 (prices.yaml:5); show 39.00 as the earlier price, "
             "or drop the reference price",
    "FL204": "SOFA-1 costs 700.00 from 2027-03-12 to 2027-03-20 for all customers, but another row charges 900.00 "
             "from 2027-01-01 with no end (prices.yaml:10) on overlapping days; customers could be charged either "
             "price; end the 900.00 row on 2027-03-11 and start it again on 2027-03-21, so each day has one price",
}
# per language: the money, the day and what each rule's message must say in it
EXPECTED = {
    "ru": ("49,00 ₽", "12.03.2027", {"FL202": "продавался всего за 39,00 ₽", "FL103": "для новых — 24,00 ₽",
                                     "FL204": "(все клиенты), но другая строка", "FL201": "цену SOFA-2 (все клиенты)"}),
    "bg": ("49,00 RUB", "12.03.2027 г.", {"FL202": "„преди 49,00 RUB“", "FL103": "на новите 24,00 RUB",
                                          "FL204": "от 01.01.2027 г. без крайна дата", "FL201": "за всички клиенти"}),
    "zh": ("RUB49.00", "2027年3月12日", {"FL202": "“原价RUB49.00”", "FL103": "对新客户却只收RUB24.00",
                                        "FL204": "自2027年1月1日起，无结束日期", "FL201": "对所有客户的价格"}),
    "af": ("RUB49,00", "2027-03-12", {"FL202": "so min as RUB39,00", "FL103": "nuwe kliënte RUB24,00",
                                      "FL204": "sonder einddatum", "FL201": "vir alle kliënte"}),
    "ne": ("RUB 49.00", "2027 मार्च 12", {"FL202": "'पहिले RUB 49.00'", "FL103": "नयाँ ग्राहकलाई RUB 24.00",
                                          "FL204": "अन्त्य मिति बिना", "FL201": "सबै ग्राहक का लागि"}),
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    return check(tmp_path_factory.mktemp("prices"), {"prices.yaml": SCHEDULE, "campaign.yaml": OFFER})


def test_english_is_as_it_always_was(findings):
    by_code = {f.code: f.message for f in findings if f.code in ENGLISH}
    assert by_code == ENGLISH


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_each_price_rule_speaks_the_language_with_its_money_and_dates(findings, lang):
    money, day, phrases = EXPECTED[lang]
    local = {}
    for finding in findings:
        # Babel separates amount and currency with a no-break space: compared as a space here
        local.setdefault(finding.code, []).append(finding.text.render(lang).replace("\xa0", " ").replace("\u202f", " "))
    assert any(money in text and day in text for text in local["FL202"]), local["FL202"]
    for code, phrase in phrases.items():
        assert any(phrase in text for text in local[code]), (code, local[code])
    (offer,) = [text for text in local["FL201"] if "'sofa10'" in text]  # the id as written, in every language
    assert "'announced'" in offer
