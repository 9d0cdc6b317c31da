"""Evaluate the rules again when a fact arrives after verification (the adviser's viability
conclusion), on the same register facts and case history as verification used: the new outcome is
stored as a new verification record, so the assessor, the decision and its letter all read the
outcome that includes the new fact."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from app import rules
from app.workflows import historie, registerfeiten

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


async def herbeoordeel(
    conn: AsyncConnection, aanvraag_id: UUID, gegevens: dict[str, Any], nu: datetime
) -> dict[str, Any]:
    """The rules outcome of `gegevens` (the application plus the new fact) on the facts of the
    latest verification, stored in the caller's transaction; returns that outcome."""
    vorige = (
        await conn.execute(
            text(
                "SELECT compleet, registers, mislukt, bevindingen, feiten FROM verificaties "
                "WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"
            ),
            {"id": aanvraag_id},
        )
    ).one()
    soorten = (
        await conn.execute(text("SELECT DISTINCT soort FROM documenten WHERE aanvraag_id = :id"), {"id": aanvraag_id})
    ).scalars()
    aanvraag = rules.aanvraag_uit_dict(gegevens)
    peildatum = max(nu.astimezone(AMSTERDAM).date(), aanvraag.aanvraagdatum)
    eerder = await historie.historie(conn, aanvraag_id, aanvraag.aanvrager.bsn, aanvraag.onderneming.kvk_nummer)
    uitkomst = rules.beoordeel(
        aanvraag,
        peildatum,
        feiten=registerfeiten.feiten_uit_json(vorige.feiten),
        historie=eerder,
        documenten=list(soorten),
    ).to_dict()
    await conn.execute(
        text(
            "INSERT INTO verificaties (aanvraag_id, tijdstip, compleet, registers, mislukt, bevindingen, "
            "regeluitkomst, feiten) VALUES (:id, :nu, :compleet, CAST(:registers AS jsonb), CAST(:mislukt AS jsonb), "
            "CAST(:bevindingen AS jsonb), CAST(:uitkomst AS jsonb), CAST(:feiten AS jsonb))"
        ),
        {
            "id": aanvraag_id,
            "nu": nu,
            "compleet": vorige.compleet,
            "registers": json.dumps(vorige.registers),
            "mislukt": json.dumps(vorige.mislukt),
            "bevindingen": json.dumps(vorige.bevindingen),
            "uitkomst": json.dumps(registerfeiten.naar_json(uitkomst), ensure_ascii=False),
            "feiten": None if vorige.feiten is None else json.dumps(vorige.feiten),
        },
    )
    return uitkomst
