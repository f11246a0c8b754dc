"""Money in message text read alike in every form, "was" prices, and which amounts are claims (FL202, FL203)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fairlint.lexicon.amounts import find_amounts, find_reference_amounts
from fairlint.rules.fl203_advertised_claim_mismatch import find_claims


@pytest.mark.parametrize(
    "text, value",
    [
        ("Oak lamp $39", "39"),
        ("Eichenlampe 39,00 €", "39.00"),
        ("Eikehoutlamp R39.99", "39.99"),
        ("Дъбова лампа 39 лв.", "39"),
        ("Дъбова лампа 39 лева", "39"),
        ("Lampe 39 euros", "39"),
        ("现价39元", "39"),
        ("Sofa R1 299,00", "1299.00"),
        ("Sofa $1,299.00", "1299.00"),
    ],
)
def test_money_forms_read_as_the_same_kind_of_amount(text, value):
    amounts = find_amounts(text)
    assert [a.value for a in amounts] == [Decimal(value)]


@pytest.mark.parametrize(
    "text, reference",
    [
        ("was $49, now $39", ["49"]),
        ("Was: 49,00 € now 39,00 €", ["49.00"]),
        ("RRP R59.99, ours R49.99", ["59.99"]),
        ("~~$49~~ $39", ["49"]),
        ("преди 49 лв., сега 39 лв.", ["49"]),
        ("原价49元，现价39元", ["49"]),
        ("The $39 lamp", []),
        ("Wasabi $5", []),
    ],
)
def test_reference_amounts(text, reference):
    assert [a.value for a in find_reference_amounts(text)] == [Decimal(r) for r in reference]


@pytest.mark.parametrize(
    "text, claims",
    [
        ("20% off sofas", [("percent", "20", False)]),
        ("Up to 50% off", [("percent", "50", True)]),
        ("Save an extra 20% on sofas", [("percent", "20", False)]),
        ("Sofas -20%", [("percent", "20", False)]),
        ("Скидка 20% на диваны", [("percent", "20", False)]),
        ("100% cotton, 0% finance, 5% of profits to charity", []),
        ("20% more storage", []),
        ("$30 off every rug", [("saving", "30", False)]),
        ("Save R30 on rugs", [("saving", "30", False)]),
        ("was $49, now $39", [("price", "39", False)]),
        ("free delivery on orders over $50, delivery $5 otherwise", []),
        ("a gift worth $20 with every $100 or more", []),
        ("100% wool rug, 20% off, now $119", [("percent", "20", False), ("price", "119", False)]),
    ],
)
def test_which_amounts_are_claims(text, claims):
    found = [(c.kind, str(c.value), c.up_to) for c in find_claims(text)]
    assert found == [(kind, value, up_to) for kind, value, up_to in claims]
