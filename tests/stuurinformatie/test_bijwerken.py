"""Folding the summary deltas (migration 0022): a fold changes no figure, and folds running while
changes come in lose or double nothing; the figures equal the summaries rebuilt from the read model."""

import asyncio
import random
from collections.abc import Callable

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cli import migreer
from app.db import create_engine
from app.stuurinformatie.bijwerken import vouw
from tests.stuurinformatie import dataset
from tests.stuurinformatie.test_cijfers import _samenvatting

DELTAS = "SELECT (SELECT count(*) FROM si_ontvangen_delta) + (SELECT count(*) FROM si_besloten_delta)"


@pytest.fixture
def url(nieuwe_database: Callable[[], str]) -> str:
    """A database of its own with the data set: these tests change and fold its summaries."""
    url = nieuwe_database()
    migreer(url)
    asyncio.run(dataset.laad(url))
    return url


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def _herbouwd(conn: asyncpg.Connection) -> dict[str, list[tuple[object, ...]]]:
    """The summaries rebuilt from the read model, without keeping the rebuild."""
    tr = conn.transaction()
    await tr.start()
    try:
        await conn.execute("SELECT si_samenvatting_opbouwen()")
        return await _samenvatting(conn)
    finally:
        await tr.rollback()


async def test_vouwen_verandert_geen_cijfer(url: str) -> None:
    engine: AsyncEngine = create_engine(url, 2)
    conn = await asyncpg.connect(_dsn(url))
    try:
        voor = await _samenvatting(conn)
        deltas = await conn.fetchval(DELTAS)
        assert deltas > 50  # the data set's changes, each appended by the trigger
        assert await vouw(engine) == deltas
        assert await conn.fetchval(DELTAS) == 0
        assert await vouw(engine) == 0
        assert await _samenvatting(conn) == voor == await _herbouwd(conn)
    finally:
        await conn.close()
        await engine.dispose()


async def test_vouwen_tijdens_wijzigingen_blijft_exact(url: str) -> None:
    """Four connections change read-model rows (intake and decision figures both) while a fifth
    folds without pause; afterwards the figures are exactly the rebuilt ones."""
    engine = create_engine(url, 2)
    beheer = await asyncpg.connect(_dsn(url))
    ids = [r["aanvraag_id"] for r in await beheer.fetch("SELECT aanvraag_id FROM stuurinformatie ORDER BY 1")]
    schrijvers_klaar = asyncio.Event()
    folds: list[int] = []

    async def schrijver(deel: list[object], seed: int) -> None:
        rng = random.Random(seed)
        conn = await asyncpg.connect(_dsn(url))
        try:
            for _ in range(150):
                await conn.execute(
                    "UPDATE stuurinformatie SET postcode4 = $2, herstel_verzocht = herstel_verzocht + $3, "
                    "bedrag_cent = CASE WHEN besloten IS NULL THEN bedrag_cent ELSE coalesce(bedrag_cent, 0) + $4 END "
                    "WHERE aanvraag_id = $1",
                    rng.choice(deel),
                    rng.choice(["7411", "7412", "7421", None]),
                    rng.randint(0, 1),
                    rng.choice([0, 100, -100]),
                )
        finally:
            await conn.close()

    async def vouwer() -> None:
        while not schrijvers_klaar.is_set():
            folds.append(await vouw(engine))

    try:
        vouwen = asyncio.create_task(vouwer())
        await asyncio.gather(*(schrijver(ids[i::4], i) for i in range(4)))
        schrijvers_klaar.set()
        await vouwen
        assert sum(folds) > 0 and len(folds) > 1
        tussenstand = await _samenvatting(beheer)  # with deltas the last fold left
        await vouw(engine)
        assert await beheer.fetchval(DELTAS) == 0
        assert await _samenvatting(beheer) == tussenstand == await _herbouwd(beheer)
    finally:
        await beheer.close()
        await engine.dispose()
