"""Every worked case of spec §7, one named test each."""

from __future__ import annotations

from datetime import date, datetime

from app.rules import (
    Bron,
    BrpGegevens,
    Conclusie,
    EerdereLening,
    Historie,
    KvkGegevens,
    Maand,
    Registerfeiten,
    Status,
    ToegekendeMaand,
    aanvraagbare_maanden,
    beoordeel,
    beslistermijn,
    bezwaartermijn_laatste_dag,
    buiten_behandeling_uiterlijk,
    hersteltermijn_einde,
    redelijke_termijn_einde,
)
from app.rules.uitkomst import Uitkomst

from .helpers import ALLE_DOCUMENTEN, PARTNER, aanvraag, inkomen

PEIL = date(2026, 11, 23)


def _beoordeel(**kw: object) -> Uitkomst:
    return beoordeel(aanvraag(**kw), PEIL, documenten=ALLE_DOCUMENTEN)


def _maand(uitkomst: Uitkomst, maand: str):  # type: ignore[no-untyped-def]
    return next(m for m in uitkomst.maanden if str(m.maand) == maand)


def _criterium(uitkomst: Uitkomst, code: str):  # type: ignore[no-untyped-def]
    return next(c for c in uitkomst.criteria if c.code == code)


def test_geval_01_tozo1_alleenstaande_april_2020() -> None:
    u = _beoordeel(inkomsten=[inkomen("2020-04", {"overig": 40000})])
    assert u.tozo_versie == 1
    assert _maand(u, "2020-04").norm == 105232
    assert _maand(u, "2020-04").bedrag == 65232
    assert u.conclusie is Conclusie.TOEKENNING


def test_geval_02_tozo1_paar_partnerinkomen_telt_niet() -> None:
    u = _beoordeel(partner=PARTNER, inkomsten=[inkomen("2020-04", {"winst": 100000}, {"loon": 50000})])
    m = _maand(u, "2020-04")
    assert m.norm == 150331
    assert m.aanvrager.winst_netto == 82000
    assert not m.partner_meegeteld
    assert m.bedrag == 68331


def test_geval_03_tozo2_paar_juli_2020() -> None:
    u = _beoordeel(
        aanvraagdatum="2020-07-10",
        partner=PARTNER,
        maanden=["2020-07"],
        inkomsten=[inkomen("2020-07", {"winst": 100000}, {"loon": 50000})],
    )
    m = _maand(u, "2020-07")
    assert u.tozo_versie == 2
    assert m.norm == 151290
    assert m.partner_meegeteld
    assert m.bedrag == 19290


def test_geval_04_tozo2_partnerinkomen_boven_norm_afwijzing() -> None:
    u = _beoordeel(
        aanvraagdatum="2020-07-10",
        partner=PARTNER,
        maanden=["2020-07"],
        inkomsten=[inkomen("2020-07", {}, {"loon": 160000})],
    )
    m = _maand(u, "2020-07")
    assert m.bedrag == 0 and not m.toegekend
    assert u.conclusie is Conclusie.AFWIJZING


def test_geval_05_tozo3_alleenstaande_22_jaar_december_en_januari() -> None:
    u = _beoordeel(
        aanvraagdatum="2020-11-20",
        aanvrager={"geboortedatum": "1998-06-01"},
        maanden=["2020-12", "2021-01"],
        inkomsten=[inkomen("2020-12"), inkomen("2021-01")],
    )
    assert _maand(u, "2021-01").bedrag == 107544
    assert _maand(u, "2020-12").bedrag == 105903


def test_geval_06_alleenstaande_ouder_30_jaar_januari_2021() -> None:
    u = _beoordeel(
        aanvraagdatum="2021-01-10",
        aanvrager={"geboortedatum": "1990-05-05"},
        huishouden={"samenstelling": "alleenstaande-ouder", "aantalKinderen": 2},
        maanden=["2021-01"],
        inkomsten=[inkomen("2021-01")],
    )
    assert _maand(u, "2021-01").bedrag == 107544


