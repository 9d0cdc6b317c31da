"""Facts from registers and from the case history, each with its source.

The engine prefers a register fact over what the applicant declared, and says which it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.rules.kalender import Maand


class Bron(StrEnum):
    AANVRAGER = "aanvrager"
    KVK = "kvk"
    BRP = "brp"
    SUWINET = "suwinet"
    DOSSIER = "dossier"
    REGELS = "regels"


class Rol(StrEnum):
    AANVRAGER = "aanvrager"
    PARTNER = "partner"


@dataclass(frozen=True, slots=True)
class KvkGegevens:
    """Basisprofiel of the business. `inschrijving` is the moment of physical registration, as a
    datetime when the register gives the time, else a date."""

    kvk_nummer: str
    inschrijving: datetime | date | None
    actief: bool
    datum_beeindiging: date | None = None


@dataclass(frozen=True, slots=True)
class BrpGegevens:
    """Haal Centraal BRP: where the applicant lives and who the partner is."""

    gemeente_van_inschrijving: str | None
    geboortedatum: date | None = None
    partner_bsn: str | None = None
    partner_geboortedatum: date | None = None


@dataclass(frozen=True, slots=True)
class SuwinetInkomen:
    """Wages and benefits of one person in one month (UWV polisadministratie), net cents."""

    rol: Rol
    maand: Maand
    loon: int
    uitkering: int


@dataclass(frozen=True, slots=True)
class Registerfeiten:
    kvk: KvkGegevens | None = None
    brp: BrpGegevens | None = None
    inkomen: tuple[SuwinetInkomen, ...] = ()
    # Suwinet Bijstandsregelingen: True/False when consulted, None when not.
    bestaande_bbz: bool | None = None


@dataclass(frozen=True, slots=True)
class ToegekendeMaand:
    maand: Maand
    regeling: str


@dataclass(frozen=True, slots=True)
class EerdereLening:
    kvk_nummer: str
    bedrag: int


@dataclass(frozen=True, slots=True)
class Historie:
    toegekende_maanden: tuple[ToegekendeMaand, ...] = ()
    tozo_leningen: tuple[EerdereLening, ...] = ()


GEEN_FEITEN = Registerfeiten()
GEEN_HISTORIE = Historie()
