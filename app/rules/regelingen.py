"""Which regulations accept applications on a date, and which months can be applied for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.rules.bbz import periods as bbz_periods
from app.rules.invoer import Regeling
from app.rules.kalender import Maand, MaandVenster
from app.rules.tozo import periods as tozo_periods
from app.rules.uitkomst import _naar_json


@dataclass(frozen=True, slots=True)
class RegelingInfo:
    code: Regeling
    naam: str
    omschrijving: str
    aanvragen_vanaf: date
    aanvragen_tot: date | None
    eerste_maand: Maand | None  # None: no months are asked (a loan)
    laatste_maand: Maand | None
    max_maanden: int | None
    tozo_versie: int | None
    grondslag: str

    def to_dict(self) -> dict[str, Any]:
        result = _naar_json(self)
        assert isinstance(result, dict)
        return result


_NAMEN = {
    Regeling.TOZO_LEVENSONDERHOUD: (
        "Tozo-uitkering levensonderhoud",
        "Aanvulling tot het sociaal minimum voor zelfstandig ondernemers die door de coronacrisis "
        "te weinig inkomen hebben. U hoeft dit niet terug te betalen.",
        "Tozo (Stb. 2020, 118) art. 2 en 3; Participatiewet art. 78f",
    ),
    Regeling.TOZO_BEDRIJFSKAPITAAL: (
        "Tozo-lening bedrijfskapitaal",
        "Een lening van maximaal € 10.157 voor zelfstandig ondernemers met een tekort aan "
        "geld in het bedrijf door de coronacrisis.",
        "Tozo (Stb. 2020, 118) art. 5; Participatiewet art. 78f",
    ),
    Regeling.BBZ_LEVENSONDERHOUD: (
        "Bbz-uitkering levensonderhoud",
        "Tijdelijke aanvulling tot het sociaal minimum voor zelfstandigen met een levensvatbaar "
        "bedrijf, starters en zelfstandigen die hun bedrijf beëindigen.",
        "Besluit bijstandverlening zelfstandigen 2004 art. 2, 18, 23 en 27",
    ),
    Regeling.BBZ_BEDRIJFSKAPITAAL: (
        "Bbz-lening bedrijfskapitaal",
        "Een lening voor bedrijfskapitaal voor een levensvatbaar bedrijf (gevestigde zelfstandige of starter).",
        "Besluit bijstandverlening zelfstandigen 2004 art. 2 lid 2, 20 en 24",
    ),
}


def aanvraagbare_maanden(regeling: Regeling | str, aanvraagdatum: date) -> MaandVenster | None:
    """First and last month that may be applied for, or None when none may (closed that day, or a
    loan regulation, which asks for an amount and no months)."""
    regeling = Regeling(regeling)
    if regeling is Regeling.TOZO_LEVENSONDERHOUD:
        return tozo_periods.maandvenster(aanvraagdatum)
    if regeling is Regeling.BBZ_LEVENSONDERHOUD and aanvraagdatum >= bbz_periods.BBZ_OPEN_VANAF:
        return bbz_periods.maandvenster(aanvraagdatum, None)
    return None


def regelingen_open_op(peildatum: date) -> list[RegelingInfo]:
    """The regulations that accept applications on `peildatum`, in a fixed order."""
    open_: list[RegelingInfo] = []
    versie = tozo_periods.tozo_versie(peildatum)
    for regeling in Regeling:
        naam, omschrijving, grondslag = _NAMEN[regeling]
        if regeling.is_tozo:
            if versie is None:
                continue
            vanaf, tot = versie.aanvraag_vanaf, versie.aanvraag_tot
            grondslag = f"{grondslag}; {versie.bron}"
        else:
            if peildatum < bbz_periods.BBZ_OPEN_VANAF:
                continue
            vanaf, tot = bbz_periods.BBZ_OPEN_VANAF, None
        venster = aanvraagbare_maanden(regeling, peildatum)
        open_.append(
            RegelingInfo(
                code=regeling,
                naam=naam,
                omschrijving=omschrijving,
                aanvragen_vanaf=vanaf,
                aanvragen_tot=tot,
                eerste_maand=venster.eerste if venster else None,
                laatste_maand=venster.laatste if venster else None,
                max_maanden=venster.max_maanden if venster else None,
                tozo_versie=versie.versie if regeling.is_tozo and versie else None,
                grondslag=grondslag,
            )
        )
    return open_
