"""`POST /aanvragen/{id}/verlengingen`: extend a Tozo benefit from the previous case (short form
under a 3-month gap, else the full application). HTTP only; the work is in
`app.workflows.verlenging`."""

from typing import Annotated, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Depends, Header, Request, Response
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from app.api.aanvragen import Indiener, ingediend_antwoord, vereis_json
from app.api.deps import OmgevingDep
from app.api.problems import Probleem, invalid_params, problem_responses
from app.api.schemas.aanvraag import (
    AanvraagGegevens,
    Aanvrager,
    Huishouden,
    Inkomsten,
    Maanden,
    Model,
    Onderneming,
    Ondersteuning,
    Partner,
    Verklaringen,
)
from app.api.schemas.antwoorden import AanvraagSamenvatting, Link
from app.api.schemas.typen import Datum, Iban
from app.workflows import intake, intake_controles
from app.workflows import verlenging as wf

router = APIRouter(prefix="/aanvragen", tags=["aanvragen"])
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_GEGEVENS: TypeAdapter[AanvraagGegevens] = TypeAdapter(AanvraagGegevens)


class VerlengingLinks(BaseModel):
    self: Link
    verlengingVan: Link


class VerlengdeAanvraag(AanvraagSamenvatting):
    links: VerlengingLinks = Field(alias="_links")  # type: ignore[assignment]
    verlengingsvorm: Literal["verkort", "volledig"]


class Verlenging(Model):
    """The new months and what changed. Under a 3-month gap since the last month with benefit
    that is all (the short form); otherwise also `aanvrager`, `huishouden`, `onderneming`,
    `iban` and `verklaringen` (a full application)."""

    aanvraagdatum: Datum | None = None
    maanden: Maanden
    inkomsten: Inkomsten | None = None
    aanvrager: Aanvrager | None = None
    huishouden: Huishouden | None = None
    partner: Partner | None = None
    onderneming: Onderneming | None = None
    iban: Iban | None = None
    verklaringen: Verklaringen | None = None
    ondersteuning: Ondersteuning | None = None


@router.post(
    "/{aanvraagId:uuid}/verlengingen",
    status_code=201,
    response_model=VerlengdeAanvraag,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 404, 409, 415),
    summary="Een Tozo-uitkering verlengen: een nieuwe aanvraag die voortbouwt op de vorige",
)
async def verleng(
    aanvraagId: UUID,
    request: Request,
    verlenging: Annotated[Verlenging, Body()],
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200)],
    wie: Indiener,
    omgeving: OmgevingDep,
) -> Response:
    gebruiker, actor = wie
    vandaag = omgeving.nu.astimezone(AMSTERDAM).date()
    wijzigingen = verlenging.model_dump(mode="json", exclude_none=True)
    voorbereid = await wf.voorbereid(omgeving.engine, aanvraagId, gebruiker.gemeenten, wijzigingen, vandaag)
    try:
        _GEGEVENS.validate_python(voorbereid.gegevens)
    except ValidationError as err:
        raise Probleem(400, invalid_params=invalid_params(err.errors())) from err
    fouten = intake_controles.controleer(voorbereid.gegevens, vandaag)
    if fouten:
        raise Probleem(400, invalid_params=fouten)
    resultaat = await wf.dien_in(
        omgeving.engine,
        aanvraagId,
        gebruiker.gemeenten,
        voorbereid,
        actor,
        idempotency_key,
        intake.verzoek_hash(await request.body()),
        omgeving.nu,
        omgeving.trace,
        omgeving.settings.logboek_sleutel.get_secret_value(),
    )
    return ingediend_antwoord(
        resultaat,
        actor,
        {"verlengingVan": {"href": f"/api/v1/aanvragen/{aanvraagId}"}},
        verlengingsvorm="verkort" if voorbereid.vorm.verkort else "volledig",
    )
