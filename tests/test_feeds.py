"""Prices and messages from the files teams already have: shop exports, feeds, spreadsheets, emails."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from fairlint.load import LoadOptions, load_file
from fairlint.load.exports import BadInterval, sale_interval
from fairlint.load.values import BadValue, read_money
from helpers import ROOT, check, cli, codes_at, write_files

FEEDS = ROOT / "fixtures" / "feeds"

EXPECTED = [
    "fixtures/feeds/campaign.yaml:19 FL301",
    "fixtures/feeds/emails/spring.html:11 FL302",
    "fixtures/feeds/excel-unicode.txt:3 FL201",
    "fixtures/feeds/merchant-center/feed.xml:7 FL201",
    "fixtures/feeds/merchant-center/products.tsv:2 FL201",
    "fixtures/feeds/merchant-center/products.tsv:4 FL001",
    "fixtures/feeds/prices.xlsx:3 FL201",
    "fixtures/feeds/prices.xlsx:4 FL001",
    "fixtures/feeds/semicolon.csv:3 FL201",
    "fixtures/feeds/semicolon.csv:3 FL202",
    "fixtures/feeds/shopify/products_export_2027-03-10.csv:2 FL201",
    "fixtures/feeds/shopify/products_export_2027-03-10.csv:2 FL202",
    "fixtures/feeds/sms/export.csv:2 FL301",
    "fixtures/feeds/sms/export.csv:3 FL301",
    "fixtures/feeds/sms/export.csv:3 FL302",
    "fixtures/feeds/warehouse/extract.csv:3 FL201",
    "fixtures/feeds/woocommerce/wc-product-export-1-3-2027.csv:3 FL201",
]


def _run_fixture(*args):
    result = cli(["check", "fixtures/feeds", "--format", "json", *args], cwd=ROOT)
    data = json.loads(result.stdout)
    return result, data if isinstance(data, list) else data["findings"]


def test_the_feeds_fixture_reports_exactly_the_expected_findings():
    result, findings = _run_fixture()
    assert result.exit_code == 1
    assert [f"{f['path']}:{f['line']} {f['code']}" for f in findings] == EXPECTED
    messages = {f"{f['path']}:{f['line']} {f['code']}": f["message"] for f in findings}
    assert "2027-03-10 to 2027-03-20" in messages["fixtures/feeds/merchant-center/products.tsv:4 FL001"]
    assert "2027-03-10/2027-03-20" in messages["fixtures/feeds/merchant-center/products.tsv:4 FL001"]  # what to write
    assert messages["fixtures/feeds/prices.xlsx:4 FL001"].startswith("sheet 'Prices': ")
    assert "'in 2 days'" in messages["fixtures/feeds/emails/spring.html:11 FL302"]
    assert "was 59.00" in messages["fixtures/feeds/shopify/products_export_2027-03-10.csv:2 FL202"]


def test_verbose_names_the_header_of_a_csv_that_is_not_fairlints():
    result = cli(["check", "fixtures/feeds", "--verbose"], cwd=ROOT)
    assert "tracker.csv: skipped (CSV that is not a price schedule; its header: ticket, owner, status)" in result.output


def test_the_workbook_fixture_is_what_its_script_writes(tmp_path):
    pytest.importorskip("openpyxl")
    import openpyxl

    book = openpyxl.load_workbook(FEEDS / "prices.xlsx", read_only=True)
    assert book.sheetnames == ["Prices", "Notes"]
    rows = list(book["Prices"].iter_rows(values_only=True))
    assert rows[0] == ("sku", "price", "start", "end") and rows[3][1] == "eight"


# -- the Excel bugs of the issue -------------------------------------------------------------

EXCEL_CSV = "sku;price;start;end\r\nLAMP-01;49,00;2027-03-01;2027-03-09\r\nLAMP-01;39,00;2027-03-10;2027-03-20\r\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_an_excel_semicolon_csv_is_read_in_a_walk_and_when_named(tmp_path, encoding):
    files = {"prices/spring.csv": EXCEL_CSV.encode(encoding)}
    walked = check(tmp_path, files)
    named = check(tmp_path, paths=["prices/spring.csv"])
    assert codes_at(walked) == codes_at(named) == ["prices/spring.csv:3 FL201"]
    assert "39.00" in walked[0].message and "49.00" in walked[0].message


def test_utf16_tab_separated_unicode_text_is_a_table(tmp_path):
    text = "sku\tprice\tstart\tend\r\nMUG\t12.00\t2027-03-01\t2027-03-09\r\nMUG\t9.00\t2027-03-10\t\r\n"
    findings = check(tmp_path, {"prices.txt": text.encode("utf-16")})
    assert codes_at(findings) == ["prices.txt:3 FL201"]


def test_a_csv_that_is_not_a_schedule_named_explicitly_says_what_its_header_was(tmp_path):
    findings = check(tmp_path, {"notes.csv": "ticket;owner\r\nA;b\r\n"}, paths=["notes.csv"])
    assert codes_at(findings) == ["notes.csv:1 FL001"]
    assert "ticket, owner" in findings[0].message and "[columns]" in findings[0].message


# -- amounts and dates --------------------------------------------------------------------------


@pytest.mark.parametrize("text, decimal_comma, expected", [
    ("49.00", False, "49.00"), ("15.00 EUR", False, "15.00"), ("€12,50", False, "12.50"),
    ("$1,299.00", False, "1299.00"), ("49,00", True, "49.00"), ("1.299,00 €", True, "1299.00"),
    ("EUR 3.5", False, "3.5"),
])
def test_amounts_with_currencies_and_decimal_commas(text, decimal_comma, expected):
    assert read_money(text, decimal_comma=decimal_comma) == Decimal(expected)


@pytest.mark.parametrize("text", ["12,50", "lots", "-3.00 EUR"])
def test_amounts_that_stay_errors(text):
    with pytest.raises(BadValue):
        read_money(text)


@pytest.mark.parametrize("interval, first, last", [
    ("2027-03-10/2027-03-20", "2027-03-10", "2027-03-20"),  # whole days, end included
    ("2027-03-10T00:00+0100/2027-03-21T00:00+0100", "2027-03-10", "2027-03-20"),  # ends at midnight: day before
    ("2027-03-10T09:00-0800/2027-03-20T23:59-0800", "2027-03-10", "2027-03-20"),  # the day written, any offset
    ("2027-03-10T00:00Z/2027-03-20T18:00Z", "2027-03-10", "2027-03-20"),
    ("2027-03-10T00:00/2027-03-20T12:30:00", "2027-03-10", "2027-03-20"),  # no offset
])
def test_sale_price_effective_date(interval, first, last):
    assert sale_interval(interval) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


@pytest.mark.parametrize("interval", ["2027-03-10", "2027-03-10 to 2027-03-20", "2027-03-20/2027-03-10",
                                      "2027-02-30/2027-03-10", "10/03/2027/20/03/2027"])
def test_malformed_intervals(interval):
    with pytest.raises(BadInterval):
        sale_interval(interval)


# -- the sources --------------------------------------------------------------------------------

MC_HEADER = "id\ttitle\tlink\tavailability\tprice\tsale_price\tsale_price_effective_date\n"


def _rows(tmp_path, name, content, options=None):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    loaded = load_file(path, explicit=True, labels={}, max_bytes=10**7, options=options)
    rows = [(r.sku, str(r.price), r.start, r.end, r.channel, r.reference_price and str(r.reference_price), r.loc.line)
            for d in loaded.documents for r in d.rows]
    return loaded, rows


def test_merchant_center_rows(tmp_path):
    loaded, rows = _rows(tmp_path, "feed.tsv", MC_HEADER
                         + "A\tA\thttp://x\tin_stock\t49.00 EUR\t39.00 EUR\t2027-03-10/2027-03-20\n"
                         + "B\tB\thttp://x\tin_stock\t10.00 EUR\t\t\n")
    D = dt.date
    assert loaded.documents[0].source == "merchant-center"
    assert rows == [
        ("A", "49.00", D(2026, 3, 10), D(2027, 3, 9), "merchant-center", None, 2),
        ("A", "39.00", D(2027, 3, 10), D(2027, 3, 20), "merchant-center", "49.00", 2),
        ("A", "49.00", D(2027, 3, 21), None, "merchant-center", None, 2),
        ("B", "10.00", D(2026, 3, 10), None, "merchant-center", None, 3),
    ]


def test_a_merchant_center_feed_dated_in_its_name_starts_on_its_day(tmp_path):
    loaded, rows = _rows(tmp_path, "feed_2027-03-01.tsv", MC_HEADER + "A\tA\thttp://x\tin_stock\t49.00\t\t\n")
    assert rows == [("A", "49.00", dt.date(2027, 3, 1), None, "merchant-center", None, 2)]
    assert loaded.documents[0].day == dt.date(2027, 3, 1)


def test_a_merchant_center_xml_with_a_dtd_is_refused(tmp_path):
    xml = ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol "lol">]>\n'
           '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>&lol;</g:id></item></channel></rss>')
    findings = check(tmp_path, {"feed.xml": xml})
    assert codes_at(findings) == ["feed.xml:1 FL001"]
    assert "DTD" in findings[0].message


def test_other_xml_is_skipped_in_a_walk_and_fl001_when_named(tmp_path):
    files = {"pom.xml": '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n',
             "site.xml": '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>blog</title></channel></rss>\n'}
    assert check(tmp_path, files) == []
    named = check(tmp_path, paths=["site.xml"])
    assert codes_at(named) == ["site.xml:1 FL001"] and "xmlns:g" in named[0].message


def test_woocommerce_rows(tmp_path):
    content = ('ID,Type,SKU,Name,"Date sale price starts","Date sale price ends","Sale price","Regular price"\n'
               '1,variable,PARENT,Chair,,,,\n'
               '2,variation,\'-CHAIR,Chair,"2027-03-10 0:00:00","2027-03-21 0:00:00",99,120\n'
               '3,simple,,Tray,,,,45\n')
    loaded, rows = _rows(tmp_path, "wc-product-export.csv", content)
    D = dt.date
    assert [r[:6] for r in rows] == [
        ("-CHAIR", "120", D(2026, 3, 10), D(2027, 3, 9), "woocommerce", None),
        ("-CHAIR", "99", D(2027, 3, 10), D(2027, 3, 20), "woocommerce", "120"),  # ends at 0:00: the day before
        ("-CHAIR", "120", D(2027, 3, 21), None, "woocommerce", None),
        ("3", "45", D(2026, 3, 10), None, "woocommerce", None),  # no SKU: its ID
    ]


def test_woocommerce_bad_sale_date_is_fl001_at_its_row(tmp_path):
    content = ('ID,SKU,"Date sale price starts","Date sale price ends","Sale price","Regular price"\n'
               '2,CHAIR,10/03/2027,,99,120\n')
    loaded, rows = _rows(tmp_path, "wc.csv", content)
    assert [(p.loc.line, "2027-03-10 0:00:00" in p.message) for p in loaded.problems] == [(2, True)]


SHOPIFY_NEW = ("Title,URL handle,SKU,Option1 name,Option1 value,Price,Compare-at price,Price / Germany,"
               "Compare-at price / Germany,Status\n"
               "Lamp,oak-lamp,LAMP-01,Title,Default Title,39.00,59.00,45.00,49.00,Active\n"
               "Napkins,napkins,,Colour,Sand,18.00,,,,Active\n")


def test_shopify_new_headers_with_markets(tmp_path):
    loaded, rows = _rows(tmp_path, "products_export_2027-03-10.csv", SHOPIFY_NEW)
    day = dt.date(2027, 3, 10)
    assert rows == [
        ("LAMP-01", "39.00", day, None, "shopify", "59.00", 2),
        ("LAMP-01", "45.00", day, None, "shopify/germany", "49.00", 2),
        ("napkins/Sand", "18.00", day, None, "shopify", None, 3),
    ]


def test_a_shopify_export_without_a_date_in_its_name_is_fl001(tmp_path):
    findings = check(tmp_path, {"exports/products_export.csv": SHOPIFY_NEW})
    assert codes_at(findings) == ["exports/products_export.csv:1 FL001"]
    assert "products_export_2027-03-01.csv" in findings[0].message


def test_shopify_snapshots_form_a_history(tmp_path):
    from fairlint.config import load_config
    from fairlint.engine import run
    from helpers import chdir

    head = "Handle,Variant SKU,Variant Price,Variant Compare At Price\n"
    write_files(tmp_path, {"shop/products_export_2027-03-01.csv": head + "lamp,LAMP-01,49.00,\n",
                           "shop/products_export_2027-03-10.csv": head + "lamp,LAMP-01,39.00,49.00\n",
                           "shop/products_export_2027-03-20.csv": head + "lamp,LAMP-01,49.00,\n"})
    with chdir(tmp_path):
        result = run([Path(".")], load_config(None))
    schedules = sorted(result.project.schedules, key=lambda s: s.day)
    assert [(s.day, s.history_start, [(str(r.price), r.start, r.end) for r in s.rows]) for s in schedules] == [
        (dt.date(2027, 3, 1), dt.date(2027, 3, 1), [("49.00", dt.date(2027, 3, 1), dt.date(2027, 3, 9))]),
        (dt.date(2027, 3, 10), dt.date(2027, 3, 1), [("39.00", dt.date(2027, 3, 10), dt.date(2027, 3, 19))]),
        (dt.date(2027, 3, 20), dt.date(2027, 3, 1), [("49.00", dt.date(2027, 3, 20), None)]),
    ]
    assert codes_at(result.findings) == ["shop/products_export_2027-03-10.csv:2 FL201"]


def test_a_workbook_names_the_sheet_and_its_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Summary"
    book.active.append(["Quarter", "Revenue"])
    sheet = book.create_sheet("Spring prices")
    sheet.append(["sku", "price", "start", "end"])
    sheet.append([])
    sheet.append(["LAMP-01", 49, dt.datetime(2027, 3, 1), dt.datetime(2027, 3, 9)])
    sheet.append(["LAMP-01", "forty", dt.datetime(2027, 3, 10), None])
    out = io.BytesIO()
    book.save(out)
    findings = check(tmp_path, {"book.xlsx": out.getvalue()})
    assert codes_at(findings) == ["book.xlsx:4 FL001"]
    assert findings[0].message.startswith("sheet 'Spring prices': row: price:")


def test_a_workbook_without_a_price_sheet_is_skipped_in_a_walk(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["Quarter", "Revenue"])
    out = io.BytesIO()
    book.save(out)
    assert check(tmp_path, {"budget.xlsx": out.getvalue()}) == []
    assert codes_at(check(tmp_path, paths=["budget.xlsx"])) == ["budget.xlsx:1 FL001"]
    assert codes_at(check(tmp_path, {"broken.xlsx": b"PK\x03\x04 not really"}, paths=["broken.xlsx"])) == ["broken.xlsx:1 FL001"]


# -- configuration ------------------------------------------------------------------------------

MAPPED = "Artikel;Preis;ab;bis;Lager\nPLATE;20,00;2027-03-01;2027-03-10;Nord\nPLATE;15,00;2027-03-10;2027-03-20;Nord\n"


def test_mapped_columns_with_exclusive_ends(tmp_path):
    config = '[columns]\nsku = "Artikel"\nprice = "Preis"\nstart = "ab"\nend = "bis"\n'
    findings = check(tmp_path, {"extract.csv": MAPPED, "fairlint.toml": "end-exclusive = true\n" + config})
    assert codes_at(findings) == ["extract.csv:3 FL201"]  # one price a day: the 10th is the second row's
    inclusive = check(tmp_path, {"fairlint.toml": config})
    assert "extract.csv:3 FL204" in codes_at(inclusive)  # read inclusive, both rows charge on the 10th


def test_columns_in_pyproject(tmp_path):
    config = ('[tool.fairlint]\nend-exclusive = true\n[tool.fairlint.columns]\nsku = "Artikel"\nprice = "Preis"\n'
              'start = "ab"\nend = "bis"\n')
    assert codes_at(check(tmp_path, {"extract.csv": MAPPED, "pyproject.toml": config})) == ["extract.csv:3 FL201"]


@pytest.mark.parametrize("config, key", [
    ('[columns]\nskew = "Artikel"\n', "columns.skew"),
    ('[columns]\nsku = 3\n', "columns.sku"),
    ('[columns]\nsku = "A"\nprice = "a"\n', "columns.price"),
    ('end-exclusive = "yes"\n', "end-exclusive"),
    ('disclose-upcoming-sales = 1\n', "disclose-upcoming-sales"),
    ('channels = ["web"]\n', "channels"),
    ('[channels]\n"*.csv" = ""\n', "channels.*.csv"),
])
def test_bad_new_configuration_keys_exit_2_naming_file_and_key(tmp_path, config, key):
    write_files(tmp_path, {"fairlint.toml": config, "prices.csv": "sku,price,start,end\nA,1.00,2027-01-01,\n"})
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert "fairlint.toml" in result.stderr and key in result.stderr


def test_channels_map_a_path_pattern(tmp_path):
    write_files(tmp_path, {"fairlint.toml": '[channels]\n"feeds/*.tsv" = "ad"\n',
                           "feeds/feed.tsv": MC_HEADER + "A\tA\thttp://x\tin_stock\t49.00\t\t\n"})
    loaded, rows = _rows(tmp_path / "feeds", "feed.tsv", (tmp_path / "feeds/feed.tsv").read_bytes(),
                         LoadOptions(channels=(("feeds/*.tsv", "ad"),), root=tmp_path))
    assert [r[4] for r in rows] == ["ad"]


def test_disclose_upcoming_sales_covers_every_feed_sku(tmp_path):
    feed = MC_HEADER + "A\tA\thttp://x\tin_stock\t49.00\t39.00\t2027-03-10/2027-03-20\n"
    assert codes_at(check(tmp_path, {"feed.tsv": feed})) == ["feed.tsv:2 FL201"]
    assert check(tmp_path, {"fairlint.toml": "disclose-upcoming-sales = true\n"}) == []


# -- messages from files -----------------------------------------------------------------------

CAMPAIGN = """\
kind: campaign
id: spring
starts: 2027-03-10
ends: 2027-03-20
terms: {returns: "30 days", delivery: "3-5 days", price: "incl. VAT"}
commitments: {delivery_days: 5}
messages:
  - id: hero
    channel: email
    file: %s
