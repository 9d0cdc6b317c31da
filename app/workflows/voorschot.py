"""Advances (voorschotten, Participatiewet art. 52): while a case is not decided, staff can grant
an advance for a month, by default the amount the rules computed at verification for that
month. The advance is booked in the ledger at once (and so paid with the next payment file);
the final decision books only what it adds to it, and a decision that grants less makes a
recovery decision for the rest (`herziening.na_besluit`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app import rules
from app.audit import trail
from app.audit.trail import Actor
from app.workflows import betalingen, inzage
from app.workflows.fouten import Conflict, NietGevonden, OngeldigeInvoer
from app.workflows.levenscyclus import EINDSTATUSSEN, Status

GRONDSLAG = "artikel 52 Participatiewet"


@dataclass(frozen=True)
class Voorschot:
    maand: date
    bedrag_cent: int
    verleend_op: datetime
    verleend_door: str
    motivering: str


def _fout(naam: str, code: str, reden: str) -> OngeldigeInvoer:
    return OngeldigeInvoer([{"name": naam, "code": code, "reason": reden}])


async def verleen(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    maand: str,
    bedrag_cent: int | None,
    motivering: str,
    nu: datetime,
) -> Voorschot:
    motivering = motivering.strip()
    if not motivering:
        raise _fout("motivering", "required", "Zeg waarom een voorschot nodig is.")
    async with engine.begin() as conn:
        zaak = (
            await conn.execute(
                text(
                    "SELECT status, regeling, gegevens FROM aanvragen WHERE id = :id AND gemeente = ANY(:g) FOR UPDATE"
                ),
                {"id": aanvraag_id, "g": list(gemeenten)},
            )
        ).first()
        if zaak is None:
            raise NietGevonden("Er is geen aanvraag met dit id.")
        if Status(zaak.status) in EINDSTATUSSEN:
            raise Conflict("Over deze aanvraag is al beslist; een voorschot kan alleen vóór het besluit.")
        if not zaak.regeling.endswith("levensonderhoud"):
            raise Conflict("Een voorschot is er alleen op een uitkering voor levensonderhoud.")
        if maand not in (zaak.gegevens.get("maanden") or []):
            raise _fout("maand", "unknown", "Deze maand zit niet in de aanvraag.")
        uitkomst: dict[str, Any] = (
            await conn.execute(
                text(
                    "SELECT regeluitkomst FROM verificaties WHERE aanvraag_id = :id AND regeluitkomst IS NOT NULL "
                    "ORDER BY id DESC LIMIT 1"
                ),
                {"id": aanvraag_id},
            )
        ).scalar() or {}
        berekend = next(
            (betalingen.maandbedrag(m) for m in uitkomst.get("maanden") or [] if m.get("maand") == maand), None
        )
        if bedrag_cent is None:
            if not berekend:
                raise _fout("bedrag", "required", "De regels berekenden voor deze maand geen bedrag: geef het bedrag.")
            bedrag_cent = berekend
        elif berekend is not None and bedrag_cent > berekend:
            raise _fout("bedrag", "maximum", f"Het voorschot is hoger dan het berekende bedrag ({berekend} cent).")
        dag = rules.Maand.uit_tekst(maand).eerste_dag
        bestaand = (
            await conn.execute(
                text("SELECT 1 FROM voorschotten WHERE aanvraag_id = :id AND maand = :m"), {"id": aanvraag_id, "m": dag}
            )
        ).first()
        if bestaand is not None:
            raise Conflict("Over deze maand is al een voorschot verleend.")
        voorschot_id = int(
            (
                await conn.execute(
                    text(
                        "INSERT INTO voorschotten (aanvraag_id, maand, bedrag_cent, verleend_op, verleend_door, "
                        "motivering) VALUES (:id, :m, :b, :nu, :door, :mot) RETURNING id"
                    ),
                    {"id": aanvraag_id, "m": dag, "b": bedrag_cent, "nu": nu, "door": actor.sub, "mot": motivering},
                )
            ).scalar_one()
        )
        await betalingen.schrijf(
            conn,
            aanvraag_id,
            [betalingen.Boeking(betalingen.Soort.voorschot, dag, bedrag_cent, f"Voorschot ({GRONDSLAG})")],
            nu,
            voorschot_id=voorschot_id,
        )
        await trail.schrijf(
            conn, aanvraag_id, actor, "voorschot-verleend", nu, details={"maand": maand, "bedrag": bedrag_cent}
        )
    return Voorschot(dag, bedrag_cent, nu, actor.sub, motivering)


async def lijst(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[Voorschot]:
    async with engine.connect() as conn:
        await inzage.betrokkenen(conn, aanvraag_id, gemeenten)
        rows = await conn.execute(
            text(
                "SELECT maand, bedrag_cent, verleend_op, verleend_door, motivering FROM voorschotten "
                "WHERE aanvraag_id = :id ORDER BY maand"
            ),
            {"id": aanvraag_id},
        )
        return [Voorschot(*r) for r in rows]
