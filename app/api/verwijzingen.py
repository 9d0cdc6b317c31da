"""`/verwijzingen` and `/aanvragen/{id}/verwijzingen`: the referral list for support (debt help,
coaching, reorientation, the municipality's own programmes), the applicant's consent and the
outcome. HTTP only; the rules live in `app.workflows.verwijzingen`."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.api.aanvragen import vereis_json
from app.api.deps import EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import problem_responses
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import verwijzingen as wf
from app.workflows.verwijzingen import VerwijzingUitkomst

router = APIRouter(tags=["verwijzingen"])
ZONDER_NUL = r"^[^\x00]*$"
Tekst = Annotated[str, Field(max_length=5000, pattern=ZONDER_NUL)]
Soort = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-zà-ÿ-]+$")]
FOUTEN = problem_responses(400, 401, 403, 404, 409, 415)

Consulent = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent, Rol.teamleider))]
Toestemmer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.loket, Rol.balie, Rol.consulent))]
Lezer = Annotated[
    tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent, Rol.teamleider, Rol.controleur, Rol.reviewer))
]


class Persoon(BaseModel):
    aanvraagId: UUID
    referentie: str
    naam: str
    email: str | None
    telefoon: str | None


class Verwijzing(BaseModel):
    id: int
    gemeente: str
    soort: str = Field(examples=["schuldhulp"])
    aanleiding: str = Field(description="`aanvraag` (antwoorden op het formulier) of `consulent` (eigen oordeel).")
    toelichting: str | None
    aangemaaktOp: datetime
    toestemming: bool | None = Field(description="Toestemming om gegevens te delen; leeg: nog niet gevraagd.")
    toestemmingOp: datetime | None
    uitkomst: str | None
    uitkomstOp: datetime | None
    uitkomstToelichting: str | None
    persoon: Persoon | None = Field(None, description="Alleen met toestemming van de aanvrager.")


class VerwijzingLijst(BaseModel):
    verwijzingen: list[Verwijzing]
    volgende: str | None = Field(None, description="Cursor voor de volgende pagina.")


def _antwoord(v: wf.Verwijzing) -> Verwijzing:
    p = v.persoon
    return Verwijzing(
        id=v.id,
        gemeente=v.gemeente,
        soort=v.soort,
        aanleiding=v.aanleiding,
        toelichting=v.toelichting,
        aangemaaktOp=v.aangemaakt_op,
        toestemming=v.toestemming,
        toestemmingOp=v.toestemming_op,
        uitkomst=v.uitkomst,
        uitkomstOp=v.uitkomst_op,
        uitkomstToelichting=v.uitkomst_toelichting,
        persoon=None
        if p is None
        else Persoon(
            aanvraagId=p.aanvraag_id, referentie=p.referentie, naam=p.naam, email=p.email, telefoon=p.telefoon
        ),
    )


@router.get(
    "/verwijzingen",
    response_model=VerwijzingLijst,
    responses=problem_responses(400, 401, 403),
    summary="De verwijslijst; wie het betreft alleen bij toestemming",
)
async def lijst(
    wie: Lezer,
    engine: EngineDep,
    settings: SettingsDep,
    trace: TraceDep,
    nu: NuDep,
    soort: Annotated[str | None, Query(max_length=40, pattern=r"^[a-zà-ÿ-]+$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,18}$")] = None,  # fits a bigint (fuzz found 20 digits)
) -> VerwijzingLijst:
    gebruiker, _ = wie
    rijen, volgende = await wf.lijst(
        engine,
        gebruiker.gemeenten,
        soort,
        int(cursor) if cursor else None,
        limit,
        trace,
        settings.logboek_sleutel.get_secret_value(),
        nu,
    )
    return VerwijzingLijst(
        verwijzingen=[_antwoord(v) for v in rijen], volgende=None if volgende is None else str(volgende)
    )


class NieuweVerwijzing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    soort: Soort = Field(description="Een soort die de gemeente kent, zoals schuldhulp of coaching.")
    toelichting: Tekst | None = None


@router.post(
    "/aanvragen/{aanvraagId:uuid}/verwijzingen",
    status_code=201,
    response_model=Verwijzing,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="De aanvraag op de verwijslijst zetten (eigen oordeel van de consulent)",
)
async def maak(aanvraagId: UUID, verzoek: NieuweVerwijzing, wie: Consulent, engine: EngineDep, nu: NuDep) -> Verwijzing:
    gebruiker, actor = wie
    return _antwoord(
        await wf.maak(engine, aanvraagId, gebruiker.gemeenten, actor, verzoek.soort, verzoek.toelichting, nu)
    )


@router.get(
    "/aanvragen/{aanvraagId:uuid}/verwijzingen",
    response_model=VerwijzingLijst,
    responses=problem_responses(400, 401, 403, 404),
    summary="De verwijzingen bij een aanvraag",
)
async def van_aanvraag(aanvraagId: UUID, wie: Lezer, engine: EngineDep) -> VerwijzingLijst:
    gebruiker, _ = wie
    return VerwijzingLijst(
        verwijzingen=[_antwoord(v) for v in await wf.van_aanvraag(engine, aanvraagId, gebruiker.gemeenten)]
    )


class Toestemming(BaseModel):
    model_config = ConfigDict(extra="forbid")
    toestemming: StrictBool = Field(description="De aanvrager geeft toestemming om gegevens te delen.")


@router.post(
    "/verwijzingen/{verwijzingId}/toestemmingen",
    status_code=201,
    response_model=Verwijzing,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="De toestemming van de aanvrager vastleggen (of de weigering)",
)
async def toestemming(
    verwijzingId: Annotated[int, Path(ge=1, le=2**62)],
    verzoek: Toestemming,
    wie: Toestemmer,
    engine: EngineDep,
    nu: NuDep,
) -> Verwijzing:
    gebruiker, actor = wie
    return _antwoord(
        await wf.leg_toestemming_vast(engine, verwijzingId, gebruiker.gemeenten, actor, verzoek.toestemming, nu)
    )


class UitkomstVerzoek(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uitkomst: VerwijzingUitkomst
    toelichting: Tekst | None = None


@router.post(
    "/verwijzingen/{verwijzingId}/uitkomsten",
    status_code=201,
    response_model=Verwijzing,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="De uitkomst van de verwijzing vastleggen (alleen met toestemming)",
)
async def uitkomst(
    verwijzingId: Annotated[int, Path(ge=1, le=2**62)],
    verzoek: UitkomstVerzoek,
    wie: Consulent,
    engine: EngineDep,
    nu: NuDep,
) -> Verwijzing:
    gebruiker, actor = wie
    return _antwoord(
        await wf.leg_uitkomst_vast(
            engine, verwijzingId, gebruiker.gemeenten, actor, verzoek.uitkomst, verzoek.toelichting, nu
        )
    )