def test_geval_07_alleenstaande_19_jaar_jongerennorm() -> None:
    jan = _beoordeel(
        aanvraagdatum="2021-01-10",
        aanvrager={"geboortedatum": "2001-06-01"},
        maanden=["2021-01"],
        inkomsten=[inkomen("2021-01")],
    )
    jul = _beoordeel(
        aanvraagdatum="2021-07-10",
        aanvrager={"geboortedatum": "2001-09-01"},
        maanden=["2021-07"],
        inkomsten=[inkomen("2021-07")],
    )
    assert _maand(jan, "2021-01").bedrag == 26549
    assert _maand(jul, "2021-07").bedrag == 26629


def test_geval_08_paar_met_aow_partner_en_paar_augustus_2021() -> None:
    aow = _beoordeel(
        aanvraagdatum="2021-01-10",
        maanden=["2021-01"],
        inkomsten=[inkomen("2021-01")],
        partner={**PARTNER, "geboortedatum": "1950-01-01"},
    )
    aug = _beoordeel(aanvraagdatum="2021-08-10", maanden=["2021-08"], inkomsten=[inkomen("2021-08")], partner=PARTNER)
    assert _maand(aow, "2021-01").bedrag == 162074
    assert _maand(aug, "2021-08").bedrag == 154100


def test_geval_09_inkomen_telt_in_maand_van_het_werk() -> None:
    # Work done in June, invoice paid in August: the applicant reports it in June.
    u = _beoordeel(
        aanvraagdatum="2020-06-05",
        maanden=["2020-06", "2020-08"],
        inkomsten=[inkomen("2020-06", {"winst": 50000}), inkomen("2020-08")],
    )
    assert _maand(u, "2020-06").inkomen == 41000
    assert _maand(u, "2020-08").inkomen == 0


def test_geval_10_toeslagen_en_kinderbijslag_tellen_niet() -> None:
    u = _beoordeel(
        aanvraagdatum="2020-06-05",
        maanden=["2020-06"],
        inkomsten=[inkomen("2020-06", {"toeslagen": 30000, "kinderbijslag": 20000})],
    )
    m = _maand(u, "2020-06")
    assert m.aanvrager.niet_meegeteld == 50000
    assert m.inkomen == 0 and m.bedrag == m.norm


def test_geval_11_tozo1_maximaal_drie_aaneengesloten_maanden() -> None:
    venster = aanvraagbare_maanden("tozo-levensonderhoud", date(2020, 5, 20))
    assert venster is not None and venster.eerste == Maand(2020, 3)
    maanden = ["2020-03", "2020-04", "2020-05", "2020-06"]
    u = _beoordeel(maanden=maanden, inkomsten=[inkomen(m) for m in maanden])
    assert [m.toegekend for m in u.maanden] == [True, True, True, False]
    assert u.conclusie is Conclusie.GEDEELTELIJKE_TOEKENNING


def test_geval_12_tozo3_terugwerkende_kracht() -> None:
    eerste = {
        d: aanvraagbare_maanden("tozo-levensonderhoud", d).eerste  # type: ignore[union-attr]
        for d in (date(2020, 11, 20), date(2020, 12, 15), date(2021, 2, 15))
    }
    assert eerste == {
        date(2020, 11, 20): Maand(2020, 10),
        date(2020, 12, 15): Maand(2020, 12),
        date(2021, 2, 15): Maand(2021, 1),
    }


def test_geval_13_tozo4_niet_voor_april_2021() -> None:
    for dag in (date(2021, 4, 10), date(2021, 5, 1)):
        venster = aanvraagbare_maanden("tozo-levensonderhoud", dag)
        assert venster is not None and venster.eerste == Maand(2021, 4)


