"""Example letters built from the worked cases of spec §7, for tests, the benchmark and demos."""

from __future__ import annotations

from datetime import date

from app.decisions.letters import (
    Adres,
    AfgewezenMaand,
    Aflosperiode,
    Afwijzing,
    BeslissingOpBezwaar,
    BuitenBehandeling,
    Criterium,
    GedeeltelijkeToekenning,
    Gemeente,
    Herstelverzoek,
    HerzieneMaand,
    Herziening,
    Intrekking,
    Maand,
    MaandBedrag,
    Omzetting,
    OntbrekendStuk,
    Referentie,
    RentePost,
    Terugvordering,
    ToekenningBedrijfskapitaal,
    ToekenningBedrijfskapitaalOmNiet,
    ToekenningLevensonderhoud,
    Verdaging,
    Voorziening,
)

GEMEENTE = Gemeente(
    code="0034",
    naam="Almere",
    afdeling="Zelfstandigenloket Flevoland",
    postadres=("Postbus 200", "1300 AE Almere"),
    telefoon="14 036",
    website="www.almere.nl/tozo",
    ondertekenaar="mw. drs. A. Bakker",
    functie_ondertekenaar="teamleider",
    bezwaar_online="www.almere.nl/bezwaar",
)

ADRES = Adres(
    naam="J. de Vries",
    aanhef="Geachte heer De Vries",
    adresregel1="Stationsstraat 12 A",
    adresregel2="1315 AA  ALMERE",
)

TOZO_GRONDSLAGEN = (
    "artikel 1 en 2 van het Besluit Tijdelijke overbruggingsregeling zelfstandig ondernemers",
    "artikel 11 en 78f van de Participatiewet",
)


def referentie(nr: int = 1, briefdatum: date = date(2021, 3, 1), aanvraagdatum: date = date(2021, 2, 15)) -> Referentie:
    return Referentie(
        zaaknummer="ZL-2021-004711",
        beschikkingnummer=nr,
        briefdatum=briefdatum,
        aanvraagdatum=aanvraagdatum,
    )


# Spec §7 case 30: made known 01-03-2021 → last day to object 12-04-2021.
LAATSTE_DAG_BEZWAAR = date(2021, 4, 12)


def toekenning_levensonderhoud(maanden: int = 6) -> ToekenningLevensonderhoud:
    """Tozo 3, single, no income in Oct 2020 – Mar 2021 (norms of spec §3.1: 1.059,03 in 2020,
    1.075,44 in 2021), with some income in one month to show the subtraction."""
    rijen = []
    for i in range(maanden):
        jaar, m = (2020, 10 + i) if i < 3 else (2021, i - 2)
        norm = 105903 if jaar == 2020 else 107544
        inkomen = 40000 if i == 1 else 0
        rijen.append(
            MaandBedrag(
                maand=Maand(jaar, m),
                norm_cent=norm,
                inkomen_cent=inkomen,
                bedrag_cent=norm - inkomen,
            )
        )
    return ToekenningLevensonderhoud(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(),
        regeling="Tozo 3",
        motivering=(
            "U bent zelfstandig ondernemer en u woont in Almere. Uw inkomen is in deze maanden "
            "lager dan de bijstandsnorm. Daarom heeft u recht op een aanvulling tot die norm."
        ),
        grondslagen=TOZO_GRONDSLAGEN,
        laatste_dag_bezwaar=LAATSTE_DAG_BEZWAAR,
        maanden=tuple(rijen),
        iban="NL91ABNA0417164300",
    )


