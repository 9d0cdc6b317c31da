"""`/aanvragen/{id}/bezwaren`: register an objection against a decision, see whether it came in
time and by when it must be decided, and record the outcome. HTTP only; the work is in
`app.workflows.bezwaar`."""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from app.api.aanvragen import vereis_json
from app.api.deps import STAF, EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import Probleem, problem_responses
from app.api.schemas.aanvraag import Model
from app.api.schemas.typen import Datum
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import bezwaar as wf

router = APIRouter(tags=["bezwaren"])
Registreerder = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.balie, Rol.consulent, Rol.teamleider))]
Beslisser = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent, Rol.teamleider))]
Staf = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*STAF))]
Tekst = Annotated[str, Field(min_length=1, max_length=10000, pattern=r"^[^\x00]*$")]
FOUTEN = problem_responses(400, 401, 403, 404, 409, 415)


class NieuwBezwaar(Model):
    beschikking: Annotated[int, Field(ge=1, le=1_000_000, description="Het nummer van het besluit bij deze aanvraag.")]
    ontvangenOp: Datum = Field(description="De dag waarop het bezwaarschrift binnenkwam.")
    verzondenOp: Datum | None = Field(None, description="Per post: de dag van verzending (Awb 6:9 lid 2).")
    gronden: Tekst
    adviescommissie: bool = Field(False, description="Een adviescommissie hoort het bezwaar (Awb 7:13): 12 weken.")


class Bezwaar(BaseModel):
    nummer: int
    beschikking: int
    ontvangenOp: date
    verzondenOp: date | None
    geregistreerdOp: datetime
    gronden: str
    laatsteDag: date = Field(description="De laatste dag van de bezwaartermijn (Awb 6:7, 6:8).")
    tijdig: bool = Field(description="Op tijd binnen (Awb 6:9); zo niet, dan niet-ontvankelijk tenzij verschoonbaar.")
    beslissenUiterlijk: date = Field(description="Beslistermijn op het bezwaar (Awb 7:10).")
    uitkomst: str | None
    beslotenOp: datetime | None
    motivering: str | None
    beslissing: int | None = Field(description="Het nummer van de brief met de beslissing op bezwaar.")


class BezwaarLijst(BaseModel):
    bezwaren: list[Bezwaar]


def _bezwaar(b: wf.Bezwaar) -> Bezwaar:
    return Bezwaar(
        nummer=b.nummer,
        beschikking=b.beschikking,
        ontvangenOp=b.ontvangen_op,
        verzondenOp=b.verzonden_op,
        geregistreerdOp=b.geregistreerd_op,
        gronden=b.gronden,
        laatsteDag=b.laatste_dag,
        tijdig=b.tijdig,
        beslissenUiterlijk=b.beslissen_uiterlijk,
        uitkomst=b.uitkomst,
        beslotenOp=b.besloten_op,
        motivering=b.motivering,
        beslissing=b.beschikking_uitkomst,
    )


@router.post(
    "/aanvragen/{aanvraagId:uuid}/bezwaren",
    status_code=201,
    response_model=Bezwaar,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Een bezwaar registreren tegen een besluit: op tijd of niet, en de beslistermijn",
)
async def registreer(aanvraagId: UUID, body: NieuwBezwaar, wie: Registreerder, engine: EngineDep, nu: NuDep) -> Bezwaar:
    gebruiker, actor = wie
    b = await wf.registreer(
        engine,
        aanvraagId,
        gebruiker.gemeenten,
        actor,
        body.beschikking,
        body.ontvangenOp,
        body.verzondenOp,
        body.gronden,
        body.adviescommissie,
        nu,
    )
    return _bezwaar(b)


@router.get(
    "/aanvragen/{aanvraagId:uuid}/bezwaren",
    response_model=BezwaarLijst,
    responses=problem_responses(400, 401, 403, 404),
    summary="De bezwaren tegen de besluiten van een aanvraag",
)
async def lijst(
    aanvraagId: UUID, wie: Staf, engine: EngineDep, settings: SettingsDep, trace: TraceDep, nu: NuDep
) -> BezwaarLijst:
    gebruiker, _ = wie
    sleutel = settings.logboek_sleutel.get_secret_value()
    bezwaren = await wf.lijst(engine, aanvraagId, gebruiker.gemeenten, trace, sleutel, nu)
    return BezwaarLijst(bezwaren=[_bezwaar(b) for b in bezwaren])


class Beslissing(Model):
    uitkomst: Literal["gegrond", "ongegrond", "niet-ontvankelijk"] = Field(
        description="gegrond: de aanvraag gaat opnieuw naar beoordeling; anders volgt een brief."
    )
    motivering: Tekst


@router.post(
    "/aanvragen/{aanvraagId:uuid}/bezwaren/{nummer}/beslissingen",
    status_code=201,
    response_model=Bezwaar,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Op een bezwaar beslissen (door wie niet aan het bestreden besluit meewerkte)",
)
async def beslis(
    aanvraagId: UUID,
    nummer: Annotated[int, Path(ge=1, le=100_000)],
    body: Beslissing,
    wie: Beslisser,
    engine: EngineDep,
    nu: NuDep,
) -> Bezwaar:
    gebruiker, actor = wie
    b = await wf.beslis(engine, aanvraagId, nummer, gebruiker.gemeenten, actor, body.uitkomst, body.motivering, nu)
    return _bezwaar(b)


class OpenBezwaar(BaseModel):
    aanvraag: UUID
    referentie: str
    gemeente: str
    nummer: int
    ontvangenOp: date
    tijdig: bool
    beslissenUiterlijk: date
    termijnVerstreken: bool = Field(description="De beslistermijn (Awb 7:10) is voorbij.")


class OpenBezwaarLijst(BaseModel):
    bezwaren: list[OpenBezwaar]
    volgende: str | None = Field(None, description="Cursor voor de volgende pagina.")


@router.get(
    "/bezwaren",
    response_model=OpenBezwaarLijst,
    responses=problem_responses(400, 401, 403),
    summary="De bezwaren van een gemeente zonder beslissing, de eerste beslistermijn eerst (zonder persoonsgegevens)",
)
async def open_bezwaren(
    wie: Beslisser,
    engine: EngineDep,
    nu: NuDep,
    gemeente: Annotated[str, Query(pattern=r"^[0-9]{4}$", description="CBS-code van de gemeente.")],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> OpenBezwaarLijst:
    gebruiker, _ = wie
    if not gebruiker.mag_gemeente(gemeente):
        raise Probleem(403, "U mag de bezwaren van deze gemeente niet zien.")
    rijen, volgende = await wf.open_bezwaren(engine, [gemeente], limit, cursor)
    vandaag = nu.astimezone(wf.AMSTERDAM).date()
    return OpenBezwaarLijst(
        bezwaren=[
            OpenBezwaar(
                aanvraag=b.aanvraag_id,
                referentie=b.referentie,
                gemeente=b.gemeente,
                nummer=b.nummer,
                ontvangenOp=b.ontvangen_op,
                tijdig=b.tijdig,
                beslissenUiterlijk=b.beslissen_uiterlijk,
                termijnVerstreken=b.beslissen_uiterlijk < vandaag,
            )
            for b in rijen
        ],
        volgende=volgende,
    )
