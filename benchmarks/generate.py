"""Synthetic, seeded benchmark data: campaign folders, big price schedules, many sales scripts.

Everything is written like a retailer's real files (mostly fair, a few
findings sprinkled in) so that the loaders and rules do their usual work.
The same seed always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

SEED = 20270301
EPOCH = dt.date(2024, 1, 1)
PRODUCTS = ["LAMP", "DESK", "RUG", "CHAIR", "SOFA", "SHELF", "BED", "MIRROR", "TABLE", "VASE", "CLOCK", "STOOL"]


# --- (b) one big price schedule ------------------------------------------------------------


def price_schedule(path: Path, rows: int, skus: int = 50_000, seed: int = SEED) -> int:
    """Write a price history of about ``rows`` rows over ``skus`` SKUs; returns the row count.

    Per SKU: a list price for everyone that changes every few weeks, with sales
    (announced ahead, a "was" price beside them), new-customer prices a little
    lower and some web-only prices. About 1% of the sales are announced late
    (FL201), some "was" prices are wrong (FL202), a few rows overlap with another
    price (FL204) or charge existing customers more than new ones (FL103). Rows
    are written in date order, as an export of the history would be, so one
    SKU's rows are spread over the whole file.
    """
    rng = random.Random(seed)
    skus = min(skus, max(1, rows // 2))
    per_sku = [rows // skus + (1 if i < rows % skus else 0) for i in range(skus)]
    records: list[tuple[int, str]] = []
    for index, count in enumerate(per_sku):
        sku = f"{PRODUCTS[index % len(PRODUCTS)]}-{index:06d}"
        records.extend(_sku_history(rng, sku, count))
    records.sort(key=lambda r: r[0])
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("sku,price,start,end,audience,channel,currency,announced,reference_price,note\n")
        out.writelines(line for _, line in records)
    return len(records)


def _day(n: int) -> str:
    return (EPOCH + dt.timedelta(days=n)).isoformat()


def _sku_history(rng: random.Random, sku: str, count: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    list_price = rng.choice([19, 24, 29, 39, 49, 59, 79, 99, 149, 199, 289, 399]) + rng.choice([0, 0.5, 0.99])
    day = rng.randrange(0, 60)
    previous = None  # (price, start) of the last list-price row
    charged: list[tuple[int, int, float]] = []  # (start, end, price) of the rows for everyone
    while len(out) < count:
        kind = rng.random()
        length = rng.randrange(7, 45)
        end = day + length - 1
        remaining = count - len(out)
        if kind < 0.55 or previous is None or remaining == 1:
            price = list_price
            note = "list price" if rng.random() < 0.2 else ""
            out.append((day, f"{sku},{price:.2f},{_day(day)},{_day(end)},all,,EUR,,,{note}\n"))
            charged.append((day, end, price))
            previous = (price, day)
        elif kind < 0.80:
            # A sale, announced a few days ahead (1% late); the "was" price is the lowest of the
            # 30 days before (0.5% show a higher one), or none when the sale is no lower.
            sale = round(list_price * rng.choice([0.7, 0.8, 0.85, 0.9]), 2)
            announced = day if rng.random() < 0.01 else day - rng.randrange(2, 10)
            lowest = min((p for s, e, p in charged if s < day and e >= day - 30), default=None)
            was = "" if lowest is None or lowest <= sale else f"{lowest if rng.random() > 0.005 else lowest + 10:.2f}"
            out.append((day, f"{sku},{sale:.2f},{_day(day)},{_day(end)},all,,EUR,{_day(announced)},{was},spring sale\n"))
            charged.append((day, end, sale))
        elif kind < 0.92 and remaining >= 2:
            # New and existing customers each get their price for the same weeks (0.5% charge existing more).
            new = round(list_price * 0.9, 2)
            existing = new if rng.random() > 0.005 else list_price
            out.append((day, f"{sku},{new:.2f},{_day(day)},{_day(end)},new,,EUR,{_day(day - 3)},,welcome price\n"))
            out.append((day, f"{sku},{existing:.2f},{_day(day)},{_day(end)},existing,,EUR,{_day(day - 3)},,\n"))
        else:
            # A web-only price; a few of them overlap the previous web price (FL204).
            web = round(list_price * 0.95, 2)
            start = day - 3 if rng.random() < 0.005 else day
            out.append((day, f"{sku},{web:.2f},{_day(start)},{_day(end)},all,web,EUR,{_day(start - 2)},,web price\n"))
        charged = charged[-4:]
        if rng.random() < 0.08:
            list_price = round(list_price * rng.choice([0.95, 1.05, 1.1]), 2)
        day = end + 1
    return out[:count]


# --- (a) campaign folders -------------------------------------------------------------------


def campaign_folders(base: Path, count: int = 100, rows: int = 300, seed: int = SEED) -> list[Path]:
    """``count`` campaign folders, each a campaign YAML, its price schedule CSV and a checkout script."""
    rng = random.Random(seed)
    campaigns = []
    for index in range(count):
        folder = base / f"campaign-{index:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        start = EPOCH + dt.timedelta(days=rng.randrange(0, 700))
        skus = [f"{rng.choice(PRODUCTS)}-{index:03d}{n:02d}" for n in range(max(1, rows // 20))]
        (folder / "campaign.yaml").write_text(_campaign_yaml(rng, index, start, skus), encoding="utf-8")
        price_schedule_small(folder / "prices.csv", rng, skus, rows, start)
        (folder / "checkout.md").write_text(script_text(rng, index), encoding="utf-8")
        campaigns.append(folder / "campaign.yaml")
    return campaigns


def price_schedule_small(path: Path, rng: random.Random, skus: list[str], rows: int, start: dt.date) -> None:
    lines = ["sku,price,start,end,audience,channel,announced,reference_price,note"]
    per_sku = max(1, rows // len(skus))
    for sku in skus:
        price = rng.choice([19, 29, 49, 99, 149, 289])
        day = start - dt.timedelta(days=90)
        last_sale = day - dt.timedelta(days=60)
        for n in range(per_sku):
            length = rng.randrange(5, 20)
            end = day + dt.timedelta(days=length - 1)
            if n % 3 == 2:  # a sale announced ahead; "was" only when the 30 days before were at list price
                was = f"{price:.2f}" if (day - last_sale).days > 31 else ""
                lines.append(f"{sku},{price * 0.8:.2f},{day},{end},all,,{day - dt.timedelta(days=5)},{was},sale")
                last_sale = end
            else:
                lines.append(f"{sku},{price:.2f},{day},{end},all,,,,")
            day = end + dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _campaign_yaml(rng: random.Random, index: int, start: dt.date, skus: list[str]) -> str:
    end = start + dt.timedelta(days=30)
    families = sorted({s.split("-")[0] for s in skus})[:3]
    offers = []
    for n, (audience, value) in enumerate([("new", 20), ("existing", 20), ("all", 10), ("lapsed", 15)]):
        offers.append(
            f"  - id: offer-{n}\n"
            f"    audience: {audience}\n"
            f"    type: percent-off\n"
            f"    value: {value}\n"
            f"    products: [{', '.join(repr(f + '-*') for f in families)}]\n"
            + (f"    announced: {start - dt.timedelta(days=rng.randrange(3, 10))}\n" if n != 2 else "")
        )
    messages = []
    for n, (channel, value) in enumerate(zip(["email", "sms", "web", "store"], [20, 20, 10, 15])):
        messages.append(
            f"  - id: message-{n}\n"
            f"    channel: {channel}\n"
            f"    send_at: {start + dt.timedelta(days=n)}\n"
            f"    offers: [offer-{n}]\n"
            f"    text: >-\n"
            f"      {rng.choice(['Spring is here.', 'Thank you for shopping with us.', 'Our workshop has news.'])}\n"
            f"      Take {value}% off {families[0].lower()}s, hand-finished and covered by our 5-year warranty,\n"
            f"      with free repairs and delivery in 3-5 business days.\n"
        )
    return (
        f"# Campaign {index}: planned by the marketing team.\n"
        f"kind: campaign\n"
        f"id: campaign-{index:03d}\n"
        f"name: Seasonal campaign {index}\n"
        f"locale: en\n"
        f"starts: {start}\n"
        f"ends: {end}\n"
        f"terms:\n"
        f"  returns: \"30 days, full refund\"\n"
        f"  delivery: \"3-5 business days\"\n"
        f"  price: \"prices include VAT\"\n"
        f"commitments:\n"
        f"  delivery_days: 5\n"
        f"  response_hours: 24\n"
        f"disclose_upcoming_sales: true\n"
        f"prices: prices.csv\n"
        f"scripts: [checkout.md]\n"
        f"offers:\n" + "".join(offers) + "messages:\n" + "".join(messages)
    )


# --- (c) sales scripts ----------------------------------------------------------------------

_GREETINGS = ["Hi! How can I help you today?", "Good morning, welcome to Oakleaf Home.", "Hello, thanks for calling."]
_NEEDS = ["What will you use the lamp for?", "Tell me about the room it is for.", "How often do you read in bed?",
          "What size is the space?", "Who is it for?"]
_CUSTOMER = ["Mostly reading in the evening, usually a novel, and my old lamp is too dim for that now.",
             "It is for my daughter's room; she does her homework there and the ceiling light is harsh.",
             "A small study, about three metres wide, with the desk under the window and not much space.",
             "I just need something that lasts; the last one broke after a year and I had to throw it away.",
             "Every night, about an hour, sometimes longer at the weekend when I have more time to read."]
_SUGGEST = ["The oak lamp has a warm dimmer, which suits reading.", "This one is solid and repairable for years.",
            "The smaller desk fits a three-metre study well."]
_UPSELL = ["Would you also like our premium extended warranty for $19?", "Can I add a spare bulb for just $4 more?",
           "Shall I add the matching shade?"]
_DECLINE = ["No thanks.", "Not today.", "I'm fine, just this."]
_CLOSE = ["Would a spare bulb help, or is the lamp enough?", "Thank you, enjoy the lamp!",
          "Thank you, and bring it back if it does not suit the room.", "Is there anything else I can do for you today?"]


def script_text(rng: random.Random, index: int) -> str:
    """A checkout or phone script of 10 to 20 turns; some have front matter, a few bad habits."""
    lines = []
    if rng.random() < 0.5:
        lines += ["---", "kind: script", f"id: script-{index:05d}", "locale: en", 'products: ["LAMP-*"]', "---"]
    lines += [f"# Script {index}", ""]
    turns = [("Rep", rng.choice(_GREETINGS)),
             ("Customer", "I'm looking for a desk lamp, something warm and simple that will not glare on the page.")]
    upsell_first = rng.random() < 0.1
    if upsell_first:
        turns.append(("Rep", rng.choice(_UPSELL)))
    for _ in range(rng.randrange(3, 8)):
        turns += [("Rep", rng.choice(_NEEDS)), ("Customer", " ".join(rng.sample(_CUSTOMER, 2)))]
    turns.append(("Rep", rng.choice(_SUGGEST)))
    if rng.random() < 0.3:
        turns += [("Rep", rng.choice(_UPSELL)), ("Customer", rng.choice(_DECLINE))]
    turns.append(("Rep", rng.choice(_CLOSE)))
    turns.append(("Customer", "Thanks, that's all."))
    lines += [f"{speaker}: {text}" for speaker, text in turns]
    return "\n".join(lines) + "\n"


def scripts(base: Path, count: int = 10_000, seed: int = SEED) -> None:
    """``count`` scripts in folders of 100, as a call centre's script library would be."""
    rng = random.Random(seed)
    for index in range(count):
        folder = base / f"team-{index // 100:03d}"
        if index % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"script-{index:05d}.md").write_text(script_text(rng, index), encoding="utf-8")


def main(argv: list[str]) -> None:
    """``python generate.py schedule FILE ROWS | campaigns FOLDER COUNT | scripts FOLDER COUNT``.

    run.py generates in a separate process: building millions of rows would
    leave this process big, and a child started by fork inherits that peak in
    its own ``ru_maxrss``, which would spoil the memory figures.
    """
    kind, target, count = argv[0], Path(argv[1]), int(argv[2])
    if kind == "schedule":
        print(price_schedule(target, count))
    elif kind == "campaigns":
        campaign_folders(target, count=count, rows=int(argv[3]) if len(argv) > 3 else 300)
    elif kind == "scripts":
        scripts(target, count=count)
    else:
        raise SystemExit(f"unknown kind {kind!r}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
