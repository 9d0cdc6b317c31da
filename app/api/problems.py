"""Every error as `application/problem+json` (RFC 9457), invalid input as one 400 that lists
all problems in `invalidParams` (the Haal Centraal convention)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app import db
from app.api.middleware import TeGroot, TeTraag
from app.workflows.fouten import AanvraagFout, OngeldigeInvoer

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://zelfstandigenloket.nl/problemen/"
REGELINGEN = ("tozo-levensonderhoud", "tozo-bedrijfskapitaal", "bbz-levensonderhoud", "bbz-bedrijfskapitaal")

log = structlog.get_logger()

TITELS = {
    400: "Ten minste één veld is ongeldig.",
    401: "Niet geauthenticeerd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    406: "Dit antwoordformaat wordt niet ondersteund.",
    408: "Het verzoek kwam te langzaam binnen.",
    409: "Conflict met de huidige toestand.",
    412: "De versie klopt niet meer.",
    413: "Het verzoek is te groot.",
    415: "Dit inhoudstype wordt niet ondersteund.",
    428: "Een verplichte voorwaarde-header ontbreekt.",
    429: "Te veel verzoeken.",
    500: "Interne fout.",
    503: "Tijdelijk niet beschikbaar.",
}


class Probleem(Exception):
    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        code: str | None = None,
        invalid_params: Sequence[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.invalid_params = list(invalid_params or [])
        self.headers = headers or {}


def probleem_antwoord(request: Request, p: Probleem) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + (p.code or str(p.status)),
        "title": TITELS.get(p.status, "Fout."),
        "status": p.status,
        "instance": request.url.path,
    }
    if p.code:
        body["code"] = p.code
    if p.detail:
        body["detail"] = p.detail
    if p.invalid_params:
        body["invalidParams"] = p.invalid_params
    return JSONResponse(body, status_code=p.status, media_type=PROBLEM_JSON, headers=p.headers)


_CODES = {
    "missing": "required",
    "extra_forbidden": "unknownParam",
    "greater_than_equal": "minimum",
    "greater_than": "minimum",
    "less_than_equal": "maximum",
    "less_than": "maximum",
    "string_too_short": "minLength",
    "string_too_long": "maxLength",
    "too_short": "minItems",
    "too_long": "maxItems",
    "string_pattern_mismatch": "pattern",
    "literal_error": "enum",
    "enum": "enum",
    "union_tag_invalid": "enum",
    "union_tag_not_found": "required",
    "json_invalid": "json",
    "int_from_float": "integer",
}
_TYPE_PREFIXES = {
    "int_": "integer",
    "bool_": "boolean",
    "date_": "date",
    "datetime_": "datetime",
    "string_": "string",
    "list_": "array",
    "float_": "number",
    "model_": "object",
    "dict_": "object",
}
_REDENEN = {
    "required": "Dit veld is verplicht.",
    "unknownParam": "Dit veld is onbekend.",
    "integer": "Geef een geheel getal (bedragen in eurocenten).",
    "boolean": "Geef true of false.",
    "date": "Geef een datum als JJJJ-MM-DD.",
    "string": "Geef een tekst.",
    "array": "Geef een lijst.",
    "object": "Geef een object.",
    "json": "De inhoud is geen geldige JSON.",
}


def _code(error_type: str) -> str:
    if error_type in _CODES:
        return _CODES[error_type]
    for prefix, code in _TYPE_PREFIXES.items():
        if error_type.startswith(prefix) and (error_type.endswith("_type") or error_type.endswith("_parsing")):
            return code
    return error_type


def veldnaam(loc: Sequence[int | str]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    # A discriminated union puts the chosen regulation in the path; the client never sent it.
    if parts and parts[0] in REGELINGEN:
        parts = parts[1:]
    naam = ""
    for part in parts:
        if isinstance(part, int):
            naam += f"[{part}]"
        else:
            naam += ("." if naam else "") + str(part)
    return naam or "body"


def _reden(err: dict[str, Any], code: str) -> str:
    ctx = err.get("ctx") or {}
    if code == "minimum":
        return f"De waarde moet minimaal {ctx.get('ge', ctx.get('gt'))} zijn."
    if code == "maximum":
        return f"De waarde mag hoogstens {ctx.get('le', ctx.get('lt'))} zijn."
    if code == "enum" and "expected" in ctx:
        return f"Kies uit: {ctx['expected']}."
    if code in _REDENEN:
        return _REDENEN[code]
    return str(err.get("msg", "Ongeldige waarde."))


def invalid_params(errors: Sequence[Any]) -> list[dict[str, str]]:
    uit: list[dict[str, str]] = []
    for err in errors:
        code = _code(str(err.get("type", "invalid")))
        loc = list(err.get("loc", ()))
        if code == "json":
            loc = ["body"]
        elif str(err.get("type", "")).startswith("union_tag_"):
            loc = [str((err.get("ctx") or {}).get("discriminator", "body")).strip("'")]
        uit.append({"name": veldnaam(loc), "code": code, "reason": _reden(err, code)})
    return uit


def _toegestane_methoden(request: Request) -> str:
    """Starlette names only the first matching route's methods; a path may have several routes."""
    methoden: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methoden |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methoden))


