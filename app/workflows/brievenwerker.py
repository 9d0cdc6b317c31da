"""The letter worker: renders decision letters from the pgqueuer queue, each exactly once.

`render_een` stores the bytes with `UPDATE ... WHERE id = :id AND pdf IS NULL`: a retried,
duplicated or re-picked job (a worker killed with `kill -9` leaves its job `picked`; pgqueuer hands
it to another worker when its heartbeat goes stale) finds the letter rendered and does nothing. A
database trigger refuses any later change of the bytes (migration 0004)."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import timedelta

import asyncpg
from pgqueuer import AsyncpgDriver, Queries, QueueManager
from pgqueuer.models import Job
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.decisions import opslag
from app.decisions.render import Renderer, sha256
from app.workflows.beschikkingen import ENTRYPOINT


async def render_een(
    engine: AsyncEngine, beschikking_id: int, renderer: Renderer, draad: Executor | None = None
) -> bool:
    """Render one letter if it has no PDF yet; True if this call stored the bytes. The compile
    runs off the event loop (heartbeats keep going), on `draad` if given: a worker passes its one
    rendering thread, since the renderer serialises compiles anyway and every extra thread only
    adds a malloc arena of Typst's working set to the process's memory."""
    async with engine.connect() as conn:
        inhoud = (
            await conn.execute(
                text("SELECT inhoud FROM beschikkingen WHERE id = :id AND pdf IS NULL"), {"id": beschikking_id}
            )
        ).scalar()
    if inhoud is None:
        return False
    brief = opslag.uit_dict(inhoud)
    pdf = await asyncio.get_running_loop().run_in_executor(draad, renderer.render, brief)
    async with engine.begin() as conn:
        gezet = await conn.execute(
            text(
                "UPDATE beschikkingen SET pdf = :pdf, sha256 = :hash, gerenderd_op = now() "
                "WHERE id = :id AND pdf IS NULL"
            ),
            {"pdf": pdf, "hash": sha256(pdf), "id": beschikking_id},
        )
    return bool(gezet.rowcount == 1)


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
    batch_size: int = 10,
    leeg_stoppen: bool = False,
    renderer: Renderer | None = None,
) -> None:
    """Render letters from the queue until `stop` (or, with `leeg_stoppen`, until it is empty).
    Any number of these may run, on any number of machines."""
    from pgqueuer.types import QueueExecutionMode

    renderer = renderer or Renderer()
    draad = ThreadPoolExecutor(1, thread_name_prefix="typst")
    conn = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        qm = QueueManager(Queries(AsyncpgDriver(conn)))

        @qm.entrypoint(ENTRYPOINT, on_failure="hold")
        async def render_job(job: Job) -> None:
            assert job.payload is not None
            await render_een(engine, int(job.payload.decode()), renderer, draad)

        async def stopper() -> None:
            await stop.wait()
            qm.shutdown.set()

        wachter = asyncio.create_task(stopper())
        try:
            await qm.run(
                dequeue_timeout=timedelta(seconds=5),
                batch_size=batch_size,
                heartbeat_timeout=heartbeat,
                mode=QueueExecutionMode.drain if leeg_stoppen else QueueExecutionMode.continuous,
            )
        finally:
            wachter.cancel()
    finally:
        await conn.close()
        draad.shutdown(wait=True)
