"""Dated parameters, kept as data: one TOML file per regulation, loaded once at import.

Every value has a validity date (`geldig_vanaf`) and a source (`bron`, the article or page). A new
norm on 1 January is a new row in a TOML file, never a code change. Values not confirmed from a
source carry `bevestigd = false`, and the outcome lists them so a person can see it.
"""

from __future__ import annotations

import sys
import tomllib
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files
from typing import Any

Waarde = int | bool | str | date | datetime

BESTANDEN = ("participatiewet", "tozo", "bbz", "awb", "aow")


class ParameterOntbreekt(LookupError):
    """No value is known for this date: the engine must not guess a norm."""


@dataclass(frozen=True, slots=True)
class ParameterWaarde:
    naam: str
    geldig_vanaf: date
    waarde: Waarde
    bron: str
    bevestigd: bool


@dataclass(frozen=True, slots=True)
class Parameter:
    naam: str
    omschrijving: str
    eenheid: str
    waarden: tuple[ParameterWaarde, ...]
    bekend_tot: date | None
    _vanaf: tuple[date, ...]

    def op(self, dag: date) -> ParameterWaarde:
        """The value valid on `dag`; raises when the date lies outside what is known."""
        index = bisect_right(self._vanaf, dag) - 1
        if index < 0 or (self.bekend_tot is not None and dag > self.bekend_tot):
            raise ParameterOntbreekt(f"geen waarde voor {self.naam} op {dag.isoformat()}")
        return self.waarden[index]


def _als_datum(waarde: object) -> date:
    if isinstance(waarde, datetime):
        return waarde.date()
    if isinstance(waarde, date):
        return waarde
    raise TypeError(f"geen datum: {waarde!r}")


def _parameter(naam: str, ruw: Mapping[str, Any]) -> Parameter:
    waarden = tuple(
        sorted(
            (
                ParameterWaarde(
                    naam=naam,
                    geldig_vanaf=_als_datum(rij["geldig_vanaf"]),
                    waarde=rij["waarde"],
                    bron=str(rij["bron"]),
                    bevestigd=bool(rij.get("bevestigd", True)),
                )
                for rij in ruw["waarden"]
            ),
            key=lambda w: w.geldig_vanaf,
        )
    )
    bekend_tot = ruw.get("bekend_tot")
    return Parameter(
        naam=naam,
        omschrijving=str(ruw["omschrijving"]),
        eenheid=str(ruw["eenheid"]),
        waarden=waarden,
        bekend_tot=None if bekend_tot is None else _als_datum(bekend_tot),
        _vanaf=tuple(w.geldig_vanaf for w in waarden),
    )


def _laad() -> tuple[dict[str, Parameter], dict[str, list[dict[str, Any]]]]:
    parameters: dict[str, Parameter] = {}
    tabellen: dict[str, list[dict[str, Any]]] = {}
    map_ = files(__name__)
    for bestand in BESTANDEN:
        inhoud = tomllib.loads(map_.joinpath(f"{bestand}.toml").read_text(encoding="utf-8"))
        for sleutel, ruw in inhoud.items():
            naam = f"{bestand}.{sleutel}"
            if isinstance(ruw, list):
                tabellen[naam] = ruw
            else:
                parameters[naam] = _parameter(naam, ruw)
    return parameters, tabellen


_PARAMETERS, _TABELLEN = _laad()


@contextmanager
def gewijzigd(rijen: Mapping[str, Sequence[Mapping[str, Any]]]) -> Iterator[None]:
    """Evaluate with extra dated values on top of the TOML files: rows as a TOML file would hold
    them (`geldig_vanaf`, `waarde`, `bron`) per parameter name; a row with an existing
    `geldig_vanaf` replaces that value. For a norm change in a test, or a what-if run, without
    editing the real parameters.

    Process-wide, like the loaded parameters themselves (the engine reads them from this module
    and memoises on them, so every memo of the rules is emptied on entry and exit): use it in a
    test or a process of its own, never in a server answering other requests at the same time."""
    oud = dict(_PARAMETERS)
    for naam, extra in rijen.items():
        p = _PARAMETERS[naam]
        nieuw = {_als_datum(r["geldig_vanaf"]) for r in extra}
        bestaand = [
            {"geldig_vanaf": w.geldig_vanaf, "waarde": w.waarde, "bron": w.bron, "bevestigd": w.bevestigd}
            for w in p.waarden
            if w.geldig_vanaf not in nieuw
        ]
        ruw = {"omschrijving": p.omschrijving, "eenheid": p.eenheid, "waarden": [*bestaand, *extra]}
        _PARAMETERS[naam] = _parameter(naam, ruw | ({"bekend_tot": p.bekend_tot} if p.bekend_tot else {}))
    _vergeet()
    try:
        yield
    finally:
        _PARAMETERS.clear()
        _PARAMETERS.update(oud)
        _vergeet()


def _vergeet() -> None:
    """Empty every memo in the rules engine: each may hold a value derived from a parameter."""
    for naam, module in list(sys.modules.items()):
        if naam == "app.rules" or naam.startswith("app.rules."):
            for obj in list(vars(module).values()):
                leeg = getattr(obj, "cache_clear", None)
                if callable(leeg):
                    leeg()


def parameter(naam: str) -> Parameter:
    return _PARAMETERS[naam]


def alle_parameters() -> tuple[Parameter, ...]:
    return tuple(_PARAMETERS[naam] for naam in sorted(_PARAMETERS))


def tabel(naam: str) -> list[dict[str, Any]]:
    """A table of rows such as the Tozo versions; rows are read by the module that owns them."""
    return _TABELLEN[naam]


@lru_cache(maxsize=65_536)
def waarde_op(naam: str, dag: date) -> ParameterWaarde:
    """Memoised: parameters are immutable after loading, and lookups sit on the hot path."""
    return _PARAMETERS[naam].op(dag)


# The typed readers are memoised too (the check runs on a miss only; an error is not cached):
# they are asked a dozen times per evaluation, a few dates apart.
@lru_cache(maxsize=65_536)
def geheel_getal(naam: str, dag: date) -> int:
    waarde = waarde_op(naam, dag).waarde
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise TypeError(f"{naam} is geen geheel getal")
    return waarde


@lru_cache(maxsize=65_536)
def ja_nee(naam: str, dag: date) -> bool:
    waarde = waarde_op(naam, dag).waarde
    if not isinstance(waarde, bool):
        raise TypeError(f"{naam} is geen ja/nee")
    return waarde


@lru_cache(maxsize=65_536)
def tekst(naam: str, dag: date) -> str:
    waarde = waarde_op(naam, dag).waarde
    if not isinstance(waarde, str):
        raise TypeError(f"{naam} is geen tekst")
    return waarde


@lru_cache(maxsize=65_536)
def moment(naam: str, dag: date) -> datetime:
    waarde = waarde_op(naam, dag).waarde
    if not isinstance(waarde, datetime):
        raise TypeError(f"{naam} is geen moment")
    return waarde


def datum(waarde: object) -> date:
    """A date cell of a table row (TOML local date)."""
    return _als_datum(waarde)
