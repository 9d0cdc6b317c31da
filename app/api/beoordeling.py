"""The human steps on one case: checking (`controles`), asking for missing information
(`herstelverzoeken`) and supplying it (`aanvullingen`), assessing (`beoordelingen`), reviewing
(`reviews`), and a team lead's reassignment (`toewijzingen`). HTTP only; the rules of each step
live in `app.workflows`."""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from app.api.aanvragen import vereis_json
from app.api.deps import INDIENERS, STAF, EngineDep, NuDep, met_rol
from app.api.problems import problem_responses
from app.api.schemas.typen import Maand
from app.api.versies import etag, versie_uit
from app.api.werkvoorraad import Behandeling, behandeling
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import beoordeling as beoordeling_wf
from app.workflows import controle as controle_wf
from app.workflows import herstel as herstel_wf
from app.workflows import review as review_wf
from app.workflows import werkvoorraad as werkvoorraad_wf
from app.workflows.beoordeling import Besluit, Vorm
from app.workflows.review import ReviewOordeel

router = APIRouter(prefix="/aanvragen", tags=["behandeling"])

IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=100)]
# PostgreSQL text cannot hold NUL: refuse it as input (400) instead of failing on storage.
ZONDER_NUL = r"^[^\x00]*$"
Tekst = Annotated[str, Field(max_length=5000, pattern=ZONDER_NUL)]
FOUTEN = problem_responses(400, 401, 403, 404, 409, 412, 415)


Controleur = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.controleur))]
Consulent = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent))]
Reviewer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.reviewer))]
Teamleider = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.teamleider))]
Indiener = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*INDIENERS))]
Staf = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*STAF))]


def _antwoord(response: Response, zaak: werkvoorraad_wf.Zaak) -> Behandeling:
    response.headers["ETag"] = etag(zaak.versie)
    return behandeling(zaak)


@router.get(
    "/{aanvraagId:uuid}/behandeling",
    response_model=Behandeling,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404),
    summary="Waar de aanvraag staat in de behandeling: claim, wie wat deed, termijnen",
)
async def lees(aanvraagId: UUID, response: Response, wie: Staf, engine: EngineDep) -> Behandeling:
    gebruiker, _ = wie
    return _antwoord(response, await werkvoorraad_wf.lees(engine, aanvraagId, gebruiker.gemeenten))


class BevindingOordeel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, Field(min_length=1, max_length=100, pattern=ZONDER_NUL)]
    oordeel: Literal["bevestigd", "gecorrigeerd"]
    waarde: Annotated[str, Field(max_length=1000, pattern=ZONDER_NUL)] | None = Field(
        None, description="De juiste waarde, bij correctie."
    )
    toelichting: Tekst | None = None


class Controle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bevindingen: Annotated[list[BevindingOordeel], Field(max_length=200)] = Field(
        default_factory=list, description="Per registerbevinding (conflict of taak): bevestigd of gecorrigeerd."
    )
    bewijsVoldoende: StrictBool = Field(description="Het bewijs is voldoende om te beoordelen.")
    toelichting: Tekst | None = None


