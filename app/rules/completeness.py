"""What evidence is missing (Awb 4:2 lid 2 and 4:5): each item with the reason it is needed.

Document kinds are plain strings so the case file and the engine share one vocabulary.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from app.rules.feiten import Registerfeiten, Rol
from app.rules.invoer import Aanvraag, BbzCategorie, Regeling
from app.rules.parameters import ja_nee
from app.rules.uitkomst import Ontbrekend

AWB = "Awb art. 4:2 lid 2"
JAARREKENING_VOOR = date(2020, 1, 1)  # eindhoven.nl: latest annual accounts if started before 2020
AANGIFTE_VOOR = date(2019, 1, 1)  # a full tax year exists to show the zelfstandigenaftrek


def _inkomensbewijs(
    aanvraag: Aanvraag, feiten: Registerfeiten, rol: Rol, telt_mee: bool
) -> list[Ontbrekend]:
    if not telt_mee:
        return []
    wie = "u" if rol is Rol.AANVRAGER else "uw partner"
    uit: list[Ontbrekend] = []
    suwinet = any(s.rol is rol for s in feiten.inkomen)
    inkomens = [i.aanvrager if rol is Rol.AANVRAGER else i.partner for i in aanvraag.inkomsten]
    if not suwinet and any(i is not None and i.loon > 0 for i in inkomens):
        uit.append(Ontbrekend(f"loonstrook-{rol.value}", f"U heeft loon van {wie} opgegeven. "
                              "Stuur de laatste loonstrook mee.", AWB))
    if not suwinet and any(i is not None and i.uitkering > 0 for i in inkomens):
        uit.append(Ontbrekend(f"uitkeringsspecificatie-{rol.value}", f"U heeft een uitkering van "
                              f"{wie} opgegeven. Stuur de laatste specificatie mee.", AWB))
    return uit


def ontbrekend(
    aanvraag: Aanvraag, feiten: Registerfeiten, documenten: Collection[str]
) -> tuple[Ontbrekend, ...]:
    regeling, dag = aanvraag.regeling, aanvraag.aanvraagdatum
    nodig: list[Ontbrekend] = [
        Ontbrekend("identiteitsbewijs-aanvrager", "Wij moeten weten wie u bent. Stuur een kopie "
                   "van de voor- en achterkant van uw paspoort of identiteitskaart mee.",
                   f"{AWB}; Participatiewet art. 17 lid 1"),
        Ontbrekend("bankafschrift", "Wij maken het geld over op uw rekening. Stuur een recent "
                   "bankafschrift of een kopie van uw bankpas met uw IBAN en naam mee.", AWB),
    ]
    if aanvraag.partner is not None:
        nodig.append(Ontbrekend("identiteitsbewijs-partner", "Uw partner doet mee aan de aanvraag. "
                                "Stuur ook een kopie van het identiteitsbewijs van uw partner mee.",
                                f"{AWB}; Participatiewet art. 17 lid 1"))
    if feiten.kvk is None:
        nodig.append(Ontbrekend("kvk-uittreksel", "Wij moeten zien wanneer uw bedrijf is "
                                "ingeschreven bij de KvK. Stuur een uittreksel mee.", AWB))
    if aanvraag.onderneming.startdatum < JAARREKENING_VOOR:
        nodig.append(Ontbrekend("jaarrekening", "Uw bedrijf bestond al vóór 2020. Stuur de laatste "
                                "jaarrekening mee.", AWB))
    if aanvraag.onderneming.startdatum < AANGIFTE_VOOR:
        nodig.append(Ontbrekend("aangifte-inkomstenbelasting", "Met uw laatste aangifte "
                                "inkomstenbelasting (zelfstandigenaftrek) laat u zien dat u genoeg "
                                "uren in uw bedrijf werkt.", f"{AWB}; Tozo art. 1 onderdeel b"))
    if not regeling.is_levensonderhoud:
        nodig.append(Ontbrekend("liquiditeitsbegroting", "Wij moeten zien waarom uw bedrijf geld "
                                "tekortkomt. Stuur een overzicht van de inkomsten en uitgaven van "
                                "uw bedrijf (liquiditeitsbegroting) mee.", AWB))
    if aanvraag.bbz is not None and aanvraag.bbz.categorie is BbzCategorie.STARTER and (
            not regeling.is_tozo):
        nodig.append(Ontbrekend("ondernemingsplan", "Met een ondernemingsplan kunnen wij "
                                "onderzoeken of uw bedrijf levensvatbaar is.",
                                f"{AWB}; Bbz 2004 art. 2 lid 1 onder b"))
    if regeling.is_levensonderhoud:
        partner_telt = aanvraag.partner is not None and (
            not regeling.is_tozo or ja_nee("tozo.partnerinkomen_telt_mee", dag))
        nodig.extend(_inkomensbewijs(aanvraag, feiten, Rol.AANVRAGER, True))
        nodig.extend(_inkomensbewijs(aanvraag, feiten, Rol.PARTNER, partner_telt))
    missend = [o for o in nodig if o.soort not in documenten]
    missend.extend(_opgaven(aanvraag))
    return tuple(missend)


def _opgaven(aanvraag: Aanvraag) -> list[Ontbrekend]:
    """Declarations and income estimates are part of the form itself, not documents."""
    v, uit = aanvraag.verklaringen, []
    if not v.naar_waarheid_ingevuld:
        uit.append(Ontbrekend("verklaring-naar-waarheid", "U moet verklaren dat u het formulier "
                              "naar waarheid heeft ingevuld.", "Participatiewet art. 17"))
    if not v.inlichtingenplicht_bekend:
        uit.append(Ontbrekend("verklaring-inlichtingenplicht", "U moet verklaren dat u weet dat u "
                              "wijzigingen moet doorgeven.", "Participatiewet art. 17 lid 1"))
    verplicht: list[tuple[str, bool | None]] = []
    if aanvraag.regeling is Regeling.TOZO_LEVENSONDERHOUD:
        verplicht.append(("inkomen-onder-sociaal-minimum", v.inkomen_onder_sociaal_minimum))
    if aanvraag.regeling is Regeling.TOZO_BEDRIJFSKAPITAAL:
        verplicht += [("liquiditeitsprobleem", v.liquiditeitsprobleem),
                      ("geen-herfinanciering", v.geen_herfinanciering),
                      ("de-minimis", v.de_minimis)]
    if aanvraag.regeling.is_tozo and ja_nee("tozo.verklaring_definitie_zelfstandige",
                                            aanvraag.aanvraagdatum):
        verplicht.append(("definitie-zelfstandige", v.voldoet_aan_definitie_zelfstandige))
    for soort, waarde in verplicht:
        if waarde is None:
            uit.append(Ontbrekend(f"verklaring-{soort}", "Deze verklaring ontbreekt nog in uw "
                                  "aanvraag.", "Tozo art. 2"))
    opgegeven = {i.maand for i in aanvraag.inkomsten}
    if aanvraag.regeling.is_levensonderhoud:
        for maand in aanvraag.maanden:
            if maand not in opgegeven:
                uit.append(Ontbrekend(f"inkomensopgave-{maand}", f"Geef op hoeveel inkomen u "
                                      f"verwacht in {maand}. Heeft u geen inkomen, vul dan 0 in.",
                                      "Participatiewet art. 17; Tozo art. 3"))
    return uit