def test_geval_14_tozo5_en_gesloten_na_september_2021() -> None:
    for dag in (date(2021, 7, 20), date(2021, 8, 15)):
        venster = aanvraagbare_maanden("tozo-levensonderhoud", dag)
        assert venster is not None and venster.eerste == Maand(2021, 7)
    assert aanvraagbare_maanden("tozo-levensonderhoud", date(2021, 10, 1)) is None
    u = _beoordeel(aanvraagdatum="2021-10-01", maanden=["2021-10"], inkomsten=[inkomen("2021-10")])
    assert u.conclusie is Conclusie.AFWIJZING
    assert _criterium(u, "T0").status is Status.NIET_VOLDAAN
    assert "Bbz" in _criterium(u, "T0").toelichting


def test_geval_15_tozo3_zes_maanden_en_april_hoort_bij_tozo4() -> None:
    maanden = ["2020-10", "2020-11", "2020-12", "2021-01", "2021-02", "2021-03"]
    u = _beoordeel(aanvraagdatum="2020-10-15", maanden=maanden, inkomsten=[inkomen(m) for m in maanden])
    assert all(m.toegekend for m in u.maanden)
    april = _beoordeel(
        aanvraagdatum="2021-03-15", maanden=["2021-03", "2021-04"], inkomsten=[inkomen("2021-03"), inkomen("2021-04")]
    )
    assert _maand(april, "2021-03").toegekend
    assert not _maand(april, "2021-04").toegekend
    assert "Tozo 3" in _maand(april, "2021-04").reden


def test_geval_16_tozo2_overlap_met_tozo1() -> None:
    historie = Historie(toegekende_maanden=(ToegekendeMaand(Maand(2020, 6), "tozo-levensonderhoud"),))
    a = aanvraag(
        aanvraagdatum="2020-06-20", maanden=["2020-06", "2020-07"], inkomsten=[inkomen("2020-06"), inkomen("2020-07")]
    )
    u = beoordeel(a, PEIL, historie=historie, documenten=ALLE_DOCUMENTEN)
    assert not _maand(u, "2020-06").toegekend
    assert _maand(u, "2020-07").toegekend


def test_geval_17_kvk_inschrijving_peilmoment() -> None:
    na = _beoordeel(onderneming={"inschrijvingsdatumKvk": "2020-03-18"})
    teruggedateerd = _beoordeel(onderneming={"startdatum": "2020-03-16", "inschrijvingsdatumKvk": "2020-04-01"})
    op = _beoordeel(onderneming={"inschrijvingsdatumKvk": "2020-03-17"})
    assert _criterium(na, "E7").status is Status.NIET_VOLDAAN
    assert _criterium(teruggedateerd, "E7").status is Status.NIET_VOLDAAN
    assert _criterium(op, "E7").status is Status.VOLDAAN
    # A register time after 18:45 on the day itself is too late; the register wins.
    laat = beoordeel(
        aanvraag(onderneming={"inschrijvingsdatumKvk": "2020-03-17"}),
        PEIL,
        feiten=Registerfeiten(kvk=KvkGegevens("69599084", datetime(2020, 3, 17, 19, 0), True)),
    )
    assert _criterium(laat, "E7").status is Status.NIET_VOLDAAN
    assert _criterium(laat, "E7").bron is Bron.KVK


def test_geval_18_leeftijd_17_jaar_en_aow() -> None:
    jong = _beoordeel(aanvrager={"geboortedatum": "2003-01-01"})
    assert _criterium(jong, "E1").status is Status.NIET_VOLDAAN
    assert jong.conclusie is Conclusie.AFWIJZING
    aow = _beoordeel(aanvrager={"geboortedatum": "1950-01-01"})
    assert aow.conclusie is Conclusie.AFWIJZING
    lening = _beoordeel(
        regeling="tozo-bedrijfskapitaal",
        aanvrager={"geboortedatum": "1950-01-01"},
        lening={"bedrag": 500000, "doel": "voorraad"},
        maanden=[],
    )
    assert lening.conclusie is Conclusie.TOEKENNING
    assert lening.lening is not None and lening.lening.toegekend == 500000


