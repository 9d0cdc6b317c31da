"""Liveness, readiness (the database answers) and Prometheus metrics."""

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from app.api.deps import EngineDep
from app.api.problems import Probleem, problem_responses

router = APIRouter(tags=["beheer"])


@router.get("/health/live", summary="Het proces draait")
async def live() -> dict[str, str]:
    return {"status": "UP"}


@router.get("/health/ready", summary="De database is bereikbaar", responses=problem_responses(503))
async def ready(engine: EngineDep) -> dict[str, str]:
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as err:  # any failure to reach the database means: not ready
        raise Probleem(503, "De database is niet bereikbaar.") from err
    return {"status": "UP"}


@router.get("/metrics", response_class=Response, summary="Prometheus-metrieken")
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
