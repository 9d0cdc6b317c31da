"""`/aanvragen/{id}/beschikkingen`: the decision letters of a case. HTTP only; the work is in
`app.workflows.beschikkingen`."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, Field

from app.api.deps import LEZERS, EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import problem_responses
from app.api.schemas.antwoorden import Link
from app.audit.trail import Actor
from app.auth import Gebruiker
from app.workflows import beschikkingen as wf

router = APIRouter(tags=["beschikkingen"])
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*LEZERS))]
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
