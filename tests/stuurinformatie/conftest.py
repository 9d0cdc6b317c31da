"""The service on a database of its own holding only the hand-counted data set (its unverified
cases must not reach other tests' verification workers), with a district table for the test
municipality; shared by the API and the browser tests."""

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from app.cli import migreer
from app.config import Settings
from tests.conftest import Server
from tests.stuurinformatie import dataset

Token = Callable[..., dict[str, str]]


@pytest.fixture(scope="session")
def si_database(nieuwe_database: Callable[[], str]) -> str:
    database_url = nieuwe_database()
    migreer(database_url)
    asyncio.run(dataset.laad(database_url))
    return database_url


@pytest.fixture(scope="session")
def si_url(si_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    wijken: Path = tmp_path_factory.mktemp("wijken")
    (wijken / f"{dataset.GEMEENTE}.csv").write_text(dataset.WIJKEN, encoding="utf-8")
    (wijken / "8803.csv").write_text("postcode4,wijk\n12,Nergens\n", encoding="utf-8")
    settings = Settings(database_url=si_database, log_level="warning", db_pool_size=4, wijkindelingen_map=wijken)
    with Server(settings) as url:
        yield url


@pytest.fixture
async def si(si_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=si_url, timeout=30) as c:
        yield c


@pytest.fixture
def teamleider(token: Token) -> dict[str, str]:
    return token("teamleider", gemeenten=(dataset.GEMEENTE,))