def toekenning_bedrijfskapitaal() -> ToekenningBedrijfskapitaal:
    """Spec §7 case 26: € 10.157 paid 15-04-2020, 6-year regime."""
    return ToekenningBedrijfskapitaal(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(briefdatum=date(2020, 4, 14), aanvraagdatum=date(2020, 4, 2)),
        regeling="Tozo 1",
        motivering=(
            "Uw bedrijf heeft door de coronamaatregelen een tekort aan geld. U kunt dat niet op "
            "een andere manier oplossen. Met de lening kunt u uw bedrijf voortzetten."
        ),
        grondslagen=(
            "artikel 5 van het Besluit Tijdelijke overbruggingsregeling zelfstandig ondernemers",
            "artikel 39 van het Besluit bijstandverlening zelfstandigen 2004",
        ),
        laatste_dag_bezwaar=date(2020, 5, 26),
        bedrag_cent=1015700,
        rente_basispunten=200,
        uitbetaaldatum=date(2020, 4, 15),
        looptijd_van=date(2020, 5, 1),
        looptijd_tot=date(2026, 11, 1),
        aflosschema=(
            Aflosperiode(
                omschrijving="Geen aflossing, wel rente (2%)",
                van=Maand(2020, 5),
                tot_en_met=Maand(2020, 12),
                per_maand_cent=0,
            ),
            Aflosperiode(
                omschrijving="Geen aflossing en geen rente",
                van=Maand(2021, 1),
                tot_en_met=Maand(2022, 6),
                per_maand_cent=0,
            ),
            Aflosperiode(
                omschrijving="Aflossing",
                van=Maand(2022, 7),
                tot_en_met=Maand(2026, 10),
                per_maand_cent=19533,
            ),
        ),
        opgebouwde_rente=(RentePost(van=date(2020, 5, 1), tot_en_met=date(2020, 12, 31), bedrag_cent=13543),),
        iban="NL02RABO0123456789",
        partner_medeschuldenaar=True,
    )


def afwijzing() -> Afwijzing:
    return Afwijzing(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(),
        regeling="Tozo 3",
        voorziening=Voorziening.LEVENSONDERHOUD,
        motivering="Omdat u niet aan deze voorwaarden voldoet, kunnen wij u geen Tozo geven.",
        grondslagen=TOZO_GRONDSLAGEN,
        laatste_dag_bezwaar=LAATSTE_DAG_BEZWAAR,
        criteria=(
            Criterium(
                omschrijving="Inschrijving bij de Kamer van Koophandel",
                reden=("Uw bedrijf staat sinds 18 maart 2020 ingeschreven. Dat is na 17 maart 2020, 18.45 uur."),
                grondslag="artikel 1 Besluit Tozo",
            ),
            Criterium(
                omschrijving="Urencriterium",
                reden=("U werkt 1.000 uur per jaar voor uw bedrijf. Dat moet minstens 1.225 uur zijn."),
                grondslag="artikel 1, onderdeel b, Besluit Tozo",
            ),
        ),
    )


def gedeeltelijke_toekenning() -> GedeeltelijkeToekenning:
    """Spec §7 case 11: Tozo 1, four months asked, the fourth is refused (max 3)."""
    toegekend = tuple(
        MaandBedrag(maand=Maand(2020, m), norm_cent=105232, inkomen_cent=40000, bedrag_cent=65232) for m in (3, 4, 5)
    )
    return GedeeltelijkeToekenning(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(briefdatum=date(2020, 6, 2), aanvraagdatum=date(2020, 5, 20)),
        regeling="Tozo 1",
        motivering="U kunt Tozo 1 voor hoogstens drie maanden achter elkaar krijgen.",
        grondslagen=TOZO_GRONDSLAGEN,
        laatste_dag_bezwaar=date(2020, 7, 14),
        toegekend=toegekend,
        afgewezen=(
            AfgewezenMaand(
                maand=Maand(2020, 6),
                reden="U heeft al drie maanden Tozo 1. Meer maanden kan niet.",
                grondslag="artikel 2 Besluit Tozo",
            ),
        ),
        iban="NL91ABNA0417164300",
    )


def buiten_behandeling() -> BuitenBehandeling:
    return BuitenBehandeling(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(nr=2, briefdatum=date(2021, 3, 15)),
        regeling="Tozo 3",
        voorziening=Voorziening.LEVENSONDERHOUD,
        motivering="Wij hebben geen reactie van u ontvangen.",
        laatste_dag_bezwaar=date(2021, 4, 26),
        herstelverzoek_datum=date(2021, 2, 22),
        hersteltermijn_tot_en_met=date(2021, 3, 8),
        ontbrekend=(
            OntbrekendStuk(omschrijving="een kopie van uw identiteitsbewijs"),
            OntbrekendStuk(omschrijving="een bankafschrift met uw IBAN"),
        ),
    )


