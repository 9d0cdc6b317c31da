"""The Bbz application prefilled from a Tozo case, kept as a draft: made from the Tozo case
(`/aanvragen/{id}/bbz-concepten`), read and completed (`/bbz-concepten/{id}`) and submitted
(`/bbz-concepten/{id}/indieningen`) with exactly the validation of `POST /aanvragen`. HTTP only;
the work is in `app.workflows.concepten`."""

import json
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Header, Response
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from app.api.aanvragen import controleer_en_dien_in, ingediend_antwoord, vereis_json
from app.api.deps import INDIENERS, STAF, EngineDep, NuDep, OmgevingDep, SettingsDep, TraceDep, met_rol
from app.api.problems import Probleem, invalid_params, problem_responses
from app.api.schemas.aanvraag import AanvraagGegevens
from app.audit.trail import Actor
from app.auth import Gebruiker
from app.workflows import concepten as wf
from app.workflows import intake

router = APIRouter(tags=["bbz"])
Indiener = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*INDIENERS))]
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*INDIENERS, *STAF))]
_AANVRAAG: TypeAdapter[Any] = TypeAdapter(AanvraagGegevens)


class BbzConceptAntwoord(BaseModel):
    id: UUID
    vanAanvraag: UUID
    gemeente: str
    gegevens: dict[str, Any] = Field(description="De Bbz-aanvraag zoals tot nu toe ingevuld (nog niet gecontroleerd).")
    aangemaaktOp: datetime
    gewijzigdOp: datetime
    ingediendAls: UUID | None = Field(description="De aanvraag die dit concept werd, na indienen.")
    ingediendOp: datetime | None


def _antwoord(c: wf.BbzConcept) -> BbzConceptAntwoord:
    return BbzConceptAntwoord(
        id=c.id,
        vanAanvraag=c.van_aanvraag,
        gemeente=c.gemeente,
        gegevens=c.gegevens,
        aangemaaktOp=c.aangemaakt_op,
        gewijzigdOp=c.gewijzigd_op,
        ingediendAls=c.ingediend_als,
        ingediendOp=c.ingediend_op,
    )


@router.post(
    "/aanvragen/{aanvraagId:uuid}/bbz-concepten",
    status_code=201,
    response_model=BbzConceptAntwoord,
    responses={
        200: {"description": "Er was al een concept bij deze Tozo-aanvraag; dit is dat concept."},
        **problem_responses(400, 401, 403, 404, 409),
    },
    summary="Een Bbz-aanvraag als concept bewaren, vooringevuld uit een Tozo-uitkering die afloopt",
)
async def maak(
    aanvraagId: UUID,
    response: Response,
    wie: Indiener,
    engine: EngineDep,
    settings: SettingsDep,
    trace: TraceDep,
    nu: NuDep,
) -> BbzConceptAntwoord:
    gebruiker, actor = wie
    sleutel = settings.logboek_sleutel.get_secret_value()
    c, nieuw = await wf.maak(engine, aanvraagId, gebruiker.gemeenten, actor, trace, sleutel, nu)
    response.headers["Location"] = f"/api/v1/bbz-concepten/{c.id}"
    if not nieuw:
        response.status_code = 200
    return _antwoord(c)


@router.get(
    "/bbz-concepten/{conceptId}",
    response_model=BbzConceptAntwoord,
    responses=problem_responses(400, 401, 403, 404),
    summary="Een Bbz-concept",
)
async def lees(
    conceptId: UUID, wie: Lezer, engine: EngineDep, settings: SettingsDep, trace: TraceDep, nu: NuDep
) -> BbzConceptAntwoord:
    gebruiker, _ = wie
    sleutel = settings.logboek_sleutel.get_secret_value()
    return _antwoord(await wf.lees(engine, conceptId, gebruiker.gemeenten, trace, sleutel, nu))


@router.put(
    "/bbz-concepten/{conceptId}",
    response_model=BbzConceptAntwoord,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415),
    summary="Een Bbz-concept aanvullen: de hele aanvraag zoals de aanvrager haar nu heeft ingevuld",
)
async def werk_bij(
    conceptId: UUID,
    gegevens: Annotated[
        dict[str, Any], Body(description="De aanvraag zoals bij POST /aanvragen; mag nog onvolledig zijn.")
    ],
    wie: Indiener,
    engine: EngineDep,
    settings: SettingsDep,
    trace: TraceDep,
    nu: NuDep,
) -> BbzConceptAntwoord:
    gebruiker, actor = wie
    sleutel = settings.logboek_sleutel.get_secret_value()
    return _antwoord(await wf.werk_bij(engine, conceptId, gebruiker.gemeenten, actor, gegevens, trace, sleutel, nu))


@router.post(
    "/bbz-concepten/{conceptId}/indieningen",
    status_code=201,
    responses={
        201: {"description": "De aanvraag is ingediend.", "content": {"application/json": {}}},
        **problem_responses(400, 401, 403, 404, 409),
    },
    summary="Een aangevuld Bbz-concept indienen: dezelfde controles als POST /aanvragen",
)
async def dien_in(
    conceptId: UUID,
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200)],
    wie: Indiener,
    omgeving: OmgevingDep,
) -> Response:
    gebruiker, actor = wie

    async def intake_van(c: wf.BbzConcept) -> intake.Ingediend:
        try:
            # As JSON, like a request body: the same types, formats and errors as POST /aanvragen.
            gegevens = _AANVRAAG.validate_json(json.dumps(c.gegevens))
        except ValidationError as fout:
            raise Probleem(400, invalid_params=invalid_params(fout.errors())) from fout
        hash_ = intake.verzoek_hash_json(c.gegevens)
        return await controleer_en_dien_in(gegevens, gebruiker, actor, omgeving, idempotency_key, hash_)

    resultaat = await wf.dien_in(
        omgeving.engine, conceptId, gebruiker.gemeenten, actor, idempotency_key, omgeving.nu, intake_van
    )
    return ingediend_antwoord(resultaat, actor, {"concept": {"href": f"/api/v1/bbz-concepten/{conceptId}"}})
