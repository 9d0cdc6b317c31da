"""Batches of letters, always within the municipalities of the operator's token:

- `openstaande-brieven`: plan every letter still without a PDF on the rendering queue;
- `herziening-na-normwijziging`: evaluate every decided award again and issue corrected decisions
  where an amount changed (`app.workflows.normwijziging`), with a report of the differences. The
  request only creates the batch and its planning job; the workers plan, evaluate and render.

Progress is read by SQL; the letters are rendered by the letter workers (`app.workflows.brievenwerker`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.audit import logboek
from app.workflows import normwijziging
from app.workflows.beschikkingen import plan
from app.workflows.fouten import NietGevonden, OngeldigeInvoer

BLOK = 1000
# Letters per rendering job of a batch: measured in bench/batch (job and commit overhead vs. the
# loss when a worker dies mid-job: the renders of the job it held, stored in one transaction).
PER_JOB = 20
log = structlog.get_logger("batches")

OPENSTAANDE_BRIEVEN = "openstaande-brieven"
BATCH_SOORTEN = (OPENSTAANDE_BRIEVEN, normwijziging.SOORT)


@dataclass(frozen=True)
class Batch:
    id: int
    soort: str
    aangemaakt_op: datetime
    aangemaakt_door: str
    totaal: int
    klaar: int
    status: str
    gemeenten: tuple[str, ...]
    zaken: int = 0
    """A re-issue: the cases planned so far to be evaluated again."""
    herberekend: int = 0
    """A re-issue: the cases evaluated again so far."""


async def _open_ids(engine: AsyncEngine, gemeenten: Collection[str]) -> AsyncIterator[list[int]]:
    """The unrendered letters of these municipalities in blocks, by keyset: memory stays flat
    however many there are."""
    laatste = 0
    while True:
        async with engine.connect() as conn:
            ids = [
                int(i)
                for i in (
                    await conn.execute(
                        text(
                            "SELECT b.id FROM beschikkingen b JOIN aanvragen a ON a.id = b.aanvraag_id "
                            "WHERE b.pdf IS NULL AND b.id > :na AND a.gemeente = ANY(:g) ORDER BY b.id LIMIT :n"
                        ),
                        {"na": laatste, "n": BLOK, "g": list(gemeenten)},
                    )
                ).scalars()
            ]
        if not ids:
            return
        yield ids
        laatste = ids[-1]


async def start_batch(engine: AsyncEngine, soort: str, door: str, nu: datetime, gemeenten: Collection[str]) -> Batch:
    """Start a batch over the letters or cases of `gemeenten` (the operator's token), block by
    block, each block in its own transaction (an interrupted start leaves a consistent, smaller
    batch; starting again adds the rest)."""
    if soort not in BATCH_SOORTEN:
        raise OngeldigeInvoer([{"name": "soort", "code": "enum", "reason": f"Kies uit: {', '.join(BATCH_SOORTEN)}."}])
    async with engine.begin() as conn:
        batch_id = int(
            (
                await conn.execute(
                    text(
                        "INSERT INTO batches (soort, aangemaakt_op, aangemaakt_door, totaal, status, gemeenten) "
                        "VALUES (:s, :nu, :door, 0, 'plannen', :g) RETURNING id"
                    ),
                    {"s": soort, "nu": nu, "door": door, "g": sorted(gemeenten)},
                )
            ).scalar_one()
        )
        if soort == normwijziging.SOORT:
            await normwijziging.start(conn, batch_id)
    if soort == normwijziging.SOORT:
        log.info("herziening aangemaakt", batch=batch_id)
        return await lees_batch(engine, batch_id, gemeenten)
    totaal = await _plan_openstaande(engine, batch_id, gemeenten)
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE batches SET status = 'gepland' WHERE id = :b"), {"b": batch_id})
    log.info("batch gepland", batch=batch_id, soort=soort, totaal=totaal)
    return await lees_batch(engine, batch_id, gemeenten)


async def _plan_openstaande(engine: AsyncEngine, batch_id: int, gemeenten: Collection[str]) -> int:
    """`totaal` counts the letters this batch took on: those not already in an earlier batch."""
    totaal = 0
    async for ids in _open_ids(engine, gemeenten):
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
            await plan(conn, ids, per_job=PER_JOB)
            await _tel(conn, batch_id, genomen)
        totaal += genomen
    return totaal


async def _tel(conn: AsyncConnection, batch_id: int, n: int) -> None:
    await conn.execute(text("UPDATE batches SET totaal = totaal + :n WHERE id = :b"), {"n": n, "b": batch_id})


async def lees_batch(engine: AsyncEngine, batch_id: int, gemeenten: Collection[str]) -> Batch:
    """Progress: how many of the batch's letters have their PDF (`klaar`, counted by the worker
    as it stores them). A batch that covers a municipality outside the caller's does not exist for
    the caller (404)."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT b.id, b.soort, b.aangemaakt_op, b.aangemaakt_door, b.totaal, b.status, b.gemeenten, "
                    "b.klaar, CASE WHEN b.soort = :herziening THEN "
                    "(SELECT count(*) FROM beschikkingen s WHERE s.batch_id = b.id) END AS brieven, "
                    "(SELECT count(*) FROM batchzaken z WHERE z.batch_id = b.id) AS zaken, "
                    "(SELECT count(*) FROM batchzaken z WHERE z.batch_id = b.id AND z.herberekend_op IS NOT NULL) "
                    "AS herberekend "
                    "FROM batches b WHERE b.id = :b AND b.gemeenten <@ CAST(:g AS varchar[])"
                ),
                {"b": batch_id, "g": list(gemeenten), "herziening": normwijziging.SOORT},
            )
        ).first()
    if row is None:
        raise NietGevonden("Er is geen batch met dit id.")
    # A re-issue's letters are made while its cases are evaluated: its total is the corrected
    # decisions so far, final once every planned case is done.
    herziening = row.soort == normwijziging.SOORT
    totaal = int(row.brieven) if herziening else int(row.totaal)
    if row.status != "gepland":
        status = str(row.status)
    elif herziening and row.herberekend < row.zaken:
        status = "herberekenen"
    else:
        status = "klaar" if row.klaar >= totaal else "bezig"
    return Batch(
        row.id,
        row.soort,
        row.aangemaakt_op,
        row.aangemaakt_door,
        totaal,
        int(row.klaar),
        status,
        tuple(row.gemeenten),
        int(row.zaken),
        int(row.herberekend),
    )


