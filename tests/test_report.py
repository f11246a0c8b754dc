"""``fairlint report``: the weekly review of many campaigns, in Markdown, HTML, CSV and JSON."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys

import pytest

from fairlint.finding import Severity
from helpers import ROOT, cli, write_files

EXAMPLE = ROOT / "fixtures" / "example"
SELECT = 'select = ["FL1", "FL2"]\n'
PRICES = """sku,price,start,end,audience,reference_price
LAMP-01,49.00,2027-03-01,2027-03-09,all,
LAMP-01,39.00,2027-03-10,2027-03-20,all,59.00
CARE-1Y,39.00,2027-01-01,2027-12-31,new,
CARE-1Y,59.00,2027-01-01,2027-12-31,existing,
"""
SPRING = """kind: campaign
id: spring
starts: 2027-03-01
ends: 2027-03-31
prices: prices/spring.csv
offers:
  - id: welcome20
    audience: new
    value: 20
    announced: 2027-02-01
"""
QUIET = "kind: campaign\nid: quiet\n"
TWO_CAMPAIGNS = f"{SPRING.replace('prices: prices/spring.csv', 'prices: ../prices/spring.csv')}---\n" \
                f"{SPRING.replace('id: spring', 'id: autumn').replace('prices: prices/spring.csv', '')}"
LOOSE_PRICES = ("sku,price,start,end,announced\n"
                "RUG-07,149.00,2027-03-01,2027-03-09,\n"
                "RUG-07,99.00,2027-03-10,,2027-03-10\n")


@pytest.fixture
def shop(tmp_path):
    """Three campaigns (two in one file), a linked price list, a price list no campaign names."""
    write_files(tmp_path, {
        "fairlint.toml": SELECT,
        "campaigns/both.yaml": TWO_CAMPAIGNS,
        "campaigns/quiet.yaml": QUIET,
        "prices/spring.csv": PRICES,
        "outlet/rugs.csv": LOOSE_PRICES,
    })
    return tmp_path


def report(cwd, *args) -> str:
    result = cli(["report", *args, "."], cwd=cwd)
    assert result.exit_code == 0, result.output + result.stderr
    return result.output


def test_json_groups_findings_by_campaign_worst_first(shop):
    data = json.loads(report(shop, "--format", "json"))
    campaigns = [(c["campaign"], c["path"], c["errors"], c["warnings"], c["total"]) for c in data["campaigns"]]
    assert campaigns == [
        # FL202 (error) and FL103 (error) on its linked price list, FL201 there, FL101 in the campaign
        ("spring", "campaigns/both.yaml", 2, 2, 4),
        ("autumn", "campaigns/both.yaml", 0, 1, 1),  # the second document of the same file
        ("outlet/", "outlet", 0, 1, 1),  # no campaign links to it: grouped by its folder
        ("quiet", "campaigns/quiet.yaml", 0, 0, 0),  # checked, nothing found: still listed
    ]
    where = {(f["path"], f["line"], f["code"]): f["campaign"] for f in data["findings"]}
    assert where[("prices/spring.csv", 3, "FL201")] == "spring"
    assert where[("campaigns/both.yaml", 7, "FL101")] == "spring"
    assert where[("campaigns/both.yaml", 18, "FL101")] == "autumn"
    assert where[("outlet/rugs.csv", 3, "FL201")] == "outlet/"
    assert data["by_severity"] == {"error": 2, "warning": 4, "info": 0}
    assert data["by_rule"][0] == {"code": "FL101", "rule": "new-customer-deal-denied-to-existing",
                                  "severity": "warning", "findings": 2, "campaigns": 2}


def test_markdown_has_the_tables_and_every_finding_with_its_file_and_line(shop):
    text = report(shop)
    assert text.startswith("# fairlint report\n")
    for heading in ("## Findings per severity", "## Findings per rule", "## Campaigns, worst first",
                    "## Campaign spring (campaigns/both.yaml)", "## Files in outlet/ (no campaign links to them)"):
        assert heading in text
    assert "| spring " in text and "| quiet " in text
    data = json.loads(report(shop, "--format", "json"))
    for f in data["findings"]:
        assert f"| {f['path']}:{f['line']} " in text
    assert text.index("## Campaign spring") < text.index("## Campaign autumn") < text.index("## Files in outlet/")


def test_markdown_cells_escape_pipes():
    from fairlint.report.tables import _table

    assert "a \\| b" in _table(("x",), [("a | b",)])


def test_csv_has_one_row_per_finding(shop):
    rows = list(csv.DictReader(io.StringIO(report(shop, "--format", "csv"))))
    data = json.loads(report(shop, "--format", "json"))
    assert len(rows) == len(data["findings"]) == 6
    assert set(rows[0]) == {"campaign", "campaign_file", "path", "line", "column", "code", "rule", "severity",
                            "message", "lang", "translated_message"}
    assert rows[0]["campaign"] == "spring"


def test_output_file_and_format_from_its_suffix(shop):
    result = cli(["report", "-o", "weekly/report.html", "."], cwd=shop)  # the folder is made
    assert result.exit_code == 0
    assert "wrote the html report" in result.stderr
    assert (shop / "weekly" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    quiet = cli(["report", "-q", "-o", "weekly/report.csv", "."], cwd=shop)
    assert quiet.stderr == "" and (shop / "weekly" / "report.csv").read_text(encoding="utf-8").startswith("campaign,")


def test_report_exits_0_with_findings_and_2_for_a_missing_path(shop):
    assert cli(["report", "."], cwd=shop).exit_code == 0
    assert cli(["report", "nowhere"], cwd=shop).exit_code == 2


def test_no_fairness_score(shop):
    assert "score" not in report(shop, "--format", "json").lower()


# --- HTML -------------------------------------------------------------------------------------


def external_references(page: str) -> list[str]:
    """Anything a browser would fetch: src/href that is not an in-page anchor, url(...), @import."""
    found = re.findall(r'\b(?:src|href)\s*=\s*"(?!#)([^"]*)"', page)
    found += re.findall(r"url\((?!#)([^)]*)\)", page)
    found += re.findall(r"@import[^;]*", page)
    found += re.findall(r"<(?:script|link|iframe|img)\b", page)
    return found


def test_html_is_self_contained_with_a_chart_per_price_finding(shop):
    page = report(shop, "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert external_references(page) == []
    assert "<style>" in page
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    # the per-rule bars, then one timeline each for FL201 (2), FL202 (1), FL103 (1)
    assert len(svgs) == 5
    assert 'aria-label="Findings per rule"' in svgs[0]
    labels = re.findall(r'aria-label="Price timeline of (\S+) for (FL\d+) at ([^"]+)"', page)
    assert sorted(labels) == sorted([
        ("LAMP-01", "FL201", "prices/spring.csv:3"), ("LAMP-01", "FL202", "prices/spring.csv:3"),
        ("CARE-1Y", "FL103", "prices/spring.csv:5"), ("RUG-07", "FL201", "outlet/rugs.csv:3"),
    ])
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "element ids must be unique across the inlined charts"
    assert 'href="#c-spring' in page  # the campaign table links to its findings


def test_html_timeline_marks_what_the_finding_is_about(shop):
    page = report(shop, "--format", "html")
    lamp = re.search(r'<svg[^>]*aria-label="Price timeline of LAMP-01 for FL202.*?</svg>', page, flags=re.S).group(0)
    for text in ("all customers", "30 days looked back", "&#x27;was&#x27; price 59.00", "2027-03-10"):
        assert text in lamp or text.replace("&#x27;", "'") in lamp, text
    drop = re.search(r'<svg[^>]*aria-label="Price timeline of LAMP-01 for FL201.*?</svg>', page, flags=re.S).group(0)
    assert "full price paid, no notice" in drop and "drops to 39.00" in drop


def test_html_timeline_draws_the_drop_where_the_finding_says(shop):
    from fairlint.report.charts import AUDIENCE_COLOURS, MARKED_FILL

    page = report(shop, "--format", "html")
    drop = re.search(r'<svg[^>]*aria-label="Price timeline of LAMP-01 for FL201.*?</svg>', page, flags=re.S).group(0)
    [path] = re.findall(rf'<path d="([^"]+)"[^>]*stroke="{AUDIENCE_COLOURS["all"]}"', drop)
    # 49.00 until the 9th, then 39.00: flat, a riser down (a larger y), flat
    steps = re.fullmatch(r"M([\d.]+) ([\d.]+)H([\d.]+)V([\d.]+)H([\d.]+)", path)
    start_x, high_y, riser_x, low_y, _ = map(float, steps.groups())
    assert low_y > high_y
    event = r'<line x1="([\d.]+)" y1="[\d.]+" x2="\1"[^>]*stroke="#111827" stroke-width="1.3"'
    [event_x] = {float(x) for x in re.findall(event, drop)}
    assert riser_x == event_x  # the price falls on the day of the drop
    marked = re.search(rf'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*fill="{MARKED_FILL}"', drop)
    assert abs(float(marked.group(1)) + float(marked.group(2)) - event_x) < 0.2  # the full-price day ends at the drop
    labels = re.findall(r'<text x="[\d.]+" y="([\d.]+)"[^>]*text-anchor="end">(\d+)</text>', drop)
    ticks = {label: float(y) for y, label in labels}
    between = [y - 4 for label, y in ticks.items() if 39 < int(label) < 49]  # a text's y is its baseline
    assert between and all(high_y < y < low_y for y in between)  # price ticks between 39 and 49 sit between the lines


@pytest.mark.parametrize("days", [3, 20, 45, 120, 400, 2000])
def test_timeline_dates_are_a_few_round_days_labelled_in_the_language(days):
    import datetime as dt

    from fairlint.report.svg import date_ticks

    first = dt.date(2027, 3, 5)
    for lang in ("en", "ru"):
        ticks = date_ticks(first, first + dt.timedelta(days=days), lang)
        assert 2 <= len(ticks) <= 8 and all(first <= day < first + dt.timedelta(days=days) for day, _ in ticks)
        assert [day for day, _ in ticks] == sorted({day for day, _ in ticks})
        assert re.search(r"20\d\d", ticks[0][1]), ticks  # the first tick says the year
    assert [label for _, label in date_ticks(dt.date(2027, 3, 20), dt.date(2027, 4, 9), "en")] == [
        "Mar 22, 2027", "25", "28", "Apr 1", "4", "7"]
    russian = [label for _, label in date_ticks(dt.date(2027, 10, 20), dt.date(2028, 5, 1), "ru")]
    assert russian[0].startswith("нояб. 2027") and any(label.startswith("янв. 2028") for label in russian), russian
    assert not any(re.search(r"[A-Za-z]", label) for label in russian), russian


def test_html_timeline_speaks_the_findings_language_as_svg_text(shop):
    page = report(shop, "--format", "html", "--lang", "ru")
    lamp = re.search(r'<svg[^>]*aria-label="График цен LAMP-01 для FL202 в prices/spring.csv:3".*?</svg>', page,
                     flags=re.S).group(0)
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", lamp)]
    for label in ("все клиенты", "проверено 30 дней", "цена «было» 59,00", "цена"):
        assert label in texts, (label, texts)
    assert any("10.03.2027" in t for t in texts), texts  # the day the 'was' price was shown, as Russians write it
    assert not any(re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", t) for t in texts), texts
    drop = re.search(r'<svg[^>]*aria-label="График цен LAMP-01 для FL201.*?</svg>', page, flags=re.S).group(0)
    assert "полная цена, без предупреждения" in drop and "снижение до 39,00" in drop


def test_html_escapes_what_documents_say(tmp_path):
    write_files(tmp_path, {"c.yaml": SPRING.replace("id: welcome20", "id: \"<script>x</script>\"")})
    page = report(tmp_path, "--format", "html")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_html_charts_need_no_plotting_library(shop, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    page = report(shop, "--format", "html")
    assert len(re.findall(r"<svg\b.*?</svg>", page, flags=re.S)) == 5
    assert "could not be drawn" not in page and "matplotlib" not in page


def test_html_draws_the_first_timelines_and_counts_the_rest_without_working_them_out(tmp_path, monkeypatch):
    from fairlint.prices.store import PriceStore
    from fairlint.report import html as html_report, timeline

    rows = "".join(f"SKU-{n:03},49.00,2027-03-01,2027-03-09\nSKU-{n:03},39.00,2027-03-10,\n" for n in range(12))
    write_files(tmp_path, {"prices.csv": "sku,price,start,end\n" + rows})
    monkeypatch.setattr(html_report, "CHART_LIMIT", 4)
    worked_out, asked = [], []
    for_finding, steps_of = timeline.for_finding, PriceStore.steps_of
    monkeypatch.setattr(timeline, "for_finding",
                        lambda finding, *args: worked_out.append(finding) or for_finding(finding, *args))
    monkeypatch.setattr(PriceStore, "steps_of", lambda self, wanted, channels=None:
                        asked.append(sorted(wanted)) or steps_of(self, wanted, channels))
    page = report(tmp_path, "--format", "html")
    assert page.count("FL201 warning") == 12  # every finding is listed
    assert len(re.findall(r'aria-label="Price timeline of ', page)) == 4
    assert "Price timelines are drawn for the first 4; 8 more are left out" in page
    assert len(worked_out) == 4 and asked == [["SKU-000", "SKU-001", "SKU-002", "SKU-003"]]


def test_a_chart_that_fails_does_not_cost_the_report(shop, monkeypatch):
    from fairlint.report import charts

    def broken(*args, **kwargs):
        raise ValueError("no room")

    monkeypatch.setattr(charts, "price_timeline", broken)
    page = report(shop, "--format", "html")
    assert "This chart could not be drawn (ValueError: no room)" in page


def test_timeline_of_an_offer_drop_draws_the_offer(tmp_path):
    from fairlint.config import load_config
    from fairlint.engine import run
    from fairlint.report import build
    from fairlint.report.timeline import timelines
    from helpers import chdir

    write_files(tmp_path, {"prices.csv": "sku,price,start,end\nRUG-07,149.00,2027-01-01,\n",
                           "c.yaml": "kind: campaign\nid: rugs\nprices: prices.csv\noffers:\n  - id: rug-weekend\n"
                                     "    type: amount-off\n    value: 30\n    products: [RUG-*]\n"
                                     "    starts: 2027-03-13\n    ends: 2027-03-14\n"})
    with chdir(tmp_path):
        config = load_config(None)
        result = run([tmp_path], config)
        [drawn], left_out = timelines(build(result, config, "test"))
    assert left_out == 0 and drawn.finding.code == "FL201" and drawn.sku == "RUG-07"
    offer = [s for s in drawn.series if s.offer]
    assert [(s.steps[0].start.isoformat(), s.steps[0].price) for s in offer] == [("2027-03-13", 119)]
    assert drawn.marked == (drawn.event.replace(day=12),) * 2
    assert drawn.first_day < drawn.marked[0] and drawn.last_day > drawn.event


def test_timeline_of_a_was_price_deep_in_a_message(tmp_path):
    from fairlint.config import load_config
    from fairlint.engine import run
    from fairlint.report import build
    from fairlint.report.timeline import timelines
    from helpers import chdir

    write_files(tmp_path, {
        "prices.csv": "sku,price,start,end\nTABLE-08,549.00,2027-03-01,2027-06-30\nTABLE-08,649.00,2027-07-01,\n",
        "c.yaml": "kind: campaign\nid: summer\nprices: prices.csv\noffers:\n  - id: table-week\n"
                  "    type: fixed-price\n    value: 499\n    products: [TABLE-08]\n    starts: 2027-07-15\n"
                  "    ends: 2027-07-21\n    announced: 2027-07-08\nmessages:\n  - id: table-web\n"
                  "    offers: [table-week]\n    text: |\n      Solid oak, seats eight.\n"
                  "      Was $649, now $499 this week.\n",
    })
    with chdir(tmp_path):
        config = load_config(None)
        config.select = ["FL202"]
        result = run([tmp_path], config)
        [finding] = result.findings
        [drawn], _ = timelines(build(result, config, "test"))
    assert finding.code == "FL202" and drawn.finding == finding and drawn.sku == "TABLE-08"
    assert drawn.reference == 649
    assert [str(s.label) for s in drawn.series if s.offer] == ["offer 'table-week' (all customers)"]
    assert drawn.marked == (drawn.event.replace(month=6, day=15), drawn.event.replace(day=14))


def test_timeline_of_a_channel_draws_that_channel_and_the_price_for_every_channel(tmp_path):
    from fairlint.config import load_config
    from fairlint.engine import run
    from fairlint.report import build
    from fairlint.report.timeline import timelines
    from helpers import chdir

    write_files(tmp_path, {"prices.csv": "sku,price,start,end,channel\nLAMP-01,49.00,2027-03-01,,\n"
                                         "LAMP-01,45.00,2027-03-01,2027-03-09,store\n"
                                         "LAMP-01,59.00,2027-03-01,2027-03-09,web\nLAMP-01,39.00,2027-03-10,,web\n"})
    with chdir(tmp_path):
        config = load_config(None)
        [drawn], left_out = timelines(build(run([tmp_path], config), config, "test"))
    assert (drawn.finding.code, drawn.finding.line, drawn.channel) == ("FL201", 5, "web")
    lines = {s.channel: [(step.start.day, step.end.day, str(step.price)) for step in s.steps] for s in drawn.series}
    assert lines == {"": [(2, 20, "49.00")], "web": [(2, 9, "59.00"), (10, 20, "39.00")]}  # no "store" line


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path, monkeypatch):
    from fairlint import cli as cli_module

    write_files(tmp_path, {f"campaigns/c{n:02}.yaml": f"kind: campaign\nid: c{n}\n" for n in range(25)})
    plain = cli(["check", "."], cwd=tmp_path)
    assert plain.exit_code == 0 and plain.stderr == ""
    monkeypatch.setattr(cli_module, "_stderr_is_terminal", lambda: True)
    shown = cli(["check", "."], cwd=tmp_path)
    assert "fairlint: checking files" in shown.stderr
    assert cli(["check", "--quiet", "."], cwd=tmp_path).stderr == ""
    assert "checking files" not in cli(["report", "-q", "."], cwd=tmp_path).stderr
    few = tmp_path / "few"
    write_files(few, {"c.yaml": "kind: campaign\nid: few\n"})
    assert cli(["check", "."], cwd=few).stderr == ""  # a short run draws no bar


# --- a real browser ---------------------------------------------------------------------------


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.slow
@pytest.mark.skipif(find_chromium() is None,
                    reason="Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
def test_html_report_of_the_fixtures_opens_in_chromium_with_visible_charts(tmp_path):
    from PIL import Image

    markdown, page = tmp_path / "report.md", tmp_path / "report.html"
    assert cli(["report", "fixtures/", "-o", str(markdown)], cwd=ROOT).exit_code == 0
    assert markdown.read_text(encoding="utf-8").startswith("# fairlint report")
    assert cli(["report", "fixtures/", "-o", str(page)], cwd=ROOT).exit_code == 0
    assert external_references(page.read_text(encoding="utf-8")) == []

    shot = tmp_path / "report.png"
    process = subprocess.run(
        [find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,8000", f"--screenshot={shot}",
         page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert process.returncode == 0, process.stderr[-2000:]
    assert "Uncaught" not in process.stderr and "Failed to load resource" not in process.stderr

    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 8000)
    import numpy  # the dev extra, as Pillow

    pixels = numpy.asarray(image, dtype=numpy.int16)

    def near(colour: str, tolerance: int = 24) -> int:
        """How many pixels have this colour, give or take antialiasing."""
        target = numpy.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=numpy.int16)
        return int((numpy.abs(pixels - target) <= tolerance).all(axis=-1).sum())

    from fairlint.report.charts import AUDIENCE_COLOURS, OFFER_COLOUR, SEVERITY_COLOURS

    # (a page without charts has some of these colours too: badges, antialiased text; a few thousand pixels)
    assert near(SEVERITY_COLOURS["warning"]) > 15000, "the per-rule bars are not visible"
    assert near("#fed7d7", 12) > 20000, "no marked span of a price timeline is visible"
    lines = sum(near(colour, 12) for colour in (*AUDIENCE_COLOURS.values(), OFFER_COLOUR))
    assert lines > 2000, "no price line of a timeline is visible"


def test_severity_order_is_worst_first():
    from fairlint.report import SEVERITIES

    assert list(SEVERITIES) == sorted(Severity, reverse=True)
