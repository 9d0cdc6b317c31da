"""Tozo levensonderhoud per month (spec §1.1, §3): which months, and how much in each.

A month is granted when it lies in the window of the version, does not overlap a month already
granted, fits the maximum number of months, the applicant is 18 to AOW age that month, and the
norm exceeds the (household) income.
"""

from __future__ import annotations

from datetime import date

from app.rules.aanvulling import aanvulling
from app.rules.feiten import Historie, Registerfeiten, Rol, SuwinetInkomen
from app.rules.inkomen import inkomensdelen
from app.rules.invoer import Aanvraag, Regeling
from app.rules.kalender import Maand, MaandVenster, maand_in_woorden
from app.rules.norm import Leeftijdsklasse, huishoudnorm
from app.rules.parameters import geheel_getal, ja_nee
from app.rules.tozo.periods import TozoVersie
from app.rules.uitkomst import MaandBerekening, Reden, record

GRONDSLAG_BEDRAG = "Tozo art. 3; Participatiewet art. 19, 20, 21, 22 en 31-32 (norm min inkomen)"
_GEEN_INKOMEN = inkomensdelen(None, None, 0)
_GEEN_SUWINET: dict[tuple[Rol, Maand], SuwinetInkomen] = {}
# On Python 3.11 reading an enum member from its class (`Reden.TOEGEKEND`) costs about half a
# microsecond: EnumType.__getattr__ keeps the interpreter from caching class attributes. Loops that
# run per month read the members from module constants instead.
_MINDERJARIG, _AOW = Leeftijdsklasse.MINDERJARIG, Leeftijdsklasse.AOW
_TOEGEKEND, _INKOMEN_TE_HOOG, _VOORWAARDEN = Reden.TOEGEKEND, Reden.INKOMEN_TE_HOOG, Reden.VOORWAARDEN
LEVENSONDERHOUD = frozenset({Regeling.TOZO_LEVENSONDERHOUD.value, Regeling.BBZ_LEVENSONDERHOUD.value})


def _afgewezen(
    maand: Maand, reden: str, grondslag: str, code: Reden = Reden.AFGEWEZEN, vorm: str = "om-niet"
) -> MaandBerekening:
    return MaandBerekening(maand, 0, "", _GEEN_INKOMEN, None, False, 0, 0, False, vorm, code, grondslag, reden)


def maand_keuze(
    aanvraag: Aanvraag,
    historie: Historie,
    venster: MaandVenster,
    aaneengesloten: bool,
    versienaam: str,
) -> dict[Maand, tuple[str, str]]:
    """Months rejected before any amount is computed, with reason and basis (window, overlap,
    maximum number, consecutive months). Months not in the result may be granted."""
    al_toegekend = {t.maand for t in historie.toegekende_maanden if t.regeling in LEVENSONDERHOUD}
    afgewezen: dict[Maand, tuple[str, str]] = {}
    gekozen: list[Maand] = []
    # Compared as (year, month) tuples: the same order as Maand's, without two Python-level
    # comparison calls per month.
    eerste = (venster.eerste.jaar, venster.eerste.maand)
    laatste = (venster.laatste.jaar, venster.laatste.maand)
    for maand in aanvraag.maanden:
        positie = (maand.jaar, maand.maand)
        if positie < eerste:
            tekst = (
                f"Over {maand_in_woorden(maand)} kunt u met deze aanvraag geen uitkering "
                f"krijgen. De uitkering kan op zijn vroegst ingaan in "
                f"{maand_in_woorden(venster.eerste)}."
            )
        elif positie > laatste:
            tekst = (
                f"{maand_in_woorden(maand).capitalize()} hoort niet bij {versienaam}. "
                "Daarvoor moet u een nieuwe aanvraag doen."
            )
        elif al_toegekend and maand in al_toegekend:
            afgewezen[maand] = (
                f"Over {maand_in_woorden(maand)} heeft u al een uitkering "
                "gekregen. U kunt niet twee keer een uitkering over dezelfde "
                "maand krijgen.",
                "Tozo art. 3; Participatiewet art. 11",
            )
            continue
        elif len(gekozen) >= venster.max_maanden:
            tekst = (
                f"U kunt met {versienaam} over ten hoogste {venster.max_maanden} maanden een "
                f"uitkering krijgen. {maand_in_woorden(maand).capitalize()} valt daarbuiten."
            )
        elif aaneengesloten and gekozen and maand != gekozen[-1].plus(1):
            tekst = (
                f"Bij {versienaam} moeten de maanden aaneengesloten zijn. "
                f"{maand_in_woorden(maand).capitalize()} sluit niet aan."
            )
        else:
            gekozen.append(maand)
            continue
        afgewezen[maand] = (tekst, venster.grondslag)
    return afgewezen