"""


def test_html_email_text_a_reader_sees_at_its_lines(tmp_path):
    html = ("<html><head><title>delivered in 1 day</title>\n<style>p {}</style></head>\n<body>\n"
            '<div style="display:none">Delivered in 2 days, *|FNAME|*</div>\n'
            "<script>x = 'delivered in 1 day'</script>\n<p>Hello {{ first_name }},</p>\n"
            "<p>Spring lamps,\n<b>delivered</b> in 3 days.</p>\n</body></html>\n")
    findings = check(tmp_path, {"campaign.yaml": CAMPAIGN % "mail/spring.html", "mail/spring.html": html})
    assert codes_at(findings, "FL302") == ["mail/spring.html:4 FL302", "mail/spring.html:8 FL302"]


def test_loaded_html_text_leaves_out_markup_and_merge_tags(tmp_path):
    path = tmp_path / "m.html"
    path.write_text("<head><style>.a{}</style></head><body><p>Hi *|FNAME|*, %%Name%%!</p>\n<p>Lamps {% if x %}today"
                    "{% endif %}</p></body>")
    message = load_file(path, explicit=False, labels={}, max_bytes=10**6, as_messages=True).documents[0].messages[0]
    assert [line.strip() for line in message.text.split("\n")] == ["Hi , !", "Lamps today"]
    assert message.text_at(message.text.index("Lamps")).col == 4  # where the words are in the file


def test_html_findings_are_at_the_words_column(tmp_path):
    html = "<body>\n  <p>Order today and it is delivered in 2 days.</p>\n</body>\n"
    findings = check(tmp_path, {"campaign.yaml": CAMPAIGN % "m.html", "m.html": html})
    assert [(f.line, f.col) for f in findings if f.code == "FL302"] == [(2, html.split("\n")[1].index("in 2") + 1)]


EML = """\
From: shop@example.com
To: you@example.com
Subject: Spring lamps delivered in 1 day
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Plain part: delivered in 2 days.
--b1
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: %s

