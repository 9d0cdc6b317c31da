"""The case history the rules need (`rules.Historie`): months granted and Tozo loans lent in
earlier cases, read from their ledgers (what the decisions actually granted, advances included),
so a month is never granted twice and the loan cap counts every earlier loan of the business."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from app import rules

_GRANTED = text(
    """
    SELECT a.regeling, a.gegevens->'onderneming'->>'kvkNummer' AS kvk, b.maand, sum(b.bedrag_cent) AS recht
    FROM betalingen b JOIN aanvragen a ON a.id = b.aanvraag_id
    WHERE a.id <> :id AND b.soort NOT IN ('betaling', 'om_niet', 'lening')
      AND (a.bsn = :bsn OR (a.regeling = 'tozo-bedrijfskapitaal' AND a.gegevens->'onderneming'->>'kvkNummer' = :kvk))
    GROUP BY a.id, a.regeling, kvk, b.maand
    HAVING sum(b.bedrag_cent) > 0
    ORDER BY b.maand NULLS LAST
    """
)


async def historie(conn: AsyncConnection, aanvraag_id: UUID, bsn: str, kvk_nummer: str | None) -> rules.Historie:
    maanden: list[rules.ToegekendeMaand] = []
    leningen: list[rules.EerdereLening] = []
    for r in await conn.execute(_GRANTED, {"id": aanvraag_id, "bsn": bsn, "kvk": kvk_nummer or ""}):
        if r.maand is not None:
            maanden.append(rules.ToegekendeMaand(rules.Maand(r.maand.year, r.maand.month), r.regeling))
        elif r.regeling == "tozo-bedrijfskapitaal" and r.kvk:
            leningen.append(rules.EerdereLening(r.kvk, int(r.recht)))
    if not maanden and not leningen:
        return rules.GEEN_HISTORIE
    return rules.Historie(tuple(maanden), tuple(leningen))
