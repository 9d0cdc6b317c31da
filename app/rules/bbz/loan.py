"""Bbz bedrijfskapitaal (art. 20, 24, 15): the maximum per category, 8% interest, at most 10 years.

How much is really needed follows from the viability study; the engine gives the ceiling and an
indicative linear schedule over the maximum term, for a person to confirm.
"""

from __future__ import annotations

from datetime import date

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
