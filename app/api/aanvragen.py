"""`/aanvragen`: submit, read, list, look up by BSN, history and withdrawal."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Depends, Header, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import (
    INDIENERS,
    LEZERS,
    STAF,
    EngineDep,
    NuDep,
    Omgeving,
    OmgevingDep,
    SettingsDep,
    TraceDep,
    met_rol,
)
from app.api.json_antwoord import JsonAntwoord
from app.api.problems import Probleem, problem_responses
from app.api.schemas.aanvraag import AanvraagGegevens, Basis
from app.api.schemas.antwoorden import (
    AanvraagDetail,
    AanvraagLijst,
    AanvraagSamenvatting,
    Gebeurtenis,
    Historie,
)
from app.api.schemas.typen import Bsn, Tijdstip
from app.api.versies import etag, versie_uit
from app.audit.trail import Actor
from app.auth import Gebruiker
from app.workflows import aanvragen as wf
from app.workflows import intake, intake_controles
from app.workflows import verificatie as verificatie_wf
from app.workflows.levenscyclus import OMSCHRIJVING, Status

router = APIRouter(prefix="/aanvragen", tags=["aanvragen"])
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BASIS = "/api/v1/aanvragen"


async def vereis_json(request: Request) -> None:
    soort = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if soort != "application/json" and not soort.endswith("+json"):
        raise Probleem(415, "Stuur de aanvraag als application/json.")


def _samenvatting(a: wf.Samenvatting) -> AanvraagSamenvatting:
    return AanvraagSamenvatting.model_validate(
        {
            "id": a.id,
            "referentie": a.referentie,
            "gemeente": a.gemeente,
            "regeling": a.regeling,
            "status": a.status,
            "kanaal": a.kanaal,
            "aanvraagdatum": a.aanvraagdatum,
            "ontvangenOp": a.ontvangen_op,
            "_links": {"self": {"href": f"{BASIS}/{a.id}"}},
        }
    )


Indiener = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*INDIENERS))]
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*LEZERS))]
Staf = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*STAF))]


async def dien_aanvraag_in(
    request: Request,
    gegevens: Annotated[AanvraagGegevens, Body()],
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200)],
    wie: Indiener,
    omgeving: OmgevingDep,
) -> Response:
    gebruiker, actor = wie
    # The JSON as FastAPI parsed it for validation (Request caches it): no second parse.
    return await verwerk_indiening(gegevens, idempotency_key, gebruiker, actor, omgeving, await request.json())


async def verwerk_indiening(
    gegevens: Basis,
    idempotency_key: str,
    gebruiker: Gebruiker,
    actor: Actor,
    omgeving: Omgeving,
    json_body: Any,
) -> Response:
    """Everything after the request is read and its fields validated; shared by the declared route
    and its fast path (app/api/snel_indienen.py, installed in `create_app`), so both answer alike."""
    resultaat = await controleer_en_dien_in(
        gegevens, gebruiker, actor, omgeving, idempotency_key, intake.verzoek_hash_json(json_body)
    )
    return ingediend_antwoord(resultaat, actor)


async def controleer_en_dien_in(
    gegevens: Any, gebruiker: Gebruiker, actor: Actor, omgeving: Omgeving, idempotency_key: str, hash_: str
) -> intake.Ingediend:
    """What every submission passes after its fields validated: the checks across fields, the
    caller's municipality, then the intake (also for a completed Bbz draft, `concepten`)."""
    vandaag = omgeving.nu.astimezone(AMSTERDAM).date()
    ruw = gegevens.model_dump(mode="json", exclude_none=True)
    fouten = intake_controles.controleer(ruw, vandaag)
    if fouten:
        raise Probleem(400, invalid_params=fouten)
    if not gebruiker.mag_gemeente(gegevens.gemeente):
        raise Probleem(403, "U mag geen aanvragen indienen voor deze gemeente.")
    aanvraagdatum = gegevens.aanvraagdatum or vandaag
    ruw["aanvraagdatum"] = aanvraagdatum.isoformat()
    return await intake.dien_in(
        omgeving.engine,
        ruw,
        aanvraagdatum,
        actor,
        idempotency_key,
        hash_,
        omgeving.nu,
        omgeving.trace,
        omgeving.settings.logboek_sleutel.get_secret_value(),
    )


