"""One price history written in every format fairlint reads gives the same FL201 and FL202 findings.

The history: LAMP-01 at 49.00 from 1 February, on sale at 39.00 ("was 49.00") from
10 to 20 March (an undisclosed next-day drop: FL201); MUG-02 at 12.00, raised to
15.00 on 25 March and on sale at 9.00 "was 15.00" from 1 to 7 April (FL201, and
FL202: it sold for 12.00 in the 30 days before). Each format writes it its own
way: dated rows, a sale with its dates, or a snapshot on each day a price changes.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpers import check

D = dt.date
# (sku, price, start, end inclusive or None, reference)
ROWS = [
    ("LAMP-01", "49.00", D(2027, 2, 1), D(2027, 3, 9), None),
    ("LAMP-01", "39.00", D(2027, 3, 10), D(2027, 3, 20), "49.00"),
    ("LAMP-01", "49.00", D(2027, 3, 21), None, None),
    ("MUG-02", "12.00", D(2027, 2, 1), D(2027, 3, 24), None),
    ("MUG-02", "15.00", D(2027, 3, 25), D(2027, 3, 31), None),
    ("MUG-02", "9.00", D(2027, 4, 1), D(2027, 4, 7), "15.00"),
    ("MUG-02", "15.00", D(2027, 4, 8), None, None),
]
# The same history as a shop's state on the days it changed: sku -> (price, sale price, sale days).
FEEDS = {
    D(2027, 2, 1): {"LAMP-01": ("49.00", "39.00", (D(2027, 3, 10), D(2027, 3, 20))), "MUG-02": ("12.00", None, None)},
    D(2027, 3, 25): {"LAMP-01": ("49.00", None, None), "MUG-02": ("15.00", "9.00", (D(2027, 4, 1), D(2027, 4, 7)))},
}
SNAPSHOTS = {  # day -> sku -> (price, compare-at)
    D(2027, 2, 1): {"LAMP-01": ("49.00", ""), "MUG-02": ("12.00", "")},
    D(2027, 3, 10): {"LAMP-01": ("39.00", "49.00"), "MUG-02": ("12.00", "")},
    D(2027, 3, 21): {"LAMP-01": ("49.00", ""), "MUG-02": ("12.00", "")},
    D(2027, 3, 25): {"LAMP-01": ("49.00", ""), "MUG-02": ("15.00", "")},
    D(2027, 4, 1): {"LAMP-01": ("49.00", ""), "MUG-02": ("9.00", "15.00")},
    D(2027, 4, 8): {"LAMP-01": ("49.00", ""), "MUG-02": ("15.00", "")},
}


def _iso(day):
    return day.isoformat() if day else ""


def fairlint_csv():
    lines = ["sku,price,start,end,reference_price"]
    lines += [f"{s},{p},{_iso(a)},{_iso(b)},{r or ''}" for s, p, a, b, r in ROWS]
    return {"prices.csv": "\n".join(lines) + "\n"}


def fairlint_yaml():
    rows = "\n".join(f"  - {{sku: {s}, price: {p}, start: {_iso(a)}" + (f", end: {_iso(b)}" if b else "")
                     + (f", reference_price: {r}" if r else "") + "}" for s, p, a, b, r in ROWS)
    return {"prices.yaml": f"kind: price-schedule\nid: shop\nrows:\n{rows}\n"}


def excel_semicolon():
    lines = ["sku;price;start;end;reference_price"]
    lines += [f"{s};{p.replace('.', ',')};{_iso(a)};{_iso(b)};{(r or '').replace('.', ',')}" for s, p, a, b, r in ROWS]
    return {"prices.csv": ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")}


def excel_unicode_text():
    lines = ["sku\tprice\tstart\tend\treference_price"]
    lines += [f"{s}\t{p}\t{_iso(a)}\t{_iso(b)}\t{r or ''}" for s, p, a, b, r in ROWS]
    return {"prices.txt": ("\r\n".join(lines) + "\r\n").encode("utf-16")}


def mapped_end_exclusive():
    lines = ["Artikel,Preis,Ab,Bis,Streichpreis,Lager"]
    lines += [f"{s},{p},{_iso(a)},{_iso(b + dt.timedelta(days=1)) if b else ''},{r or ''},Nord" for s, p, a, b, r in ROWS]
    config = ('end-exclusive = true\n[columns]\nsku = "Artikel"\nprice = "Preis"\nstart = "Ab"\nend = "Bis"\n'
              'reference_price = "Streichpreis"\n')
    return {"extract.csv": "\n".join(lines) + "\n", "fairlint.toml": config}


def workbook():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prices"
    sheet.append(["sku", "price", "start", "end", "reference_price"])
    for s, p, a, b, r in ROWS:
        sheet.append([s, float(p), a, b, float(r) if r else None])
    out = io.BytesIO()
    book.save(out)
    return {"prices.xlsx": out.getvalue()}


def merchant_center_tsv():
    files = {}
    for day, items in FEEDS.items():
        lines = ["id\ttitle\tlink\tavailability\tprice\tsale_price\tsale_price_effective_date"]
        for sku, (price, sale, days) in items.items():
            interval = f"{days[0]}T00:00+0100/{days[1] + dt.timedelta(days=1)}T00:00+0100" if days else ""
            lines.append(f"{sku}\t{sku} title\thttps://shop.example/{sku}\tin_stock\t{price} EUR\t"
                         f"{sale + ' EUR' if sale else ''}\t{interval}")
        files[f"feed_{day}.tsv"] = "\n".join(lines) + "\n"
    return files


def merchant_center_xml():
    files = {}
    for day, items in FEEDS.items():
        parts = []
        for sku, (price, sale, days) in items.items():
            extra = (f"<g:sale_price>{sale} EUR</g:sale_price>"
                     f"<g:sale_price_effective_date>{days[0]}/{days[1]}</g:sale_price_effective_date>") if sale else ""
            parts.append(f"<item><g:id>{sku}</g:id><title>{sku}</title><g:availability>in_stock</g:availability>"
                         f"<g:price>{price} EUR</g:price>{extra}</item>")
        files[f"feed_{day}.xml"] = ('<?xml version="1.0"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">'
                                    f"<channel><title>Shop</title>\n" + "\n".join(parts) + "\n</channel></rss>\n")
    return files


def woocommerce():
    files = {}
    for day, items in FEEDS.items():
        lines = ['ID,Type,SKU,Name,"Date sale price starts","Date sale price ends","Sale price","Regular price"']
        for n, (sku, (price, sale, days)) in enumerate(items.items(), start=1):
            starts, ends = (f"{days[0]} 0:00:00", f"{days[1]} 23:59:59") if days else ("", "")
            lines.append(f"{n},simple,{sku},{sku} name,{starts},{ends},{sale or ''},{price}")
        files[f"wc-product-export-{day}.csv"] = "\n".join(lines) + "\n"
    return files


def shopify():
    files = {}
    for day, items in SNAPSHOTS.items():
        lines = ["Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Compare At Price,Status"]
        lines += [f"{sku.lower()},{sku},Title,Default Title,{sku},{p},{c},active" for sku, (p, c) in items.items()]
        files[f"products_export_{day}.csv"] = "\n".join(lines) + "\n"
    return files


def shopify_new_headers():
    files = {}
    for day, items in SNAPSHOTS.items():
        lines = ["Title,URL handle,SKU,Option1 name,Option1 value,Price,Compare-at price,Status"]
        lines += [f"{sku},{sku.lower()},{sku},Title,Default Title,{p},{c},Active" for sku, (p, c) in items.items()]
        files[f"products_export_{day}.csv"] = "\n".join(lines) + "\n"
    return files


def parquet():
    pa = pytest.importorskip("pyarrow")
    import io

    import pyarrow.parquet as pq

    from fairlint.load import SUFFIXES

    if ".parquet" not in SUFFIXES:
        pytest.skip("Parquet schedules are read by the price engine (issue 10), not in this build")
    from decimal import Decimal

    money = pa.decimal128(12, 2)
    table = pa.table({
        "sku": pa.array([r[0] for r in ROWS]),
        "price": pa.array([Decimal(r[1]) for r in ROWS], money),
        "start": pa.array([r[2] for r in ROWS], pa.date32()),
        "end": pa.array([r[3] for r in ROWS], pa.date32()),
        "reference_price": pa.array([Decimal(r[4]) if r[4] else None for r in ROWS], money),
    })
    out = io.BytesIO()
    pq.write_table(table, out)
    return {"prices.parquet": out.getvalue()}


FORMATS = [parquet, fairlint_csv, fairlint_yaml, excel_semicolon, excel_unicode_text, mapped_end_exclusive, workbook,
           merchant_center_tsv, merchant_center_xml, woocommerce, shopify, shopify_new_headers]


def _gist(finding) -> str:
    """A finding without where it is or which source's channel it names."""
    message = re.sub(r" in (?:merchant-center|woocommerce|shopify)(?=[ ,])", "", finding.message)
    message = re.sub(r" \([^()]*:\d+\)|^sheet '\w+': ", "", message)
    return f"{finding.code} {message}"


def findings_of(tmp_path, files):
    return sorted(_gist(f) for f in check(tmp_path, files) if f.code in ("FL201", "FL202", "FL001", "FL204"))


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    return findings_of(tmp_path_factory.mktemp("csv"), fairlint_csv())


def test_the_history_has_the_findings_it_was_written_for(expected):
    assert [g.split(" ", 2)[:2] for g in expected] == [
        ["FL201", "LAMP-01"], ["FL201", "MUG-02"], ["FL202", "MUG-02"]], expected


@pytest.mark.parametrize("write", FORMATS, ids=lambda f: f.__name__)
def test_every_format_gives_the_same_findings(tmp_path, write, expected):
    assert findings_of(tmp_path, write()) == expected
