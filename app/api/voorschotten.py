"""`/aanvragen/{id}/voorschotten`: an advance for a month while the case is not decided
(Participatiewet art. 52). HTTP only; the work is in `app.workflows.voorschot`."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, StrictInt

from app.api.aanvragen import vereis_json
from app.api.deps import STAF, EngineDep, NuDep, met_rol
from app.api.problems import problem_responses
from app.api.schemas.aanvraag import Model
from app.api.schemas.typen import Maand
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import voorschot as wf

router = APIRouter(prefix="/aanvragen", tags=["voorschotten"])
Verlener = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent, Rol.teamleider))]
Staf = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*STAF))]


class NieuwVoorschot(Model):
    maand: Maand
    bedrag: Annotated[StrictInt, Field(gt=0, le=1_000_000)] | None = Field(
        None, description="Eurocenten; leeg: het bedrag dat de regels voor deze maand berekenden."
    )
    motivering: Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*$")]


class Voorschot(BaseModel):
    maand: str
    bedrag: int = Field(description="Eurocenten.")
    verleendOp: datetime
    verleendDoor: str
    motivering: str


class VoorschotLijst(BaseModel):
    voorschotten: list[Voorschot]


def _voorschot(v: wf.Voorschot) -> Voorschot:
    return Voorschot(
        maand=f"{v.maand:%Y-%m}",
        bedrag=v.bedrag_cent,
        verleendOp=v.verleend_op,
        verleendDoor=v.verleend_door,
        motivering=v.motivering,
    )


@router.post(
    "/{aanvraagId:uuid}/voorschotten",
    status_code=201,
    response_model=Voorschot,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 404, 409, 415),
    summary="Een voorschot verlenen over een maand (art. 52 Participatiewet), zolang er geen besluit is",
)
async def verleen(aanvraagId: UUID, body: NieuwVoorschot, wie: Verlener, engine: EngineDep, nu: NuDep) -> Voorschot:
    gebruiker, actor = wie
    v = await wf.verleen(engine, aanvraagId, gebruiker.gemeenten, actor, body.maand, body.bedrag, body.motivering, nu)
    return _voorschot(v)


@router.get(
    "/{aanvraagId:uuid}/voorschotten",
    response_model=VoorschotLijst,
    responses=problem_responses(400, 401, 403, 404),
    summary="De voorschotten van een aanvraag",
)
async def lijst(aanvraagId: UUID, wie: Staf, engine: EngineDep) -> VoorschotLijst:
    gebruiker, _ = wie
    return VoorschotLijst(voorschotten=[_voorschot(v) for v in await wf.lijst(engine, aanvraagId, gebruiker.gemeenten)])
