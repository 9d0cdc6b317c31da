"""Response shapes. Field names follow the API's Dutch camelCase vocabulary."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class Link(BaseModel):
    href: str


class Links(BaseModel):
    self: Link


class AanvraagSamenvatting(BaseModel):
    id: UUID
    referentie: str = Field(examples=["TOZO-0363-0000001"])
    gemeente: str
    regeling: str
    status: str
    kanaal: str
    aanvraagdatum: date
    ontvangenOp: datetime
    links: Links = Field(alias="_links")


class AanvraagDetail(AanvraagSamenvatting):
    medewerker: str | None = Field(None, description="Baliemedewerker die de aanvraag innam.")
    gewijzigdOp: datetime
    gegevens: dict[str, Any] = Field(description="De aanvraag zoals ingediend.")


class AanvraagLijst(BaseModel):
    aanvragen: list[AanvraagSamenvatting]
    volgende: str | None = Field(None, description="Cursor voor de volgende pagina.")


class Gebeurtenis(BaseModel):
    tijdstip: datetime
    actie: str
    omschrijving: str
    status: str | None
    kanaal: str
    rol: str


class Historie(BaseModel):
    gebeurtenissen: list[Gebeurtenis]


class Document(BaseModel):
    id: UUID
    soort: str
    bestandsnaam: str
    mediatype: str
    grootte: int
    sha256: str
    geuploadOp: datetime
    links: dict[str, Link] = Field(alias="_links")


class DocumentLijst(BaseModel):
    documenten: list[Document]


class InvalidParam(BaseModel):
    name: str
    code: str
    reason: str


class Probleem(BaseModel):
    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str
    code: str | None = None
    invalidParams: list[InvalidParam] | None = None
