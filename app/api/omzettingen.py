"""After the boekjaar, the Bbz interest-free loan for levensonderhoud converted into a gift up to
the limit (Bbz art. 11-13): a proposal to look at (`omzettingsvoorstellen`) and the further
decision itself with its letter and ledger entries (`omzettingen`). HTTP only."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.aanvragen import vereis_json
from app.api.deps import STAF, EngineDep, NuDep, met_rol
from app.api.problems import problem_responses
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.rules.bbz.omzetting import Omzetting
from app.workflows import omzetting as wf

router = APIRouter(prefix="/aanvragen", tags=["bbz"])
Consulent = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.consulent))]
Staf = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*STAF))]
Cent = Annotated[int, Field(ge=0, le=100_000_000_00, strict=True)]


class OmzettingVerzoek(BaseModel):
    model_config = ConfigDict(extra="forbid")
    boekjaar: Annotated[int, Field(ge=2004, le=2100, strict=True)]
    nettoInkomen: Cent = Field(description="Het netto inkomen over het boekjaar zoals vastgesteld, in eurocenten.")
    vermogen: Cent = Field(description="Het eigen vermogen, in eurocenten.")


class OmzettingBesluitVerzoek(OmzettingVerzoek):
    motivering: Annotated[str, Field(max_length=5000, pattern=r"^[^\x00]*$")] | None = Field(
        default=None, description="Wat de consulent aan de uitleg in de brief toevoegt."
    )


class OmzettingVoorstel(BaseModel):
    maanden: list[str] = Field(description="De maanden van het boekjaar waarin bijstand als lening is verstrekt.")
    verstrekt: int
    recht: int
    nabetaling: int
    terugvordering: int
    omNiet: int
    leningBlijft: int
    aflossingPerJaar: int
    toelichting: str
    grondslag: str


def _voorstel(maanden: list[str], o: Omzetting) -> OmzettingVoorstel:
    return OmzettingVoorstel(
        maanden=maanden,
        verstrekt=o.verstrekt,
        recht=o.recht,
        nabetaling=o.nabetaling,
        terugvordering=o.terugvordering,
        omNiet=o.om_niet,
        leningBlijft=o.lening_blijft,
        aflossingPerJaar=o.aflossing_per_jaar,
        toelichting=o.toelichting,
        grondslag=o.grondslag,
    )


@router.post(
    "/{aanvraagId:uuid}/omzettingsvoorstellen",
    response_model=OmzettingVoorstel,
    dependencies=[Depends(vereis_json)],
    responses=problem_responses(400, 401, 403, 404, 409, 415),
    summary="Voorstel na het boekjaar: de renteloze lening omzetten in een gift tot de grens (Bbz art. 11-13)",
)
async def omzettingsvoorstel(
    aanvraagId: UUID, verzoek: OmzettingVerzoek, wie: Consulent, engine: EngineDep, nu: NuDep
) -> OmzettingVoorstel:
    gebruiker, _ = wie
    maanden, o = await wf.voorstel(
        engine, aanvraagId, gebruiker.gemeenten, verzoek.boekjaar, verzoek.nettoInkomen, verzoek.vermogen, nu
    )
    return _voorstel(maanden, o)


class OmzettingBesluit(OmzettingVoorstel):
    boekjaar: int
    nettoInkomen: int
    vermogen: int
    beschikking: int = Field(description="Het nummer van de beschikking (de brief) bij de aanvraag.")
    beslotenOp: datetime
    beslotenDoor: str


def _besluit(b: wf.Besluit) -> OmzettingBesluit:
    return OmzettingBesluit(
        **_voorstel(b.maanden, b.omzetting).model_dump(),
        boekjaar=b.boekjaar,
        nettoInkomen=b.omzetting.netto_inkomen,
        vermogen=b.omzetting.vermogen,
        beschikking=b.beschikking,
        beslotenOp=b.besloten_op,
        beslotenDoor=b.besloten_door,
    )


@router.post(
    "/{aanvraagId:uuid}/omzettingen",
    status_code=201,
    response_model=OmzettingBesluit,
    dependencies=[Depends(vereis_json)],
    responses={
        200: {"description": "Over dit boekjaar was met dezelfde cijfers al beslist; dit is dat besluit."},
        **problem_responses(400, 401, 403, 404, 409, 415),
    },
    summary="Na het boekjaar beslissen: de renteloze lening wordt een gift tot de grens, met brief en boekingen",
)
async def beslis(
    aanvraagId: UUID,
    verzoek: OmzettingBesluitVerzoek,
    response: Response,
    wie: Consulent,
    engine: EngineDep,
    nu: NuDep,
) -> OmzettingBesluit:
    gebruiker, actor = wie
    besluit, nieuw = await wf.beslis(
        engine,
        aanvraagId,
        gebruiker.gemeenten,
        actor,
        verzoek.boekjaar,
        verzoek.nettoInkomen,
        verzoek.vermogen,
        verzoek.motivering,
        nu,
    )
    if not nieuw:
        response.status_code = 200
    return _besluit(besluit)


class OmzettingLijst(BaseModel):
    omzettingen: list[OmzettingBesluit]


@router.get(
    "/{aanvraagId:uuid}/omzettingen",
    response_model=OmzettingLijst,
    responses=problem_responses(400, 401, 403, 404),
    summary="De besluiten na het boekjaar over de renteloze lening van een aanvraag",
)
async def lijst(aanvraagId: UUID, wie: Staf, engine: EngineDep) -> OmzettingLijst:
    gebruiker, _ = wie
    return OmzettingLijst(omzettingen=[_besluit(b) for b in await wf.lijst(engine, aanvraagId, gebruiker.gemeenten)])