router.add_api_route(
    "",
    dien_aanvraag_in,
    methods=["POST"],
    status_code=201,
    response_model=AanvraagSamenvatting,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 409, 413, 415),
    summary="Een aanvraag indienen",
)


def ingediend_antwoord(
    resultaat: intake.Ingediend, actor: Actor, links: dict[str, Any] | None = None, **velden: Any
) -> Response:
    """The 201 of a submitted application (also of an extension), or the same case again on a replay."""
    pad = f"{BASIS}/{resultaat.id}"
    headers = {"Location": pad}
    if resultaat.herhaald:
        headers["Idempotent-Replayed"] = "true"
    # Built directly rather than through the response model: this is the hot path of intake,
    # and the shape is the same (bench/submit; the schema test checks the documented shape).
    body = {
        "id": str(resultaat.id),
        "referentie": resultaat.referentie,
        "gemeente": resultaat.gemeente,
        "regeling": resultaat.regeling,
        "status": resultaat.status,
        "kanaal": actor.kanaal,
        "aanvraagdatum": resultaat.aanvraagdatum.isoformat(),
        "ontvangenOp": resultaat.ontvangen_op.isoformat(),
        "_links": {"self": {"href": pad}, **(links or {})},
        **velden,
    }
    return JsonAntwoord(body, status_code=201, headers=headers)


# Field errors and cross-field errors are reported together in one 400 (see problems.py).
dien_aanvraag_in.samenhangscontrole = intake_controles.controleer  # type: ignore[attr-defined]


@router.get(
    "",
    response_model=AanvraagLijst,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403),
    summary="Aanvragen zoeken (zonder persoonsgegevens in de lijst)",
)
async def lijst(
    wie: Staf,
    engine: EngineDep,
    status: Status | None = None,
    regeling: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z0-9-]+$")] = None,
    gemeente: Annotated[str | None, Query(pattern=r"^[0-9]{4}$")] = None,
    ontvangenVanaf: Tijdstip | None = None,
    ontvangenTot: Tijdstip | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> AanvraagLijst:
    gebruiker, _ = wie
    gemeenten = [gemeente] if gemeente else sorted(gebruiker.gemeenten)
    if gemeente and not gebruiker.mag_gemeente(gemeente):
        gemeenten = []
    filter_ = wf.Filter(gemeenten, status.value if status else None, regeling, ontvangenVanaf, ontvangenTot)
    rijen, volgende = await wf.lijst(engine, filter_, limit, cursor)
    return AanvraagLijst(aanvragen=[_samenvatting(r) for r in rijen], volgende=volgende)


class ZoekVraag(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bsn: Bsn


@router.post(
    "/_zoek",
    response_model=AanvraagLijst,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 415),
    summary="Aanvragen zoeken op BSN (het BSN staat in de body, nooit in de URL)",
)
async def zoek(
    vraag: ZoekVraag,
    wie: Staf,
    engine: EngineDep,
    settings: SettingsDep,
    trace: TraceDep,
    nu: NuDep,
) -> AanvraagLijst:
    gebruiker, _ = wie
    rijen = await wf.zoek_op_bsn(
        engine, vraag.bsn, gebruiker.gemeenten, trace, settings.logboek_sleutel.get_secret_value(), nu
    )
    return AanvraagLijst(aanvragen=[_samenvatting(r) for r in rijen])


@router.get(
    "/{aanvraagId:uuid}",
    response_model=AanvraagDetail,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404),
    summary="Een aanvraag met haar status raadplegen",
)
async def raadpleeg(aanvraagId: UUID, wie: Lezer, omgeving: OmgevingDep) -> Response:
    gebruiker, _ = wie
    a = await wf.raadpleeg(
        omgeving.engine,
        aanvraagId,
        gebruiker.gemeenten,
        omgeving.trace,
        omgeving.settings.logboek_sleutel.get_secret_value(),
        omgeving.nu,
    )
    # The fields of AanvraagDetail in its order, written directly (see JsonAntwoord).
    body = {
        "id": a.id,
        "referentie": a.referentie,
        "gemeente": a.gemeente,
        "regeling": a.regeling,
        "status": a.status,
        "kanaal": a.kanaal,
        "aanvraagdatum": a.aanvraagdatum,
        "ontvangenOp": a.ontvangen_op,
        "_links": {"self": {"href": f"{BASIS}/{a.id}"}},
        "medewerker": a.medewerker,
        "gewijzigdOp": a.gewijzigd_op,
        "gegevens": a.gegevens,
    }
    return JsonAntwoord(body, headers={"ETag": etag(a.versie)})


