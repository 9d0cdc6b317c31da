"""The letter worker: renders decision letters from the pgqueuer queue, each exactly once, and
runs the re-issue after a norm change (`app.workflows.normwijziging`: planning and recompute jobs).

`render_groep` stores the bytes with `UPDATE ... WHERE id = :id AND pdf IS NULL`: a retried,
duplicated or re-picked job (a worker killed with `kill -9` leaves its job `picked`; pgqueuer hands
it to another worker when its heartbeat goes stale) finds the letter rendered and does nothing. A
database trigger refuses any later change of the bytes (migration 0004)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import timedelta

import asyncpg
from pgqueuer import AsyncpgDriver, Queries, QueueManager
from pgqueuer.models import Job
from sqlalchemy.ext.asyncio import AsyncEngine

from app import db
from app.decisions import opslag
from app.decisions.render import Renderer, sha256
from app.workflows import normwijziging
from app.workflows.beschikkingen import ENTRYPOINT


async def render_groep(
    engine: AsyncEngine, ids: Sequence[int], renderer: Renderer, draad: Executor | None = None
) -> int:
    """Render the letters of one job that have no PDF yet; returns how many this call stored.

    A batch plans its letters in groups (`beschikkingen.plan`): one job, one query for their
    contents, and the group's bytes stored in one transaction (one commit, one WAL flush, instead
    of one per letter). A worker killed before that commit loses the group's renders, not
    letters: the job is handed out again and the bytes come out the same (a letter's PDF is a
    pure function of its content). The compile runs off the event loop (heartbeats keep going),
    on `draad` if given: a worker passes its one rendering thread, since the renderer serialises
    compiles anyway and every extra thread only adds a malloc arena of Typst's working set to the
    process's memory. With two jobs at a time (`werker`), one job's commit overlaps the other's
    compiles."""
    async with db.driver(engine) as driver:
        rijen = await driver.fetch(_INHOUD, list(ids))
    if not rijen:
        return 0
    lus = asyncio.get_running_loop()
    pdfs = [await lus.run_in_executor(draad, renderer.render, opslag.uit_dict(rij["inhoud"])) for rij in rijen]
    return await _bewaar(engine, [int(rij["id"]) for rij in rijen], pdfs)


# Both are one statement each, sent on the driver connection as an implicit transaction of its own:
# through SQLAlchemy each also cost a BEGIN and a COMMIT (or ROLLBACK) round trip, per letter job.
_INHOUD = "SELECT id, inhoud FROM beschikkingen WHERE id = ANY($1::bigint[]) AND pdf IS NULL ORDER BY id"
_BEWAAR = """
    WITH gezet AS (
        UPDATE beschikkingen b SET pdf = v.pdf, sha256 = v.hash, gerenderd_op = now()
        FROM unnest($1::bigint[], $2::bytea[], $3::text[]) AS v(id, pdf, hash)
        WHERE b.id = v.id AND b.pdf IS NULL RETURNING b.batch_id
    ), geteld AS (
        UPDATE batches SET klaar = klaar + t.n
        FROM (SELECT batch_id, count(*) AS n FROM gezet WHERE batch_id IS NOT NULL GROUP BY batch_id) t
        WHERE batches.id = t.batch_id
    )
    SELECT count(*) FROM gezet
"""


async def _bewaar(engine: AsyncEngine, beschikking_ids: Sequence[int], pdfs: Sequence[bytes]) -> int:
    """Store the bytes of letters that have none yet, and count them in their batch's progress,
    in one transaction: a letter another worker stored meanwhile keeps its bytes (the same ones)
    and is not counted. A letter a batch takes on while it is being stored: the batch's UPDATE
    waits for this one and then finds the PDF there, so does not take it on."""
    async with db.driver(engine) as driver:
        gezet = await driver.fetchval(_BEWAAR, list(beschikking_ids), list(pdfs), [sha256(p) for p in pdfs])
    return int(gezet)


def _asyncpg_dsn(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


async def werker(
    engine: AsyncEngine,
    url: str,
    stop: asyncio.Event,
    *,
    heartbeat: timedelta = timedelta(seconds=30),
    batch_size: int = 1,
    leeg_stoppen: bool = False,
    renderer: Renderer | None = None,
) -> None:
    """Render letters from the queue until `stop` (or, with `leeg_stoppen`, until it is empty).
    Any number of these may run, on any number of machines. At most `2 × batch_size` jobs are
    held at a time: two keep the rendering thread busy (one compiles, the next one's letters are
    read meanwhile). The cap is `max_concurrent_tasks`, not pgqueuer's `batch_size` (only what
    one dequeue takes): without it a worker keeps dequeuing while there are jobs, holds a whole
    batch's groups in memory waiting for its one rendering thread, and leaves nothing for a
    worker started later."""
    from pgqueuer.types import QueueExecutionMode

    renderer = renderer or Renderer()
    draad = ThreadPoolExecutor(1, thread_name_prefix="typst")
    conn = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        qm = QueueManager(Queries(AsyncpgDriver(conn)))

        @qm.entrypoint(ENTRYPOINT, on_failure="hold")
        async def render_job(job: Job) -> None:
            assert job.payload is not None
            await render_groep(engine, [int(i) for i in job.payload.decode().split(",")], renderer, draad)

        # The re-issue after a norm change: planned and evaluated here, not in the HTTP request.
        @qm.entrypoint(normwijziging.PLANNEN, on_failure="hold")
        async def plan_job(job: Job) -> None:
            assert job.payload is not None
            await normwijziging.plannen(engine, int(job.payload.decode()))

        @qm.entrypoint(normwijziging.HERBEREKENEN, on_failure="hold")
        async def herbereken_job(job: Job) -> None:
            assert job.payload is not None
            await normwijziging.herbereken(engine, job.payload.decode())

        async def stopper() -> None:
            await stop.wait()
            qm.shutdown.set()

        wachter = asyncio.create_task(stopper())
        try:
            await qm.run(
                dequeue_timeout=timedelta(seconds=5),
                batch_size=batch_size,
                max_concurrent_tasks=2 * batch_size,
                heartbeat_timeout=heartbeat,
                mode=QueueExecutionMode.drain if leeg_stoppen else QueueExecutionMode.continuous,
            )
        finally:
            wachter.cancel()
    finally:
        await conn.close()
        draad.shutdown(wait=True)
