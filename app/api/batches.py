"""`/batches`: render all pending letters and follow the progress. HTTP only; the work is in
`app.workflows.batches`."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import EngineDep, NuDep, met_rol
from app.api.problems import problem_responses
from app.api.schemas.antwoorden import Link
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import batches as wf

router = APIRouter(tags=["batches"])
Operator = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.batch))]


class NieuweBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    soort: Literal["openstaande-brieven"] = Field(description="Wat de batch doet: alle nog niet gemaakte brieven.")


class Batch(BaseModel):
    id: int
    soort: str
    aangemaaktOp: datetime
    aangemaaktDoor: str
    totaal: int
    klaar: int
    status: str = Field(description="plannen, bezig of klaar")
    links: dict[str, Link] = Field(alias="_links")


def _batch(b: wf.Batch) -> Batch:
    return Batch.model_validate(
        {
            "id": b.id,
            "soort": b.soort,
            "aangemaaktOp": b.aangemaakt_op,
            "aangemaaktDoor": b.aangemaakt_door,
            "totaal": b.totaal,
            "klaar": b.klaar,
            "status": b.status,
            "_links": {"self": {"href": f"/api/v1/batches/{b.id}"}},
        }
    )


@router.post(
    "/batches",
    status_code=201,
    response_model=Batch,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403),
    summary="Een batch starten: alle brieven die nog niet gemaakt zijn, in de wachtrij",
)
async def start(body: NieuweBatch, response: Response, wie: Operator, engine: EngineDep, nu: NuDep) -> Batch:
    gebruiker, _ = wie
    batch = await wf.start_batch(engine, body.soort, gebruiker.sub, nu)
    response.headers["Location"] = f"/api/v1/batches/{batch.id}"
    return _batch(batch)


@router.get(
    "/batches/{batchId}",
    response_model=Batch,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404),
    summary="De voortgang van een batch",
)
async def voortgang(batchId: Annotated[int, Path(ge=1, le=2**62)], wie: Operator, engine: EngineDep) -> Batch:
    return _batch(await wf.lees_batch(engine, batchId))
