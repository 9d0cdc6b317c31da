"""Reading and listing applications within the caller's municipalities, and withdrawal."""

import base64
import binascii
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import db
from app.audit import logboek, trail
from app.audit.trail import Actor
from app.tables import aanvragen
from app.workflows import beschikkingen
from app.workflows.fouten import Conflict, NietGevonden, OngeldigeInvoer
from app.workflows.levenscyclus import Status, controleer_overgang

_SAMENVATTING = (
    aanvragen.c.id,
    aanvragen.c.referentie,
    aanvragen.c.gemeente,
    aanvragen.c.regeling,
    aanvragen.c.status,
    aanvragen.c.kanaal,
    aanvragen.c.aanvraagdatum,
    aanvragen.c.ontvangen_op,
    aanvragen.c.versie,
)


@dataclass(frozen=True)
class Samenvatting:
    id: UUID
    referentie: str
    gemeente: str
    regeling: str
    status: str
    kanaal: str
    aanvraagdatum: date
    ontvangen_op: datetime
    versie: int


@dataclass(frozen=True)
class Aanvraag(Samenvatting):
    medewerker: str | None
    gegevens: dict[str, Any]
    gewijzigd_op: datetime


def _samenvatting(row: Any) -> Samenvatting:
    return Samenvatting(*row[: len(_SAMENVATTING)])


async def _lees(conn: AsyncConnection, aanvraag_id: UUID, gemeenten: Collection[str], for_update: bool = False) -> Any:
    query = select(
        *_SAMENVATTING,
        aanvragen.c.medewerker,
        aanvragen.c.gegevens,
        aanvragen.c.gewijzigd_op,
        aanvragen.c.bsn,
        aanvragen.c.partner_bsn,
    ).where(aanvragen.c.id == aanvraag_id, aanvragen.c.gemeente.in_(list(gemeenten)))
    if for_update:
        query = query.with_for_update()
    row = (await conn.execute(query)).first()
    # Another municipality's case is indistinguishable from a missing one (no enumeration).
    if row is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")
    return row


async def controleer_toegang(conn: AsyncConnection, aanvraag_id: UUID, gemeenten: Collection[str]) -> str:
    """The case's status, or NietGevonden when it is not visible to the caller."""
    row = (
        await conn.execute(
            select(aanvragen.c.status).where(aanvragen.c.id == aanvraag_id, aanvragen.c.gemeente.in_(list(gemeenten)))
        )
    ).first()
    if row is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")
    return str(row.status)


_RAADPLEEG = """
    SELECT id, referentie, gemeente, regeling, status, kanaal, aanvraagdatum, ontvangen_op, versie,
           medewerker, gegevens, gewijzigd_op, bsn, partner_bsn
    FROM aanvragen WHERE id = $1 AND gemeente = ANY($2::text[])
"""


