"""Extending the Bbz beslistermijn (verdaging, Bbz 2004 art. 35 lid 3; Awb 4:14): once per case,
by 13 weeks, before the term has run out, with a notice letter that names the reason and the new
last day. The Tozo has no such extension (its terms are the Awb's)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app import rules
from app.audit import trail
from app.audit.trail import Actor
from app.tables import aanvragen
from app.workflows import beschikkingen
from app.workflows.fouten import Conflict
from app.workflows.levenscyclus import EINDSTATUSSEN
from app.workflows.werkvoorraad import Zaak, termijnen, vergrendel

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BRIEF = "verdaging"


class VerdagingNietMogelijk(Conflict):
    code = "verdaging-niet-mogelijk"


@dataclass(frozen=True)
class Verdaging:
    verdaagd_op: datetime
    oude_einde: date
    nieuwe_einde: date
    reden: str


async def verdaag(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    reden: str,
    verwachte_versie: int | None,
    nu: datetime,
) -> tuple[Zaak, Verdaging]:
    async with engine.begin() as conn:
        zaak = await vergrendel(conn, aanvraag_id, gemeenten, verwachte_versie)
        if zaak.regeling.startswith("tozo"):
            raise VerdagingNietMogelijk("Alleen de beslistermijn van de Bbz kan worden verdaagd (Bbz art. 35 lid 3).")
        if zaak.status in EINDSTATUSSEN:
            raise VerdagingNietMogelijk("Over deze aanvraag is al beslist.")
        al = (
            await conn.execute(text("SELECT 1 FROM verdagingen WHERE aanvraag_id = :id"), {"id": aanvraag_id})
        ).first()
        if al is not None:
            raise VerdagingNietMogelijk("De beslistermijn is al een keer verdaagd; dat kan maar één keer.")
        einde = zaak.beslistermijn_einde or termijnen(zaak.regeling, zaak.ontvangen_op, None)[0]
        vandaag = nu.astimezone(AMSTERDAM).date()
        if vandaag > einde:
            raise VerdagingNietMogelijk(f"De beslistermijn liep af op {einde.isoformat()}; verdagen kan alleen ervoor.")
        procedure = rules.beslistermijn(zaak.regeling, zaak.ontvangen_op.astimezone(AMSTERDAM).date())
        assert procedure.beslistermijn_na_verdaging is not None  # a Bbz term always has one
        nieuw = einde + (procedure.beslistermijn_na_verdaging - procedure.beslistermijn_einde)
        await conn.execute(
            text(
                "INSERT INTO verdagingen (aanvraag_id, verdaagd_op, verdaagd_door, oude_einde, nieuwe_einde, reden) "
                "VALUES (:a, :nu, :door, :oud, :nieuw, :reden)"
            ),
            {"a": aanvraag_id, "nu": nu, "door": actor.sub, "oud": einde, "nieuw": nieuw, "reden": reden},
        )
        await conn.execute(
            update(aanvragen)
            .where(aanvragen.c.id == aanvraag_id)
            .values(beslistermijn_einde=nieuw, versie=zaak.versie + 1, gewijzigd_op=nu)
        )
        await trail.schrijf(
            conn,
            aanvraag_id,
            actor,
            "beslistermijn-verdaagd",
            nu,
            details={"oudeEinde": einde.isoformat(), "nieuweEinde": nieuw.isoformat(), "reden": reden},
        )
        await beschikkingen.maak_brief(conn, aanvraag_id, BRIEF, nu)
    zaak = Zaak(**{**vars(zaak), "versie": zaak.versie + 1, "beslistermijn_einde": nieuw})
    return zaak, Verdaging(nu, einde, nieuw, reden)
