"""Liveness, readiness (the database answers) and Prometheus metrics."""

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from app.api.deps import EngineDep, bearer, gebruiker_uit_token
from app.api.problems import Probleem, problem_responses
from app.auth import Rol

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


async def mag_metrieken_lezen(
    request: Request, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Request counts per route and status say how the service is used: not for everyone. The
    configured scrape token (`ZL_METRICS_TOKEN`), or a token with the role `beheer`."""
    vast = request.app.state.settings.metrics_token
    if (
        vast is not None
        and cred is not None
        and hmac.compare_digest(cred.credentials.encode(), vast.get_secret_value().encode())
    ):
        return
    gebruiker = gebruiker_uit_token(request, cred)
    if Rol.beheer not in gebruiker.rollen:
        raise Probleem(403, "Alleen beheer of de scraper van de metrieken mag deze lezen.")


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus-metrieken",
    description="Met het scrape-token (`ZL_METRICS_TOKEN`) of een token met de rol `beheer`.",
    dependencies=[Depends(mag_metrieken_lezen)],
    responses=problem_responses(401, 403),
)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
