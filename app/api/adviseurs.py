"""`/levensvatbaarheidsonderzoeken`: the external adviser (role `adviseur`, its organisation in the
token) sees the open viability studies sent to its organisation, uploads the report and records
the conclusion. HTTP only; the work is in `app.workflows.adviseurs` and the steps it reuses."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Path, Query, Response, UploadFile
from pydantic import BaseModel, Field

from app.api.aanvragen import vereis_json
from app.api.deps import EngineDep, NuDep, SettingsDep, met_rol
from app.api.documenten import _document
from app.api.levensvatbaarheid import Rapport, RapportAntwoord, _onderzoek
from app.api.problems import Probleem, problem_responses
from app.api.schemas.antwoorden import Document
from app.api.werkvoorraad import behandeling
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import adviseurs as wf
from app.workflows import documenten, levensvatbaarheid

router = APIRouter(prefix="/levensvatbaarheidsonderzoeken", tags=["levensvatbaarheid"])
OnderzoekId = Annotated[int, Path(ge=1, le=999_999_999_999_999_999)]


async def _adviseur(
    wie: Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.adviseur))],
) -> tuple[Gebruiker, Actor, str]:
    gebruiker, actor = wie
    if not gebruiker.organisatie:
        raise Probleem(403, "Uw token noemt geen organisatie; vraag een token met de claim organisatie.")
    return gebruiker, actor, gebruiker.organisatie


Adviseur = Annotated[tuple[Gebruiker, Actor, str], Depends(_adviseur)]


class Opdracht(BaseModel):
    id: int
    aanvraagId: UUID
    referentie: str
    gemeente: str
    regeling: str
    kvkNummer: str | None
    aangevraagdOp: datetime
    termijnEinde: date = Field(description="Uiterlijk dan verwacht de gemeente het rapport.")
    herinnerdOp: datetime | None
    toelichting: str | None = Field(description="Wat de consulent de adviseur meegaf.")


class OpdrachtLijst(BaseModel):
    onderzoeken: list[Opdracht]


def _opdracht(o: wf.Opdracht) -> Opdracht:
    return Opdracht(
        id=o.id,
        aanvraagId=o.aanvraag_id,
        referentie=o.referentie,
        gemeente=o.gemeente,
        regeling=o.regeling,
        kvkNummer=o.kvk_nummer,
        aangevraagdOp=o.aangevraagd_op,
        termijnEinde=o.termijn_einde,
        herinnerdOp=o.herinnerd_op,
        toelichting=o.toelichting,
    )


@router.get(
    "",
    response_model=OpdrachtLijst,
    responses=problem_responses(400, 401, 403),
    summary="De open levensvatbaarheidsonderzoeken van de organisatie van de adviseur, eerste termijn eerst",
)
async def lijst(wie: Adviseur, engine: EngineDep, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> OpdrachtLijst:
    gebruiker, _, organisatie = wie
    opdrachten = await wf.open_opdrachten(engine, organisatie, gebruiker.gemeenten, limit)
    return OpdrachtLijst(onderzoeken=[_opdracht(o) for o in opdrachten])


@router.post(
    "/{onderzoekId}/documenten",
    status_code=201,
    response_model=Document,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415),
    summary="Het rapport van de adviseur uploaden (PDF) bij een open onderzoek van de eigen organisatie",
)
async def upload(
    onderzoekId: OnderzoekId,
    bestand: Annotated[UploadFile, File(description="Het rapport: PDF, PNG of JPEG")],
    response: Response,
    wie: Adviseur,
    engine: EngineDep,
    settings: SettingsDep,
    nu: NuDep,
) -> Document:
    gebruiker, actor, organisatie = wie
    o = await wf.opdracht(engine, onderzoekId, organisatie, gebruiker.gemeenten)
    inhoud = await bestand.read(settings.max_document_bytes + 1)
    if len(inhoud) > settings.max_document_bytes:
        raise Probleem(413, f"Een document mag hoogstens {settings.max_document_bytes} bytes zijn.")
    if not inhoud:
        raise Probleem(400, invalid_params=[{"name": "bestand", "code": "required", "reason": "Het bestand is leeg."}])
    doc = await documenten.voeg_toe(
        engine,
        o.aanvraag_id,
        [o.gemeente],
        actor,
        documenten.Documentsoort(levensvatbaarheid.RAPPORT),
        bestand.filename or "rapport",
        inhoud,
        nu,
    )
    response.headers["Location"] = f"/api/v1/aanvragen/{o.aanvraag_id}/documenten/{doc.id}"
    return _document(doc)


@router.post(
    "/{onderzoekId}/rapporten",
    status_code=201,
    response_model=RapportAntwoord,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 404, 409, 415),
    summary="De conclusie van de adviseur vastleggen bij het geüploade rapport; de aanvraag gaat naar de consulent",
)
async def leg_vast(
    onderzoekId: OnderzoekId, rapport: Rapport, wie: Adviseur, engine: EngineDep, nu: NuDep
) -> RapportAntwoord:
    gebruiker, actor, organisatie = wie
    o = await wf.opdracht(engine, onderzoekId, organisatie, gebruiker.gemeenten)
    zaak, onderzoek, uitkomst = await levensvatbaarheid.leg_rapport_vast(
        engine,
        o.aanvraag_id,
        [o.gemeente],
        actor,
        rapport.rapportId,
        rapport.conclusie,
        rapport.voorwaarden,
        rapport.toelichting,
        None,
        nu,
    )
    basis = behandeling(zaak).model_dump(by_alias=True)
    return RapportAntwoord.model_validate(
        {**basis, "onderzoek": _onderzoek(onderzoek, nu), "conclusieRegels": uitkomst.get("conclusie")}
    )
