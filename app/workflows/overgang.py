"""From Tozo to Bbz (seeds 003 and 004): when the last Tozo month of an applicant ends, the
digital counter gets a Bbz application prefilled from the Tozo case, so the applicant only adds
what the Bbz asks beyond it (the declarations, income per month, a viability study's documents).

`bbz-concept` computes the draft; `app.workflows.concepten` keeps it, so the applicant or the
counter completes it and submits it as a normal application, which links back to the Tozo case."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit import logboek
from app.workflows.aanvragen import controleer_toegang
from app.workflows.fouten import Conflict

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TOEGEKEND = ("toegekend", "gedeeltelijk_toegekend")
# What the applicant told us for the Tozo and what stays true for the Bbz.
OVERNEMEN = ("gemeente", "aanvrager", "huishouden", "partner", "onderneming", "iban", "ondersteuning")


class GeenTozoUitkering(Conflict):
    code = "geen-tozo-uitkering"


class TozoLooptNog(Conflict):
    code = "tozo-loopt-nog"


@dataclass(frozen=True)
class Concept:
    van_aanvraag: UUID
    laatste_tozo_maand: str
    concept: dict[str, Any]
    nog_invullen: tuple[str, ...]


NOG_INVULLEN = (
    "verklaringen: lees de verklaringen en bevestig ze opnieuw",
    "inkomsten: uw verwachte inkomen per maand",
    "bbz.categorie: controleer of u gevestigd ondernemer bent (langer dan 1,5 jaar actief)",
)


async def bbz_concept(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> Concept:
    async with engine.begin() as conn:
        return await bereken(conn, aanvraag_id, gemeenten, trace, sleutel, nu)


async def bereken(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> Concept:
    """The draft, in the caller's transaction; reading the Tozo case is logged (personal data)."""
    await controleer_toegang(conn, aanvraag_id, gemeenten)
    zaak = (
        await conn.execute(
            text("SELECT referentie, regeling, status, gegevens, bsn, partner_bsn FROM aanvragen WHERE id = :id"),
            {"id": aanvraag_id},
        )
    ).one()
    if zaak.regeling != "tozo-levensonderhoud" or zaak.status not in TOEGEKEND:
        raise GeenTozoUitkering("Alleen een toegekende Tozo-uitkering levensonderhoud gaat over naar de Bbz.")
    beoordeling = (
        await conn.execute(
            text("SELECT maanden FROM beoordelingen WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"),
            {"id": aanvraag_id},
        )
    ).scalar()
    toegekend = [str(m["maand"]) for m in beoordeling or [] if m.get("toegekend")] or list(
        zaak.gegevens.get("maanden") or []
    )
    laatste = rules.Maand.uit_tekst(max(toegekend))
    vandaag = nu.astimezone(AMSTERDAM).date()
    if rules.Maand.van(vandaag) < laatste:
        raise TozoLooptNog(f"De Tozo loopt nog tot en met {laatste}; vraag de Bbz aan in de laatste Tozo-maand.")
    await logboek.schrijf(
        conn,
        logboek.records(
            trace,
            "bbz-aanvraag voorinvullen",
            logboek.RAADPLEGEN,
            [b for b in (zaak.bsn, zaak.partner_bsn) if b],
            nu,
            nu,
            sleutel,
            aanvraag_id,
        ),
    )
    venster = rules.aanvraagbare_maanden(rules.Regeling.BBZ_LEVENSONDERHOUD, vandaag)
    assert venster is not None  # the Bbz is open every day since 2004
    eerste = max(laatste.plus(1), venster.eerste)
    concept: dict[str, Any] = {
        k: copy.deepcopy(zaak.gegevens[k]) for k in OVERNEMEN if zaak.gegevens.get(k) is not None
    }
    concept |= {
        "regeling": rules.Regeling.BBZ_LEVENSONDERHOUD.value,
        "bbz": {"categorie": "gevestigde"},
        "maanden": [str(eerste)],
        "inkomsten": [],
        # Declarations are the applicant's own, each time: never carried over as given.
        "verklaringen": {"naarWaarheidIngevuld": False, "inlichtingenplichtBekend": False},
        "eerdereAanvragen": [zaak.referentie],
    }
    return Concept(aanvraag_id, str(laatste), concept, NOG_INVULLEN)
