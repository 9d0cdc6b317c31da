"""Pensioengerechtigde leeftijd (AOW art. 7a): the age depends on the year it is reached."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from app.rules.kalender import leeftijd_op, plus_maanden
from app.rules.parameters import ParameterWaarde, parameter


@lru_cache(maxsize=4096)
def aow_datum(geboortedatum: date) -> tuple[date, ParameterWaarde]:
    """The day someone born on `geboortedatum` reaches AOW age, and the table row used.

    A row covers the years from its `geldig_vanaf` up to the next row. People who reached AOW age
    before the table starts are long past it; for them the first row is an upper bound.
    """
    rijen = parameter("aow.pensioengerechtigde_leeftijd").waarden
    for index, rij in enumerate(rijen):
        assert isinstance(rij.waarde, int)
        kandidaat = plus_maanden(geboortedatum, rij.waarde)
        volgend_jaar = rijen[index + 1].geldig_vanaf.year if index + 1 < len(rijen) else None
        if kandidaat.year < rij.geldig_vanaf.year and index == 0:
            return kandidaat, rij
        if rij.geldig_vanaf.year <= kandidaat.year and (volgend_jaar is None or kandidaat.year < volgend_jaar):
            return kandidaat, rij
    laatste = rijen[-1]
    assert isinstance(laatste.waarde, int)
    return plus_maanden(geboortedatum, laatste.waarde), laatste


def _jonger_dan_dit_nooit_aow() -> int:
    """Every AOW date is the birth date plus a number of months from the table, so nobody younger
    than the lowest of them has reached AOW age. One year of margin keeps 29 February and the
    end-of-month clamping of `plus_maanden` out of the question."""
    maanden: list[int] = []
    for rij in parameter("aow.pensioengerechtigde_leeftijd").waarden:
        assert isinstance(rij.waarde, int)
        maanden.append(rij.waarde)
    return min(maanden) // 12 - 1


_JONGER_DAN_DIT_NOOIT_AOW = _jonger_dan_dit_nooit_aow()


def heeft_aow_leeftijd(geboortedatum: date, peildag: date) -> bool:
    if leeftijd_op(geboortedatum, peildag) < _JONGER_DAN_DIT_NOOIT_AOW:
        return False  # most people: no need to look up their AOW date
    return peildag >= aow_datum(geboortedatum)[0]
