"""Procedure dates (Awb) and the completeness list."""

from __future__ import annotations

from datetime import date

from app.rules import (
    Conclusie,
    KvkGegevens,
    Maand,
    Registerfeiten,
    Rol,
    SuwinetInkomen,
    beoordeel,
    beslistermijn,
    bezwaartermijn_laatste_dag,
    hersteltermijn_einde,
)

from .helpers import ALLE_DOCUMENTEN, PARTNER, aanvraag, inkomen

PEIL = date(2026, 11, 23)


def test_bezwaartermijn_schuift_naar_werkdag() -> None:
    # 6 weeks after 13-11-2021 is Saturday 25-12 (Christmas); 26-12 is a holiday and a Sunday.
    assert bezwaartermijn_laatste_dag(date(2021, 11, 13)) == date(2021, 12, 27)
    assert bezwaartermijn_laatste_dag(date(2021, 11, 13), algemene_termijnenwet=False) == (date(2021, 12, 25))
    # Saturday 12-06-2021 moves to Monday 14-06-2021.
    assert bezwaartermijn_laatste_dag(date(2021, 5, 1)) == date(2021, 6, 14)


def test_hersteltermijn_configureerbaar() -> None:
    assert hersteltermijn_einde(date(2021, 1, 4), 7) == date(2021, 1, 11)
    assert beslistermijn("tozo-levensonderhoud", date(2021, 1, 4)).hersteltermijn_dagen == 14
    assert beslistermijn("tozo-levensonderhoud", date(2021, 1, 4), hersteltermijn_dagen=21).hersteltermijn_dagen == 21


def test_uitkomst_bevat_procedure() -> None:
    u = beoordeel(aanvraag(), PEIL)
    assert u.procedure.ontvangen == date(2020, 5, 20)
    assert u.procedure.streefdatum_beslissing == date(2020, 6, 17)
    assert u.procedure.beslistermijn_einde == date(2020, 7, 15)


def _soorten(**kw: object) -> set[str]:
    return {o.soort for o in beoordeel(aanvraag(**kw), PEIL).ontbrekend}


def test_volledigheid_basis() -> None:
    ontbreekt = _soorten(inkomsten=[inkomen("2020-04")])
    assert {"identiteitsbewijs-aanvrager", "bankafschrift", "kvk-uittreksel"} <= ontbreekt
    assert "identiteitsbewijs-partner" not in ontbreekt
    # Started mid-2019: annual accounts exist (before 2020), no full tax year for the hours proof.
    assert "jaarrekening" in ontbreekt
    assert "aangifte-inkomstenbelasting" not in ontbreekt
    starter = _soorten(inkomsten=[inkomen("2020-04")], onderneming={"startdatum": "2020-02-01"})
    assert "jaarrekening" not in starter


def test_volledigheid_jaarrekening_en_loonstrook() -> None:
    ontbreekt = _soorten(
        aanvraagdatum="2020-07-01",
        maanden=["2020-07"],
        partner=PARTNER,
        onderneming={"startdatum": "2015-01-01"},
        inkomsten=[inkomen("2020-07", {"uitkering": 1000}, {"loon": 5000})],
    )
    assert {
        "jaarrekening",
        "aangifte-inkomstenbelasting",
        "identiteitsbewijs-partner",
        "loonstrook-partner",
        "uitkeringsspecificatie-aanvrager",
    } <= ontbreekt


def test_tozo1_partnerloon_geen_bewijs_nodig() -> None:
    ontbreekt = _soorten(partner=PARTNER, inkomsten=[inkomen("2020-04", {}, {"loon": 5000})])
    assert "loonstrook-partner" not in ontbreekt


def test_suwinet_vervangt_loonstrook() -> None:
    a = aanvraag(inkomsten=[inkomen("2020-04", {"loon": 5000})])
    feiten = Registerfeiten(
        inkomen=(SuwinetInkomen(Rol.AANVRAGER, Maand(2020, 4), 7000, 0),),
        kvk=KvkGegevens("69599084", date(2019, 6, 1), True),
    )
    u = beoordeel(a, PEIL, feiten=feiten)
    soorten = {o.soort for o in u.ontbrekend}
    assert "loonstrook-aanvrager" not in soorten and "kvk-uittreksel" not in soorten
    assert u.maanden[0].aanvrager.loon == 7000


def test_ontbrekende_inkomensopgave_en_verklaring() -> None:
    ontbreekt = _soorten(inkomsten=[], verklaringen={"inkomenOnderSociaalMinimum": None})
    assert {"inkomensopgave-2020-04", "verklaring-inkomen-onder-sociaal-minimum"} <= ontbreekt


def test_onvolledig_is_conclusie_en_stukken_maken_compleet() -> None:
    a = aanvraag(inkomsten=[inkomen("2020-04")])
    assert beoordeel(a, PEIL).conclusie is Conclusie.ONVOLLEDIG
    assert beoordeel(a, PEIL, documenten=ALLE_DOCUMENTEN).conclusie is Conclusie.TOEKENNING


def test_lening_vraagt_liquiditeitsbegroting() -> None:
    ontbreekt = _soorten(regeling="tozo-bedrijfskapitaal", maanden=[], lening={"bedrag": 100, "doel": "x"})
    assert "liquiditeitsbegroting" in ontbreekt
    assert not any(s.startswith("inkomensopgave") for s in ontbreekt)
