"""What evidence is missing (Awb 4:2 lid 2 and 4:5): each item with the reason it is needed.

Document kinds are plain strings so the case file and the engine share one vocabulary. The items
are constants: what varies per application is only which of them apply.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from app.rules.bbz.periods import is_versoepeld
from app.rules.feiten import Registerfeiten, Rol
from app.rules.invoer import Aanvraag, BbzCategorie, Inkomen, Regeling
from app.rules.parameters import ja_nee
from app.rules.uitkomst import Ontbrekend

AWB = "Awb art. 4:2 lid 2"
PW17 = f"{AWB}; Participatiewet art. 17 lid 1"
JAARREKENING_VOOR = date(2020, 1, 1)  # eindhoven.nl: latest annual accounts if started before 2020
AANGIFTE_VOOR = date(2019, 1, 1)  # a full tax year exists to show the zelfstandigenaftrek

ID_AANVRAGER = Ontbrekend(
    "identiteitsbewijs-aanvrager",
    "Wij moeten weten wie u bent. Stuur een kopie van de voor- en achterkant van uw paspoort of identiteitskaart mee.",
    PW17,
)
BANKAFSCHRIFT = Ontbrekend(
    "bankafschrift",
    "Wij maken het geld over op uw rekening. Stuur een "
    "recent bankafschrift of een kopie van uw bankpas met uw IBAN en naam "
    "mee.",
    AWB,
)
ID_PARTNER = Ontbrekend(
    "identiteitsbewijs-partner",
    "Uw partner doet mee aan de aanvraag. Stuur ook een kopie van het identiteitsbewijs van uw partner mee.",
    PW17,
)
KVK_UITTREKSEL = Ontbrekend(
    "kvk-uittreksel", "Wij moeten zien wanneer uw bedrijf is ingeschreven bij de KvK. Stuur een uittreksel mee.", AWB
)
JAARREKENING = Ontbrekend("jaarrekening", "Uw bedrijf bestond al vóór 2020. Stuur de laatste jaarrekening mee.", AWB)
AANGIFTE = Ontbrekend(
    "aangifte-inkomstenbelasting",
    "Met uw laatste aangifte inkomstenbelasting "
    "(zelfstandigenaftrek) laat u zien dat u genoeg uren in uw bedrijf werkt.",
    f"{AWB}; Tozo art. 1 onderdeel b",
)
LIQUIDITEITSBEGROTING = Ontbrekend(
    "liquiditeitsbegroting",
    "Wij moeten zien waarom uw bedrijf "
    "geld tekortkomt. Stuur een overzicht van de inkomsten en "
    "uitgaven van uw bedrijf (liquiditeitsbegroting) mee.",
    AWB,
)
ONDERNEMINGSPLAN = Ontbrekend(
    "ondernemingsplan",
    "Met een ondernemingsplan kunnen wij onderzoeken of uw bedrijf levensvatbaar is.",
    f"{AWB}; Bbz 2004 art. 2 lid 1 onder b",
)
# Bbz (spec §4): the business's figures, and per category what shows it is viable or ending.
BBZ_JAARREKENING = Ontbrekend(
    "jaarrekening",
    "Stuur de jaarrekening (jaarcijfers) van uw bedrijf over het laatste boekjaar mee.",
    f"{AWB}; Bbz 2004 art. 5 en 38",
)
BBZ_AANGIFTE = Ontbrekend(
    "aangifte-inkomstenbelasting",
    "Met uw laatste aangifte inkomstenbelasting laat u zien dat u genoeg uren in uw bedrijf werkt.",
    f"{AWB}; Bbz 2004 art. 1 onder b; Wet IB 2001 art. 3.6",
)
BEEINDIGINGSPLAN = Ontbrekend(
    "beeindigingsplan",
    "U stopt met uw bedrijf. Schrijf op wanneer en hoe u stopt, en stuur dat plan mee.",
    f"{AWB}; Bbz 2004 art. 2 lid 1 onder d en art. 27",
)
INVESTERINGSBEGROTING = Ontbrekend(
    "investeringsbegroting",
    "Wij moeten zien waarvoor u het geld nodig heeft. Stuur een investeringsbegroting of offertes mee.",
    f"{AWB}; Bbz 2004 art. 20 en 24",
)
VERMOGENSOVERZICHT = Ontbrekend(
    "vermogensoverzicht",
    "Stuur een overzicht mee van wat u bezit en wat u schuldig bent, privé en van uw bedrijf.",
    f"{AWB}; Bbz 2004 art. 3 en hoofdstuk II § 3",
)
LOONSTROOK = {
    Rol.AANVRAGER: Ontbrekend("loonstrook-aanvrager", "U heeft loon opgegeven. Stuur de laatste loonstrook mee.", AWB),
    Rol.PARTNER: Ontbrekend(
        "loonstrook-partner", "U heeft loon van uw partner opgegeven. Stuur de laatste loonstrook mee.", AWB
    ),
}
UITKERINGSSPECIFICATIE = {
    Rol.AANVRAGER: Ontbrekend(
        "uitkeringsspecificatie-aanvrager", "U heeft een uitkering opgegeven. Stuur de laatste specificatie mee.", AWB
    ),
    Rol.PARTNER: Ontbrekend(
        "uitkeringsspecificatie-partner",
        "U heeft een uitkering van uw partner opgegeven. Stuur de laatste specificatie mee.",
        AWB,
    ),
}
NAAR_WAARHEID = Ontbrekend(
    "verklaring-naar-waarheid",
    "U moet verklaren dat u het formulier naar waarheid heeft ingevuld.",
    "Participatiewet art. 17",
)
INLICHTINGENPLICHT = Ontbrekend(
    "verklaring-inlichtingenplicht",
    "U moet verklaren dat u weet dat u wijzigingen moet doorgeven.",
    "Participatiewet art. 17 lid 1",
)


def _verklaring(soort: str) -> Ontbrekend:
    return Ontbrekend(f"verklaring-{soort}", "Deze verklaring ontbreekt nog in uw aanvraag.", "Tozo art. 2")


# Enum members read from their class cost ~0.5 µs each on Python 3.11 (see beoordeling.py).
_AANVRAGER, _PARTNER, _TOZO_LO = Rol.AANVRAGER, Rol.PARTNER, Regeling.TOZO_LEVENSONDERHOUD


def _inkomensbewijs(inkomens: list[Inkomen | None], rol: Rol, suwinet: bool) -> list[Ontbrekend]:
    """Payslips and benefit statements prove declared income, unless Suwinet already has it."""
    if suwinet:
        return []
    loon = uitkering = False
    for i in inkomens:
        if i is not None:
            loon = loon or i.loon > 0
            uitkering = uitkering or i.uitkering > 0
    uit = []
    if loon:
        uit.append(LOONSTROOK[rol])
    if uitkering:
        uit.append(UITKERINGSSPECIFICATIE[rol])
    return uit


def ontbrekend(aanvraag: Aanvraag, feiten: Registerfeiten, documenten: Collection[str]) -> tuple[Ontbrekend, ...]:
    regeling, dag, onderneming = aanvraag.regeling, aanvraag.aanvraagdatum, aanvraag.onderneming
    nodig = [ID_AANVRAGER, BANKAFSCHRIFT]
    if aanvraag.partner is not None:
        nodig.append(ID_PARTNER)
    if feiten.kvk is None:
        nodig.append(KVK_UITTREKSEL)
    if regeling.is_tozo:
        if onderneming.startdatum < JAARREKENING_VOOR:
            nodig.append(JAARREKENING)
        if onderneming.startdatum < AANGIFTE_VOOR:
            nodig.append(AANGIFTE)
        if not regeling.is_levensonderhoud:
            nodig.append(LIQUIDITEITSBEGROTING)
    else:
        nodig += _bbz(aanvraag)
    if regeling.is_levensonderhoud:
        suwinet_rollen = [s.rol for s in feiten.inkomen]
        nodig += _inkomensbewijs([i.aanvrager for i in aanvraag.inkomsten], _AANVRAGER, _AANVRAGER in suwinet_rollen)
        if aanvraag.partner is not None and (not regeling.is_tozo or ja_nee("tozo.partnerinkomen_telt_mee", dag)):
            nodig += _inkomensbewijs([i.partner for i in aanvraag.inkomsten], _PARTNER, _PARTNER in suwinet_rollen)
    missend = [o for o in nodig if o.soort not in documenten]
    missend += _opgaven(aanvraag)
    return tuple(missend)


def _bbz(aanvraag: Aanvraag) -> list[Ontbrekend]:
    """Bbz: the figures of the last boekjaar (not for a starter), the tax return for the hours,
    the plan that fits the category, what the capital is for, and the assets where the
    vermogenstoets applies (not in the relaxed Bbz for levensonderhoud, spec §4.1)."""
    dag, onderneming = aanvraag.aanvraagdatum, aanvraag.onderneming
    categorie = aanvraag.bbz.categorie if aanvraag.bbz is not None else None
    levensonderhoud = aanvraag.regeling.is_levensonderhoud
    uit: list[Ontbrekend] = []
    if categorie is not BbzCategorie.STARTER and onderneming.startdatum < date(dag.year, 1, 1):
        uit.append(BBZ_JAARREKENING)
    if onderneming.startdatum < date(dag.year - 1, 1, 1):
        uit.append(BBZ_AANGIFTE)
    if categorie is BbzCategorie.STARTER:
        uit.append(ONDERNEMINGSPLAN)
    if categorie is BbzCategorie.BEEINDIGER:
        uit.append(BEEINDIGINGSPLAN)
    if not levensonderhoud:
        uit += [LIQUIDITEITSBEGROTING, INVESTERINGSBEGROTING]
    if not (levensonderhoud and is_versoepeld(dag)):
        uit.append(VERMOGENSOVERZICHT)
    return uit


def _opgaven(aanvraag: Aanvraag) -> list[Ontbrekend]:
    """Declarations and income estimates are part of the form itself, not documents."""
    v, regeling = aanvraag.verklaringen, aanvraag.regeling
    uit = []
    if not v.naar_waarheid_ingevuld:
        uit.append(NAAR_WAARHEID)
    if not v.inlichtingenplicht_bekend:
        uit.append(INLICHTINGENPLICHT)
    verplicht: list[tuple[str, bool | None]] = []
    if regeling is _TOZO_LO:
        verplicht.append(("inkomen-onder-sociaal-minimum", v.inkomen_onder_sociaal_minimum))
    elif regeling is Regeling.TOZO_BEDRIJFSKAPITAAL:
        verplicht += [
            ("liquiditeitsprobleem", v.liquiditeitsprobleem),
            ("geen-herfinanciering", v.geen_herfinanciering),
            ("de-minimis", v.de_minimis),
        ]
    if regeling.is_tozo and ja_nee("tozo.verklaring_definitie_zelfstandige", aanvraag.aanvraagdatum):
        verplicht.append(("definitie-zelfstandige", v.voldoet_aan_definitie_zelfstandige))
    uit += [_verklaring(soort) for soort, waarde in verplicht if waarde is None]
    if regeling.is_levensonderhoud:
        uit += [
            Ontbrekend(
                f"inkomensopgave-{maand}",
                f"Geef op hoeveel inkomen u verwacht in {maand}. Heeft u geen inkomen, vul dan 0 in.",
                "Participatiewet art. 17; Tozo art. 3",
            )
            for maand, opgave in zip(aanvraag.maanden, aanvraag.opgave_per_maand(), strict=True)
            if opgave is None
        ]
    return uit