%s
--b1--
"""


def test_eml_html_part_at_its_lines(tmp_path):
    body = "<p>Hello,</p>\n<p>Our lamps are delivered in 2 days.</p>"
    findings = check(tmp_path, {"campaign.yaml": CAMPAIGN % "spring.eml", "spring.eml": EML % ("7bit", body)})
    assert codes_at(findings, "FL302") == ["spring.eml:3 FL302", "spring.eml:16 FL302"]  # subject, HTML part


def test_encoded_eml_body_at_the_line_it_starts(tmp_path):
    import base64

    body = base64.encodebytes(b"<p>Hello,</p>\n<p>Our lamps are delivered in 2 days.</p>").decode()
    findings = check(tmp_path, {"campaign.yaml": CAMPAIGN % "spring.eml", "spring.eml": EML % ("base64", body)})
    assert codes_at(findings, "FL302") == ["spring.eml:3 FL302", "spring.eml:15 FL302"]


def test_text_and_markdown_message_files(tmp_path):
    findings = check(tmp_path, {"campaign.yaml": CAMPAIGN % "hero.md", "hero.md": "# Spring\n\nLamps delivered in 2 days.\n"})
    assert codes_at(findings, "FL302") == ["hero.md:3 FL302"]


def test_a_missing_message_file_is_fl003(tmp_path):
    findings = check(tmp_path, {"campaign.yaml": CAMPAIGN % "mail/nope.html"})
    assert codes_at(findings, "FL003") == ["campaign.yaml:10 FL003"]


def test_a_message_needs_text_or_file_not_both(tmp_path):
    both = CAMPAIGN % "a.txt" + "    text: hello\n"
    findings = check(tmp_path, {"campaign.yaml": both, "a.txt": "hi\n"})
    assert codes_at(findings, "FL001") == ["campaign.yaml:8 FL001"]


def test_messages_file_rows(tmp_path):
    campaign = CAMPAIGN.split("messages:")[0] + "messages_file: sms.csv\n"
    sms = ("id,channel,send_at,text\nsms-1,sms,2027-03-10,Lamps delivered in 5 days\n"
           "sms-2,sms,2027-03-11,Lamps delivered in 2 days\nsms-3,pigeon,2027-03-11,Coo\n")
    findings = check(tmp_path, {"campaign.yaml": campaign, "sms.csv": sms})
    assert codes_at(findings, "FL302") == ["sms.csv:3 FL302"]
    assert codes_at(findings, "FL001") == ["sms.csv:4 FL001"] and "pigeon" in findings[[f.code for f in findings].index("FL001")].message


def test_a_messages_file_without_text_is_reported(tmp_path):
    campaign = CAMPAIGN.split("messages:")[0] + "messages_file: sms.csv\n"
    findings = check(tmp_path, {"campaign.yaml": campaign, "sms.csv": "id,body\n1,hello\n"})
    assert codes_at(findings) == ["sms.csv:1 FL001"]
    assert "needs a 'text' column" in findings[0].message and "id, body" in findings[0].message


def test_bom_and_utf16_decode_for_message_files(tmp_path):
    text = codecs.BOM_UTF16_LE + "Lamps delivered in 2 days.\n".encode("utf-16-le")
    findings = check(tmp_path, {"campaign.yaml": CAMPAIGN % "hero.txt", "hero.txt": text})
    assert codes_at(findings, "FL302") == ["hero.txt:1 FL302"]


def test_an_email_file_named_alone_says_to_link_it_from_a_campaign(tmp_path):
    findings = check(tmp_path, {"mail.html": "<p>Hi</p>\n"}, paths=["mail.html"])
    assert codes_at(findings) == ["mail.html:1 FL001"] and "file: mail.html" in findings[0].message
    assert check(tmp_path) == []  # in a walk, an email no campaign links is not read


def test_merchant_center_xml_nested_attributes_do_not_replace_the_price(tmp_path):
    xml = ('<?xml version="1.0"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>\n'
           "<item>\n<g:id>A</g:id><title>A</title>\n"
           "<g:shipping><g:country>DE</g:country><g:price>4.95 EUR</g:price></g:shipping>\n"
           "<g:price>49.00 EUR</g:price>\n</item>\n</channel></rss>\n")
    loaded, rows = _rows(tmp_path, "feed.xml", xml)
    assert [(r[0], r[1], r[6]) for r in rows] == [("A", "49.00", 3)]


def test_an_html_comment_suppresses_a_finding_in_an_email(tmp_path):
    html = "<p>Spring lamps.</p>\n<!-- fairlint: disable=FL302 -->\n<p>Delivered in 2 days.</p>\n"
    assert codes_at(check(tmp_path, {"campaign.yaml": CAMPAIGN % "mail.html", "mail.html": html}), "FL302") == []
    html = html.replace("disable=FL302", "disable=FL304")
    assert codes_at(check(tmp_path, {"mail.html": html})) == ["mail.html:2 FL002", "mail.html:3 FL302"]


def test_reports_draw_the_feeds_fixture(tmp_path):
    result = cli(["report", "fixtures/feeds", "--format", "html", "-o", str(tmp_path / "r.html")], cwd=ROOT)
    assert "17 finding(s)" in result.output
    assert "<svg" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, content", [
    ("p.csv", "sku,price,start,end\r\nA,1299.00,2027-03-01,2027-03-09\r\nA,999.00,2027-03-10,\r\n"),
    ("p.tsv", "sku\tprice\tstart\tend\nA\t1299.00\t2027-03-01\t2027-03-09\nA\t999.00\t2027-03-10\t\n"),
    ("p.csv", "\ufeffsku;price;start;end\nA;1.299,00;2027-03-01;2027-03-09\nA;999,00 €;2027-03-10;\n"),
    ("p.csv", 'sku,price,start,end\nA,"$1,299.00",2027-03-01,2027-03-09\nA,999.00 USD,2027-03-10,\n'),
])
def test_csv_dialects_give_the_same_rows(tmp_path, name, content):
    loaded, rows = _rows(tmp_path, name, content)
    assert loaded.problems == []
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("A", "1299.00", dt.date(2027, 3, 1), dt.date(2027, 3, 9)), ("A", "999.00", dt.date(2027, 3, 10), None)]


def test_an_export_announcement_column_mapped_in_columns(tmp_path):
    export = ('ID,SKU,"Date sale price starts","Date sale price ends","Sale price","Regular price","Meta: announced"\n'
              '1,CHAIR,"2027-03-10 0:00:00","2027-03-20 23:59:59",99,120,"2027-03-01 0:00:00"\n'
              '2,TABLE,"2027-03-10 0:00:00","2027-03-20 23:59:59",199,240,\n'
              '3,STOOL,"2027-03-10 0:00:00","2027-03-20 23:59:59",19,24,soon\n')
    assert codes_at(check(tmp_path, {"wc.csv": export})) == ["wc.csv:2 FL201", "wc.csv:3 FL201", "wc.csv:4 FL201"]
    findings = check(tmp_path, {"fairlint.toml": '[columns]\nannounced = "Meta: announced"\n'})
    assert codes_at(findings) == ["wc.csv:3 FL201", "wc.csv:4 FL001"]  # announced 9 days before; never; unreadable
    assert "announced ('meta: announced')" in findings[1].message and "'soon'" in findings[1].message


def test_a_message_file_outside_the_project_is_not_opened(tmp_path):
    write_files(tmp_path, {"secret.html": "<p>Delivered in 1 day</p>\n", "shop/fairlint.toml": "",
                           "shop/campaign.yaml": CAMPAIGN % "../secret.html"})
    findings = check(tmp_path / "shop")
    assert codes_at(findings) == ["campaign.yaml:10 FL003"] and "outside the project" in findings[0].message


def test_an_email_checked_alone_is_judged_with_its_campaign(tmp_path):
    write_files(tmp_path, {"fairlint.toml": "", "campaign.yaml": CAMPAIGN % "mail/spring.html",
                           "mail/spring.html": "<p>Spring lamps.</p>\n<p>Delivered in 2 days.</p>\n"})
    result = cli(["check", "--skip-other-files", "mail/spring.html"], cwd=tmp_path)
    assert "mail/spring.html:2:" in result.output and "FL302" in result.output


def test_an_email_named_alone_is_judged_with_the_campaign_linking_it(tmp_path):
    write_files(tmp_path, {"fairlint.toml": "", "campaign.yaml": CAMPAIGN % "mail/spring.html",
                           "mail/spring.html": "<p>Spring lamps.</p>\n<p>Delivered in 2 days.</p>\n"})
    findings = check(tmp_path, paths=["mail/spring.html"])
    assert codes_at(findings) == ["mail/spring.html:2 FL302"]


def test_a_messages_export_named_alone_is_judged_with_its_campaign(tmp_path):
    campaign = CAMPAIGN.split("messages:")[0] + "messages_file: sms.csv\n"
    write_files(tmp_path, {"fairlint.toml": "", "campaign.yaml": campaign,
                           "sms.csv": "id,text\nsms-1,Lamps delivered in 2 days\n"})
    assert codes_at(check(tmp_path, paths=["sms.csv"])) == ["sms.csv:2 FL302"]


def test_a_single_snapshot_has_no_history_to_judge_its_compare_at_price(tmp_path):
    write_files(tmp_path, {"products_export_2027-03-10.csv":
                           "Handle,Variant SKU,Variant Price,Variant Compare At Price\nlamp,LAMP-01,39.00,59.00\n"})
    result = cli(["check", ".", "-v"], cwd=tmp_path)
    assert result.exit_code == 0 and "FL202 not checked: the history is too short" in result.output