def test_geval_19_urencriterium() -> None:
    assert _criterium(_beoordeel(onderneming={"urenPerJaar": 1000}), "E8").status is (Status.NIET_VOLDAAN)
    assert _criterium(_beoordeel(onderneming={"urenPerJaar": 1225}), "E8").status is Status.VOLDAAN


def test_geval_20_grensondernemers() -> None:
    belgie = {"woonland": "BE"}
    lev = _beoordeel(aanvrager=belgie, inkomsten=[inkomen("2020-04")])
    assert lev.conclusie is Conclusie.AFWIJZING
    lening = _beoordeel(
        regeling="tozo-bedrijfskapitaal",
        gemeente="0935",
        aanvrager=belgie,
        maanden=[],
        lening={"bedrag": 300000, "doel": "huur"},
    )
    assert lening.conclusie is Conclusie.TOEKENNING
    elders = _beoordeel(
        regeling="tozo-bedrijfskapitaal",
        gemeente="0363",
        aanvrager=belgie,
        maanden=[],
        lening={"bedrag": 300000, "doel": "huur"},
    )
    assert elders.conclusie is Conclusie.AFWIJZING
    duitsland = _beoordeel(onderneming={"vestigingsland": "DE"}, inkomsten=[inkomen("2020-04")])
    assert duitsland.conclusie is Conclusie.TOEKENNING


def test_geval_21_vermogenstoets_nooit_in_werking() -> None:
    for dag, maand in (("2020-10-15", "2020-10"), ("2021-04-15", "2021-04"), ("2021-07-15", "2021-07")):
        u = beoordeel(
            aanvraag(aanvraagdatum=dag, maanden=[maand], inkomsten=[inkomen(maand)], beschikbareGeldmiddelen=6_000_000),
            PEIL,
            documenten=ALLE_DOCUMENTEN,
        )
        assert _criterium(u, "E16").status is Status.NIET_VAN_TOEPASSING
        assert u.conclusie is Conclusie.TOEKENNING
        assert any(p.naam == "tozo.vermogenstoets_in_werking" and p.waarde is False for p in u.parameters)


def test_geval_22_bbz_of_studiefinanciering_uitgesloten() -> None:
    assert _beoordeel(aanvrager={"ontvangtBbz": True}).conclusie is Conclusie.AFWIJZING
    assert _beoordeel(aanvrager={"ontvangtStudiefinanciering": True}).conclusie is (Conclusie.AFWIJZING)


def test_geval_23_lening_aanvullen_tot_plafond() -> None:
    u = beoordeel(
        aanvraag(
            regeling="tozo-bedrijfskapitaal",
            aanvraagdatum="2020-10-15",
            maanden=[],
            lening={"bedrag": 500000, "doel": "voorraad"},
        ),
        PEIL,
        historie=Historie(tozo_leningen=(EerdereLening("69599084", 600000),)),
        documenten=ALLE_DOCUMENTEN,
    )
    assert u.lening is not None
    assert u.lening.toegekend == 415700 and u.lening.plafond_toegepast
    assert u.conclusie is Conclusie.GEDEELTELIJKE_TOEKENNING


def test_geval_24_plafond_per_bedrijf() -> None:
    eigen = aanvraag(regeling="tozo-bedrijfskapitaal", maanden=[], lening={"bedrag": 1015700, "doel": "voorraad"})
    # The spouse's loan was for another business: it does not count.
    echtgenoot = Historie(tozo_leningen=(EerdereLening("11111111", 1015700),))
    u = beoordeel(eigen, PEIL, historie=echtgenoot)
    assert u.lening is not None and u.lening.toegekend == 1015700
    # The other partner of the same VOF already borrowed for this business: one loan per business.
    vennoot = Historie(tozo_leningen=(EerdereLening("69599084", 1015700),))
    v = beoordeel(eigen, PEIL, historie=vennoot)
    assert v.lening is not None and v.lening.toegekend == 0


