"""The body of an application (aanvraag), one model per regulation, told apart by `regeling`.

The field set follows what the municipal Tozo and Bbz forms asked (spec §6). Cross-field checks
that need the regulation's rules (months in the window, partner present when declared) live in
`app.workflows.intake_controles`, so that all problems are reported in one answer."""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from app.api.schemas.typen import (
    Bedrag,
    Bsn,
    Datum,
    GemeenteCode,
    Iban,
    Ja,
    KvkNummer,
    Landcode,
    Maand,
    Tekst,
)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Naam(Model):
    voornamen: Tekst
    voorvoegsel: Annotated[str, Field(max_length=20)] | None = None
    geslachtsnaam: Tekst


class Aanvrager(Model):
    bsn: Bsn
    geboortedatum: Datum
    naam: Naam
    email: Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    telefoon: Annotated[str, Field(max_length=20, pattern=r"^\+?[0-9 ()-]{6,20}$")] | None = None
    woonland: Landcode = "NL"
    rechtmatigVerblijf: Ja = True
    ontvangtStudiefinanciering: Ja = False
    gedetineerd: Ja = False
    ontvangtBbz: Ja = False
    verzekerdVolksverzekeringen: Ja = True


class Samenstelling(StrEnum):
    alleenstaand = "alleenstaand"
    alleenstaande_ouder = "alleenstaande-ouder"
    met_partner = "met-partner"


class Huishouden(Model):
    samenstelling: Samenstelling
    aantalKinderen: Annotated[StrictInt, Field(ge=0, le=30)] = 0


class Partner(Model):
    bsn: Bsn
    geboortedatum: Datum
    naam: Naam


class Rechtsvorm(StrEnum):
    eenmanszaak = "eenmanszaak"
    vof = "vof"
    cv = "cv"
    maatschap = "maatschap"
    bv = "bv"
    nv = "nv"
    cooperatie = "cooperatie"


class Onderneming(Model):
    kvkNummer: KvkNummer
    naam: Tekst | None = None
    rechtsvorm: Rechtsvorm
    startdatum: Datum
    inschrijvingsdatumKvk: Datum | None = None
    urenPerJaar: Annotated[StrictInt, Field(ge=0, le=8784)]
    vestigingsland: Landcode = "NL"
    volledigeZeggenschap: Ja = True
    aandelenPercentage: Annotated[StrictInt, Field(ge=0, le=100)] | None = None
    surseanceOfFaillissement: Ja = False


class Inkomen(Model):
    winst: Bedrag = Field(0, description="Winst uit de onderneming vóór aftrek van 18%, in eurocenten.")
    loon: Bedrag = Field(0, description="Netto loon, in eurocenten.")
    uitkering: Bedrag = Field(0, description="Netto uitkering, in eurocenten.")
    overig: Bedrag = Field(0, description="Overig netto inkomen (alimentatie, huur), in eurocenten.")


class InkomenPerMaand(Model):
    maand: Maand
    aanvrager: Inkomen
    partner: Inkomen | None = None


class Lening(Model):
    bedrag: Annotated[StrictInt, Field(gt=0, le=100_000_000_00, description="In eurocenten.")]
    doel: Annotated[str, Field(min_length=1, max_length=1000)]
    eerdereTozoLeningen: Bedrag = 0


class Verklaringen(Model):
    naarWaarheidIngevuld: Ja
    inlichtingenplichtBekend: Ja
    getroffenDoorCoronacrisis: Ja | None = None
    inkomenOnderSociaalMinimum: Ja | None = None
    liquiditeitsprobleem: Ja | None = None
    geenHerfinanciering: Ja | None = None
    deMinimis: Ja | None = None
    voldoetAanDefinitieZelfstandige: Ja | None = None


class Ondersteuningsbehoefte(StrEnum):
    coaching = "coaching"
    schuldhulp = "schuldhulp"
    heroriëntatie = "heroriëntatie"
    geen = "geen"


class Achterstand(StrEnum):
    huur = "huur"
    energie = "energie"
    belasting = "belasting"
    zorgverzekering = "zorgverzekering"
    overig = "overig"


class Ondersteuning(Model):
    """Tozo 5 asked this optionally; the answers put the case on the referral list
    (`app.workflows.verwijzingen`) and are never read by the rules engine."""

    behoefte: Annotated[list[Ondersteuningsbehoefte], Field(max_length=4)] = []
    betalingsachterstanden: Annotated[list[Achterstand], Field(max_length=5)] = []


class BbzCategorie(StrEnum):
    gevestigde = "gevestigde"
    starter = "starter"
    beeindiger = "beeindiger"


class Bbz(Model):
    categorie: BbzCategorie


class Basis(Model):
    gemeente: GemeenteCode
    aanvraagdatum: Datum | None = Field(
        None,
        description="De datum waarop de gemeente de aanvraag ontving; leeg = vandaag.",
    )
    aanvrager: Aanvrager
    huishouden: Huishouden
    partner: Partner | None = None
    onderneming: Onderneming
    iban: Iban
    verklaringen: Verklaringen
    eerdereAanvragen: Annotated[list[Annotated[str, Field(max_length=32)]], Field(max_length=20)] = []


Maanden = Annotated[list[Maand], Field(min_length=1, max_length=12)]
Inkomsten = Annotated[list[InkomenPerMaand], Field(max_length=12)]


class TozoLevensonderhoud(Basis):
    regeling: Literal["tozo-levensonderhoud"]
    maanden: Maanden
    inkomsten: Inkomsten = []
    ondersteuning: Ondersteuning | None = None


class TozoBedrijfskapitaal(Basis):
    regeling: Literal["tozo-bedrijfskapitaal"]
    lening: Lening
    ondersteuning: Ondersteuning | None = None


class BbzLevensonderhoud(Basis):
    regeling: Literal["bbz-levensonderhoud"]
    bbz: Bbz
    maanden: Maanden
    inkomsten: Inkomsten = []
    ondersteuning: Ondersteuning | None = None


class BbzBedrijfskapitaal(Basis):
    regeling: Literal["bbz-bedrijfskapitaal"]
    bbz: Bbz
    lening: Lening
    ondersteuning: Ondersteuning | None = None


AanvraagGegevens = Annotated[
    TozoLevensonderhoud | TozoBedrijfskapitaal | BbzLevensonderhoud | BbzBedrijfskapitaal,
    Field(discriminator="regeling"),
]

MODEL_PER_REGELING: dict[str, type[Basis]] = {
    "tozo-levensonderhoud": TozoLevensonderhoud,
    "tozo-bedrijfskapitaal": TozoBedrijfskapitaal,
    "bbz-levensonderhoud": BbzLevensonderhoud,
    "bbz-bedrijfskapitaal": BbzBedrijfskapitaal,
}
