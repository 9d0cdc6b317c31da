"""The fast path of `POST /aanvragen`, the hot path of intake (bench/submit).

FastAPI's per-request work around the declared route (routing over every route, the request and
exception wrappers, solving seven dependencies, each with its own bookkeeping) cost more than the
validation itself. A request that is well-formed in every respect is therefore handled here, by an
ASGI layer that sits inside our own middleware (`HttpMiddleware`, `Verzoeklimiet`, CORS: trace,
security headers, API-Version, rate limit, metrics and the log line are theirs on both paths) and
in front of Starlette's exception middleware and router: the same token check, role, content type
and `Idempotency-Key` rules, the declared route's own body field for validation, then the same
processing as the declared route (`verwerk_indiening`). Anything unusual — a missing or bad header,
a query string, a body that does not parse or validate, a read error or a disconnect — goes to the
whole app with the body messages replayed, so every error answer is FastAPI's own. An error raised
while processing (a 400 across fields, 403, 409) is answered by the app's own exception handlers,
as Starlette's exception middleware would. The declaration stays the one FastAPI documents in the
OpenAPI document."""

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from fastapi._compat import ModelField
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security.utils import get_authorization_scheme_param
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.deps import INDIENERS, Omgeving, actor_in_rol
from app.api.schemas.aanvraag import Basis
from app.audit.trail import Actor
from app.auth import Gebruiker, TokenOngeldig, verifieer

PAD = "/api/v1/aanvragen"

Verwerk = Callable[[Basis, str, Gebruiker, Actor, Omgeving, Any], Awaitable[Response]]

# The content types both of FastAPI's checks take as JSON without doubt (its body parser and
# `vereis_json`); any other spelling is judged by FastAPI itself.
_JSON = frozenset({b"application/json", b"application/json; charset=utf-8", b"application/json;charset=utf-8"})
_FOUT = "zelfstandigenloket.fout"


def _koppen(scope: Scope) -> tuple[str, str] | None:
    """Authorization and Idempotency-Key as FastAPI reads them (the first of each), or None when
    the request is not plainly well-formed JSON without a query string."""
    if scope.get("query_string"):
        return None
    autorisatie = sleutel = soort = None
    for naam, waarde in scope["headers"]:
        if naam == b"authorization":
            autorisatie = autorisatie if autorisatie is not None else waarde
        elif naam == b"idempotency-key":
            sleutel = sleutel if sleutel is not None else waarde
        elif naam == b"content-type":
            soort = soort if soort is not None else waarde
    if autorisatie is None or sleutel is None or soort is None or soort.lower() not in _JSON:
        return None
    if not 1 <= len(sleutel) <= 200:
        return None
    return autorisatie.decode("latin-1"), sleutel.decode("latin-1")


async def _gooi(scope: Scope, receive: Receive, send: Send) -> None:
    """The 'app' behind the exception handlers for an error the fast path already caught."""
    raise scope.pop(_FOUT)


class SnelIndienen:
    """Serves well-formed submits before Starlette's exception middleware and router; installed
    as the innermost user middleware (`create_app`), so `self.app` is the exception middleware."""

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI, verwerk: Verwerk) -> None:
        self.app = app
        self.fastapi_app = fastapi_app
        self.verwerk = verwerk
        self._doel: tuple[APIRoute, ModelField] | None = None
        self._fouten: ExceptionMiddleware | None = None

    def _route(self) -> tuple[APIRoute, ModelField]:
        """The declared route, as the router puts it in the scope, and the body field FastAPI
        validates with for it (its route context under the /api/v1 prefix)."""
        if self._doel is None:
            for context in iter_route_contexts(self.fastapi_app.routes):
                route = context.original_route
                if context.path_format == PAD and "POST" in (context.methods or ()):
                    assert isinstance(route, APIRoute) and context.body_field is not None, route
                    self._doel = (route, context.body_field)
                    break
            else:
                raise RuntimeError(f"geen route voor POST {PAD}")
            # The same handlers, split the same way, as the app's own exception middleware.
            handlers = {k: v for k, v in self.fastapi_app.exception_handlers.items() if k not in (500, Exception)}
            self._fouten = ExceptionMiddleware(_gooi, handlers=handlers, debug=self.fastapi_app.debug)
        return self._doel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PAD or scope.get("root_path"):
            await self.app(scope, receive, send)
            return
        koppen = _koppen(scope)
        if koppen is None:
            await self.app(scope, receive, send)
            return
        schema, token = get_authorization_scheme_param(koppen[0])
        if schema.lower() != "bearer" or not token:
            await self.app(scope, receive, send)
            return
        state = self.fastapi_app.state
        try:
            gebruiker = verifieer(token, state.settings)
        except TokenOngeldig:
            await self.app(scope, receive, send)
            return
        actor = actor_in_rol(gebruiker, INDIENERS)
        if actor is None:
            await self.app(scope, receive, send)
            return

        # The body as Starlette's Request.body() reads it; every message is kept for a replay.
        berichten: list[Message] = []
        delen: list[bytes] = []
        try:
            while True:
                bericht = await receive()
                berichten.append(bericht)
                if bericht["type"] != "http.request":
                    await self.app(scope, _herhaal(berichten, None, receive), send)
                    return
                delen.append(bericht.get("body", b""))
                if not bericht.get("more_body", False):
                    break
        except Exception as err:  # FastAPI turns it into its answer; let it meet the same error
            await self.app(scope, _herhaal(berichten, err, receive), send)
            return
        route, body_field = self._route()
        try:
            json_body = json.loads(b"".join(delen))  # as Starlette's Request.json(), which FastAPI uses
        except Exception:
            await self.app(scope, _herhaal(berichten, None, receive), send)
            return
        gegevens, fouten = body_field.validate(json_body, {}, loc=("body",))
        if fouten:
            await self.app(scope, _herhaal(berichten, None, receive), send)
            return

        # The router records the declared route in the scope; the metrics take its template from it.
        scope["route"] = route
        omgeving = Omgeving(state.settings, state.engine, scope["state"]["trace"], datetime.now(UTC))
        try:
            antwoord = await self.verwerk(gegevens, koppen[1], gebruiker, actor, omgeving, json_body)
        except Exception as err:
            assert self._fouten is not None
            scope[_FOUT] = err
            await self._fouten(scope, _herhaal(berichten, None, receive), send)
            return
        await antwoord(scope, receive, send)


def _herhaal(berichten: list[Message], fout: Exception | None, receive: Receive) -> Receive:
    """A receive that gives the messages already read again, then the read error (if any), then
    whatever the client sends next."""
    rest = iter(berichten)

    async def opnieuw() -> Message:
        for bericht in rest:
            return bericht
        if fout is not None:
            raise fout
        return await receive()

    return opnieuw
