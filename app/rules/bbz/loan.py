"""Bbz bedrijfskapitaal (art. 20, 24, 15): the maximum per category, 8% interest, at most 10 years;
as a gift for a gevestigde only up to the maximum of art. 22.

How much is really needed follows from the viability study; the engine gives the ceiling and an
indicative linear schedule over the maximum term, for a person to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.rules.geld import euro
from app.rules.invoer import BbzCategorie
from app.rules.parameters import ParameterWaarde, waarde_op

_MAXIMUM = {
    BbzCategorie.GEVESTIGDE: "bbz.bedrijfskapitaal_max_gevestigde",
    BbzCategorie.STARTER: "bbz.bedrijfskapitaal_max_starter",
}


def maximum(categorie: BbzCategorie, aanvraagdatum: date) -> ParameterWaarde | None:
    """None for a beëindiger: bedrijfskapitaal is only for categories a-c (art. 2 lid 2)."""
    naam = _MAXIMUM.get(categorie)
    return None if naam is None else waarde_op(naam, aanvraagdatum)


@dataclass(frozen=True, slots=True)
class OmNiet:
    """Whether bedrijfskapitaal may be given as a gift (om niet) instead of a loan."""

    toegestaan: bool
    maximum: int  # cents
    toelichting: str
    grondslag: str
    bevestigd: bool


def om_niet(bedrag: int, aanvraagdatum: date) -> OmNiet:
    """Bbz art. 22: a gevestigde zelfstandige may get bedrijfskapitaal as a gift up to a maximum
    (value by the application date, like the loan maximum of art. 20); above it, a gift is not
    possible and the money is a loan at the Bbz interest (art. 15)."""
    if bedrag < 0:
        raise ValueError("bedrag is niet negatief")
    grens = waarde_op("bbz.bedrijfskapitaal_om_niet_max_gevestigde", aanvraagdatum)
    if not isinstance(grens.waarde, int) or isinstance(grens.waarde, bool):
        raise TypeError("bbz.bedrijfskapitaal_om_niet_max_gevestigde is geen bedrag")
    toegestaan = bedrag <= grens.waarde
    toelichting = (
        f"Bedrijfskapitaal van {euro(bedrag)} kan een gift zijn: dat is ten hoogste {euro(grens.waarde)}."
        if toegestaan
        else f"Een gift is ten hoogste {euro(grens.waarde)}. Bedrijfskapitaal van {euro(bedrag)} is een lening."
    )
    return OmNiet(toegestaan, grens.waarde, toelichting, f"Bbz 2004 art. 22; {grens.bron}", grens.bevestigd)
