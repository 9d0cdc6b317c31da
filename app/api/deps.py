"""What every route needs: settings, the engine, the caller and the request's trace."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncEngine

from app.api.problems import Probleem
from app.audit.logboek import Trace
from app.audit.trail import Actor
from app.auth import MEDEWERKERS, Gebruiker, Rol, TokenOngeldig, verifieer
from app.config import Settings

bearer = HTTPBearer(auto_error=False, description="JWT met rollen en gemeenten.")


async def settings(request: Request) -> Settings:
    s: Settings = request.app.state.settings
    return s


async def engine(request: Request) -> AsyncEngine:
    e: AsyncEngine = request.app.state.engine
    return e


async def trace(request: Request) -> Trace:
    t: Trace = request.state.trace
    return t


async def nu() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Omgeving:
    """Settings, database, trace and clock in one dependency: each FastAPI dependency costs time
    on every request, which shows on the intake hot path (bench/submit)."""

    settings: Settings
    engine: AsyncEngine
    trace: Trace
    nu: datetime


async def omgeving(request: Request) -> Omgeving:
    state = request.app.state
    return Omgeving(state.settings, state.engine, request.state.trace, datetime.now(UTC))


OmgevingDep = Annotated[Omgeving, Depends(omgeving)]
SettingsDep = Annotated[Settings, Depends(settings)]
EngineDep = Annotated[AsyncEngine, Depends(engine)]
TraceDep = Annotated[Trace, Depends(trace)]
NuDep = Annotated[datetime, Depends(nu)]


def gebruiker_uit_token(request: Request, cred: HTTPAuthorizationCredentials | None) -> Gebruiker:
    challenge = {"WWW-Authenticate": 'Bearer realm="zelfstandigenloket"'}
    if cred is None or cred.scheme.lower() != "bearer":
        raise Probleem(401, "Stuur een geldig bearer-token mee.", headers=challenge)
    try:
        return verifieer(cred.credentials, request.app.state.settings)
    except TokenOngeldig as err:
        raise Probleem(401, "Het token is ongeldig of verlopen.", headers=challenge) from err


async def _gebruiker(
    request: Request, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Gebruiker:
    return gebruiker_uit_token(request, cred)


_KANALEN = {Rol.loket: "digitaal", Rol.balie: "balie"}


def actor_in_rol(gebruiker: Gebruiker, rollen: tuple[Rol, ...]) -> Actor | None:
    """The caller acting in the first of `rollen` it has, None when it has none of them."""
    for rol in rollen:
        if rol in gebruiker.rollen:
            return Actor(gebruiker.sub, rol.value, _KANALEN.get(rol, "medewerker"))
    return None


def met_rol(*rollen: Rol) -> Callable[..., Awaitable[tuple[Gebruiker, Actor]]]:
    """The caller, if it has one of these roles; the role it acts in goes into the audit trail."""

    async def afhankelijkheid(
        gebruiker: Annotated[Gebruiker, Depends(_gebruiker)],
    ) -> tuple[Gebruiker, Actor]:
        actor = actor_in_rol(gebruiker, rollen)
        if actor is None:
            raise Probleem(403, "Uw rol geeft geen toegang tot deze handeling.")
        return gebruiker, actor

    # Read by the OpenAPI document (`x-rollen` per operation), so clients and the security tests
    # learn who may call what from the same place that enforces it.
    afhankelijkheid.rollen = tuple(r.value for r in rollen)  # type: ignore[attr-defined]
    return afhankelijkheid


def _queryparameters(dependant: Dependant) -> set[str]:
    namen = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        namen |= _queryparameters(sub)
    return namen


# Routes live as long as the app; their parameter names are worked out once per route.
_QUERYPARAMETERS: dict[int, set[str]] = {}


async def weiger_onbekende_queryparameters(request: Request) -> None:
    """A misspelt filter silently ignored would show the wrong cases; refuse it instead."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    bekend = _QUERYPARAMETERS.get(id(dependant))
    if bekend is None:
        bekend = _QUERYPARAMETERS[id(dependant)] = _queryparameters(dependant)
    onbekend = sorted(set(request.query_params.keys()) - bekend)
    if onbekend:
        raise Probleem(
            400,
            invalid_params=[
                {"name": naam or "query", "code": "unknownParam", "reason": "Deze queryparameter is onbekend."}
                for naam in onbekend
            ],
        )


INDIENERS = (Rol.loket, Rol.balie)
LEZERS = (Rol.loket, *sorted(MEDEWERKERS))
STAF = tuple(sorted(MEDEWERKERS))
