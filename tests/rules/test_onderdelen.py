"""Small units: rounding, months, age within the months applied for."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.rules import Maand, beoordeel
from app.rules.aow import aow_datum, heeft_aow_leeftijd
from app.rules.geld import euro, rond_half_op
from app.rules.inkomen import inkomensdelen, netto_winst
from app.rules.invoer import Inkomen

from .helpers import ALLE_DOCUMENTEN, aanvraag, inkomen


def test_afronding_half_naar_boven() -> None:
    assert rond_half_op(5, 10) == 1
    assert rond_half_op(4, 10) == 0
    assert rond_half_op(-5, 10) == -1
    assert netto_winst(50, 18) == 41  # 41,0
    assert netto_winst(25, 18) == 21  # 20,5 → 21 (half up, not banker's 20)
    assert euro(105232) == "€ 1.052,32"
    assert euro(5) == "€ 0,05"
    assert euro(0) == "€ 0,00"
    assert euro(-5) == "-€ 0,05"
    assert euro(-123456789) == "-€ 1.234.567,89"
    assert euro(100_000_000_00) == "€ 100.000.000,00"


@given(st.integers(-(10**9), 10**9), st.integers(0, 100))
def test_netto_winst_rondt_af_als_rond_half_op(winst: int, forfait: int) -> None:
    """netto_winst writes the rounding out for speed; it must stay rond_half_op exactly, losses too."""
    assert netto_winst(winst, forfait) == rond_half_op(winst * (100 - forfait), 100)


@given(st.integers(-(10**9), 10**9), st.integers(0, 100))
def test_inkomensdelen_rekent_winst_als_netto_winst(winst: int, forfait: int) -> None:
    """inkomensdelen writes netto_winst out (it runs twice per month); the two must agree."""
    delen = inkomensdelen(Inkomen(winst=winst, loon=7), None, forfait)
    assert delen.winst_netto == netto_winst(winst, forfait)
    assert delen.totaal == netto_winst(winst, forfait) + 7


@given(st.integers(-(10**13), 10**13))
def test_euro_schrijft_als_de_formatnotatie(centen: int) -> None:
    """euro groups by hand for speed; it must equal the plain format notation, sign included."""
    teken = "-" if centen < 0 else ""
    verwacht = f"{teken}€ {abs(centen) // 100:_},{abs(centen) % 100:02d}".replace("_", ".")
    assert euro(centen) == verwacht


def test_maand_rekenen() -> None:
    assert Maand(2020, 12).plus(1) == Maand(2021, 1)
    assert Maand(2021, 1).plus(-1) == Maand(2020, 12)
    assert Maand.uit_tekst("2020-04").laatste_dag == date(2020, 4, 30)
    assert len(Maand(2020, 11).tot_en_met(Maand(2021, 2))) == 4


def test_tozo1_gat_tussen_maanden_wordt_afgewezen() -> None:
    maanden = ["2020-03", "2020-05"]
    u = beoordeel(
        aanvraag(maanden=maanden, inkomsten=[inkomen(m) for m in maanden]), date(2026, 1, 1), documenten=ALLE_DOCUMENTEN
    )
    assert [m.toegekend for m in u.maanden] == [True, False]
    assert "aaneengesloten" in u.maanden[1].reden


def test_aow_leeftijd_midden_in_de_aanvraag() -> None:
    # Born 1 March 1954: AOW age (66y4m) on 1 July 2020. June is granted, July is not.
    maanden = ["2020-06", "2020-07"]
    u = beoordeel(
        aanvraag(
            aanvraagdatum="2020-06-10",
            aanvrager={"geboortedatum": "1954-03-01"},
            maanden=maanden,
            inkomsten=[inkomen(m) for m in maanden],
        ),
        date(2026, 1, 1),
        documenten=ALLE_DOCUMENTEN,
    )
    assert [m.toegekend for m in u.maanden] == [True, False]
    assert "AOW" in u.maanden[1].reden


def test_twintigste_verjaardag_wisselt_naar_volwassennorm() -> None:
    # Turns 21 on 1 Feb 2021: January youth norm, February adult norm.
    maanden = ["2021-01", "2021-02"]
    u = beoordeel(
        aanvraag(
            aanvraagdatum="2021-01-10",
            aanvrager={"geboortedatum": "2000-02-01"},
            maanden=maanden,
            inkomsten=[inkomen(m) for m in maanden],
        ),
        date(2026, 1, 1),
        documenten=ALLE_DOCUMENTEN,
    )
    assert [m.bedrag for m in u.maanden] == [26549, 107544]


@given(st.dates(date(1900, 1, 1), date(2010, 12, 31)), st.dates(date(2015, 1, 1), date(2030, 12, 31)))
def test_aow_snelle_weg_zegt_hetzelfde(geboren: date, peildag: date) -> None:
    """The shortcut for people far below AOW age never changes the answer."""
    assert heeft_aow_leeftijd(geboren, peildag) == (peildag >= aow_datum(geboren)[0])


def test_aow_snelle_weg_rond_29_februari() -> None:
    for geboren in (date(1956, 2, 29), date(1960, 2, 29), date(1955, 3, 1), date(1958, 12, 31)):
        for jaren in (64, 65, 66, 67):
            for dagen in range(-3, 4):
                peildag = date(geboren.year + jaren, 3, 1) + timedelta(days=dagen)
                assert heeft_aow_leeftijd(geboren, peildag) == (peildag >= aow_datum(geboren)[0])
