"""`/aanvragen/{id}/wijzigingen`: report a change after an award (actual income, a move, a partner,
stopping), see the proposed herziening per month, and assess and review it. HTTP only; the work
is in `app.workflows.wijziging`."""

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Path
from pydantic import BaseModel, Field

from app.api.aanvragen import vereis_json
from app.api.deps import EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import problem_responses
from app.api.schemas.aanvraag import InkomenPerMaand, Model, Partner
from app.api.schemas.typen import Datum, GemeenteCode, Maand
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import wijziging as wf

router = APIRouter(prefix="/aanvragen", tags=["wijzigingen"])
Melder = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.loket, Rol.balie, Rol.controleur, Rol.consulent))]
Lezer = Annotated[
    tuple[Gebruiker, Actor],
    Depends(met_rol(Rol.loket, Rol.balie, Rol.controleur, Rol.consulent, Rol.reviewer, Rol.teamleider)),
]
Consulent = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent))]
Reviewer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.reviewer))]
Nummer = Annotated[int, Path(ge=1, le=100_000)]
Tekst = Annotated[str, Field(max_length=5000, pattern=r"^[^\x00]*$")]
FOUTEN = problem_responses(400, 401, 403, 404, 409, 415)


class InkomenGewijzigd(Model):
    soort: Literal["inkomen"]
    inkomsten: Annotated[list[InkomenPerMaand], Field(min_length=1, max_length=12)] = Field(
        description="Het echte inkomen per maand, in plaats van de schatting."
    )


class PartnerGekregen(Model):
    soort: Literal["partner"]
    vanaf: Maand = Field(description="De eerste maand met de partner.")
    partner: Partner
    inkomsten: Annotated[list[InkomenPerMaand], Field(max_length=12)] | None = None


class Verhuisd(Model):
    soort: Literal["verhuizing"]
    datum: Datum
    gemeente: GemeenteCode = Field(description="De nieuwe woongemeente (CBS-code).")


class Gestopt(Model):
    soort: Literal["beeindiging"]
    datum: Datum = Field(description="De dag waarop het bedrijf stopte.")


Melding = Annotated[InkomenGewijzigd | PartnerGekregen | Verhuisd | Gestopt, Field(discriminator="soort")]


class VoorstelMaand(BaseModel):
    maand: str
    was: int = Field(description="Eurocenten: het recht volgens het grootboek bij de melding.")
    wordt: int = Field(description="Eurocenten: het recht na de wijziging.")
    verschil: int = Field(description="Eurocenten: positief nabetaling, negatief terugvordering.")


class Wijziging(BaseModel):
    nummer: int
    soort: str
    status: str
    gemeldOp: datetime
    gemeldDoor: str
    gegevens: dict[str, Any]
    voorstel: list[VoorstelMaand]
    nadelig: bool = Field(description="Lager recht in ten minste één maand: eerst naar een reviewer.")
    beoordeeldDoor: str | None
    gereviewdDoor: str | None
    motivering: str | None
    beschikking: int | None = Field(description="Het nummer van de herzieningsbeschikking.")


class WijzigingLijst(BaseModel):
    wijzigingen: list[Wijziging]


def _wijziging(w: wf.Wijziging) -> Wijziging:
    return Wijziging(
        nummer=w.nummer,
        soort=w.soort,
        status=w.status.value,
        gemeldOp=w.gemeld_op,
        gemeldDoor=w.gemeld_door,
        gegevens=w.gegevens,
        voorstel=[VoorstelMaand(**r) for r in w.voorstel],
        nadelig=wf.nadelig(w),
        beoordeeldDoor=w.beoordeeld_door,
        gereviewdDoor=w.gereviewd_door,
        motivering=w.motivering,
        beschikking=w.beschikking,
    )


@router.post(
    "/{aanvraagId:uuid}/wijzigingen",
    status_code=201,
    response_model=Wijziging,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Een wijziging doorgeven (inlichtingenplicht): de dienst rekent de maanden opnieuw uit",
)
async def meld(
    aanvraagId: UUID, melding: Annotated[Melding, Body()], wie: Melder, engine: EngineDep, nu: NuDep
) -> Wijziging:
    gebruiker, actor = wie
    gegevens = melding.model_dump(mode="json", exclude_none=True)
    soort = gegevens.pop("soort")
    return _wijziging(await wf.meld(engine, aanvraagId, gebruiker.gemeenten, actor, soort, gegevens, nu))


@router.get(
    "/{aanvraagId:uuid}/wijzigingen",
    response_model=WijzigingLijst,
    responses=problem_responses(400, 401, 403, 404),
    summary="De gemelde wijzigingen van een aanvraag met hun voorstel",
)
async def lijst(
    aanvraagId: UUID, wie: Lezer, engine: EngineDep, settings: SettingsDep, trace: TraceDep, nu: NuDep
) -> WijzigingLijst:
    gebruiker, _ = wie
    sleutel = settings.logboek_sleutel.get_secret_value()
    wijzigingen = await wf.lijst(engine, aanvraagId, gebruiker.gemeenten, trace, sleutel, nu)
    return WijzigingLijst(wijzigingen=[_wijziging(w) for w in wijzigingen])


class WijzigingBeoordeling(Model):
    herzien: bool = Field(description="true: de herziening vaststellen (nadelig: eerst review); false: niet herzien.")
    motivering: Tekst | None = None


@router.post(
    "/{aanvraagId:uuid}/wijzigingen/{nummer}/beoordelingen",
    status_code=201,
    response_model=Wijziging,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Een wijziging beoordelen (vier ogen: niet door wie haar meldde)",
)
async def beoordeel(
    aanvraagId: UUID, nummer: Nummer, body: WijzigingBeoordeling, wie: Consulent, engine: EngineDep, nu: NuDep
) -> Wijziging:
    gebruiker, actor = wie
    w = await wf.beoordeel(engine, aanvraagId, nummer, gebruiker.gemeenten, actor, body.herzien, body.motivering, nu)
    return _wijziging(w)


class WijzigingReview(Model):
    oordeel: Literal["bevestigd", "teruggestuurd"]
    reden: Tekst | None = None


@router.post(
    "/{aanvraagId:uuid}/wijzigingen/{nummer}/reviews",
    status_code=201,
    response_model=Wijziging,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Een nadelige herziening reviewen (drie ogen)",
)
async def review(
    aanvraagId: UUID, nummer: Nummer, body: WijzigingReview, wie: Reviewer, engine: EngineDep, nu: NuDep
) -> Wijziging:
    gebruiker, actor = wie
    w = await wf.review(
        engine, aanvraagId, nummer, gebruiker.gemeenten, actor, body.oordeel == "bevestigd", body.reden, nu
    )
    return _wijziging(w)