@dataclass(frozen=True)
class Verschil:
    id: int
    aanvraag_id: UUID
    referentie: str
    oude_beschikking: str
    nieuwe_beschikking: str
    maand: str
    oud_cent: int
    nieuw_cent: int
    oud_besluit: str
    """The kind of the replaced decision: `afwijzing` where the new norm turned a rejection into
    an award."""


async def verschillen(
    engine: AsyncEngine,
    batch_id: int,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
    na: int = 0,
    aantal: int = 1000,
) -> list[Verschil]:
    """A page of a re-issue's report, by keyset on the row id; the amounts of a case are personal
    data, so each case on the page gets its Logboek record."""
    await lees_batch(engine, batch_id, gemeenten)
    async with engine.begin() as conn:
        rows = await conn.execute(
            text(
                "SELECT v.id, v.aanvraag_id, a.referentie, a.referentie || '-' || o.nummer AS oud, "
                "a.referentie || '-' || n.nummer AS nieuw, v.maand, v.oud_cent, v.nieuw_cent, o.soort AS oud_besluit "
                "FROM herzieningsverschillen v JOIN aanvragen a ON a.id = v.aanvraag_id "
                "JOIN beschikkingen o ON o.id = v.oude_beschikking JOIN beschikkingen n ON n.id = v.nieuwe_beschikking "
                "WHERE v.batch_id = :b AND v.id > :na ORDER BY v.id LIMIT :n"
            ),
            {"b": batch_id, "na": na, "n": aantal},
        )
        pagina = [Verschil(*r) for r in rows]
        zaken = sorted({v.aanvraag_id for v in pagina})
        betrokkenen = await conn.execute(
            text("SELECT id, bsn, partner_bsn FROM aanvragen WHERE id = ANY(:ids)"), {"ids": zaken}
        )
        await logboek.schrijf(
            conn,
            [
                record
                for r in betrokkenen
                for record in logboek.records(
                    trace,
                    "herzieningsverschillen raadplegen",
                    logboek.RAADPLEGEN,
                    [b for b in (r.bsn, r.partner_bsn) if b],
                    nu,
                    nu,
                    sleutel,
                    r.id,
                )
            ],
        )
        return pagina
