"""`/batches`: render all pending letters or re-issue after a norm change, follow the progress,
read a re-issue's differences (JSON or CSV) and export a batch for the print-and-mail provider.
Always within the municipalities of the operator's token. HTTP only; the work is in
`app.workflows.batches`, `app.workflows.normwijziging` and `app.workflows.export`."""

import asyncio
import csv
import io
import os
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Response
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from app.api.deps import EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import problem_responses
from app.api.schemas.antwoorden import Link
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import batches as wf
from app.workflows import export

router = APIRouter(tags=["batches"])
Operator = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.batch))]
BatchId = Annotated[int, Path(ge=1, le=2**62)]
CSV = "text/csv"
ZIP = "application/zip"


class NieuweBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    soort: Literal["openstaande-brieven", "herziening-na-normwijziging"] = Field(
        description=(
            "openstaande-brieven: alle nog niet gemaakte brieven. herziening-na-normwijziging: elke "
            "toekenning opnieuw berekenen met de regels van nu en een gecorrigeerde beschikking (met brief) "
            "maken waar een bedrag verandert."
        )
    )


class Batch(BaseModel):
    id: int
    soort: str
    aangemaaktOp: datetime
    aangemaaktDoor: str
    gemeenten: list[str] = Field(description="De gemeenten waarbinnen de batch werkt: die van het token.")
    totaal: int = Field(
        description="Brieven in de batch (bij een herziening: de gecorrigeerde beschikkingen tot nu toe)."
    )
    klaar: int
    status: str = Field(description="plannen, herberekenen (alleen een herziening), bezig of klaar")
    zaken: int = Field(description="Herziening: de aanvragen die opnieuw berekend worden (tot nu toe gepland).")
    herberekend: int = Field(description="Herziening: de aanvragen die al opnieuw berekend zijn.")
    links: dict[str, Link] = Field(alias="_links")


class Verschil(BaseModel):
    referentie: str
    oudeBeschikking: str = Field(description="Kenmerk van de vervangen beschikking.")
    nieuweBeschikking: str = Field(description="Kenmerk van de gecorrigeerde beschikking.")
    maand: str
    oudBedrag: int = Field(description="Centen.")
    nieuwBedrag: int = Field(description="Centen.")
    verschil: int = Field(description="Nieuw min oud, in centen.")
    oudBesluit: str = Field(
        description="Soort van de vervangen beschikking; afwijzing: de nieuwe norm maakt een afwijzing een toekenning."
    )


class VerschilLijst(BaseModel):
    verschillen: list[Verschil]
    links: dict[str, Link | None] = Field(alias="_links")


def _batch(b: wf.Batch) -> Batch:
    pad = f"/api/v1/batches/{b.id}"
    links = {"self": {"href": pad}, "export": {"href": f"{pad}/export"}}
    if b.soort == "herziening-na-normwijziging":
        links["verschillen"] = {"href": f"{pad}/verschillen"}
    return Batch.model_validate(
        {
            "id": b.id,
            "soort": b.soort,
            "aangemaaktOp": b.aangemaakt_op,
            "aangemaaktDoor": b.aangemaakt_door,
            "gemeenten": list(b.gemeenten),
            "totaal": b.totaal,
            "klaar": b.klaar,
            "status": b.status,
            "zaken": b.zaken,
            "herberekend": b.herberekend,
            "_links": links,
        }
    )


def _verschil(v: wf.Verschil) -> Verschil:
    return Verschil(
        referentie=v.referentie,
        oudeBeschikking=v.oude_beschikking,
        nieuweBeschikking=v.nieuwe_beschikking,
        maand=v.maand,
        oudBedrag=v.oud_cent,
        nieuwBedrag=v.nieuw_cent,
        verschil=v.nieuw_cent - v.oud_cent,
        oudBesluit=v.oud_besluit,
    )


@router.post(
    "/batches",
    status_code=201,
    response_model=Batch,
    response_model_by_alias=True,
    responses={
        202: {
            "model": Batch,
            "description": (
                "Herziening na een normwijziging: de batch is aangemaakt, de workers berekenen opnieuw. "
                "Volg de voortgang op de Location."
            ),
        },
        **problem_responses(400, 401, 403),
    },
    summary="Een batch starten in uw gemeenten: openstaande brieven, of herziening na een normwijziging",
)
async def start(body: NieuweBatch, response: Response, wie: Operator, engine: EngineDep, nu: NuDep) -> Batch:
    gebruiker, _ = wie
    batch = await wf.start_batch(engine, body.soort, gebruiker.sub, nu, gebruiker.gemeenten)
    response.headers["Location"] = f"/api/v1/batches/{batch.id}"
    if batch.status == "plannen":  # a re-issue: accepted, the workers do the work
        response.status_code = 202
    return _batch(batch)


