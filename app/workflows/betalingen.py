"""The payments ledger (grootboek) of a case: every granted month, advance, extra payment, recovery
and transfer is one appended entry in integer cents, never edited (a trigger refuses it,
migration 0006). Signs are from the applicant's side, so SQL derives everything:

- `recht` per month: the sum of the entries that are not transfers; after every decision it
  equals the amount that decision states for that month (that is what `boekingen` books);
- `saldo`: the sum of all entries; > 0 still to pay, < 0 to recover.

Two kinds move no money and stay out of both sums (`GEEN_GELD`): after the boekjaar a Bbz
interest-free loan is settled (`omzetting`) into a gift, `om_niet` (> 0), and what stays a loan
because of the assets, `lening` (< 0, repaid by the applicant over the years, Bbz art. 13).

A decision never writes amounts directly: `boekingen` compares what it decides per month with
the ledger's `recht` and books the difference, as an award (first decision), an extra payment
(herziening) or a recovery. An advance already booked on a month therefore makes the final
award book only the rest, and a rejection after an advance books its recovery.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.audit import logboek
from app.decisions.opmaak import euro
from app.workflows import inzage


class Soort(StrEnum):
    toekenning = "toekenning"
    voorschot = "voorschot"
    nabetaling = "nabetaling"
    terugvordering = "terugvordering"
    betaling = "betaling"
    om_niet = "om_niet"
    lening = "lening"


# The settlement of a loan: in the ledger, never in what is owed or paid (see the docstring).
GEEN_GELD = (Soort.om_niet, Soort.lening)
_GEEN_GELD_SQL = "('om_niet', 'lening')"


@dataclass(frozen=True)
class Boeking:
    soort: Soort
    maand: date | None  # None: not tied to a month (a loan, a transfer)
    bedrag_cent: int
    omschrijving: str


def _maand(tekst: str) -> date:
    jaar, maand = str(tekst).split("-")[:2]
    return date(int(jaar), int(maand), 1)


def doel_uit_brief(soort: str, inhoud: Mapping[str, Any]) -> dict[date | None, int] | None:
    """The entitlement per month a decision letter states (the stored letter data, so ledger and
    letter cannot differ); None for a letter that decides no money (a request for information)."""
    if soort == "toekenning_levensonderhoud":
        return {_maand(m["maand"]): int(m["bedrag_cent"]) for m in inhoud.get("maanden") or []}
    if soort == "gedeeltelijke_toekenning":
        return {_maand(m["maand"]): int(m["bedrag_cent"]) for m in inhoud.get("toegekend") or []}
    if soort in ("toekenning_bedrijfskapitaal", "toekenning_bedrijfskapitaal_om_niet"):
        return {None: int(inhoud.get("bedrag_cent") or 0)}
    if soort in ("afwijzing", "buiten_behandeling", "intrekking"):
        return {}
    return None


def maandbedrag(m: Mapping[str, Any]) -> int:
    """A month of a rules outcome as the letters state it (`briefopbouw`): the rules' amount, or
    for a month the rules refused on a criterion an assessor may judge otherwise, norm minus
    income."""
    if m.get("toegekend"):
        return int(m.get("bedrag") or 0)
    return max(0, int(m.get("norm") or 0) - int(m.get("inkomen") or 0))


def _sleutel(m: date | None) -> date:
    return m or date.min


def boekingen(recht: Mapping[date | None, int], doel: Mapping[date | None, int], herziening: bool) -> list[Boeking]:
    """Pure: the entries that bring `recht` per month to `doel` per month. Months the decision
    does not name keep their entitlement only when it is a herziening of some months; a first
    decision (award or rejection) settles every month of the case."""
    uit: list[Boeking] = []
    maanden = set(doel) | (set() if herziening else set(recht))
    for m in sorted(maanden, key=_sleutel):
        nu, nieuw = recht.get(m, 0), doel.get(m, 0)
        verschil = nieuw - nu
        if verschil == 0:
            continue
        wanneer = f" over {m:%m-%Y}" if m else ""
        if verschil > 0:
            soort = Soort.nabetaling if herziening else Soort.toekenning
            tekst = f"Recht{wanneer}: {euro(nieuw)}" + (f" (was {euro(nu)})" if nu else "")
        else:
            soort = Soort.terugvordering
            tekst = f"Recht{wanneer} verlaagd van {euro(nu)} naar {euro(nieuw)}"
        uit.append(Boeking(soort, m, verschil, tekst))
    return uit


async def recht_per_maand(conn: AsyncConnection, aanvraag_id: UUID) -> dict[date | None, int]:
    rows = await conn.execute(
        text(
            "SELECT maand, sum(bedrag_cent) AS recht FROM betalingen WHERE aanvraag_id = :a "  # noqa: S608
            f"AND soort <> 'betaling' AND soort NOT IN {_GEEN_GELD_SQL} GROUP BY maand"
        ),
        {"a": aanvraag_id},
    )
    return {r.maand: int(r.recht) for r in rows if r.recht}


async def schrijf(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    boekingen_: Sequence[Boeking],
    nu: datetime,
    *,
    beschikking_id: int | None = None,
    betaalbestand_id: int | None = None,
    voorschot_id: int | None = None,
) -> None:
    if not boekingen_:
        return
    await conn.execute(
        text(
            "INSERT INTO betalingen (aanvraag_id, soort, maand, bedrag_cent, beschikking_id, betaalbestand_id, "
            "voorschot_id, geboekt_op, omschrijving) "
            "VALUES (:a, :soort, :maand, :bedrag, :beschikking, :bestand, :voorschot, :nu, :tekst)"
        ),
        [
            {
                "a": aanvraag_id,
                "soort": b.soort.value,
                "maand": b.maand,
                "bedrag": b.bedrag_cent,
                "beschikking": beschikking_id,
                "bestand": betaalbestand_id,
                "voorschot": voorschot_id,
                "nu": nu,
                "tekst": b.omschrijving,
            }
            for b in boekingen_
        ],
    )


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Regel:
    id: int
    soort: str
    maand: date | None
    bedrag_cent: int
    beschikking: int | None  # the decision's number within the case
    betaalbestand_id: int | None
    geboekt_op: datetime
    omschrijving: str


@dataclass(frozen=True)
class Grootboek:
    regels: list[Regel]
    recht_per_maand: dict[date | None, int]
    recht_cent: int
    betaald_cent: int
    saldo_cent: int
    om_niet_cent: int  # of an interest-free loan, converted into a gift
    lening_cent: int  # of an interest-free loan, still to repay (> 0)


async def grootboek(conn: AsyncConnection, aanvraag_id: UUID) -> Grootboek:
    rows = list(
        await conn.execute(
            text(
                "SELECT b.id, b.soort, b.maand, b.bedrag_cent, s.nummer, b.betaalbestand_id, b.geboekt_op, "
                "b.omschrijving FROM betalingen b LEFT JOIN beschikkingen s ON s.id = b.beschikking_id "
                "WHERE b.aanvraag_id = :a ORDER BY b.id"
            ),
            {"a": aanvraag_id},
        )
    )
    regels = [Regel(*r) for r in rows]
    per_maand: dict[date | None, int] = {}
    for r in regels:
        if r.soort != Soort.betaling and r.soort not in GEEN_GELD:
            per_maand[r.maand] = per_maand.get(r.maand, 0) + r.bedrag_cent
    recht = sum(per_maand.values())
    betaald = -sum(r.bedrag_cent for r in regels if r.soort == Soort.betaling)
    return Grootboek(
        regels,
        {m: b for m, b in sorted(per_maand.items(), key=lambda x: _sleutel(x[0])) if b},
        recht,
        betaald,
        recht - betaald,
        sum(r.bedrag_cent for r in regels if r.soort == Soort.om_niet),
        -sum(r.bedrag_cent for r in regels if r.soort == Soort.lening),
    )


async def lees(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> Grootboek:
    """The ledger of a case for the caller; a read of personal data, so a processing-log record."""
    async with engine.begin() as conn:
        await inzage.log(conn, aanvraag_id, gemeenten, "betalingen raadplegen", trace, sleutel, nu)
        return await grootboek(conn, aanvraag_id)
