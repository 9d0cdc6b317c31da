"""The application as the rules engine reads it: the JSON body of an aanvraag, in Dutch snake_case.

Only what the application says. Register facts and the case history are separate (`feiten.py`),
so the engine can say per criterion whether it used declared or register data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property

from app.rules.kalender import Maand


class Regeling(StrEnum):
    TOZO_LEVENSONDERHOUD = "tozo-levensonderhoud"
    TOZO_BEDRIJFSKAPITAAL = "tozo-bedrijfskapitaal"
    BBZ_LEVENSONDERHOUD = "bbz-levensonderhoud"
    BBZ_BEDRIJFSKAPITAAL = "bbz-bedrijfskapitaal"

    # cached_property: asked several times per evaluation; after the first time it is a plain
    # attribute of the member.
    @cached_property
    def is_tozo(self) -> bool:
        return self in (Regeling.TOZO_LEVENSONDERHOUD, Regeling.TOZO_BEDRIJFSKAPITAAL)

    @cached_property
    def is_levensonderhoud(self) -> bool:
        return self in (Regeling.TOZO_LEVENSONDERHOUD, Regeling.BBZ_LEVENSONDERHOUD)


class Samenstelling(StrEnum):
    ALLEENSTAAND = "alleenstaand"
    ALLEENSTAANDE_OUDER = "alleenstaande-ouder"
    MET_PARTNER = "met-partner"


class Rechtsvorm(StrEnum):
    EENMANSZAAK = "eenmanszaak"
    VOF = "vof"
    CV = "cv"
    MAATSCHAP = "maatschap"
    BV = "bv"
    NV = "nv"
    COOPERATIE = "cooperatie"

    @cached_property
    def is_rechtspersoon(self) -> bool:
        """A director-shareholder controls the business through his shares (Tozo art. 1 onder c)."""
        return self in (Rechtsvorm.BV, Rechtsvorm.NV, Rechtsvorm.COOPERATIE)


class BbzCategorie(StrEnum):
    GEVESTIGDE = "gevestigde"
    STARTER = "starter"
    BEEINDIGER = "beeindiger"


class Levensvatbaarheid(StrEnum):
    LEVENSVATBAAR = "levensvatbaar"
    NIET_LEVENSVATBAAR = "niet-levensvatbaar"
    ONDER_VOORWAARDEN = "levensvatbaar-onder-voorwaarden"


@dataclass(frozen=True, slots=True)
class Naam:
    voornamen: str
    geslachtsnaam: str
    voorvoegsel: str | None = None


@dataclass(frozen=True, slots=True)
class Aanvrager:
    bsn: str
    geboortedatum: date
    naam: Naam
    woonland: str
    rechtmatig_verblijf: bool
    ontvangt_studiefinanciering: bool
    gedetineerd: bool
    ontvangt_bbz: bool
    verzekerd_volksverzekeringen: bool
    email: str | None = None
    telefoon: str | None = None


@dataclass(frozen=True, slots=True)
class Partner:
    bsn: str
    geboortedatum: date
    naam: Naam


@dataclass(frozen=True, slots=True)
class Huishouden:
    samenstelling: Samenstelling
    aantal_kinderen: int


@dataclass(frozen=True, slots=True)
class Onderneming:
    kvk_nummer: str
    rechtsvorm: Rechtsvorm
    startdatum: date
    uren_per_jaar: int
    vestigingsland: str
    volledige_zeggenschap: bool
    surseance_of_faillissement: bool
    naam: str | None = None
    inschrijvingsdatum_kvk: date | None = None
    aandelen_percentage: int | None = None


@dataclass(frozen=True, slots=True)
class Inkomen:
    """One person's income in one month, in cents.

    `winst` is gross business profit (the 18% tax deduction is the engine's job); the others are
    net. `toeslagen` and `kinderbijslag` are recorded only to show they are NOT counted.
    """

    winst: int = 0
    loon: int = 0
    uitkering: int = 0
    overig: int = 0
    toeslagen: int = 0
    kinderbijslag: int = 0


@dataclass(frozen=True, slots=True)
class MaandInkomsten:
    """Income belongs to the month the work was done, not the month it was paid (spec §3.3)."""

    maand: Maand
    aanvrager: Inkomen
    partner: Inkomen | None = None


@dataclass(frozen=True, slots=True)
class LeningAanvraag:
    bedrag: int
    doel: str
    eerdere_tozo_leningen: int = 0


@dataclass(frozen=True, slots=True)
class Verklaringen:
    naar_waarheid_ingevuld: bool
    inlichtingenplicht_bekend: bool
    getroffen_door_coronacrisis: bool | None
    inkomen_onder_sociaal_minimum: bool | None = None
    liquiditeitsprobleem: bool | None = None
    geen_herfinanciering: bool | None = None
    de_minimis: bool | None = None
    voldoet_aan_definitie_zelfstandige: bool | None = None


@dataclass(frozen=True, slots=True)
class BbzGegevens:
    categorie: BbzCategorie
    levensvatbaarheid: Levensvatbaarheid | None = None


@dataclass(frozen=True, slots=True)
class Aanvraag:
    regeling: Regeling
    gemeente: str
    aanvraagdatum: date
    aanvrager: Aanvrager
    huishouden: Huishouden
    onderneming: Onderneming
    iban: str
    verklaringen: Verklaringen
    partner: Partner | None = None
    maanden: tuple[Maand, ...] = ()
    inkomsten: tuple[MaandInkomsten, ...] = ()
    lening: LeningAanvraag | None = None
    bbz: BbzGegevens | None = None
    # Not on today's form (the vermogenstoets was never in force); kept so a municipality that
    # asks for it can record it, and so the regression test of spec case 21 can feed it.
    beschikbare_geldmiddelen: int | None = None

    def opgave_per_maand(self) -> list[MaandInkomsten | None]:
        """The income estimate for each month applied for, in the order of `maanden`; None where
        none was given (a later estimate for the same month wins)."""
        inkomsten = self.inkomsten
        # Usually one estimate per month in the same order. Months read from the form are one
        # object per month (`Maand.uit_tekst`), so this comparison mostly goes by identity and
        # saves hashing every month into a dict.
        if [i.maand for i in inkomsten] == list(self.maanden):
            return list(inkomsten)
        per_maand = {i.maand: i for i in inkomsten}
        return [per_maand.get(maand) for maand in self.maanden]
