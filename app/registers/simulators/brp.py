"""BRP Personen v2 simulator: `POST /brp/personen`, type RaadpleegMetBurgerservicenummer."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from app.registers.simulators.storingen import Storingen
from app.registers.simulators.velden import filter_persoon, ongeldige_velden

_BSN = re.compile(r"^[0-9]{9}$")
_JSON = "application/json; charset=utf-8"
_PROBLEEM = "application/problem+json"


def _probleem(status: int, titel: str, code: str, invalid: list[dict[str, str]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "https://www.rfc-editor.org/rfc/rfc9110#name-" + str(status),
        "title": titel,
        "status": status,
        "instance": "http://simulator/brp/personen",
        "code": code,
    }
    if invalid:
        body["invalidParams"] = invalid
    return JSONResponse(body, status_code=status, media_type=_PROBLEEM)


def _valideer(query: Any) -> list[dict[str, str]]:
    if not isinstance(query, dict):
        return [{"name": "body", "code": "object", "reason": "Body moet een object zijn."}]
    fouten = []
    if query.get("type") != "RaadpleegMetBurgerservicenummer":
        fouten.append({"name": "type", "code": "value", "reason": "Alleen raadplegen met BSN."})
    bsns = query.get("burgerservicenummer")
    if not isinstance(bsns, list) or not 1 <= len(bsns) <= 20:
        fouten.append(
            {"name": "burgerservicenummer", "code": "array", "reason": "Tussen 1 en 20 burgerservicenummers."}
        )
    else:
        # The contract's InvalidParam.name allows no [index]; the name alone identifies it.
        for bsn in bsns:
            if not isinstance(bsn, str) or not _BSN.match(bsn):
                fouten.append({"name": "burgerservicenummer", "code": "pattern", "reason": "9 cijfers."})
    velden = query.get("fields")
    if not isinstance(velden, list) or not velden or not all(isinstance(v, str) for v in velden):
        fouten.append({"name": "fields", "code": "required", "reason": "fields is verplicht."})
    else:
        for veld in velden:
            if veld in ongeldige_velden([veld]):
                fouten.append(
                    {
                        "name": "fields",
                        "code": "field",
                        "reason": "Parameter bevat een niet bestaande veldnaam.",
                    }
                )
    return fouten


def brp_router(personen: dict[str, dict[str, Any]], storingen: Storingen) -> APIRouter:
    router = APIRouter(prefix="/brp")

    @router.post("/personen")
    async def zoek_personen(request: Request) -> Response:
        start = time.perf_counter()
        sleutel: str | None = None
        try:
            inhoud = await request.body()  # before any slowness, see the Suwinet simulator
            modus = await storingen.toepassen("brp")
            if modus in ("down", "fout"):
                return _probleem(503, "Bronservice BRP is tijdelijk niet beschikbaar.", "notAvailable")
            if modus == "druk":
                return Response(status_code=429, headers={"Retry-After": "1"})
            if modus == "onzin":
                return JSONResponse({"bericht": "onverwacht"}, media_type=_JSON)
            try:
                query = json.loads(inhoud)
            except ValueError:
                return _probleem(400, "Ongeldige JSON.", "paramsValidation")
            fouten = _valideer(query)
            if fouten:
                return _probleem(400, "Een of meerdere parameters zijn niet correct.", "paramsValidation", fouten)
            bsns: list[str] = query["burgerservicenummer"]
            sleutel = ",".join(bsns)
            gevonden = [filter_persoon(personen[b], query["fields"]) for b in bsns if b in personen]
            return JSONResponse({"type": "RaadpleegMetBurgerservicenummer", "personen": gevonden}, media_type=_JSON)
        finally:
            storingen.tel("brp", sleutel, start, request.headers.get("traceparent"))

    return router