@router.get(
    "/{aanvraagId:uuid}/historie",
    response_model=Historie,
    responses=problem_responses(400, 401, 403, 404),
    summary="De geschiedenis van een aanvraag in gewone taal",
)
async def historie(aanvraagId: UUID, wie: Lezer, engine: EngineDep) -> Historie:
    gebruiker, _ = wie
    gebeurtenissen = await wf.historie(engine, aanvraagId, gebruiker.gemeenten)
    return Historie(
        gebeurtenissen=[
            Gebeurtenis(
                tijdstip=g.tijdstip,
                actie=g.actie,
                omschrijving=_omschrijving(g.actie, g.naar_status),
                status=g.naar_status,
                kanaal=g.kanaal,
                rol=g.rol,
            )
            for g in gebeurtenissen
        ]
    )


_ACTIES = {
    "document-toegevoegd": "Er is een document toegevoegd.",
    "verificatie-uitgesteld": "Een register was even niet bereikbaar; wij proberen het straks opnieuw.",
}


def _omschrijving(actie: str, status: str | None) -> str:
    if actie in _ACTIES:
        return _ACTIES[actie]
    if status is not None:
        return OMSCHRIJVING[Status(status)]
    return actie


class Intrekking(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reden: Annotated[str, Field(max_length=1000)] | None = None


@router.post(
    "/{aanvraagId:uuid}/intrekkingen",
    status_code=201,
    response_model=AanvraagSamenvatting,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 404, 409, 412, 415),
    summary="Een aanvraag intrekken (kan tot er een besluit is)",
)
async def trek_in(
    aanvraagId: UUID,
    intrekking: Intrekking,
    response: Response,
    wie: Indiener,
    engine: EngineDep,
    nu: NuDep,
    if_match: Annotated[str | None, Header(alias="If-Match", max_length=100)] = None,
) -> AanvraagSamenvatting:
    gebruiker, actor = wie
    a = await wf.trek_in(engine, aanvraagId, gebruiker.gemeenten, actor, intrekking.reden, versie_uit(if_match), nu)
    response.headers["ETag"] = etag(a.versie)
    return _samenvatting(a)


class Verificatie(BaseModel):
    tijdstip: datetime
    compleet: bool = Field(description="Alle registers gaven antwoord.")
    mislukt: list[dict[str, Any]] = Field(description="Registers die (tijdelijk) geen antwoord gaven.")
    bevindingen: list[dict[str, Any]] = Field(
        description="Per gegeven: wat de aanvrager opgaf, wat het register zegt, en of de controleur iets moet doen."
    )
    regeluitkomst: dict[str, Any] | None = Field(description="De uitkomst van de regels met de registergegevens.")


@router.get(
    "/{aanvraagId:uuid}/verificatie",
    response_model=Verificatie,
    responses=problem_responses(400, 401, 403, 404),
    summary="De laatste controle bij KvK, BRP en UWV: bevindingen naast wat de aanvrager opgaf",
)
async def verificatie(
    aanvraagId: UUID,
    wie: Staf,
    engine: EngineDep,
    settings: SettingsDep,
    trace: TraceDep,
    nu: NuDep,
) -> Verificatie:
    gebruiker, _ = wie
    v = await verificatie_wf.laatste(
        engine, aanvraagId, gebruiker.gemeenten, trace, settings.logboek_sleutel.get_secret_value(), nu
    )
    return Verificatie(
        tijdstip=v.tijdstip,
        compleet=v.compleet,
        mislukt=v.mislukt,
        bevindingen=v.bevindingen,
        regeluitkomst=v.regeluitkomst,
    )