def installeer(app: FastAPI) -> None:
    async def bij_probleem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Probleem)
        return probleem_antwoord(request, exc)

    async def bij_validatie(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        params = invalid_params(exc.errors())
        # A route may add checks across fields, so the client hears of every problem at once.
        controle = getattr(getattr(request.scope.get("route"), "endpoint", None), "samenhangscontrole", None)
        if controle is not None and isinstance(exc.body, dict):
            vandaag = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
            gezien = {(p["name"], p["code"]) for p in params}
            params += [p for p in controle(exc.body, vandaag) if (p["name"], p["code"]) not in gezien]
        return probleem_antwoord(request, Probleem(400, invalid_params=params))

    async def bij_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if isinstance(exc.__cause__, TeGroot):  # FastAPI wraps errors raised while reading the body
            return probleem_antwoord(request, Probleem(413, "Het verzoek is te groot."))
        if isinstance(exc.__cause__, TeTraag):
            return probleem_antwoord(request, Probleem(408, "Het verzoek kwam te langzaam binnen."))
        detail = exc.detail if isinstance(exc.detail, str) else None
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _toegestane_methoden(request)
        return probleem_antwoord(request, Probleem(exc.status_code, detail, headers=headers))

    async def bij_domeinfout(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AanvraagFout)
        params = exc.invalid_params if isinstance(exc, OngeldigeInvoer) else None
        return probleem_antwoord(request, Probleem(exc.status, exc.detail, code=exc.code, invalid_params=params))

    async def bij_onverwacht(request: Request, exc: Exception) -> JSONResponse:
        log.exception("onverwachte fout", path=request.url.path)
        return probleem_antwoord(request, Probleem(500, "Er ging iets mis aan onze kant."))

    app.add_exception_handler(Probleem, bij_probleem)
    app.add_exception_handler(RequestValidationError, bij_validatie)
    app.add_exception_handler(StarletteHTTPException, bij_http)
    app.add_exception_handler(AanvraagFout, bij_domeinfout)

    async def bij_databasefout(request: Request, exc: Exception) -> JSONResponse:
        if not db.verbinding_verloren(exc):
            return await bij_onverwacht(request, exc)
        # A database restart or failover, not a fault of ours: the client may try again.
        log.warning("database onbereikbaar", path=request.url.path, fout=type(exc).__name__)
        detail = "De database is even niet bereikbaar. Probeer het over een paar seconden opnieuw."
        return probleem_antwoord(request, Probleem(503, detail, headers={"Retry-After": "2"}))

    # Handlers per class, not the catch-all: Starlette re-raises what reaches that one after
    # answering, and the server then drops the client's keep-alive connection.
    for soort in (OSError, DBAPIError, asyncpg.InterfaceError, asyncpg.PostgresError):
        app.add_exception_handler(soort, bij_databasefout)
    app.add_exception_handler(Exception, bij_onverwacht)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries so every documented error shows the problem schema."""
    return {
        s: {
            "description": TITELS.get(s, "Fout."),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Probleem"}}},
        }
        for s in statuses
    }