@router.get(
    "/batches/{batchId}",
    response_model=Batch,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404),
    summary="De voortgang van een batch",
)
async def voortgang(batchId: BatchId, wie: Operator, engine: EngineDep) -> Batch:
    gebruiker, _ = wie
    return _batch(await wf.lees_batch(engine, batchId, gebruiker.gemeenten))


@router.get(
    "/batches/{batchId}/verschillen",
    response_model=VerschilLijst,
    response_model_by_alias=True,
    responses={
        200: {"content": {CSV: {}}, "description": "Met `Accept: text/csv` het hele verslag als CSV."},
        **problem_responses(400, 401, 403, 404),
    },
    summary="Het verslag van een herziening: per aanvraag en maand het oude en het nieuwe bedrag",
)
async def verschillen(
    batchId: BatchId,
    wie: Operator,
    engine: EngineDep,
    settings: SettingsDep,
    trace: TraceDep,
    nu: NuDep,
    na: Annotated[int, Query(ge=0, le=2**62, description="Cursor: de regels na deze.")] = 0,
    accept: Annotated[str | None, Header()] = None,
) -> Response | VerschilLijst:
    gebruiker, _ = wie
    sleutel = settings.logboek_sleutel.get_secret_value()
    if accept is not None and CSV in accept:
        await wf.lees_batch(engine, batchId, gebruiker.gemeenten)  # 404 before the stream starts

        async def regels() -> AsyncIterator[str]:
            uit = io.StringIO()
            schrijver = csv.writer(uit, lineterminator="\r\n")
            schrijver.writerow(
                (
                    "referentie",
                    "oude_beschikking",
                    "nieuwe_beschikking",
                    "maand",
                    "oud_cent",
                    "nieuw_cent",
                    "verschil_cent",
                    "oud_besluit",
                )
            )
            cursor = 0
            while True:
                pagina = await wf.verschillen(engine, batchId, gebruiker.gemeenten, trace, sleutel, nu, na=cursor)
                for v in pagina:
                    schrijver.writerow(
                        (
                            v.referentie,
                            v.oude_beschikking,
                            v.nieuwe_beschikking,
                            v.maand,
                            v.oud_cent,
                            v.nieuw_cent,
                            v.nieuw_cent - v.oud_cent,
                            v.oud_besluit,
                        )
                    )
                yield uit.getvalue()
                uit.seek(0)
                uit.truncate()
                if not pagina:
                    return
                cursor = pagina[-1].id

        return StreamingResponse(
            regels(),
            media_type=f"{CSV}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="herziening-{batchId}.csv"'},
        )
    pagina = await wf.verschillen(engine, batchId, gebruiker.gemeenten, trace, sleutel, nu, na=na)
    volgende = f"/api/v1/batches/{batchId}/verschillen?na={pagina[-1].id}" if pagina else None
    return VerschilLijst.model_validate(
        {
            "verschillen": [_verschil(v) for v in pagina],
            "_links": {
                "self": {"href": f"/api/v1/batches/{batchId}/verschillen?na={na}"},
                "volgende": {"href": volgende} if volgende else None,
            },
        }
    )


@router.get(
    "/batches/{batchId}/export",
    response_class=Response,
    responses={
        200: {"content": {ZIP: {}}, "description": "Alle brieven van de batch als PDF, met manifest.csv."},
        **problem_responses(400, 401, 403, 404, 409),
    },
    summary="Export voor de print- en postverwerker: ZIP met de brieven en een manifest (CSV)",
)
async def exporteer(
    batchId: BatchId, wie: Operator, engine: EngineDep, settings: SettingsDep, trace: TraceDep, nu: NuDep
) -> Response:
    gebruiker, _ = wie
    # On disk, not in memory: a batch of 100,000 letters is gigabytes.
    fd, pad = tempfile.mkstemp(suffix=".zip")
    doel = os.fdopen(fd, "wb")
    try:
        await export.schrijf_zip(
            engine, batchId, gebruiker.gemeenten, doel, trace, settings.logboek_sleutel.get_secret_value(), nu
        )
    except BaseException:
        doel.close()
        os.unlink(pad)
        raise
    await asyncio.to_thread(doel.close)  # the last buffered bytes go to disk off the event loop too
    return FileResponse(
        pad,
        media_type=ZIP,
        filename=f"batch-{batchId}.zip",
        headers={"Cache-Control": "private, no-store"},
        background=BackgroundTask(os.unlink, pad),
    )