def herstelverzoek() -> Herstelverzoek:
    return Herstelverzoek(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(briefdatum=date(2021, 2, 22)),
        regeling="Tozo 3",
        voorziening=Voorziening.LEVENSONDERHOUD,
        ontbrekend=(
            OntbrekendStuk(
                omschrijving="een kopie van uw identiteitsbewijs",
                toelichting="De voorkant en de achterkant. Een rijbewijs is niet genoeg.",
            ),
            OntbrekendStuk(omschrijving="een bankafschrift met uw IBAN"),
        ),
        uiterlijk=date(2021, 3, 8),
        aanleveren="via Mijn Zaken op www.almere.nl/mijnzaken, of per post",
    )


def intrekking() -> Intrekking:
    return Intrekking(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(briefdatum=date(2021, 3, 1)),
        regeling="Tozo 3",
        voorziening=Voorziening.LEVENSONDERHOUD,
        motivering="U heeft ons laten weten dat u weer genoeg inkomen heeft.",
        grondslagen=("artikel 4:1 van de Algemene wet bestuursrecht",),
        laatste_dag_bezwaar=LAATSTE_DAG_BEZWAAR,
        ingetrokken_op=date(2021, 2, 25),
    )


HERZIENING_GRONDSLAGEN = ("artikel 17, 54 lid 3 en 58 van de Participatiewet",)


def herziening() -> Herziening:
    """Spec §7 case 31: Tozo 2 couple, July 2020: actual household income 1.420 instead of 1.320,
    entitlement 92,90 instead of 192,90, recover 100,00; August lower than estimated: extra."""
    return Herziening(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(nr=2, briefdatum=date(2021, 3, 1), aanvraagdatum=date(2020, 7, 10)),
        regeling="Tozo 2",
        motivering="U gaf uw werkelijke inkomen door. Wij rekenen met dat inkomen in plaats van uw schatting.",
        grondslagen=HERZIENING_GRONDSLAGEN,
        laatste_dag_bezwaar=LAATSTE_DAG_BEZWAAR,
        aanleiding="U heeft ons laten weten hoeveel u en uw partner echt verdienden.",
        maanden=(
            HerzieneMaand(
                maand=Maand(2020, 7), was_cent=19290, wordt_cent=9290, nabetaling_cent=0, terugvordering_cent=10000
            ),
            HerzieneMaand(
                maand=Maand(2020, 8), was_cent=19290, wordt_cent=24290, nabetaling_cent=5000, terugvordering_cent=0
            ),
        ),
        iban="NL91ABNA0417164300",
    )


def terugvordering() -> Terugvordering:
    """An advance of 500,00 for April 2020; the application was rejected afterwards."""
    return Terugvordering(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(nr=2),
        regeling="Tozo 3",
        motivering="U heeft geen recht op een uitkering. Het voorschot moet u daarom terugbetalen.",
        grondslagen=("artikel 52 en 58 van de Participatiewet",),
        laatste_dag_bezwaar=LAATSTE_DAG_BEZWAAR,
        aanleiding="Wij hebben u een voorschot betaald omdat wij nog niet over uw aanvraag hadden beslist.",
        maanden=(
            HerzieneMaand(
                maand=Maand(2021, 1), was_cent=50000, wordt_cent=0, nabetaling_cent=0, terugvordering_cent=50000
            ),
        ),
        iban="NL91ABNA0417164300",
    )


