"""The audit trail: one event per state change or action on a case, written in the same
transaction as the change itself."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Insert, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from app.tables import audit_gebeurtenissen


@dataclass(frozen=True)
class Actor:
    """Who acts, in which role and through which channel (digitaal, balie, medewerker)."""

    sub: str
    rol: str
    kanaal: str


def gebeurtenis(
    aanvraag_id: UUID,
    actor: Actor,
    actie: str,
    tijdstip: datetime,
    van_status: str | None = None,
    naar_status: str | None = None,
    details: dict[str, Any] | None = None,
) -> Insert:
    """The event's INSERT, for a caller that sends it along with its change in one statement."""
    return insert(audit_gebeurtenissen).values(
        aanvraag_id=aanvraag_id,
        tijdstip=tijdstip,
        actor=actor.sub,
        rol=actor.rol,
        kanaal=actor.kanaal,
        actie=actie,
        van_status=van_status,
        naar_status=naar_status,
        details=details or {},
    )


async def schrijf(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    actor: Actor,
    actie: str,
    tijdstip: datetime,
    van_status: str | None = None,
    naar_status: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    await conn.execute(gebeurtenis(aanvraag_id, actor, actie, tijdstip, van_status, naar_status, details))


async def schrijf_meerdere(
    conn: AsyncConnection,
    aanvraag_ids: list[UUID],
    actor: Actor,
    actie: str,
    tijdstip: datetime,
    van_status: str | None = None,
    naar_status: str | None = None,
) -> None:
    """The same event for several cases in one statement (a worker claiming a batch)."""
    await conn.execute(
        insert(audit_gebeurtenissen),
        [
            {
                "aanvraag_id": a,
                "tijdstip": tijdstip,
                "actor": actor.sub,
                "rol": actor.rol,
                "kanaal": actor.kanaal,
                "actie": actie,
                "van_status": van_status,
                "naar_status": naar_status,
                "details": {},
            }
            for a in aanvraag_ids
        ],
    )


@dataclass(frozen=True)
class Gebeurtenis:
    tijdstip: datetime
    actie: str
    rol: str
    kanaal: str
    van_status: str | None
    naar_status: str | None
    details: dict[str, Any]


async def historie(conn: AsyncConnection, aanvraag_id: UUID) -> list[Gebeurtenis]:
    t = audit_gebeurtenissen
    rows = await conn.execute(
        select(t.c.tijdstip, t.c.actie, t.c.rol, t.c.kanaal, t.c.van_status, t.c.naar_status, t.c.details)
        .where(t.c.aanvraag_id == aanvraag_id)
        .order_by(t.c.id)
    )
    return [Gebeurtenis(*row) for row in rows]
