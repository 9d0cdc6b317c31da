"""`/werkvoorraad`: the work queues of checker, assessor and reviewer, and the team lead's view."""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.aanvragen import Verificatie, vereis_json
from app.api.deps import EngineDep, NuDep, OmgevingDep, met_rol
from app.api.json_antwoord import JsonAntwoord
from app.api.problems import Probleem, problem_responses
from app.api.schemas.antwoorden import Links
from app.api.versies import etag
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import verificatie as verificatie_wf
from app.workflows import werkvoorraad as wf
from app.workflows.fouten import NietGevonden
from app.workflows.werkvoorraad import Stadium, Zaak

router = APIRouter(prefix="/werkvoorraad", tags=["werkvoorraad"])
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Behandeling(BaseModel):
    """Where a case stands in the human stages: who holds it, who did what, and its deadlines."""

    id: UUID
    referentie: str
    gemeente: str
    regeling: str
    status: str
    behandelaar: str | None = Field(description="Wie de aanvraag nu onder zich heeft (claim).")
    claimTot: datetime | None = Field(description="Tot wanneer de claim geldt; daarna terug in de werkvoorraad.")
    gecontroleerdDoor: str | None
    beoordeeldDoor: str | None
    gereviewdDoor: str | None
    beslistermijnEinde: date | None = Field(description="Uiterste beslisdatum (Awb 4:13 of Bbz art. 35).")
    streefdatum: date | None = Field(description="De streefdatum voor het besluit.")
    hersteltermijnEinde: date | None = Field(description="Laatste dag om aan te vullen (Awb 4:5).")
    links: Links = Field(alias="_links")


def behandeling_velden(z: Zaak) -> dict[str, Any]:
    """The fields of `Behandeling` by their JSON names, in its order."""
    return {
        "id": z.id,
        "referentie": z.referentie,
        "gemeente": z.gemeente,
        "regeling": z.regeling,
        "status": z.status.value,
        "behandelaar": z.behandelaar,
        "claimTot": z.claim_tot,
        "gecontroleerdDoor": z.gecontroleerd_door,
        "beoordeeldDoor": z.beoordeeld_door,
        "gereviewdDoor": z.gereviewd_door,
        "beslistermijnEinde": z.beslistermijn_einde,
        "streefdatum": z.streefdatum,
        "hersteltermijnEinde": z.hersteltermijn_einde,
        "_links": {"self": {"href": f"/api/v1/aanvragen/{z.id}"}},
    }


class Ingebed(BaseModel):
    verificatie: Verificatie


class BehandelingMetVerificatie(Behandeling):
    embedded: Ingebed | None = Field(
        default=None,
        alias="_embedded",
        description=(
            "Met `expand=verificatie`: onder `verificatie` de laatste controle bij de registers, als bij "
            "`GET /aanvragen/{aanvraagId}/verificatie` (een raadpleging van persoonsgegevens, gelogd)."
        ),
    )


def behandeling(z: Zaak) -> Behandeling:
    return Behandeling.model_validate(behandeling_velden(z))


Behandelaar = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.controleur, Rol.consulent, Rol.reviewer))]
Teamleider = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.teamleider))]


def _in_rol(gebruiker: Gebruiker, stadium: Stadium) -> Actor:
    if Rol(stadium.value) not in gebruiker.rollen:
        raise Probleem(403, f"Deze werkvoorraad is voor de rol {stadium.value}.")
    return Actor(gebruiker.sub, stadium.value, "medewerker")


