"""Tozo versions, application windows and retroactivity (spec §1.1 and §1.4).

The version follows from the date the application was received; the months that can be granted
follow from that version and the deemed application date of Tozo art. 3 lid 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.rules.kalender import Maand, MaandVenster
from app.rules.parameters import datum, tabel


# eq=False: compared and hashed by identity. The versions are the rows of tozo.toml, built once at
# import, and a version is part of memo keys: the generated hash over all eight fields (two of
# them months, hashed in Python) cost more than the memoised work it keys.
@dataclass(frozen=True, slots=True, eq=False)
class TozoVersie:
    versie: int
    aanvraag_vanaf: date
    aanvraag_tot: date
    eerste_maand: Maand
    laatste_maand: Maand
    max_maanden: int
    aaneengesloten: bool
    bron: str


@dataclass(frozen=True, slots=True)
class Ingangsregel:
    aanvraag_vanaf: date
    ingang: str  # "vast", "zelfde" or "vorige"; see tozo.toml
    vaste_maand: Maand | None
    niet_voor: Maand | None
    bron: str
    bevestigd: bool


def _maand_of_niets(waarde: object) -> Maand | None:
    return None if waarde is None else Maand.uit_tekst(str(waarde))


VERSIES: tuple[TozoVersie, ...] = tuple(
    TozoVersie(
        versie=int(rij["versie"]),
        aanvraag_vanaf=datum(rij["aanvraag_vanaf"]),
        aanvraag_tot=datum(rij["aanvraag_tot"]),
        eerste_maand=Maand.uit_tekst(rij["eerste_maand"]),
        laatste_maand=Maand.uit_tekst(rij["laatste_maand"]),
        max_maanden=int(rij["max_maanden"]),
        aaneengesloten=bool(rij["aaneengesloten"]),
        bron=str(rij["bron"]),
    )
    for rij in sorted(tabel("tozo.versie"), key=lambda r: r["aanvraag_vanaf"])
)

INGANGSREGELS: tuple[Ingangsregel, ...] = tuple(
    Ingangsregel(
        aanvraag_vanaf=datum(rij["aanvraag_vanaf"]),
        ingang=str(rij["ingang"]),
        vaste_maand=_maand_of_niets(rij.get("vaste_maand")),
        niet_voor=_maand_of_niets(rij.get("niet_voor")),
        bron=str(rij["bron"]),
        bevestigd=bool(rij.get("bevestigd", True)),
    )
    for rij in sorted(tabel("tozo.ingangsregel"), key=lambda r: r["aanvraag_vanaf"])
)

TOZO_OPEN_VANAF = VERSIES[0].aanvraag_vanaf
TOZO_OPEN_TOT = VERSIES[-1].aanvraag_tot


@lru_cache(maxsize=4096)
def tozo_versie(aanvraagdatum: date) -> TozoVersie | None:
    """The version whose window holds the application date; None when Tozo is closed."""
    for versie in VERSIES:
        if versie.aanvraag_vanaf <= aanvraagdatum <= versie.aanvraag_tot:
            return versie
    return None


def ingangsregel(aanvraagdatum: date) -> Ingangsregel | None:
    gekozen = None
    for regel in INGANGSREGELS:
        if regel.aanvraag_vanaf <= aanvraagdatum:
            gekozen = regel
    return gekozen


def vroegste_maand(aanvraagdatum: date) -> Maand | None:
    """First month that can be granted: the month of the deemed application date (art. 3 lid 2)."""
    regel = ingangsregel(aanvraagdatum)
    if regel is None:
        return None
    if regel.ingang == "vast":
        assert regel.vaste_maand is not None
        return regel.vaste_maand
    maand = Maand.van(aanvraagdatum)
    if regel.ingang == "vorige":
        maand = maand.plus(-1)
    if regel.niet_voor is not None and maand < regel.niet_voor:
        maand = regel.niet_voor
    return maand


@lru_cache(maxsize=4096)
def maandvenster(aanvraagdatum: date) -> MaandVenster | None:
    versie = tozo_versie(aanvraagdatum)
    vroegst = vroegste_maand(aanvraagdatum)
    if versie is None or vroegst is None:
        return None
    regel = ingangsregel(aanvraagdatum)
    assert regel is not None
    return MaandVenster(
        eerste=max(vroegst, versie.eerste_maand),
        laatste=versie.laatste_maand,
        max_maanden=versie.max_maanden,
        grondslag=f"{versie.bron}; {regel.bron}",
    )
