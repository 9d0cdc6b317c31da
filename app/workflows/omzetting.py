"""The proposal, after the boekjaar, to convert the interest-free loan for Bbz levensonderhoud
into a gift up to the limit (Bbz art. 11 lid 2, 12, 13): the months paid as a loan in that
boekjaar come from the decision; the net income and assets are what the consulent established.
A proposal, not yet a decision: the nadere beslissing (art. 12 lid 1) follows from it."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.rules.bbz.omzetting import Omzetting, omzetting
from app.workflows.aanvragen import controleer_toegang
from app.workflows.controle import laatste_verificatie
from app.workflows.fouten import Conflict

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class GeenLening(Conflict):
    code = "geen-renteloze-lening"


async def voorstel(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    boekjaar: int,
    netto_inkomen: int,
    vermogen: int,
    nu: datetime,
) -> tuple[list[str], Omzetting]:
    """(the months of the boekjaar paid as a loan, the conversion)."""
    async with engine.connect() as conn:
        status = await controleer_toegang(conn, aanvraag_id, gemeenten)
        regeling = (
            await conn.execute(text("SELECT regeling FROM aanvragen WHERE id = :id"), {"id": aanvraag_id})
        ).scalar()
        besluit = (
            await conn.execute(
                text("SELECT maanden, vorm FROM beoordelingen WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"),
                {"id": aanvraag_id},
            )
        ).first()
        uitkomst = (await laatste_verificatie(conn, aanvraag_id)).regeluitkomst or {}
    if (
        regeling != "bbz-levensonderhoud"
        or status not in ("toegekend", "gedeeltelijk_toegekend")
        or besluit is None
        or besluit.vorm != "renteloze-lening"
    ):
        raise GeenLening("Alleen Bbz-levensonderhoud die als renteloze lening is toegekend, wordt omgezet.")
    toegekend = {str(m["maand"]) for m in besluit.maanden if m.get("toegekend")}
    maanden = [
        m
        for m in uitkomst.get("maanden") or []
        if m.get("maand") in toegekend and str(m["maand"]).startswith(f"{boekjaar}-")
    ]
    if not maanden:
        raise GeenLening(f"In {boekjaar} is geen bijstand als lening verstrekt.")
    verstrekt = sum(int(m.get("bedrag") or 0) for m in maanden)
    jaarnorm = sum(int(m.get("norm") or 0) for m in maanden)
    dag = nu.astimezone(AMSTERDAM).date()
    return sorted(str(m["maand"]) for m in maanden), omzetting(verstrekt, jaarnorm, netto_inkomen, vermogen, dag)