async def raadpleeg(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> Aanvraag:
    """The case, after its Logboek records are written: two statements on the driver connection
    (SQLAlchemy's own cost per statement was most of a read), the records committed
    asynchronously (`logboek.schrijf_raadpleging` says why that is sound for a read)."""
    async with db.driver(engine) as driver:
        row = await driver.fetchrow(_RAADPLEEG, aanvraag_id, list(gemeenten))
        # Another municipality's case is indistinguishable from a missing one (no enumeration).
        if row is None:
            raise NietGevonden("Er is geen aanvraag met dit id.")
        betrokkenen = [b for b in (row["bsn"], row["partner_bsn"]) if b]
        await logboek.schrijf_raadpleging(
            driver, trace, "aanvraag raadplegen", betrokkenen, nu, nu, sleutel, aanvraag_id
        )
    return Aanvraag(*row[:12])


async def historie(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[trail.Gebeurtenis]:
    async with engine.connect() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        return await trail.historie(conn, aanvraag_id)


@dataclass(frozen=True)
class Filter:
    gemeenten: Collection[str]
    status: str | None = None
    regeling: str | None = None
    ontvangen_vanaf: datetime | None = None
    ontvangen_tot: datetime | None = None


def _cursor_maak(row: Samenvatting) -> str:
    raw = json.dumps([row.ontvangen_op.isoformat(), str(row.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_lees(cursor: str) -> tuple[datetime, UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        tijd, ident = json.loads(raw)
        return datetime.fromisoformat(tijd), UUID(ident)
    except (ValueError, TypeError, binascii.Error) as err:
        raise OngeldigeInvoer([{"name": "cursor", "code": "invalid", "reason": "Deze cursor is ongeldig."}]) from err


async def lijst(
    engine: AsyncEngine, filter_: Filter, limit: int, cursor: str | None
) -> tuple[list[Samenvatting], str | None]:
    """Oldest first, so a work list reads in order of arrival; keyset pagination."""
    t = aanvragen
    voorwaarden: list[ColumnElement[bool]] = [t.c.gemeente.in_(list(filter_.gemeenten))]
    if filter_.status:
        voorwaarden.append(t.c.status == filter_.status)
    if filter_.regeling:
        voorwaarden.append(t.c.regeling == filter_.regeling)
    if filter_.ontvangen_vanaf:
        voorwaarden.append(t.c.ontvangen_op >= filter_.ontvangen_vanaf)
    if filter_.ontvangen_tot:
        voorwaarden.append(t.c.ontvangen_op < filter_.ontvangen_tot)
    if cursor:
        tijd, ident = _cursor_lees(cursor)
        voorwaarden.append(or_(t.c.ontvangen_op > tijd, and_(t.c.ontvangen_op == tijd, t.c.id > ident)))
    query = select(*_SAMENVATTING).where(*voorwaarden).order_by(t.c.ontvangen_op, t.c.id).limit(limit + 1)
    async with engine.connect() as conn:
        rows = [_samenvatting(r) for r in await conn.execute(query)]
    volgende = _cursor_maak(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], volgende


async def zoek_op_bsn(
    engine: AsyncEngine,
    bsn: str,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> list[Samenvatting]:
    t = aanvragen
    query = (
        select(*_SAMENVATTING)
        .where(or_(t.c.bsn == bsn, t.c.partner_bsn == bsn), t.c.gemeente.in_(list(gemeenten)))
        .order_by(t.c.ontvangen_op, t.c.id)
        .limit(200)
    )
    async with engine.begin() as conn:
        rows = [_samenvatting(r) for r in await conn.execute(query)]
        await logboek.schrijf(
            conn,
            logboek.records(trace, "aanvragen zoeken op BSN", logboek.RAADPLEGEN, [bsn], nu, nu, sleutel),
        )
    return rows


async def trek_in(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    reden: str | None,
    verwachte_versie: int | None,
    nu: datetime,
) -> Samenvatting:
    async with engine.begin() as conn:
        row = await _lees(conn, aanvraag_id, gemeenten, for_update=True)
        if verwachte_versie is not None and verwachte_versie != row.versie:
            raise VersieVerouderd("De aanvraag is intussen gewijzigd; haal haar opnieuw op.")
        van = Status(row.status)
        controleer_overgang(van, Status.ingetrokken)
        await conn.execute(
            update(aanvragen)
            .where(aanvragen.c.id == aanvraag_id)
            .values(status=Status.ingetrokken.value, versie=row.versie + 1, gewijzigd_op=nu)
        )
        await trail.schrijf(
            conn,
            aanvraag_id,
            actor,
            "ingetrokken",
            nu,
            van.value,
            Status.ingetrokken.value,
            {"reden": reden} if reden else None,
        )
        await beschikkingen.maak(conn, aanvraag_id, Status.ingetrokken, nu, toelichting=reden)
    return Samenvatting(
        row.id,
        row.referentie,
        row.gemeente,
        row.regeling,
        Status.ingetrokken.value,
        row.kanaal,
        row.aanvraagdatum,
        row.ontvangen_op,
        row.versie + 1,
    )


class VersieVerouderd(Conflict):
    code = "versie-verouderd"
    status = 412
