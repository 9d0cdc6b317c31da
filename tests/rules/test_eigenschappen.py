"""Property tests: bounds of the amount, monotonicity in income, window, loan cap, determinism."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules import EerdereLening, Historie, Maand, aanvraag_uit_dict, aanvraagbare_maanden, beoordeel

from .helpers import ALLE_DOCUMENTEN, PARTNER, json_aanvraag

PEIL = date(2026, 11, 23)
bedragen = st.integers(min_value=0, max_value=400_000)
inkomen_st = st.fixed_dictionaries({"winst": bedragen, "loon": bedragen, "uitkering": bedragen, "overig": bedragen})
aanvraagdata = st.dates(min_value=date(2020, 3, 1), max_value=date(2021, 9, 30))
maanden_st = st.lists(
    st.builds(lambda i: str(Maand(2020, 1).plus(i)), st.integers(0, 24)), min_size=1, max_size=8, unique=True
)


@st.composite
def aanvragen(draw: st.DrawFn) -> dict[str, Any]:
    maanden = draw(maanden_st)
    met_partner = draw(st.booleans())
    inkomsten = []
    for maand in maanden:
        regel: dict[str, Any] = {"maand": maand, "aanvrager": draw(inkomen_st)}
        if met_partner:
            regel["partner"] = draw(inkomen_st)
        inkomsten.append(regel)
    return json_aanvraag(
        aanvraagdatum=draw(aanvraagdata).isoformat(),
        maanden=maanden,
        inkomsten=inkomsten,
        partner=PARTNER if met_partner else None,
        aanvrager={"geboortedatum": draw(st.dates(date(1950, 1, 1), date(2003, 1, 1))).isoformat()},
    )


@settings(max_examples=200, deadline=None)
@given(aanvragen())
def test_bedrag_nooit_negatief_en_nooit_boven_de_norm(d: dict[str, Any]) -> None:
    for m in beoordeel(aanvraag_uit_dict(d), PEIL).maanden:
        assert 0 <= m.bedrag <= m.norm
        assert m.toegekend == (m.bedrag > 0)


@settings(max_examples=200, deadline=None)
@given(aanvragen(), st.integers(1, 300_000), st.sampled_from(["winst", "loon", "uitkering", "overig"]))
def test_meer_inkomen_geeft_nooit_meer_uitkering(d: dict[str, Any], extra: int, soort: str) -> None:
    voor = beoordeel(aanvraag_uit_dict(d), PEIL)
    for regel in d["inkomsten"]:
        regel["aanvrager"][soort] += extra
    na = beoordeel(aanvraag_uit_dict(d), PEIL)
    for a, b in zip(voor.maanden, na.maanden, strict=True):
        assert b.bedrag <= a.bedrag


@settings(max_examples=200, deadline=None)
@given(aanvragen())
def test_maand_buiten_venster_nooit_toegekend(d: dict[str, Any]) -> None:
    a = aanvraag_uit_dict(d)
    venster = aanvraagbare_maanden(a.regeling, a.aanvraagdatum)
    for m in beoordeel(a, PEIL).maanden:
        if m.toegekend:
            assert venster is not None and venster.bevat(m.maand)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 1_200_000), max_size=4), st.integers(0, 3_000_000), st.integers(0, 2_000_000), aanvraagdata
)
def test_leningen_samen_nooit_boven_plafond(eerder: list[int], gevraagd: int, opgegeven: int, dag: date) -> None:
    d = json_aanvraag(
        regeling="tozo-bedrijfskapitaal",
        aanvraagdatum=dag.isoformat(),
        maanden=[],
        lening={"bedrag": gevraagd, "doel": "x", "eerdereTozoLeningen": opgegeven},
    )
    historie = Historie(tozo_leningen=tuple(EerdereLening("69599084", b) for b in eerder))
    u = beoordeel(aanvraag_uit_dict(d), PEIL, historie=historie)
    assert u.lening is not None
    assert u.lening.toegekend >= 0
    assert u.lening.toegekend <= gevraagd
    assert u.lening.eerder_verstrekt >= max(sum(eerder), opgegeven)
    # Either nothing is lent, or all Tozo loans of this business together stay within the cap.
    assert u.lening.toegekend == 0 or (u.lening.toegekend + u.lening.eerder_verstrekt <= u.lening.maximum)
    assert sum(t.aflossing for t in u.lening.aflosschema) == u.lening.toegekend


@settings(max_examples=100, deadline=None)
@given(aanvragen(), st.integers(0, 3000))
def test_uitkomst_is_deterministisch(d: dict[str, Any], dagen: int) -> None:
    peil = date(2021, 10, 1) + timedelta(days=dagen)
    eerste = beoordeel(aanvraag_uit_dict(d), peil, documenten=ALLE_DOCUMENTEN).to_dict()
    tweede = beoordeel(aanvraag_uit_dict(d), peil, documenten=ALLE_DOCUMENTEN).to_dict()
    assert eerste == tweede
