"""`/proefberekeningen`: what the rules would decide on an application, stored nowhere."""

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from app.api.aanvragen import vereis_json
from app.api.deps import LEZERS, NuDep, met_rol
from app.api.problems import Probleem, problem_responses
from app.api.schemas.aanvraag import AanvraagGegevens
from app.api.schemas.typen import Datum
from app.audit.trail import Actor
from app.auth import Gebruiker
from app.workflows import intake_controles, proefberekening

router = APIRouter(prefix="/proefberekeningen", tags=["proefberekeningen"])
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*LEZERS))]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Uitkomst(BaseModel):
    """The rules engine's outcome: per criterion and per month met / not met / needs a person,
    with a Dutch reason and the legal basis; amounts in euro cents."""

    model_config = ConfigDict(extra="allow")
    regeling: str
    peildatum: str
    conclusie: str
    criteria: list[dict[str, Any]] = Field(description="Per criterium: status, tekst, grondslag, bron.")
    maanden: list[dict[str, Any]] = Field(description="Per maand: norm, inkomen, bedrag, toegekend.")


@router.post(
    "",
    response_model=Uitkomst,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 415),
    summary="Een proefberekening: de uitkomst van de regels, zonder iets op te slaan",
)
async def bereken(
    gegevens: Annotated[AanvraagGegevens, Body()],
    wie: Lezer,
    nu: NuDep,
    peildatum: Annotated[Datum | None, Query(description="Datum van beoordeling; standaard vandaag.")] = None,
) -> dict[str, Any]:
    vandaag = nu.astimezone(AMSTERDAM).date()
    ruw = gegevens.model_dump(mode="json", exclude_none=True)
    fouten = intake_controles.controleer(ruw, vandaag)
    if fouten:
        raise Probleem(400, invalid_params=fouten)
    ruw.setdefault("aanvraagdatum", vandaag.isoformat())
    return proefberekening.bereken(ruw, peildatum or vandaag)


bereken.samenhangscontrole = intake_controles.controleer  # type: ignore[attr-defined]
