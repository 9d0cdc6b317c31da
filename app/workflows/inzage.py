"""Reading a case's personal data (ledger, changes, objections): the case must be visible to the
caller (another municipality's case is a 404), and the read writes one Logboek record per data
subject, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from app.audit import logboek
from app.workflows.fouten import NietGevonden


async def betrokkenen(conn: AsyncConnection, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[str]:
    """The BSNs of applicant and partner of a case the caller may see; NietGevonden otherwise."""
    zaak = (
        await conn.execute(
            text("SELECT bsn, partner_bsn FROM aanvragen WHERE id = :id AND gemeente = ANY(:g)"),
            {"id": aanvraag_id, "g": list(gemeenten)},
        )
    ).first()
    if zaak is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")
    return [b for b in (zaak.bsn, zaak.partner_bsn) if b]


async def log(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    operatie: str,
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> None:
    bsns = await betrokkenen(conn, aanvraag_id, gemeenten)
    await logboek.schrijf(
        conn, logboek.records(trace, operatie, logboek.RAADPLEGEN, bsns, nu, nu, sleutel, aanvraag_id)
    )
