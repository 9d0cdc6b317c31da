"""Review of every proposed rejection by a third person, neither checker nor assessor: confirm
(the rejection becomes final) or send back to the assessor with a reason."""

from collections.abc import Collection
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit.trail import Actor
from app.workflows import beschikkingen
from app.workflows.beoordeling import DEFINITIEF, Besluit
from app.workflows.fouten import OngeldigeInvoer
from app.workflows.levenscyclus import Status
from app.workflows.werkvoorraad import (
    Stadium,
    VierOgen,
    Zaak,
    mag_behandelen,
    vereis_claim,
    vereis_status,
    vergrendel,
    verplaats,
)


class ReviewOordeel(StrEnum):
    bevestigd = "bevestigd"
    teruggestuurd = "teruggestuurd"


async def review(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    oordeel: ReviewOordeel,
    reden: str | None,
    verwachte_versie: int | None,
    nu: datetime,
) -> Zaak:
    reden = (reden or "").strip() or None
    if oordeel is ReviewOordeel.teruggestuurd and reden is None:
        raise OngeldigeInvoer([{"name": "reden", "code": "required", "reason": "Zeg waarom het terug moet."}])
    async with engine.begin() as conn:
        zaak = await vergrendel(conn, aanvraag_id, gemeenten, verwachte_versie)
        vereis_status(zaak, Status.te_reviewen, Status.afgewezen)
        if not mag_behandelen(Stadium.reviewer, zaak, actor.sub):
            raise VierOgen("U controleerde of beoordeelde deze aanvraag; een derde moet haar reviewen.")
        vereis_claim(zaak, actor.sub, nu)
        voorstel = (
            await conn.execute(
                text("SELECT besluit FROM beoordelingen WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"),
                {"id": aanvraag_id},
            )
        ).scalar()
        naar = (
            DEFINITIEF.get(Besluit(voorstel), Status.afgewezen)
            if oordeel is ReviewOordeel.bevestigd and voorstel
            else Status.afgewezen
            if oordeel is ReviewOordeel.bevestigd
            else Status.te_beoordelen
        )
        await conn.execute(
            text(
                "INSERT INTO reviews (aanvraag_id, tijdstip, gecontroleerd_door, beoordeeld_door, gereviewd_door, "
                "oordeel, reden) VALUES (:id, :nu, :a, :b, :c, :oordeel, :reden)"
            ),
            {
                "id": aanvraag_id,
                "nu": nu,
                "a": zaak.gecontroleerd_door or "",
                "b": zaak.beoordeeld_door or "",
                "c": actor.sub,
                "oordeel": oordeel.value,
                "reden": reden,
            },
        )
        zaak = await verplaats(
            conn,
            zaak,
            naar,
            actor,
            "gereviewd",
            nu,
            {"oordeel": oordeel.value, "reden": reden},
            {"gereviewd_door": actor.sub},
        )
        await beschikkingen.maak(conn, aanvraag_id, zaak.status, nu)  # confirmed: the decision's letter
        return zaak