def maanden(
    aanvraag: Aanvraag,
    feiten: Registerfeiten,
    historie: Historie,
    versie: TozoVersie,
    venster: MaandVenster,
    voorwaarden_voldaan: bool,
) -> list[MaandBerekening]:
    dag = aanvraag.aanvraagdatum
    partner_telt_mee = ja_nee("tozo.partnerinkomen_telt_mee", dag)
    forfait = geheel_getal("tozo.belastingforfait_winst_percentage", dag)
    afgewezen = maand_keuze(aanvraag, historie, venster, versie.aaneengesloten, f"Tozo {versie.versie}")
    return bereken_maanden(
        aanvraag, feiten, afgewezen, partner_telt_mee, forfait, voorwaarden_voldaan, "om-niet", GRONDSLAG_BEDRAG
    )


def geboortedata(aanvraag: Aanvraag, feiten: Registerfeiten) -> tuple[date, date | None]:
    """Birth dates for the norm: BRP where it has them, else declared."""
    eigen = aanvraag.aanvrager.geboortedatum
    partner = aanvraag.partner.geboortedatum if aanvraag.partner else None
    if feiten.brp is not None:
        eigen = feiten.brp.geboortedatum or eigen
        if partner is not None:
            partner = feiten.brp.partner_geboortedatum or partner
    return eigen, partner


def bereken_maanden(
    aanvraag: Aanvraag,
    feiten: Registerfeiten,
    afgewezen: dict[Maand, tuple[str, str]],
    partner_telt_mee: bool,
    forfait: int,
    voorwaarden_voldaan: bool,
    vorm: str,
    grondslag: str,
) -> list[MaandBerekening]:
    suwinet: dict[tuple[Rol, Maand], SuwinetInkomen] = (
        {(s.rol, s.maand): s for s in feiten.inkomen} if feiten.inkomen else _GEEN_SUWINET
    )
    eigen_geboren, partner_geboren = geboortedata(aanvraag, feiten)
    met_kinderen = aanvraag.huishouden.aantal_kinderen > 0
    uit: list[MaandBerekening] = []
    for maand, opgave in zip(aanvraag.maanden, aanvraag.opgave_per_maand(), strict=True):
        if afgewezen and maand in afgewezen:
            uit.append(_afgewezen(maand, *afgewezen[maand], vorm=vorm))
            continue
        eigen_klasse, norm = huishoudnorm(eigen_geboren, partner_geboren, met_kinderen, maand.jaar, maand.maand)
        if eigen_klasse is _MINDERJARIG or eigen_klasse is _AOW:
            reden = (
                "u bent dan jonger dan 18 jaar"
                if eigen_klasse is Leeftijdsklasse.MINDERJARIG
                else "u heeft dan de AOW-leeftijd bereikt"
            )
            uit.append(
                _afgewezen(
                    maand,
                    f"Over {maand_in_woorden(maand)} krijgt u geen uitkering: {reden}.",
                    "Tozo art. 1; Participatiewet art. 13 lid 1 onder f",
                    vorm=vorm,
                )
            )
            continue
        if norm is None:
            uit.append(
                _afgewezen(
                    maand,
                    f"Voor {maand_in_woorden(maand)} is geen norm voor uw "
                    "gezinssituatie bekend. Een medewerker berekent dit bedrag.",
                    grondslag,
                    Reden.BEOORDELING_NODIG,
                    vorm,
                )
            )
            continue
        eigen, partner, inkomen, berekend = aanvulling(
            norm.bedrag, opgave, suwinet, maand, partner_geboren is not None, partner_telt_mee, forfait
        )
        if not voorwaarden_voldaan:
            toegekend, bedrag, reden = False, 0, _VOORWAARDEN
        elif berekend == 0:
            toegekend, bedrag, reden = False, 0, _INKOMEN_TE_HOOG
        else:
            toegekend, bedrag, reden = True, berekend, _TOEGEKEND
        # Every field in declared order, vaste_reden last and empty (see `record`).
        uit.append(
            record(
                MaandBerekening,
                (
                    maand,
                    norm.bedrag,
                    norm.soort,
                    eigen,
                    partner,
                    partner is not None and partner_telt_mee,  # partner_meegeteld
                    inkomen,
                    bedrag,
                    toegekend,
                    vorm,
                    reden,
                    f"{grondslag}; {norm.parameter.bron}",
                    "",
                ),
            )
        )
    return uit
