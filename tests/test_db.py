"""`db.driver`: a connection from the engine's pool for one- or two-statement hot paths goes back
to the pool after an error of ours, and is replaced when it may be unusable; which errors mean
the database itself is away."""

import asyncio

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app import db
from app.db import create_engine
from app.workflows.fouten import NietGevonden


async def _backend(engine: AsyncEngine) -> int:
    async with db.driver(engine) as conn:
        return int(await conn.fetchval("SELECT pg_backend_pid()"))


async def test_verbinding_terug_in_de_pool_of_vervangen(database_url: str) -> None:
    engine = create_engine(database_url, 1)
    try:
        eerste = await _backend(engine)
        assert await _backend(engine) == eerste  # one connection, used again

        with pytest.raises(NietGevonden):
            async with db.driver(engine) as conn:
                await conn.fetchval("SELECT 1")
                raise NietGevonden("niet hier")
        with pytest.raises(asyncpg.UndefinedTableError):
            async with db.driver(engine) as conn:
                await conn.fetchval("SELECT * FROM bestaat_niet")
        assert await _backend(engine) == eerste  # errors that leave it usable: kept

        with pytest.raises(ValueError):
            async with db.driver(engine) as conn:
                await conn.execute("BEGIN")
                raise ValueError("midden in een transactie")
        tweede = await _backend(engine)
        assert tweede != eerste  # left in a transaction: replaced

        begonnen = asyncio.Event()

        async def lang() -> None:
            async with db.driver(engine) as conn:
                begonnen.set()
                await conn.fetchval("SELECT pg_sleep(30)")

        taak = asyncio.create_task(lang())
        await begonnen.wait()
        taak.cancel()
        with pytest.raises(asyncio.CancelledError):
            await taak
        derde = await _backend(engine)
        assert derde not in (eerste, tweede)  # interrupted: replaced, and the pool still serves
    finally:
        await engine.dispose()


def test_verbinding_verloren_alleen_voor_de_database() -> None:
    """Connection faults count as the database being away (so 503 and a retry); a missing file
    or a refused statement does not (those are ours, a 500)."""
    weg = [
        ConnectionRefusedError(111, "Connection refused"),
        FileNotFoundError(2, "No such file or directory"),  # connecting to a socket file that is gone
        asyncpg.InterfaceError("connection is closed"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
    ]
    niet = [
        FileNotFoundError(2, "No such file or directory", "/var/brieven/1.pdf"),
        asyncpg.UniqueViolationError("duplicate key"),
        asyncpg.InterfaceError("cannot perform operation: another operation is in progress"),
        ValueError("ongeldig"),
    ]
    assert all(db.verbinding_verloren(e) for e in weg)
    assert not any(db.verbinding_verloren(e) for e in niet)
