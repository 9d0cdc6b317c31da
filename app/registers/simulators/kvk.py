"""KvK Basisprofiel simulator: `GET /kvk/v1/basisprofielen/{kvkNummer}` with header `apikey`."""

from __future__ import annotations

import re
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from app.registers.simulators.storingen import Storingen

_KVK_NUMMER = re.compile(r"^[0-9]{8}$")


def _fout(status: int, code: str, omschrijving: str) -> JSONResponse:
    return JSONResponse({"fout": [{"code": code, "omschrijving": omschrijving}]}, status_code=status)


def kvk_router(basisprofielen: dict[str, dict[str, Any]], storingen: Storingen) -> APIRouter:
    router = APIRouter(prefix="/kvk")

    @router.get("/v1/basisprofielen/{kvk_nummer}")
    async def basisprofiel(kvk_nummer: str, request: Request) -> Response:
        start = time.perf_counter()
        try:
            modus = await storingen.toepassen("kvk")
            if modus in ("down", "fout"):
                return _fout(503, "IPD9999", "Service tijdelijk niet beschikbaar")
            if modus == "druk":
                return Response(status_code=429, headers={"Retry-After": "1"})
            if modus == "onzin":
                return Response("<html><body>Gateway error</body></html>", media_type="text/html")
            if not request.headers.get("apikey"):
                return _fout(401, "IPD1002", "Geen geldige apikey meegegeven")
            if not _KVK_NUMMER.match(kvk_nummer):
                return _fout(400, "IPD1999", "Het KVK-nummer moet uit 8 cijfers bestaan")
            profiel = basisprofielen.get(kvk_nummer)
            if profiel is None:
                return _fout(
                    404,
                    "IPD0005",
                    f"Op basis van het KVK-nummer {kvk_nummer} kan het product niet worden geleverd.",
                )
            return JSONResponse(profiel, media_type="application/hal+json")
        finally:
            storingen.tel("kvk", kvk_nummer, start, request.headers.get("traceparent"))

    return router