@router.post(
    "/{rol}/claims",
    status_code=201,
    response_model=BehandelingMetVerificatie,
    response_model_by_alias=True,
    response_model_exclude_unset=True,
    responses={204: {"description": "De werkvoorraad is leeg."}, **problem_responses(400, 401, 403)},
    summary="De volgende aanvraag uit de werkvoorraad van deze rol claimen",
    description=(
        "Geeft de aanvraag met de vroegste beslistermijn (bij gelijke termijn eerst wat de koppelpartner "
        "controleerde) binnen uw gemeenten, met een claim die na de lease-tijd vervalt. Heeft u al een "
        "geldige claim in deze werkvoorraad, dan krijgt u die terug. Nooit krijgen twee medewerkers "
        "dezelfde aanvraag."
    ),
)
async def claim(
    rol: Stadium,
    wie: Behandelaar,
    omgeving: OmgevingDep,
    expand: Annotated[
        Literal["verificatie"] | None,
        Query(description="`verificatie`: de laatste controle bij de registers meteen meesturen."),
    ] = None,
) -> Response:
    gebruiker, _ = wie
    actor = _in_rol(gebruiker, rol)
    zaak = await wf.claim_volgende(
        omgeving.engine, rol, actor, gebruiker.gemeenten, omgeving.nu, rollen=[r.value for r in gebruiker.rollen]
    )
    if zaak is None:
        return Response(status_code=204)
    headers = {"Location": f"/api/v1/werkvoorraad/{rol.value}/claims/{zaak.id}", "ETag": etag(zaak.versie)}
    velden = behandeling_velden(zaak)
    if expand == "verificatie":
        # What every claimant reads next: one request instead of two (and the same Logboek record).
        try:
            v = await verificatie_wf.laatste(
                omgeving.engine,
                zaak.id,
                gebruiker.gemeenten,
                omgeving.trace,
                omgeving.settings.logboek_sleutel.get_secret_value(),
                omgeving.nu,
            )
        except NietGevonden:  # not verified (yet): nothing to embed, the claim stands
            pass
        else:
            velden["_embedded"] = {
                "verificatie": {
                    "tijdstip": v.tijdstip,
                    "compleet": v.compleet,
                    "mislukt": v.mislukt,
                    "bevindingen": v.bevindingen,
                    "regeluitkomst": v.regeluitkomst,
                }
            }
    return JsonAntwoord(velden, status_code=201, headers=headers)


@router.delete(
    "/{rol}/claims/{aanvraagId:uuid}",
    status_code=204,
    responses=problem_responses(400, 401, 403, 404, 409),
    summary="Een claim vrijgeven: de aanvraag gaat terug in de werkvoorraad",
)
async def geef_vrij(
    rol: Stadium,
    aanvraagId: UUID,
    gebruiker: Annotated[
        tuple[Gebruiker, Actor], Depends(met_rol(Rol.controleur, Rol.consulent, Rol.reviewer, Rol.teamleider))
    ],
    omgeving: OmgevingDep,
) -> Response:
    g, actor = gebruiker
    teamleider = Rol.teamleider in g.rollen
    if not teamleider:
        actor = _in_rol(g, rol)
    await wf.geef_vrij(omgeving.engine, aanvraagId, g.gemeenten, actor, omgeving.nu, als_teamleider=teamleider)
    return Response(status_code=204)


class Telling(BaseModel):
    totaal: int
    geclaimd: int
    verlopen: int = Field(description="Voorbij de beslistermijn.")
    bijna: int = Field(description="Beslistermijn binnen het gevraagde aantal dagen.")


class Overzicht(BaseModel):
    peildatum: date
    perStatus: dict[str, Telling]
    aandacht: list[Behandeling] = Field(description="Aanvragen voorbij of dicht bij hun beslistermijn, vroegste eerst.")


@router.get(
    "/overzicht",
    response_model=Overzicht,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403),
    summary="Werkvoorraad per stap en aanvragen dicht bij of voorbij hun beslistermijn",
)
async def overzicht(
    wie: Teamleider,
    engine: EngineDep,
    nu: NuDep,
    binnenDagen: Annotated[int, Query(ge=0, le=365)] = 7,
) -> Overzicht:
    gebruiker, _ = wie
    vandaag = nu.astimezone(AMSTERDAM).date()
    o = await wf.overzicht(engine, gebruiker.gemeenten, vandaag, binnenDagen)
    return Overzicht(
        peildatum=vandaag,
        perStatus={s: Telling(**t) for s, t in o.per_status.items()},
        aandacht=[behandeling(z) for z in o.aandacht],
    )


class Koppel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gemeente: Annotated[str, Field(pattern=r"^[0-9]{4}$", examples=["0995"])]
    medewerkers: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]],
        Field(min_length=2, max_length=2, description="De `sub` van beide medewerkers."),
    ]


@router.post(
    "/koppels",
    status_code=201,
    response_model=Koppel,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 409, 415),
    summary="Twee medewerkers tot koppel maken: wat de een controleerde, krijgt de ander eerst",
)
async def maak_koppel(koppel: Koppel, wie: Teamleider, engine: EngineDep) -> Koppel:
    gebruiker, _ = wie
    if not gebruiker.mag_gemeente(koppel.gemeente):
        raise Probleem(403, "U bent geen teamleider in deze gemeente.")
    a, b = koppel.medewerkers
    await wf.stel_koppel_in(engine, koppel.gemeente, a, b)
    return koppel


__all__ = ["Behandeling", "behandeling", "router"]
