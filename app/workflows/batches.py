"""Batches of letters: plan every letter still without a PDF on the rendering queue and follow
the progress by SQL. Run by the letter workers (`app.workflows.brievenwerker`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.workflows.beschikkingen import plan
from app.workflows.fouten import NietGevonden, OngeldigeInvoer

BLOK = 1000
log = structlog.get_logger("batches")

BATCH_SOORTEN = ("openstaande-brieven",)


@dataclass(frozen=True)
class Batch:
    id: int
    soort: str
    aangemaakt_op: datetime
    aangemaakt_door: str
    totaal: int
    klaar: int
    status: str


async def _open_ids(engine: AsyncEngine) -> AsyncIterator[list[int]]:
    """The unrendered letters in blocks, by keyset: memory stays flat however many there are."""
    laatste = 0
    while True:
        async with engine.connect() as conn:
            ids = [
                int(i)
                for i in (
                    await conn.execute(
                        text("SELECT id FROM beschikkingen WHERE pdf IS NULL AND id > :na ORDER BY id LIMIT :n"),
                        {"na": laatste, "n": BLOK},
                    )
                ).scalars()
            ]
        if not ids:
            return
        yield ids
        laatste = ids[-1]


async def start_batch(engine: AsyncEngine, soort: str, door: str, nu: datetime) -> Batch:
    """Plan every letter still without a PDF, block by block, each block in its own transaction
    (an interrupted start leaves a consistent, smaller batch; starting again adds the rest).
    `totaal` counts the letters this batch took on: those not already in an earlier batch."""
    if soort not in BATCH_SOORTEN:
        raise OngeldigeInvoer([{"name": "soort", "code": "enum", "reason": f"Kies uit: {', '.join(BATCH_SOORTEN)}."}])
    async with engine.begin() as conn:
        batch_id = int(
            (
                await conn.execute(
                    text(
                        "INSERT INTO batches (soort, aangemaakt_op, aangemaakt_door, totaal, status) "
                        "VALUES (:s, :nu, :door, 0, 'plannen') RETURNING id"
                    ),
                    {"s": soort, "nu": nu, "door": door},
                )
            ).scalar_one()
        )
    totaal = 0
    async for ids in _open_ids(engine):
        async with engine.begin() as conn:
            # A letter belongs to the first batch that took it on; every unrendered letter is
            # (re)planned, which is a no-op for one whose job is still queued or running.
            genomen = (
                await conn.execute(
                    text(
                        "UPDATE beschikkingen SET batch_id = :b WHERE id = ANY(:ids) AND pdf IS NULL "
                        "AND batch_id IS NULL"
                    ),
                    {"b": batch_id, "ids": ids},
                )
            ).rowcount
            await plan(conn, ids)
            await conn.execute(
                text("UPDATE batches SET totaal = totaal + :n WHERE id = :b"), {"n": genomen, "b": batch_id}
            )
        totaal += genomen
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE batches SET status = 'gepland' WHERE id = :b"), {"b": batch_id})
    log.info("batch gepland", batch=batch_id, totaal=totaal)
    return await lees_batch(engine, batch_id)


async def lees_batch(engine: AsyncEngine, batch_id: int) -> Batch:
    """Progress by SQL: how many of the batch's letters have their PDF."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT b.id, b.soort, b.aangemaakt_op, b.aangemaakt_door, b.totaal, b.status, "
                    "(SELECT count(*) FROM beschikkingen s WHERE s.batch_id = b.id AND s.pdf IS NOT NULL) AS klaar "
                    "FROM batches b WHERE b.id = :b"
                ),
                {"b": batch_id},
            )
        ).first()
    if row is None:
        raise NietGevonden("Er is geen batch met dit id.")
    status = (
        "klaar"
        if row.status == "gepland" and row.klaar >= row.totaal
        else ("bezig" if row.status == "gepland" else str(row.status))
    )
    return Batch(row.id, row.soort, row.aangemaakt_op, row.aangemaakt_door, row.totaal, int(row.klaar), status)