def toekenning_bedrijfskapitaal_om_niet() -> ToekenningBedrijfskapitaalOmNiet:
    """Bbz art. 22: a gevestigde zelfstandige gets bedrijfskapitaal as a gift."""
    return ToekenningBedrijfskapitaalOmNiet(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(briefdatum=date(2021, 3, 1)),
        regeling="Bbz 2004",
        motivering="Met een nieuwe oven kan uw bakkerij weer genoeg verdienen. Dat blijkt uit het onderzoek.",
        grondslagen=("artikel 22 van het Besluit bijstandverlening zelfstandigen 2004",),
        laatste_dag_bezwaar=LAATSTE_DAG_BEZWAAR,
        bedrag_cent=850000,
        uitbetaaldatum=date(2021, 3, 8),
        iban="NL91ABNA0417164300",
        voorwaarden=("U koopt de oven binnen 3 maanden en stuurt ons de factuur.",),
    )


def verdaging() -> Verdaging:
    return Verdaging(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(briefdatum=date(2021, 3, 1), aanvraagdatum=date(2020, 12, 7)),
        regeling="Bbz 2004",
        voorziening=Voorziening.LEVENSONDERHOUD,
        reden="De adviseur onderzoekt nog of uw bedrijf levensvatbaar is.",
        beslistermijn_oud=date(2021, 3, 8),
        beslistermijn_nieuw=date(2021, 6, 7),
    )


def beslissing_op_bezwaar() -> BeslissingOpBezwaar:
    """A late objection (spec §7 case 30: last day 12-04-2021, received 20-04-2021), not admissible."""
    return BeslissingOpBezwaar(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(nr=2, briefdatum=date(2021, 5, 3)),
        regeling="Tozo 3",
        uitkomst="niet-ontvankelijk",
        motivering="Uw bezwaar kwam na de laatste dag binnen. U heeft geen reden gegeven waarom dat niet eerder kon.",
        grondslagen=("artikel 6:7, 6:9 en 6:11 van de Algemene wet bestuursrecht",),
        bestreden_kenmerk="ZL-2021-004711-1",
        bestreden_datum=date(2021, 3, 1),
        bezwaar_ontvangen=date(2021, 4, 20),
        laatste_dag_beroep=date(2021, 6, 14),
    )


def omzetting() -> Omzetting:
    """Bbz art. 11-13: three months of € 1.078,70 as a loan; the year's income turned out € 500,
    so € 500 is recovered; the assets are € 1.000 above the vermogensgrens, so € 1.000 stays a
    loan and the rest becomes a gift."""
    return Omzetting(
        gemeente=GEMEENTE,
        adres=ADRES,
        referentie=referentie(nr=2, briefdatum=date(2022, 7, 1), aanvraagdatum=date(2021, 9, 1)),
        regeling="Bbz 2004",
        motivering="U stuurde ons uw jaarcijfers over 2021. Daaruit blijkt uw inkomen over dat jaar.",
        grondslagen=("artikel 3, 11, 12 en 13 van het Besluit bijstandverlening zelfstandigen 2004",),
        laatste_dag_bezwaar=date(2022, 8, 12),
        boekjaar=2021,
        maanden=(Maand(2021, 9), Maand(2021, 10), Maand(2021, 11)),
        verstrekt_cent=323610,
        jaarnorm_cent=323610,
        netto_inkomen_cent=50000,
        nabetaling_cent=0,
        terugvordering_cent=50000,
        om_niet_cent=173610,
        lening_blijft_cent=100000,
        aflossing_per_jaar_cent=10000,
        vermogen_cent=18463800,
        vermogensgrens_cent=18363800,
        iban="NL91ABNA0417164300",
    )


ALLE = {
    "toekenning_levensonderhoud": toekenning_levensonderhoud,
    "toekenning_bedrijfskapitaal": toekenning_bedrijfskapitaal,
    "afwijzing": afwijzing,
    "gedeeltelijke_toekenning": gedeeltelijke_toekenning,
    "buiten_behandeling": buiten_behandeling,
    "herstelverzoek": herstelverzoek,
    "intrekking": intrekking,
    "herziening": herziening,
    "terugvordering": terugvordering,
    "toekenning_bedrijfskapitaal_om_niet": toekenning_bedrijfskapitaal_om_niet,
    "verdaging": verdaging,
    "beslissing_op_bezwaar": beslissing_op_bezwaar,
    "omzetting": omzetting,
}