def test_geval_25_surseance_vanaf_tozo2() -> None:
    kw = dict(
        regeling="tozo-bedrijfskapitaal",
        maanden=[],
        lening={"bedrag": 100000, "doel": "x"},
        onderneming={"surseanceOfFaillissement": True},
    )
    assert _beoordeel(aanvraagdatum="2020-07-01", **kw).conclusie is Conclusie.AFWIJZING
    tozo1 = _beoordeel(aanvraagdatum="2020-05-01", **kw)
    assert all(c.code != "E15" for c in tozo1.criteria)


def test_geval_26_aflosschema_zes_jaar_regime() -> None:
    u = beoordeel(
        aanvraag(
            regeling="tozo-bedrijfskapitaal",
            aanvraagdatum="2020-04-01",
            maanden=[],
            lening={"bedrag": 1015700, "doel": "liquiditeit"},
        ),
        PEIL,
        uitbetaaldatum_lening=date(2020, 4, 15),
    )
    lening = u.lening
    assert lening is not None
    assert lening.rente_voor_aflossing == 13543
    assert lening.looptijd_vanaf == date(2020, 5, 1)
    assert lening.looptijd_einde == date(2026, 11, 1)
    assert lening.aflossing_vanaf == Maand(2022, 7)
    assert lening.aantal_aflossingen == 52
    assert lening.maandaflossing == 19533
    assert lening.aflosschema[-1].maand == Maand(2026, 10)
    assert sum(t.aflossing for t in lening.aflosschema) == 1015700
    # No interest in the interest-free months before repayment; interest again from July 2022.
    assert lening.aflosschema[0].rente > 0


def test_geval_27_buiten_behandeling_binnen_vier_weken() -> None:
    einde = hersteltermijn_einde(date(2021, 3, 1), 14)
    assert einde == date(2021, 3, 15)
    assert buiten_behandeling_uiterlijk(einde) == date(2021, 4, 12)


def test_geval_28_bbz_beslistermijn_13_weken() -> None:
    p = beslistermijn("bbz-levensonderhoud", date(2021, 11, 1))
    assert p.beslistermijn_einde == date(2022, 1, 31)
    assert p.beslistermijn_na_verdaging == date(2022, 5, 2)


def test_geval_29_redelijke_termijn_acht_weken() -> None:
    assert redelijke_termijn_einde(date(2021, 1, 4)) == date(2021, 3, 1)
    p = beslistermijn("tozo-levensonderhoud", date(2021, 1, 4))
    assert p.beslistermijn_einde == date(2021, 3, 1)
    assert p.streefdatum_beslissing == date(2021, 2, 1)


def test_geval_30_bezwaartermijn_zes_weken() -> None:
    assert bezwaartermijn_laatste_dag(date(2021, 3, 1)) == date(2021, 4, 12)


def test_geval_31_herberekening_terugvordering_en_nabetaling() -> None:
    kw = dict(aanvraagdatum="2020-07-10", partner=PARTNER, maanden=["2020-07"])
    schatting = _beoordeel(**kw, inkomsten=[inkomen("2020-07", {"winst": 100000}, {"loon": 50000})])
    hoger = _beoordeel(**kw, inkomsten=[inkomen("2020-07", {"overig": 92000}, {"loon": 50000})])
    lager = _beoordeel(**kw, inkomsten=[inkomen("2020-07", {}, {"loon": 50000})])
    assert _maand(hoger, "2020-07").bedrag == 9290
    assert _maand(schatting, "2020-07").bedrag - _maand(hoger, "2020-07").bedrag == 10000
    assert _maand(lager, "2020-07").bedrag > _maand(schatting, "2020-07").bedrag


def test_register_brp_wint_en_wordt_genoemd() -> None:
    u = beoordeel(aanvraag(), PEIL, feiten=Registerfeiten(brp=BrpGegevens("0599")))
    assert _criterium(u, "E4").status is Status.NIET_VOLDAAN
    assert _criterium(u, "E4").bron is Bron.BRP
