"""Turn a letter dataclass into the JSON document a template reads.

Conversion is by convention, so a new field needs no code here:
- `*_cent` (int) becomes a Dutch amount under the name without the suffix ("bedrag");
- `*_basispunten` becomes a percentage under the name without the suffix ("rente");
- a `date` becomes "12 april 2021"; deadlines (`TERMIJNEN`) get their weekday as well;
- a `Maand` becomes "april 2020", `iban` is grouped in fours;
- every other string goes through the `TekenFilter`.
Templates therefore never format anything: the values they print are final strings.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeAlias

from app.decisions import opmaak
from app.decisions.letters import Brief, Maand
from app.decisions.tekens import TekenFilter

# Deadlines the applicant must act on: printed with the weekday so nobody has to look it up.
TERMIJNEN = frozenset(
    {
        "laatste_dag_bezwaar",
        "uiterlijk",
        "hersteltermijn_tot_en_met",
        "beslistermijn_oud",
        "beslistermijn_nieuw",
        "laatste_dag_beroep",
    }
)

# Computed properties the templates also need (totals, the kenmerk, the first repayment).
AFGELEID = (
    "kenmerk",
    "totaal_cent",
    "aantal_maanden",
    "eerste_aflossing",
    "nabetaling_totaal_cent",
    "terugvordering_totaal_cent",
    "met_nabetaling",
    "met_terugvordering",
    "recht_cent",
    "met_om_niet",
    "met_lening_blijft",
)

Json: TypeAlias = "dict[str, Json] | list[Json] | str | int | bool | None"


def naar_json(brief: Brief, tekens: TekenFilter) -> str:
    data = _waarde(brief, "", tekens)
    assert isinstance(data, dict)
    data["soort"] = brief.soort
    # sort_keys and fixed separators: equal letters give equal input, hence equal PDF bytes.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _waarde(waarde: object, naam: str, tekens: TekenFilter) -> Json:
    if waarde is None or isinstance(waarde, bool):
        return waarde
    if isinstance(waarde, Enum):
        return str(waarde.value)
    if isinstance(waarde, int):
        if naam.endswith("_cent"):
            return opmaak.euro(waarde)
        if naam.endswith("_basispunten"):
            return opmaak.procent(waarde)
        return waarde
    if isinstance(waarde, date):
        return opmaak.datum_met_dag(waarde) if naam in TERMIJNEN else opmaak.datum(waarde)
    if isinstance(waarde, Maand):
        return opmaak.maand(waarde)
    if isinstance(waarde, str):
        schoon = tekens.schoon(waarde)
        return opmaak.iban(schoon) if naam == "iban" else schoon
    if isinstance(waarde, tuple):
        return [_waarde(w, naam, tekens) for w in waarde]
    if dataclasses.is_dataclass(waarde) and not isinstance(waarde, type):
        return _object(waarde, tekens)
    raise TypeError(f"geen weergave voor {type(waarde).__name__} in veld {naam!r}")


def _object(obj: Any, tekens: TekenFilter) -> dict[str, Json]:
    return {sleutel: _waarde(getattr(obj, naam), naam, tekens) for naam, sleutel in _velden(obj.__class__)}


@cache
def _velden(klasse: type[Any]) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON key) of a letter class, once per class: a batch asks for every object."""
    namen = [f.name for f in dataclasses.fields(klasse)]
    namen += [n for n in AFGELEID if hasattr(klasse, n)]
    return tuple((naam, naam.removesuffix("_cent").removesuffix("_basispunten")) for naam in namen)
