"""The viability study of a Bbz case: send it to the adviser (`levensvatbaarheidsonderzoeken`),
record the adviser's report and conclusion (`levensvatbaarheidsrapporten`). HTTP only; the rules
live in `app.workflows.levensvatbaarheid`."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.aanvragen import vereis_json
from app.api.deps import STAF, EngineDep, NuDep, met_rol
from app.api.problems import problem_responses
from app.api.versies import etag, versie_uit
from app.api.werkvoorraad import Behandeling, behandeling
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import levensvatbaarheid as wf
from app.workflows.levensvatbaarheid import Conclusie
from app.workflows.werkvoorraad import AMSTERDAM

router = APIRouter(prefix="/aanvragen", tags=["levensvatbaarheid"])
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=100)]
ZONDER_NUL = r"^[^\x00]*$"
Tekst = Annotated[str, Field(max_length=5000, pattern=ZONDER_NUL)]
FOUTEN = problem_responses(400, 401, 403, 404, 409, 412, 415)
Consulent = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent))]
Staf = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*STAF))]


class Onderzoek(BaseModel):
    id: int
    adviseur: str
    kosten: int = Field(description="De kosten van het onderzoek in eurocenten, geboekt als kosten van de zaak.")
    aangevraagdOp: datetime
    termijnEinde: date = Field(description="Uiterlijk dan verwachten wij het rapport van de adviseur.")
    herinnerdOp: datetime | None = Field(description="Wanneer de adviseur na de termijn is herinnerd.")
    teLaat: bool = Field(description="Het rapport kwam (of is) na de termijn.")
    conclusie: Conclusie | None
    voorwaarden: list[str]
    rapportId: UUID | None
    toelichting: str | None
    afgerondOp: datetime | None


class OnderzoekLijst(BaseModel):
    onderzoeken: list[Onderzoek]


def _onderzoek(o: wf.Onderzoek, nu: datetime) -> Onderzoek:
    return Onderzoek(
        id=o.id,
        adviseur=o.adviseur,
        kosten=o.kosten,
        aangevraagdOp=o.aangevraagd_op,
        termijnEinde=o.termijn_einde,
        herinnerdOp=o.herinnerd_op,
        teLaat=o.te_laat(nu.astimezone(AMSTERDAM).date()),
        conclusie=Conclusie(o.conclusie) if o.conclusie else None,
        voorwaarden=o.voorwaarden,
        rapportId=o.rapport_id,
        toelichting=o.toelichting,
        afgerondOp=o.afgerond_op,
    )


class OnderzoekAanvraag(BaseModel):
    model_config = ConfigDict(extra="forbid")
    toelichting: Tekst | None = Field(None, description="Wat de adviseur moet weten.")


class OnderzoekAntwoord(Behandeling):
    onderzoek: Onderzoek


@router.post(
    "/{aanvraagId:uuid}/levensvatbaarheidsonderzoeken",
    status_code=201,
    response_model=OnderzoekAntwoord,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Een Bbz-aanvraag naar de adviseur sturen voor een levensvatbaarheidsonderzoek",
)
async def vraag_aan(
    aanvraagId: UUID,
    verzoek: OnderzoekAanvraag,
    response: Response,
    wie: Consulent,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> OnderzoekAntwoord:
    gebruiker, actor = wie
    zaak, onderzoek = await wf.vraag_aan(
        engine, aanvraagId, gebruiker.gemeenten, actor, verzoek.toelichting, versie_uit(if_match), nu
    )
    response.headers["ETag"] = etag(zaak.versie)
    basis = behandeling(zaak).model_dump(by_alias=True)
    return OnderzoekAntwoord.model_validate({**basis, "onderzoek": _onderzoek(onderzoek, nu)})


@router.get(
    "/{aanvraagId:uuid}/levensvatbaarheidsonderzoeken",
    response_model=OnderzoekLijst,
    responses=problem_responses(400, 401, 403, 404),
    summary="De levensvatbaarheidsonderzoeken bij een aanvraag",
)
async def lijst(aanvraagId: UUID, wie: Staf, engine: EngineDep, nu: NuDep) -> OnderzoekLijst:
    gebruiker, _ = wie
    onderzoeken = await wf.van_aanvraag(engine, aanvraagId, gebruiker.gemeenten)
    return OnderzoekLijst(onderzoeken=[_onderzoek(o, nu) for o in onderzoeken])


class Rapport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rapportId: UUID = Field(description="Het rapport, eerst geüpload als document van soort levensvatbaarheidsrapport.")
    conclusie: Conclusie
    voorwaarden: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=1000, pattern=ZONDER_NUL)]], Field(max_length=20)
    ] = Field(default_factory=list, description="Alleen bij levensvatbaar onder voorwaarden.")
    toelichting: Tekst | None = None


class RapportAntwoord(OnderzoekAntwoord):
    conclusieRegels: str | None = Field(description="De uitkomst van de regels met deze conclusie.")


@router.post(
    "/{aanvraagId:uuid}/levensvatbaarheidsrapporten",
    status_code=201,
    response_model=RapportAntwoord,
    response_model_by_alias=True,
    dependencies=[Depends(vereis_json)],
    responses=FOUTEN,
    summary="Het rapport en de conclusie van de adviseur vastleggen; de aanvraag gaat terug naar de consulent",
)
async def leg_rapport_vast(
    aanvraagId: UUID,
    rapport: Rapport,
    response: Response,
    wie: Consulent,
    engine: EngineDep,
    nu: NuDep,
    if_match: IfMatch = None,
) -> RapportAntwoord:
    gebruiker, actor = wie
    zaak, onderzoek, uitkomst = await wf.leg_rapport_vast(
        engine,
        aanvraagId,
        gebruiker.gemeenten,
        actor,
        rapport.rapportId,
        rapport.conclusie,
        rapport.voorwaarden,
        rapport.toelichting,
        versie_uit(if_match),
        nu,
    )
    response.headers["ETag"] = etag(zaak.versie)
    basis = behandeling(zaak).model_dump(by_alias=True)
    return RapportAntwoord.model_validate(
        {**basis, "onderzoek": _onderzoek(onderzoek, nu), "conclusieRegels": uitkomst.get("conclusie")}
    )
