"""Checking (controle): the checker holding the claim confirms or corrects each register finding
and marks the evidence as sufficient; the case moves on to the assessor (`te_beoordelen`)."""

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.audit.trail import Actor
from app.workflows.fouten import Conflict, OngeldigeInvoer
from app.workflows.levenscyclus import Status
from app.workflows.werkvoorraad import (
    ZAAK_KOLOMMEN,
    Zaak,
    vereis_claim,
    vereis_status,
    vergrendelde_zaak,
    verplaats,
)

# Findings the checker must answer; "bevestigd" ones (register agrees) may be left alone.
TE_BEANTWOORDEN = frozenset({"conflict", "taak"})


@dataclass(frozen=True)
class Oordeel:
    code: str
    oordeel: Literal["bevestigd", "gecorrigeerd"]
    waarde: str | None = None
    toelichting: str | None = None


@dataclass(frozen=True)
class LaatsteVerificatie:
    bevindingen: list[dict[str, Any]]
    regeluitkomst: dict[str, Any] | None


async def laatste_verificatie(conn: AsyncConnection, aanvraag_id: UUID) -> LaatsteVerificatie:
    row = (
        await conn.execute(
            text(
                "SELECT bevindingen, regeluitkomst FROM verificaties WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"
            ),
            {"id": aanvraag_id},
        )
    ).first()
    if row is None:
        return LaatsteVerificatie([], None)
    return LaatsteVerificatie(list(row.bevindingen or []), row.regeluitkomst)


# The case locked with its latest verification in one statement: what the checker's, the
# assessor's and the herstel step read first (two round trips per step before).
_MET_VERIFICATIE = text(
    f"""
    SELECT {ZAAK_KOLOMMEN}, v.bevindingen, v.regeluitkomst
    FROM aanvragen a LEFT JOIN LATERAL (
        SELECT bevindingen, regeluitkomst FROM verificaties WHERE aanvraag_id = a.id ORDER BY id DESC LIMIT 1
    ) v ON true
    WHERE a.id = :id AND a.gemeente = ANY(:gemeenten)
    FOR UPDATE OF a
    """  # noqa: S608 (constants only)
)


async def vergrendel_met_verificatie(
    conn: AsyncConnection, aanvraag_id: UUID, gemeenten: Collection[str], verwachte_versie: int | None
) -> tuple[Zaak, LaatsteVerificatie]:
    """`werkvoorraad.vergrendel` and `laatste_verificatie` in one round trip."""
    row = (await conn.execute(_MET_VERIFICATIE, {"id": aanvraag_id, "gemeenten": list(gemeenten)})).first()
    zaak = vergrendelde_zaak(row, verwachte_versie)
    assert row is not None  # vergrendelde_zaak raised NietGevonden otherwise
    return zaak, LaatsteVerificatie(list(row.bevindingen or []), row.regeluitkomst)


class BewijsOnvoldoende(Conflict):
    code = "bewijs-onvoldoende"


def _controleer_oordelen(bevindingen: list[dict[str, Any]], oordelen: Sequence[Oordeel]) -> None:
    bekend = {str(b.get("code")) for b in bevindingen}
    fouten: list[dict[str, str]] = []
    for i, o in enumerate(oordelen):
        if o.code not in bekend:
            fouten.append({"name": f"bevindingen[{i}].code", "code": "unknown", "reason": "Onbekende bevinding."})
        if o.oordeel == "gecorrigeerd" and not (o.waarde or o.toelichting):
            fouten.append(
                {
                    "name": f"bevindingen[{i}].waarde",
                    "code": "required",
                    "reason": "Geef de juiste waarde of een toelichting.",
                }
            )
    beantwoord = {o.code for o in oordelen}
    open_ = sorted({str(b.get("code")) for b in bevindingen if b.get("soort") in TE_BEANTWOORDEN} - beantwoord)
    if open_:
        fouten.append(
            {"name": "bevindingen", "code": "required", "reason": "Beoordeel ook deze bevindingen: " + ", ".join(open_)}
        )
    if fouten:
        raise OngeldigeInvoer(fouten)


async def controleer(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    oordelen: Sequence[Oordeel],
    bewijs_voldoende: bool,
    toelichting: str | None,
    verwachte_versie: int | None,
    nu: datetime,
) -> Zaak:
    async with engine.begin() as conn:
        zaak, verificatie = await vergrendel_met_verificatie(conn, aanvraag_id, gemeenten, verwachte_versie)
        vereis_status(zaak, Status.te_controleren, Status.te_beoordelen)
        vereis_claim(zaak, actor.sub, nu)
        _controleer_oordelen(verificatie.bevindingen, oordelen)
        if not bewijs_voldoende:
            raise BewijsOnvoldoende("Het bewijs is niet voldoende: vraag het ontbrekende op (herstelverzoeken).")
        vastgelegd = [
            {"code": o.code, "oordeel": o.oordeel, "waarde": o.waarde, "toelichting": o.toelichting} for o in oordelen
        ]
        await conn.execute(
            text(
                "INSERT INTO controles (aanvraag_id, tijdstip, gecontroleerd_door, bewijs_voldoende, bevindingen, "
                "toelichting) VALUES (:id, :nu, :door, true, CAST(:b AS jsonb), :t)"
            ),
            {"id": aanvraag_id, "nu": nu, "door": actor.sub, "b": json.dumps(vastgelegd), "t": toelichting},
        )
        return await verplaats(
            conn,
            zaak,
            Status.te_beoordelen,
            actor,
            "gecontroleerd",
            nu,
            {"gecorrigeerd": sorted(o.code for o in oordelen if o.oordeel == "gecorrigeerd")},
            {"gecontroleerd_door": actor.sub},
        )
