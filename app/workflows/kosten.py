"""The costs a municipality makes on a case (the adviser's fee for a viability study), booked once
and never changed, so what a case cost is always the sum of its rows."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.workflows.aanvragen import controleer_toegang


@dataclass(frozen=True)
class Kostenpost:
    soort: str
    omschrijving: str
    bedrag: int  # euro cents
    geboekt_op: datetime


async def van_aanvraag(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[Kostenpost]:
    async with engine.connect() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        rows = await conn.execute(
            text("SELECT soort, omschrijving, bedrag, geboekt_op FROM kosten WHERE aanvraag_id = :id ORDER BY id"),
            {"id": aanvraag_id},
        )
        return [Kostenpost(r.soort, r.omschrijving, r.bedrag, r.geboekt_op) for r in rows]
