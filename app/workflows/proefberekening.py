"""A trial calculation for the loket: the full rules outcome for an application body, as the
applicant declared it, without storing anything and without consulting registers."""

from datetime import date
from typing import Any

from app import rules
from app.workflows.fouten import OngeldigeInvoer


def bereken(gegevens: dict[str, Any], peildatum: date) -> dict[str, Any]:
    try:
        aanvraag = rules.aanvraag_uit_dict(gegevens)
    except rules.OngeldigeInvoer as err:
        raise OngeldigeInvoer([{"name": p.naam, "code": "invalid", "reason": p.reden} for p in err.problemen]) from err
    if peildatum < aanvraag.aanvraagdatum:
        raise OngeldigeInvoer(
            [{"name": "peildatum", "code": "minimum", "reason": "De peildatum ligt vóór de aanvraagdatum."}]
        )
    return rules.beoordeel(aanvraag, peildatum).to_dict()
