"""Calendar months and date arithmetic: Tozo grants whole calendar months only."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


@dataclass(frozen=True, slots=True, order=True)
class Maand:
    """A calendar month, written as in the application: "2020-04"."""

    jaar: int
    maand: int

    def __post_init__(self) -> None:
        if not 1 <= self.maand <= 12:
            raise ValueError(f"ongeldige maand: {self.maand}")

    def __hash__(self) -> int:
        # Months key many dicts on the hot path; one integer is cheaper than a tuple hash.
        return self.jaar * 12 + self.maand

    @staticmethod
    @lru_cache(maxsize=1024)
    def uit_tekst(tekst: str) -> Maand:
        """Memoised, so every "2020-10" of an application is one and the same object: dict and
        cache lookups on months then match by identity, without calling `__eq__`."""
        jaar, _, maand = tekst.partition("-")
        if len(jaar) != 4 or len(maand) != 2 or not (jaar.isdigit() and maand.isdigit()):
            raise ValueError(f"maand moet de vorm JJJJ-MM hebben: {tekst!r}")
        return Maand(int(jaar), int(maand))

    @staticmethod
    def van(dag: date) -> Maand:
        return Maand(dag.year, dag.month)

    @property
    def eerste_dag(self) -> date:
        return date(self.jaar, self.maand, 1)

    @property
    def laatste_dag(self) -> date:
        return date(self.jaar, self.maand, calendar.monthrange(self.jaar, self.maand)[1])

    @property
    def volgnummer(self) -> int:
        """Months since year 0, so that differences between months are plain subtraction."""
        return self.jaar * 12 + self.maand - 1

    def plus(self, maanden: int) -> Maand:
        jaar, index = divmod(self.volgnummer + maanden, 12)
        return Maand(jaar, index + 1)

    def tot_en_met(self, laatste: Maand) -> list[Maand]:
        return [self.plus(i) for i in range(laatste.volgnummer - self.volgnummer + 1)]

    def __str__(self) -> str:
        if 1000 <= self.jaar <= 9999:  # without format specs, which cost several times a str()
            return f"{self.jaar}-{_MAANDNUMMERS[self.maand]}"
        return f"{self.jaar:04d}-{self.maand:02d}"


_MAANDNUMMERS = tuple(f"{n:02d}" for n in range(13))


MAANDNAMEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def maand_in_woorden(maand: Maand) -> str:
    """ "april 2020" — how a letter names a month."""
    return f"{MAANDNAMEN[maand.maand - 1]} {maand.jaar}"


def datum_in_woorden(dag: date) -> str:
    """ "17 maart 2020" — how a letter names a date."""
    return f"{dag.day} {MAANDNAMEN[dag.month - 1]} {dag.year}"


def plus_maanden(dag: date, maanden: int) -> date:
    """Same day-of-month `maanden` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    doel = Maand.van(dag).plus(maanden)
    laatste = calendar.monthrange(doel.jaar, doel.maand)[1]
    return date(doel.jaar, doel.maand, min(dag.day, laatste))


def leeftijd_op(geboortedatum: date, peildag: date) -> int:
    """Age in whole years on `peildag`; someone born on 29 Feb ages on 1 March in other years."""
    jaren = peildag.year - geboortedatum.year
    if (peildag.month, peildag.day) < (geboortedatum.month, geboortedatum.day):
        jaren -= 1
    return jaren


@dataclass(frozen=True, slots=True)
class MaandVenster:
    """The months that may be applied for on a given application date."""

    eerste: Maand
    laatste: Maand
    max_maanden: int
    grondslag: str

    def bevat(self, maand: Maand) -> bool:
        return self.eerste <= maand <= self.laatste
