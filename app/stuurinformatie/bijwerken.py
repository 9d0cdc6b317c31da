"""Folding the summary deltas (migration 0022) into the summary, now and then. The figures are
exact without it (the summary views add the deltas not folded yet); folding keeps the deltas few,
so a dashboard read stays a read of a few thousand summary rows."""

import asyncio

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = structlog.get_logger("stuurinformatie")


async def vouw(engine: AsyncEngine) -> int:
    """One fold of every delta committed so far; returns how many were folded."""
    async with engine.begin() as conn:
        return int((await conn.execute(text("SELECT si_samenvatting_bijwerken()"))).scalar_one())


async def samenvattingbewaking(engine: AsyncEngine, stop: asyncio.Event, interval_seconden: float) -> None:
    """Fold until `stop` is set; a failed fold leaves the deltas for the next."""
    while not stop.is_set():
        try:
            await vouw(engine)
        except Exception:
            log.exception("samenvatting bijwerken mislukt")
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval_seconden)
        except TimeoutError:
            pass
