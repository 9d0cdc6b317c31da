"""Bbz on a case: extending the beslistermijn once (`verdagingen`, Bbz art. 35 lid 3), the Bbz
application prefilled from a Tozo case whose last month ends (`bbz-concept`), and what the case
cost the municipality (`kosten`). HTTP only; the loan after the boekjaar is in `omzettingen`."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.aanvragen import vereis_json
from app.api.deps import INDIENERS, STAF, EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import problem_responses
from app.api.versies import etag, versie_uit
from app.api.werkvoorraad import Behandeling, behandeling
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import kosten, overgang, verdagingen

router = APIRouter(prefix="/aanvragen", tags=["bbz"])
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=100)]
Verdager = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent, Rol.teamleider))]
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*INDIENERS, *STAF))]


class VerdagingVerzoek(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reden: Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*\S[^\x00]*$")] = Field(
        description="Waarom het besluit later komt; dit staat in de brief aan de aanvrager."
    )


class VerdagingAntwoord(Behandeling):
    verdaagdOp: datetime
    oudeBeslistermijn: date
    nieuweBeslistermijn: date
    reden: str


@router.post(
    "/{aanvraagId:uuid}/verdagingen",
    status_code=201,
    response_model=VerdagingAntwoord,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 404, 409, 412, 415),
    summary="De Bbz-beslistermijn eenmalig met 13 weken verdagen, met een brief aan de aanvrager",
)
async def verdaag(
    aanvraagId: UUID,
    verzoek: VerdagingVerzoek,
    response: Response,
    wie: Verdager,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> VerdagingAntwoord:
    gebruiker, actor = wie
    zaak, v = await verdagingen.verdaag(
        engine, aanvraagId, gebruiker.gemeenten, actor, verzoek.reden.strip(), versie_uit(if_match), nu
    )
    response.headers["ETag"] = etag(zaak.versie)
    basis = behandeling(zaak).model_dump(by_alias=True)
    return VerdagingAntwoord.model_validate(
        {
            **basis,
            "verdaagdOp": v.verdaagd_op,
            "oudeBeslistermijn": v.oude_einde,
            "nieuweBeslistermijn": v.nieuwe_einde,
            "reden": v.reden,
        }
    )


class BbzConcept(BaseModel):
    vanAanvraag: UUID
    laatsteTozoMaand: str = Field(examples=["2021-09"])
    concept: dict[str, Any] = Field(description="Een Bbz-aanvraag levensonderhoud om aan te vullen en in te dienen.")
    nogInvullen: list[str] = Field(description="Wat de aanvrager nog moet invullen of controleren.")


@router.get(
    "/{aanvraagId:uuid}/bbz-concept",
    response_model=BbzConcept,
    responses=problem_responses(400, 401, 403, 404, 409),
    summary="Een Bbz-aanvraag, vooringevuld uit een Tozo-uitkering waarvan de laatste maand afloopt",
)
async def bbz_concept(
    aanvraagId: UUID, wie: Lezer, engine: EngineDep, settings: SettingsDep, trace: TraceDep, nu: NuDep
) -> BbzConcept:
    gebruiker, _ = wie
    c = await overgang.bbz_concept(
        engine, aanvraagId, gebruiker.gemeenten, trace, settings.logboek_sleutel.get_secret_value(), nu
    )
    return BbzConcept(
        vanAanvraag=c.van_aanvraag,
        laatsteTozoMaand=c.laatste_tozo_maand,
        concept=c.concept,
        nogInvullen=list(c.nog_invullen),
    )


class Kostenpost(BaseModel):
    soort: str = Field(examples=["levensvatbaarheidsonderzoek"])
    omschrijving: str
    bedrag: int = Field(description="In eurocenten.")
    geboektOp: datetime


class Kosten(BaseModel):
    kosten: list[Kostenpost]
    totaal: int = Field(description="In eurocenten.")


Staf = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*STAF))]


@router.get(
    "/{aanvraagId:uuid}/kosten",
    response_model=Kosten,
    responses=problem_responses(400, 401, 403, 404),
    summary="Wat de aanvraag de gemeente kostte, zoals het levensvatbaarheidsonderzoek",
)
async def kosten_van(aanvraagId: UUID, wie: Staf, engine: EngineDep) -> Kosten:
    gebruiker, _ = wie
    posten = await kosten.van_aanvraag(engine, aanvraagId, gebruiker.gemeenten)
    return Kosten(
        kosten=[
            Kostenpost(soort=k.soort, omschrijving=k.omschrijving, bedrag=k.bedrag, geboektOp=k.geboekt_op)
            for k in posten
        ],
        totaal=sum(k.bedrag for k in posten),
    )
