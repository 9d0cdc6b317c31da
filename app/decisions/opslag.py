"""A letter as stored JSON and back, so the letter a decision states is kept with the decision
(`beschikkingen.inhoud`) and rendered later, by another process, to exactly the same letter.

Conversion follows the dataclass fields and their types: dates as ISO text, `Maand` as "2020-04",
enums by value, tuples as lists; amounts stay integer cents. Unknown kinds or fields are an error.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from types import NoneType, UnionType
from typing import Any

from app.decisions import letters
from app.decisions.letters import Brief, Maand

SOORT_KLASSEN: dict[str, type[Any]] = {
    k.soort: k
    for k in (
        letters.ToekenningLevensonderhoud,
        letters.ToekenningBedrijfskapitaal,
        letters.Afwijzing,
        letters.GedeeltelijkeToekenning,
        letters.BuitenBehandeling,
        letters.Herstelverzoek,
        letters.Intrekking,
        letters.Herziening,
        letters.Terugvordering,
        letters.ToekenningBedrijfskapitaalOmNiet,
        letters.Verdaging,
        letters.BeslissingOpBezwaar,
        letters.Omzetting,
    )
}


def naar_dict(brief: Brief) -> dict[str, Any]:
    uit = _naar(brief)
    assert isinstance(uit, dict)
    return {"soort": brief.soort, **uit}


def uit_dict(data: dict[str, Any]) -> Brief:
    rest = dict(data)
    klasse = SOORT_KLASSEN[str(rest.pop("soort"))]
    brief: Brief = _uit(klasse, rest)
    return brief


def _naar(waarde: object) -> Any:
    if isinstance(waarde, Maand):
        return f"{waarde.jaar:04d}-{waarde.maand:02d}"
    if dataclasses.is_dataclass(waarde) and not isinstance(waarde, type):
        return {f.name: _naar(getattr(waarde, f.name)) for f in dataclasses.fields(waarde)}
    if isinstance(waarde, Enum):
        return waarde.value
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, tuple | list):
        return [_naar(w) for w in waarde]
    return waarde


@cache
def _hints(klasse: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(klasse, vars(letters))


def _uit(soort: Any, waarde: Any) -> Any:
    return _omzetter(soort)(waarde)


def _zelf(waarde: Any) -> Any:
    return waarde


def _maand(waarde: Any) -> Maand:
    jaar, maand = str(waarde).split("-")
    return Maand(int(jaar), int(maand))


@cache
def _omzetter(soort: Any) -> Callable[[Any], Any]:
    """The conversion of stored JSON to `soort`, worked out once per type: a batch reads
    thousands of letters of the same few classes."""
    herkomst = typing.get_origin(soort)
    if herkomst in (typing.Union, UnionType):
        binnen = _omzetter(next(a for a in typing.get_args(soort) if a is not NoneType))
        return lambda waarde: None if waarde is None else binnen(waarde)
    if herkomst is tuple:
        element = _omzetter(typing.get_args(soort)[0])
        return lambda waarde: tuple(element(w) for w in waarde)
    if soort is Maand:
        return _maand
    if soort is date:
        return date.fromisoformat
    if isinstance(soort, type) and issubclass(soort, Enum):
        return soort
    if isinstance(soort, type) and dataclasses.is_dataclass(soort):
        hints = _hints(soort)
        velden = {f.name: _omzetter(hints[f.name]) for f in dataclasses.fields(soort) if f.init}
        klasse = soort

        def maak(waarde: Any) -> Any:
            onbekend = waarde.keys() - velden.keys()
            if onbekend:
                raise ValueError(f"onbekende velden voor {klasse.__name__}: {sorted(onbekend)}")
            return klasse(**{k: velden[k](v) for k, v in waarde.items()})

        return maak
    return _zelf
