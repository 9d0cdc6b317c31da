"""`/aanvragen/{id}/beschikkingen`: the decision letters of a case, and `/batches`: render all
pending letters and follow the progress. HTTP only; the work is in `app.workflows.beschikkingen`."""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import LEZERS, EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import problem_responses
from app.api.schemas.antwoorden import Link
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import beschikkingen as wf

router = APIRouter(tags=["beschikkingen"])
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*LEZERS))]
Operator = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.batch))]
PDF = "application/pdf"


class BeschikkingLinks(BaseModel):
    self: Link
    pdf: Link | None = None


class Beschikking(BaseModel):
    nummer: int
    soort: str
    kenmerk: str
    beslotenOp: datetime
    briefdatum: date
    gerenderd: bool
    sha256: str | None
    gerenderdOp: datetime | None
    vervangt: int | None = Field(description="Het nummer van de beschikking die deze corrigeert.")
    links: BeschikkingLinks = Field(alias="_links")


class BeschikkingLijst(BaseModel):
    beschikkingen: list[Beschikking]


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


def _beschikking(b: wf.Beschikking, nummers: dict[int, int]) -> Beschikking:
    pad = f"/api/v1/aanvragen/{b.aanvraag_id}/beschikkingen/{b.nummer}"
    return Beschikking.model_validate(
        {
            "nummer": b.nummer,
            "soort": b.soort,
            "kenmerk": b.kenmerk,
            "beslotenOp": b.besloten_op,
            "briefdatum": b.briefdatum,
            "gerenderd": b.sha256 is not None,
            "sha256": b.sha256,
            "gerenderdOp": b.gerenderd_op,
            "vervangt": nummers.get(b.vervangt) if b.vervangt is not None else None,
            "_links": {"self": {"href": pad}, "pdf": {"href": pad} if b.sha256 else None},
        }
    )


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


@router.get(
    "/aanvragen/{aanvraagId:uuid}/beschikkingen",
    response_model=BeschikkingLijst,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404),
    summary="De beschikkingen (besluitbrieven) bij een aanvraag",
)
async def lijst(aanvraagId: UUID, wie: Lezer, engine: EngineDep) -> BeschikkingLijst:
    gebruiker, _ = wie
    alle = await wf.lijst(engine, aanvraagId, gebruiker.gemeenten)
    nummers = {b.id: b.nummer for b in alle}
    return BeschikkingLijst(beschikkingen=[_beschikking(b, nummers) for b in alle])


@router.get(
    "/aanvragen/{aanvraagId:uuid}/beschikkingen/{nummer}",
    response_class=Response,
    responses={
        200: {"content": {PDF: {}}, "description": "De brief als PDF/A-2b."},
        **problem_responses(400, 401, 403, 404, 409),
    },
    summary="Een beschikking downloaden (PDF); 409 zolang de brief nog wordt gemaakt",
)
async def download(
    aanvraagId: UUID,
    nummer: Annotated[int, Path(ge=1, le=1_000_000)],
    wie: Lezer,
    engine: EngineDep,
    settings: SettingsDep,
    trace: TraceDep,
    nu: NuDep,
) -> Response:
    gebruiker, _ = wie
    b, pdf = await wf.download(
        engine, aanvraagId, nummer, gebruiker.gemeenten, trace, settings.logboek_sleutel.get_secret_value(), nu
    )
    return Response(
        pdf,
        media_type=PDF,
        headers={
            "Content-Disposition": f'attachment; filename="beschikking-{b.kenmerk}.pdf"',
            "Digest": f"sha-256={b.sha256}",
            "Cache-Control": "private, no-store",
        },
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
