"""`/regelingen`: which regulations are open on a date, and the form schema of each."""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field, TypeAdapter

from app.api.deps import LEZERS, NuDep, met_rol
from app.api.problems import problem_responses
from app.api.schemas.aanvraag import MODEL_PER_REGELING
from app.api.schemas.typen import Datum
from app.audit.trail import Actor
from app.auth import Gebruiker
from app.rules.regelingen import regelingen_open_op

router = APIRouter(prefix="/regelingen", tags=["regelingen"])
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*LEZERS))]


class Periode(BaseModel):
    begin: date
    eind: date | None


class Maandvenster(BaseModel):
    eerste: str = Field(examples=["2020-03"])
    laatste: str = Field(examples=["2020-08"])
    maximumAantal: int | None


class Regeling(BaseModel):
    code: str
    naam: str
    omschrijving: str
    aanvraagperiode: Periode
    aanvraagbareMaanden: Maandvenster | None
    grondslag: str
    schema_: dict[str, Any] = Field(alias="schema", description="JSON Schema van de aanvraag.")


class Regelingen(BaseModel):
    peildatum: date
    regelingen: list[Regeling]


def _schema(code: str) -> dict[str, Any]:
    return TypeAdapter(MODEL_PER_REGELING[code]).json_schema(by_alias=True)


_SCHEMAS = {code: _schema(code) for code in MODEL_PER_REGELING}


@router.get(
    "",
    response_model=Regelingen,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403),
    summary="De regelingen die op een datum open staan, met het schema van hun aanvraag",
)
async def open_regelingen(
    wie: Lezer,
    nu: NuDep,
    peildatum: Annotated[Datum | None, Query(description="Standaard: vandaag.")] = None,
) -> Regelingen:
    dag = peildatum or _vandaag(nu)
    uit = []
    for r in regelingen_open_op(dag):
        uit.append(
            Regeling.model_validate(
                {
                    "code": r.code,
                    "naam": r.naam,
                    "omschrijving": r.omschrijving,
                    "aanvraagperiode": {"begin": r.aanvragen_vanaf, "eind": r.aanvragen_tot},
                    "aanvraagbareMaanden": None
                    if r.eerste_maand is None or r.laatste_maand is None
                    else {
                        "eerste": str(r.eerste_maand),
                        "laatste": str(r.laatste_maand),
                        "maximumAantal": r.max_maanden,
                    },
                    "grondslag": r.grondslag,
                    "schema": _SCHEMAS[r.code],
                }
            )
        )
    return Regelingen(peildatum=dag, regelingen=uit)


def _vandaag(nu: datetime) -> date:
    from zoneinfo import ZoneInfo

    return nu.astimezone(ZoneInfo("Europe/Amsterdam")).date()
