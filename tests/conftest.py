"""Test fixtures: a real PostgreSQL (embedded by default, TEST_DATABASE_URL for another) with a
fresh database per run, migrated by Alembic, and the service running as a real HTTP server."""

import asyncio
import os
import secrets
import shutil
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import uvicorn

from app import pgembedded
from app.auth import maak_ontwikkeltoken
from app.cli import migreer
from app.config import ROOT, Settings
from app.db import met_database
from app.main import create_app
from app.webserver import uvicorn_opties

AMSTERDAM = "0363"
UTRECHT = "0344"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    # Its own folder and port, so tests never touch the data of `make run`.
    return pgembedded.ensure_running(ROOT / "var" / "test-pg", vrije_poort(), durable=False)


async def _sql(url: str, statement: str) -> None:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_server() -> str:
    return _server_url()


@pytest.fixture(scope="session")
def nieuwe_database(pg_server: str) -> Iterator[Callable[[], str]]:
    """Makes empty databases on the test server; all are dropped at the end of the run."""
    gemaakt: list[str] = []

    def maak() -> str:
        naam = f"zl_test_{secrets.token_hex(4)}"
        asyncio.run(_sql(pg_server, f'CREATE DATABASE "{naam}"'))
        gemaakt.append(naam)
        return met_database(pg_server, naam)

    yield maak
    for naam in gemaakt:
        asyncio.run(_sql(pg_server, f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def database_url(nieuwe_database: Callable[[], str]) -> str:
    url = nieuwe_database()
    migreer(url)
    return url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, log_level="warning", db_pool_size=10)


class Server:
    def __init__(self, settings: Settings) -> None:
        self.port = vrije_poort()
        config = uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="on",
            **uvicorn_opties(settings),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture
def eigen_database() -> Iterator[tuple[Path, int, str]]:
    """A PostgreSQL server of this test alone, which it may stop and start (the shared one serves
    every other test)."""
    pgdata = ROOT / "var" / f"test-pg-herstart-{secrets.token_hex(3)}"
    poort = vrije_poort()
    server = pgembedded.ensure_running(pgdata, poort, durable=False)
    asyncio.run(_sql(server, 'CREATE DATABASE "zl"'))
    url = met_database(server, "zl")
    migreer(url)
    try:
        yield pgdata, poort, url
    finally:
        pgembedded.stop(pgdata)
        shutil.rmtree(pgdata, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(settings: Settings) -> Iterator[str]:
    with Server(settings) as url:
        yield url


@pytest.fixture
async def client(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def token(settings: Settings) -> Callable[..., dict[str, str]]:
    """Authorization headers for a caller with these roles and municipalities."""

    def maak(
        *rollen: str, gemeenten: tuple[str, ...] = (AMSTERDAM,), sub: str | None = None, organisatie: str | None = None
    ) -> dict[str, str]:
        sub = sub or f"{rollen[0]}-{secrets.token_hex(3)}"
        t = maak_ontwikkeltoken(settings, sub, list(rollen), list(gemeenten), organisatie=organisatie)
        return {"Authorization": f"Bearer {t}"}

    return maak


@pytest.fixture
def artifacts() -> Path:
    pad = ROOT / "test-artifacts"
    pad.mkdir(exist_ok=True)
    return pad
