"""The app factory: routers, error handlers, middleware and the database engine's lifetime."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.ext.asyncio import AsyncEngine

from app.api import (
    aanvragen,
    adviseurs,
    batches,
    bbz,
    beoordeling,
    beschikkingen,
    betalingen,
    bezwaren,
    concepten,
    dashboard,
    documenten,
    gezondheid,
    levensvatbaarheid,
    omzettingen,
    problems,
    proefberekeningen,
    regelingen,
    stuurinformatie,
    verlengingen,
    verwijzingen,
    voorschotten,
    werkvoorraad,
    wijzigingen,
)
from app.api.deps import weiger_onbekende_queryparameters
from app.api.middleware import HttpMiddleware, TeGroot, TeTraag, Verzoeklimiet
from app.api.schemas.antwoorden import Probleem
from app.api.snel_indienen import SnelIndienen
from app.config import Settings, get_settings
from app.db import create_engine, database_url

API_PREFIX = "/api/v1"


def freeze_startup_objects() -> None:
    """Called once a process has imported and built everything it needs, before it serves.
    A full collection of the cyclic GC walks every tracked object and stops the whole process
    meanwhile: in the API after start-up that is about 170,000 objects (modules, routes, schemas,
    rule parameters), about 300 ms per collection measured on this machine under load, which
    every request in flight waits for. Those objects live as long as the process; frozen, the
    collector skips them and a full collection walks only what was made since."""
    gc.freeze()


def configureer_logging(level: str) -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level.upper()]),
        cache_logger_on_first_use=True,
    )


def create_app(settings: Settings | None = None, engine: AsyncEngine | None = None) -> FastAPI:
    settings = settings or get_settings()
    configureer_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        eigen = engine is None
        app.state.engine = engine or create_engine(database_url(settings), settings.db_pool_size)
        freeze_startup_objects()
        try:
            yield
        finally:
            if eigen:
                await app.state.engine.dispose()

    app = FastAPI(
        title="Zelfstandigenloket API",
        version=settings.api_version,
        description="Aanvragen Tozo en Bbz: indienen, controleren, beoordelen en besluiten.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(weiger_onbekende_queryparameters)],
        telemetry=None
        if settings.fastapi_telemetrie
        else {"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.settings = settings
    if engine is not None:
        app.state.engine = engine
    problems.installeer(app)

    async def te_groot(request: Any, exc: Exception) -> Any:
        return problems.probleem_antwoord(request, problems.Probleem(413, "Het verzoek is te groot."))

    async def te_traag(request: Any, exc: Exception) -> Any:
        return problems.probleem_antwoord(request, problems.Probleem(408, "Het verzoek kwam te langzaam binnen."))

    app.add_exception_handler(TeGroot, te_groot)
    app.add_exception_handler(TeTraag, te_traag)
    for router in (
        regelingen.router,
        aanvragen.router,
        documenten.router,
        proefberekeningen.router,
        beoordeling.router,
        werkvoorraad.router,
        beschikkingen.router,
        batches.router,
        betalingen.router,
        verlengingen.router,
        verwijzingen.router,
        levensvatbaarheid.router,
        bbz.router,
        omzettingen.router,
        concepten.router,
        adviseurs.router,
        wijzigingen.router,
        voorschotten.router,
        bezwaren.router,
        stuurinformatie.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(gezondheid.router)
    app.include_router(dashboard.router)
    # Innermost of our middleware (added first): well-formed submits skip Starlette's exception
    # middleware, router and FastAPI's route handler, but not the middleware below.
    app.add_middleware(SnelIndienen, fastapi_app=app, verwerk=aanvragen.verwerk_indiening)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "If-Match"],
        )
    app.add_middleware(Verzoeklimiet, per_seconde=settings.verzoeken_per_seconde, burst=settings.verzoeken_burst)
    app.add_middleware(
        HttpMiddleware,
        api_version=settings.api_version,
        max_bytes=settings.max_request_bytes,
        max_upload_bytes=settings.max_document_bytes + 64 * 1024,
        body_timeout=settings.body_timeout_seconden,
    )
    app.openapi = lambda: openapi(app)  # type: ignore[method-assign]
    return app


def openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        servers=[{"url": "/", "description": "Deze server"}],
        contact={
            "name": "Zelfstandigenloket",
            "url": "https://zelfstandigenloket.nl",
            "email": "beheer@zelfstandigenloket.nl",
        },
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
    )
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Probleem"] = Probleem.model_json_schema(ref_template="#/components/schemas/{model}")
    for defs_name, definition in schemas["Probleem"].pop("$defs", {}).items():
        schemas.setdefault(defs_name, definition)
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        rollen = _rollen(route.dependant) if isinstance(route, APIRoute) else None
        operaties = schema["paths"].get(context.path_format, {})
        for methode in getattr(route, "methods", ()):
            if rollen is not None and methode.lower() in operaties:
                operaties[methode.lower()]["x-rollen"] = sorted(rollen)
    # 422 never happens here: invalid input is a 400 problem (NL API Design Rules).
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            operation.get("responses", {}).pop("422", None)
            headers = operation.setdefault("responses", {})
            for status, response in headers.items():
                response.setdefault("headers", {})["API-Version"] = {
                    "description": "De versie van de API.",
                    "schema": {"type": "string", "example": app.version},
                }
                del status
    app.openapi_schema = schema
    return schema


def _rollen(dependant: Dependant) -> set[str] | None:
    """The roles an operation admits (from `met_rol`), None when it needs no token."""
    rollen: set[str] | None = None
    for sub in dependant.dependencies:
        gevonden = getattr(sub.call, "rollen", None)
        if gevonden is None:
            gevonden = _rollen(sub)
        if gevonden is not None:
            rollen = set(gevonden) if rollen is None else rollen & set(gevonden)
    return rollen
