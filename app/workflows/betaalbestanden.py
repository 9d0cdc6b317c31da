"""What to pay per day: one SEPA credit-transfer file (pain.001) per municipality and execution
date with every case whose ledger says money is still to be paid, and, in the same transaction,
one `betaling` entry per case, so the ledger's balance of those cases is zero afterwards.

Asking twice for the same day returns the same file (unique per municipality and date); an
advisory lock per municipality serialises runs, so two runs for different days never pay the
same balance twice. Cases with a negative balance (to recover) are not in a transfer file."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.decisions.gemeentegegevens import gemeente as gemeentegegevens
from app.workflows import betalingen, sepa
from app.workflows.fouten import NietGevonden, OngeldigeInvoer

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Betaalbestand:
    id: int
    gemeente: str
    uitvoerdatum: date
    bericht_id: str
    aangemaakt_op: datetime
    aantal: int
    totaal_cent: int
    sha256: str


_KOLOMMEN = "id, gemeente, uitvoerdatum, bericht_id, aangemaakt_op, aantal, totaal_cent, sha256"


def _bestand(r: Any) -> Betaalbestand:
    return Betaalbestand(*r[:8])


def _naam(gegevens: dict[str, Any]) -> str:
    naam = (gegevens.get("aanvrager") or {}).get("naam") or {}
    delen = (naam.get("voornamen"), naam.get("voorvoegsel"), naam.get("geslachtsnaam"))
    return " ".join(str(d) for d in delen if d) or "Aanvrager"


async def _rekening(conn: AsyncConnection, gemeente: str, iban: str, bic: str | None) -> sepa.Opdrachtgever:
    eigen = (
        await conn.execute(
            text("SELECT betaal_iban, betaal_bic FROM gemeente_instellingen WHERE gemeente = :g"), {"g": gemeente}
        )
    ).first()
    if eigen is not None and eigen.betaal_iban:
        iban, bic = eigen.betaal_iban, eigen.betaal_bic
    return sepa.Opdrachtgever(f"Gemeente {gemeentegegevens(gemeente).naam}", iban, bic)


async def maak(
    engine: AsyncEngine,
    gemeente: str,
    uitvoerdatum: date,
    door: str,
    nu: datetime,
    standaard_iban: str,
    standaard_bic: str | None,
) -> tuple[Betaalbestand | None, bool]:
    """(the file, made now); (None, False) when there is nothing to pay for that municipality."""
    if uitvoerdatum < nu.astimezone(AMSTERDAM).date():
        raise OngeldigeInvoer(
            [{"name": "uitvoerdatum", "code": "minimum", "reason": "Een betaling kan niet in het verleden."}]
        )
    async with engine.begin() as conn:
        await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('betaalbestand-' || :g))"), {"g": gemeente})
        bestaand = (
            await conn.execute(
                text(f"SELECT {_KOLOMMEN} FROM betaalbestanden WHERE gemeente = :g AND uitvoerdatum = :d"),  # noqa: S608
                {"g": gemeente, "d": uitvoerdatum},
            )
        ).first()
        if bestaand is not None:
            return _bestand(bestaand), False
        open_ = list(
            await conn.execute(
                text(
                    "SELECT a.id, a.referentie, a.gegevens, sum(b.bedrag_cent) AS saldo FROM betalingen b "
                    "JOIN aanvragen a ON a.id = b.aanvraag_id WHERE a.gemeente = :g "
                    # The settlement of a loan moves no money (betalingen.GEEN_GELD).
                    "AND b.soort NOT IN ('om_niet', 'lening') "
                    "GROUP BY a.id HAVING sum(b.bedrag_cent) > 0 ORDER BY a.referentie"
                ),
                {"g": gemeente},
            )
        )
        if not open_:
            return None, False
        bericht_id = f"ZL-{gemeente}-{uitvoerdatum:%Y%m%d}-{nu:%H%M%S}"
        van = await _rekening(conn, gemeente, standaard_iban, standaard_bic)
        overboekingen = [
            sepa.Overboeking(
                kenmerk=r.referentie,
                naam=_naam(r.gegevens),
                iban=str(r.gegevens.get("iban") or ""),
                bedrag_cent=int(r.saldo),
                omschrijving=f"{r.referentie} uitkering gemeente {gemeentegegevens(gemeente).naam}",
            )
            for r in open_
        ]
        xml = sepa.pain001(bericht_id, nu.astimezone(AMSTERDAM), uitvoerdatum, van, overboekingen)
        totaal = sum(o.bedrag_cent for o in overboekingen)
        rij = (
            await conn.execute(
                text(
                    "INSERT INTO betaalbestanden (gemeente, uitvoerdatum, bericht_id, aangemaakt_op, aangemaakt_door, "
                    "aantal, totaal_cent, xml, sha256) VALUES (:g, :d, :bericht, :nu, :door, :aantal, :totaal, :xml, "
                    ":hash) RETURNING id, gemeente, uitvoerdatum, bericht_id, aangemaakt_op, aantal, totaal_cent, "
                    "sha256"
                ),
                {
                    "g": gemeente,
                    "d": uitvoerdatum,
                    "bericht": bericht_id,
                    "nu": nu,
                    "door": door,
                    "aantal": len(overboekingen),
                    "totaal": totaal,
                    "xml": xml,
                    "hash": hashlib.sha256(xml).hexdigest(),
                },
            )
        ).one()
        bestand = _bestand(rij)
        for r in open_:
            await betalingen.schrijf(
                conn,
                r.id,
                [
                    betalingen.Boeking(
                        betalingen.Soort.betaling, None, -int(r.saldo), f"Overgemaakt met betaalbestand {bericht_id}"
                    )
                ],
                nu,
                betaalbestand_id=bestand.id,
            )
    return bestand, True


async def lees(engine: AsyncEngine, bestand_id: int, gemeenten: Collection[str]) -> tuple[Betaalbestand, bytes]:
    async with engine.connect() as conn:
        r = (
            await conn.execute(
                text(f"SELECT {_KOLOMMEN}, xml FROM betaalbestanden WHERE id = :id AND gemeente = ANY(:g)"),  # noqa: S608
                {"id": bestand_id, "g": list(gemeenten)},
            )
        ).first()
    if r is None:
        raise NietGevonden("Er is geen betaalbestand met dit id.")
    return _bestand(r), bytes(r.xml)