@router.post(
    "/{aanvraagId:uuid}/controles",
    status_code=201,
    response_model=Behandeling,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="De controle afronden: bevindingen bevestigd of gecorrigeerd, bewijs voldoende",
)
async def controleer(
    aanvraagId: UUID,
    controle: Controle,
    response: Response,
    wie: Controleur,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> Behandeling:
    gebruiker, actor = wie
    oordelen = [controle_wf.Oordeel(b.code, b.oordeel, b.waarde, b.toelichting) for b in controle.bevindingen]
    zaak = await controle_wf.controleer(
        engine,
        aanvraagId,
        gebruiker.gemeenten,
        actor,
        oordelen,
        controle.bewijsVoldoende,
        controle.toelichting,
        versie_uit(if_match),
        nu,
    )
    return _antwoord(response, zaak)


class OntbrekendGegeven(BaseModel):
    model_config = ConfigDict(extra="forbid")
    soort: Annotated[str, Field(min_length=1, max_length=100, pattern=ZONDER_NUL)]
    reden: Annotated[str, Field(min_length=1, max_length=1000, pattern=ZONDER_NUL)]


class Herstelverzoek(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ontbrekend: Annotated[list[OntbrekendGegeven], Field(max_length=50)] = Field(
        default_factory=list, description="Wat ontbreekt naast wat de regels al noemen."
    )
    toelichting: Tekst | None = None


class OntbrekendAntwoord(BaseModel):
    soort: str | None
    reden: str | None
    grondslag: str | None


class HerstelverzoekAntwoord(Behandeling):
    ontbrekend: list[OntbrekendAntwoord]


@router.post(
    "/{aanvraagId:uuid}/herstelverzoeken",
    status_code=201,
    response_model=HerstelverzoekAntwoord,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Ontbrekende gegevens opvragen met een hersteltermijn (Awb 4:5)",
)
async def vraag_herstel(
    aanvraagId: UUID,
    verzoek: Herstelverzoek,
    response: Response,
    wie: Controleur,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> HerstelverzoekAntwoord:
    gebruiker, actor = wie
    zaak, ontbrekend = await herstel_wf.vraag_herstel(
        engine,
        aanvraagId,
        gebruiker.gemeenten,
        actor,
        [herstel_wf.Ontbrekend(o.soort, o.reden) for o in verzoek.ontbrekend],
        verzoek.toelichting,
        versie_uit(if_match),
        nu,
    )
    basis = _antwoord(response, zaak).model_dump(by_alias=True)
    return HerstelverzoekAntwoord.model_validate({**basis, "ontbrekend": ontbrekend})


class Aanvulling(BaseModel):
    model_config = ConfigDict(extra="forbid")
    toelichting: Tekst | None = None


@router.post(
    "/{aanvraagId:uuid}/aanvullingen",
    status_code=201,
    response_model=Behandeling,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="De gevraagde gegevens aanvullen; de aanvraag gaat terug naar de controleur",
)
async def vul_aan(
    aanvraagId: UUID,
    aanvulling: Aanvulling,
    response: Response,
    wie: Indiener,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> Behandeling:
    gebruiker, actor = wie
    zaak = await herstel_wf.vul_aan(
        engine, aanvraagId, gebruiker.gemeenten, actor, aanvulling.toelichting, versie_uit(if_match), nu
    )
    return _antwoord(response, zaak)


class MaandBesluit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    maand: Maand
    toegekend: StrictBool
    bedrag: Annotated[StrictInt, Field(ge=0, le=100_000_000)] | None = Field(
        None,
        description=(
            "Het bedrag dat u toekent, in centen, als het afwijkt van de regels; verplicht bij een maand "
            "die de regels afwezen. De brief noemt beide bedragen en uw motivering."
        ),
    )


class Beoordeling(BaseModel):
    model_config = ConfigDict(extra="forbid")
    besluit: Besluit | None = Field(None, description="Voor de hele aanvraag; of geef `maanden`.")
    maanden: Annotated[list[MaandBesluit], Field(max_length=60)] | None = Field(
        None, description="Per maand toegekend of niet; maanden die u niet noemt volgen de regels."
    )
    motivering: Tekst | None = Field(None, description="Verplicht bij afwijken van de uitkomst van de regels.")
    vorm: Vorm | None = Field(
        None,
        description="Alleen Bbz: om-niet (gift), renteloze-lening (levensonderhoud) of rentedragende-lening "
        "(bedrijfskapitaal). Leeg: de vorm volgens de regels.",
    )


class BeoordelingAntwoord(Behandeling):
    besluit: str
    afwijkend: bool = Field(description="Het besluit wijkt af van de uitkomst van de regels.")
    conclusieRegels: str | None


@router.post(
    "/{aanvraagId:uuid}/beoordelingen",
    status_code=201,
    response_model=BeoordelingAntwoord,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Toekennen of afwijzen, geheel of per maand (nooit door de controleur: vier ogen)",
)
async def beoordeel(
    aanvraagId: UUID,
    beoordeling: Beoordeling,
    response: Response,
    wie: Consulent,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> BeoordelingAntwoord:
    gebruiker, actor = wie
    maanden = (
        None
        if beoordeling.maanden is None
        else [beoordeling_wf.MaandOordeel(m.maand, m.toegekend, m.bedrag) for m in beoordeling.maanden]
    )
    r = await beoordeling_wf.beoordeel(
        engine,
        aanvraagId,
        gebruiker.gemeenten,
        actor,
        beoordeling.besluit,
        maanden,
        beoordeling.motivering,
        versie_uit(if_match),
        nu,
        beoordeling.vorm,
    )
    basis = _antwoord(response, r.zaak).model_dump(by_alias=True)
    return BeoordelingAntwoord.model_validate(
        {**basis, "besluit": r.besluit.value, "afwijkend": r.afwijkend, "conclusieRegels": r.conclusie_regels}
    )


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    oordeel: ReviewOordeel
    reden: Tekst | None = Field(None, description="Verplicht bij terugsturen.")


@router.post(
    "/{aanvraagId:uuid}/reviews",
    status_code=201,
    response_model=Behandeling,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Een voorgenomen afwijzing bevestigen of terugsturen (door een derde)",
)
async def review(
    aanvraagId: UUID,
    verzoek: Review,
    response: Response,
    wie: Reviewer,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> Behandeling:
    gebruiker, actor = wie
    zaak = await review_wf.review(
        engine, aanvraagId, gebruiker.gemeenten, actor, verzoek.oordeel, verzoek.reden, versie_uit(if_match), nu
    )
    return _antwoord(response, zaak)


class Toewijzing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    medewerker: Annotated[
        str, Field(min_length=1, max_length=200, pattern=ZONDER_NUL, description="De `sub` van de medewerker.")
    ]


@router.post(
    "/{aanvraagId:uuid}/toewijzingen",
    status_code=201,
    response_model=Behandeling,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Een wachtende aanvraag aan een medewerker toewijzen (teamleider)",
)
async def wijs_toe(
    aanvraagId: UUID,
    toewijzing: Toewijzing,
    response: Response,
    wie: Teamleider,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> Behandeling:
    gebruiker, actor = wie
    zaak = await werkvoorraad_wf.wijs_toe(
        engine, aanvraagId, gebruiker.gemeenten, actor, toewijzing.medewerker, versie_uit(if_match), nu
    )
    return _antwoord(response, zaak)
