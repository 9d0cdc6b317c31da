"""The fast path of `POST /aanvragen`, the hot path of intake (bench/submit).

FastAPI's per-request work around the declared route (solving seven dependencies, each with its
own bookkeeping) cost more than the validation itself. A request that is well-formed in every
respect is therefore handled here by hand: the same token check, role, content type and
`Idempotency-Key` rules, and the route's own body field for validation, then the same processing
as the declared route. Anything unusual — a missing or bad header, a query string, a body that
does not parse or validate, a read error — goes to FastAPI's handler for the declared route
unchanged, so every error answer is FastAPI's own. The declaration stays the one FastAPI
documents in the OpenAPI document."""

import json
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from fastapi.security.utils import get_authorization_scheme_param
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message

from app.api.deps import INDIENERS, Omgeving, actor_in_rol, omgeving
from app.api.schemas.aanvraag import Basis
from app.audit.trail import Actor
from app.auth import Gebruiker, TokenOngeldig, verifieer

Verwerk = Callable[[Basis, str, Gebruiker, Actor, Omgeving, Any], Awaitable[Response]]
Handler = Callable[[Request], Coroutine[Any, Any, Response]]

# The content types both of FastAPI's checks take as JSON without doubt (its body parser and
# `vereis_json`); any other spelling is judged by FastAPI itself.
_JSON = frozenset({b"application/json", b"application/json; charset=utf-8", b"application/json;charset=utf-8"})


def _koppen(request: Request) -> tuple[str, str] | None:
    """Authorization and Idempotency-Key as FastAPI reads them (the first of each), or None when
    the request is not plainly well-formed JSON without a query string."""
    if request.scope.get("query_string"):
        return None
    autorisatie = sleutel = soort = None
    for naam, waarde in request.scope["headers"]:
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


def snelle_route(verwerk: Verwerk) -> type[APIRoute]:
    """An APIRoute for the declared submit operation whose handler tries the fast path first."""

    class SnelIndienen(APIRoute):
        def get_route_handler(self) -> Handler:
            volledig = super().get_route_handler()
            body_field = self.body_field
            assert body_field is not None

            async def handler(request: Request) -> Response:
                koppen = _koppen(request)
                if koppen is None:
                    return await volledig(request)
                schema, token = get_authorization_scheme_param(koppen[0])
                if schema.lower() != "bearer" or not token:
                    return await volledig(request)
                try:
                    gebruiker = verifieer(token, request.app.state.settings)
                except TokenOngeldig:
                    return await volledig(request)
                actor = actor_in_rol(gebruiker, INDIENERS)
                if actor is None:
                    return await volledig(request)
                try:
                    body = await request.body()
                except Exception as err:  # FastAPI turns it into its answer; let it meet the same error
                    return await volledig(Request(request.scope, _herhaal(err)))
                try:
                    json_body = json.loads(body)  # as Starlette's Request.json(), which FastAPI uses
                except Exception:
                    return await volledig(request)
                gegevens, fouten = body_field.validate(json_body, {}, loc=("body",))
                if fouten:
                    return await volledig(request)
                return await verwerk(gegevens, koppen[1], gebruiker, actor, await omgeving(request), json_body)

            return handler

    return SnelIndienen


def _herhaal(fout: Exception) -> Callable[[], Awaitable[Message]]:
    async def receive() -> Message:
        raise fout

    return receive
