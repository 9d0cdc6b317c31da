"""The Bbz application prefilled from a Tozo case (`overgang.bereken`), kept as a draft
(`bbz_concepten`, migration 0016): one per Tozo case, completed by the applicant or the counter
and then submitted through the normal intake, with the same validation as `POST /aanvragen`.

A draft is no application: it has no status, no deadline and no queue. Once submitted it names
the application it became and cannot change any more."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit import logboek, trail
from app.audit.trail import Actor
from app.workflows import overgang
from app.workflows.fouten import Conflict, NietGevonden, OngeldigeInvoer
from app.workflows.intake import Ingediend


class AlIngediend(Conflict):
    code = "concept-al-ingediend"


@dataclass(frozen=True)
class BbzConcept:
    id: UUID
    van_aanvraag: UUID
    gemeente: str
    gegevens: dict[str, Any]
    aangemaakt_op: datetime
    gewijzigd_op: datetime
    ingediend_als: UUID | None
    ingediend_op: datetime | None


_KOLOMMEN = "id, van_aanvraag, gemeente, gegevens, aangemaakt_op, gewijzigd_op, ingediend_als, ingediend_op"


async def maak(
    engine: AsyncEngine,
    tozo_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> tuple[BbzConcept, bool]:
    """(the draft of this Tozo case, made now): asking again returns the one kept."""
    async with engine.begin() as conn:
        c = await overgang.bereken(conn, tozo_id, gemeenten, trace, sleutel, nu)
        # The Tozo case row orders concurrent calls; the unique key is the backstop.
        await conn.execute(text("SELECT 1 FROM aanvragen WHERE id = :id FOR UPDATE"), {"id": tozo_id})
        bestaand = await _lees(conn, "van_aanvraag = :id", tozo_id)
        if bestaand is not None:
            return bestaand, False
        gemeente = str(c.concept.get("gemeente") or "")
        concept_id = uuid.uuid4()
        await conn.execute(
            text(
                "INSERT INTO bbz_concepten (id, van_aanvraag, gemeente, gegevens, aangemaakt_op, aangemaakt_door, "
                "gewijzigd_op, gewijzigd_door) VALUES (:id, :van, :g, CAST(:gegevens AS jsonb), :nu, :door, :nu, :door)"
            ),
            {
                "id": concept_id,
                "van": tozo_id,
                "g": gemeente,
                "gegevens": json.dumps(c.concept, ensure_ascii=False),
                "nu": nu,
                "door": actor.sub,
            },
        )
        await trail.schrijf(conn, tozo_id, actor, "bbz-concept-aangemaakt", nu, details={"concept": str(concept_id)})
        gemaakt = await _lees(conn, "id = :id", concept_id)
        assert gemaakt is not None
        return gemaakt, True


async def lees(
    engine: AsyncEngine,
    concept_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> BbzConcept:
    """The draft holds personal data (the applicant, partner, income): the read is logged."""
    async with engine.begin() as conn:
        c = await _zichtbaar(conn, concept_id, gemeenten)
        await _log(conn, c, "bbz-concept raadplegen", logboek.RAADPLEGEN, trace, sleutel, nu)
        return c


async def werk_bij(
    engine: AsyncEngine,
    concept_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    gegevens: dict[str, Any],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> BbzConcept:
    """Replace the draft's data with what the applicant completed. A draft may still be
    incomplete (submitting validates it), but it stays a Bbz application of its municipality."""
    async with engine.begin() as conn:
        c = await _zichtbaar(conn, concept_id, gemeenten, voor_wijziging=True)
        if c.ingediend_als is not None:
            raise AlIngediend("Dit concept is al ingediend; het kan niet meer veranderen.")
        fouten = []
        if gegevens.get("regeling") != rules.Regeling.BBZ_LEVENSONDERHOUD.value:
            fouten.append(
                {"name": "regeling", "code": "const", "reason": "Een Bbz-concept blijft bbz-levensonderhoud."}
            )
        if gegevens.get("gemeente") != c.gemeente:
            fouten.append(
                {"name": "gemeente", "code": "const", "reason": f"Het concept hoort bij gemeente {c.gemeente}."}
            )
        if fouten:
            raise OngeldigeInvoer(fouten)
        await conn.execute(
            text(
                "UPDATE bbz_concepten SET gegevens = CAST(:gegevens AS jsonb), gewijzigd_op = :nu, "
                "gewijzigd_door = :door WHERE id = :id"
            ),
            {"id": concept_id, "gegevens": json.dumps(gegevens, ensure_ascii=False), "nu": nu, "door": actor.sub},
        )
        bijgewerkt = await _lees(conn, "id = :id", concept_id)
        assert bijgewerkt is not None
        await _log(conn, bijgewerkt, "bbz-concept aanvullen", logboek.REGISTREREN, trace, sleutel, nu)
        await trail.schrijf(conn, c.van_aanvraag, actor, "bbz-concept-aangevuld", nu, details={"concept": str(c.id)})
        return bijgewerkt


async def dien_in(
    engine: AsyncEngine,
    concept_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    idempotency_key: str,
    nu: datetime,
    intake: Callable[[BbzConcept], Awaitable[Ingediend]],
) -> Ingediend:
    """Submit the draft through `intake` (the validation and intake of POST /aanvragen), at most
    once: the draft's row stays locked from the check to the link, so two submissions with
    different keys at the same moment cannot both make an application. A retry with the key that
    submitted it replays that application; another key is a 409."""
    async with engine.begin() as conn:
        c = await _zichtbaar(conn, concept_id, gemeenten, voor_wijziging=True)
        if c.ingediend_als is not None and await _ingediend_met(conn, actor, idempotency_key) != c.ingediend_als:
            raise AlIngediend(f"Dit concept is al ingediend als aanvraag {c.ingediend_als}.")
        # The intake commits on a connection of its own; a crash before the link below leaves the
        # application without its draft's link, which the retry with the same key restores.
        resultaat = await intake(c)
        if c.ingediend_als is None:
            await conn.execute(
                text("UPDATE bbz_concepten SET ingediend_als = :a, ingediend_op = :nu WHERE id = :id"),
                {"a": resultaat.id, "nu": nu, "id": c.id},
            )
            await trail.schrijf(
                conn,
                c.van_aanvraag,
                actor,
                "bbz-concept-ingediend",
                nu,
                details={"concept": str(c.id), "aanvraag": str(resultaat.id)},
            )
        return resultaat


async def _ingediend_met(conn: AsyncConnection, actor: Actor, idempotency_key: str) -> UUID | None:
    """The application this caller submitted with this key, if any (a retry of a submission)."""
    gevonden: UUID | None = (
        await conn.execute(
            text("SELECT aanvraag_id FROM idempotentie WHERE client = :c AND sleutel = :k"),
            {"c": actor.sub, "k": idempotency_key},
        )
    ).scalar()
    return gevonden


async def _lees(conn: AsyncConnection, waar: str, waarde: UUID) -> BbzConcept | None:
    # `waar` is one of two fixed conditions in this module, never input.
    r = (
        await conn.execute(text(f"SELECT {_KOLOMMEN} FROM bbz_concepten WHERE {waar}"), {"id": waarde})  # noqa: S608
    ).first()
    return None if r is None else BbzConcept(*r)


async def _zichtbaar(
    conn: AsyncConnection, concept_id: UUID, gemeenten: Collection[str], voor_wijziging: bool = False
) -> BbzConcept:
    slot = " FOR UPDATE" if voor_wijziging else ""
    r = (
        await conn.execute(
            text(f"SELECT {_KOLOMMEN} FROM bbz_concepten WHERE id = :id AND gemeente = ANY(:g){slot}"),  # noqa: S608
            {"id": concept_id, "g": list(gemeenten)},
        )
    ).first()
    if r is None:
        raise NietGevonden("Er is geen concept met dit id.")
    return BbzConcept(*r)


async def _log(
    conn: AsyncConnection,
    c: BbzConcept,
    handeling: str,
    soort: str,
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> None:
    betrokkenen = [
        str(b)
        for b in ((c.gegevens.get("aanvrager") or {}).get("bsn"), (c.gegevens.get("partner") or {}).get("bsn"))
        if b
    ]
    await logboek.schrijf(conn, logboek.records(trace, handeling, soort, betrokkenen, nu, nu, sleutel, c.van_aanvraag))
