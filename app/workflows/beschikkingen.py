"""Beschikkingen: every decision becomes one letter, rendered once, stored with its SHA-256, never
changed (a correction is a new decision with a new letter that names the one it replaces).

Life of a letter:

1. `maak` runs inside the transaction that moves a case to a decided state (or withdraws it). It
   builds the letter's data from what is stored (case, assessment, rules outcome, BRP address,
   the municipality's letterhead data, the objection deadline from the rules engine), inserts a
   `beschikkingen` row with `pdf IS NULL`, and enqueues a rendering job on pgqueuer **on the same
   connection**. Transactional enqueue, not a sweep: the job exists exactly when the decision is
   committed (a rolled-back decision leaves no job, a committed one cannot miss its job) and a
   worker starts within a notify, without polling a growing table. A batch of "openstaande
   brieven" (`start_batch`) re-enqueues whatever is still unrendered, e.g. after jobs were held
   as failed, so the two paths meet in one idempotent job.
2. The job (`app.workflows.brievenwerker`) renders it once and stores the bytes.
3. The API lists the letters and serves the PDF once it exists.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from pgqueuer import AsyncpgDriver, Queries
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.audit import logboek
from app.decisions import letters as l
from app.decisions import opslag
from app.decisions.gemeentegegevens import gemeente as gemeentegegevens
from app.workflows import briefopbouw
from app.workflows.briefopbouw import AMSTERDAM
from app.workflows.fouten import Conflict, NietGevonden
from app.workflows.levenscyclus import BESLOTEN, Status

ENTRYPOINT = "beschikking-renderen"
# Every decision has its letter, and so has the confirmation of a withdrawal.
MET_BRIEF = BESLOTEN | {Status.ingetrokken}


class NogNietGerenderd(Conflict):
    code = "beschikking-nog-niet-gerenderd"


@dataclass(frozen=True)
class Beschikking:
    id: int
    aanvraag_id: UUID
    nummer: int
    soort: str
    besloten_op: datetime
    briefdatum: date
    kenmerk: str
    sha256: str | None
    gerenderd_op: datetime | None
    vervangt: int | None


# What a letter is made of, in one statement (it was eight reads, each a round trip through
# SQLAlchemy, on every decision): the case, its latest verification, assessment and herstel
# request, the next decision number, the adviser's conditions (viability study) and the
# extension of the term (Bbz).
_BRIEFGEGEVENS = text(
    """
    SELECT a.referentie, a.gemeente, a.regeling, a.aanvraagdatum, a.gegevens,
           v.registers, v.regeluitkomst, b.maanden, b.motivering, b.vorm,
           h.herstel, h.verzonden_op, h.termijn_einde, h.ontbrekend,
           d.verdaagd, d.oude_einde, d.nieuwe_einde, d.reden,
           (SELECT coalesce(max(nummer), 0) + 1 FROM beschikkingen WHERE aanvraag_id = a.id) AS nummer,
           (SELECT voorwaarden FROM levensvatbaarheidsonderzoeken
            WHERE aanvraag_id = a.id AND conclusie IS NOT NULL ORDER BY id DESC LIMIT 1) AS voorwaarden
    FROM aanvragen a
    LEFT JOIN LATERAL (SELECT registers, regeluitkomst FROM verificaties
                       WHERE aanvraag_id = a.id ORDER BY id DESC LIMIT 1) v ON true
    LEFT JOIN LATERAL (SELECT maanden, motivering, vorm FROM beoordelingen
                       WHERE aanvraag_id = a.id ORDER BY id DESC LIMIT 1) b ON true
    LEFT JOIN LATERAL (SELECT true AS herstel, verzonden_op, termijn_einde, ontbrekend FROM herstelverzoeken
                       WHERE aanvraag_id = a.id ORDER BY id DESC LIMIT 1) h ON true
    LEFT JOIN LATERAL (SELECT true AS verdaagd, oude_einde, nieuwe_einde, reden FROM verdagingen
                       WHERE aanvraag_id = a.id) d ON true
    WHERE a.id = :id
    """
)


@dataclass(frozen=True)
class _Herstel:
    verzonden_op: datetime
    termijn_einde: date
    ontbrekend: list[dict[str, Any]]


@dataclass(frozen=True)
class _Verdaging:
    oude_einde: date
    nieuwe_einde: date
    reden: str


async def maak(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    status: Status,
    nu: datetime,
    *,
    toelichting: str | None = None,
) -> int | None:
    """Create the beschikking for the decision `status` just taken on the case, in the caller's
    transaction (the case row is locked by it), and enqueue its rendering. Returns its id; a
    status that is no decision (the case moved on to review, say) makes no letter: None."""
    if status not in MET_BRIEF:
        return None
    zaak = (await conn.execute(_BRIEFGEGEVENS, {"id": aanvraag_id})).one()
    soort = briefopbouw.soort(status, zaak.regeling, zaak.vorm)
    return await _maak(conn, aanvraag_id, zaak, soort, nu, toelichting)


async def maak_brief(conn: AsyncConnection, aanvraag_id: UUID, soort: str, nu: datetime) -> int:
    """Create a letter of kind `soort` from what is stored about the case, in the caller's
    transaction, and enqueue its rendering: a decision's letter, or a notice such as the
    extension of the Bbz beslistermijn (`verdaging`)."""
    zaak = (await conn.execute(_BRIEFGEGEVENS, {"id": aanvraag_id})).one()
    return await _maak(conn, aanvraag_id, zaak, soort, nu, None)


async def _maak(
    conn: AsyncConnection, aanvraag_id: UUID, zaak: Any, soort: str, nu: datetime, toelichting: str | None
) -> int:
    nummer = int(zaak.nummer)
    herstel = _Herstel(zaak.verzonden_op, zaak.termijn_einde, zaak.ontbrekend) if zaak.herstel else None
    verdaging = _Verdaging(zaak.oude_einde, zaak.nieuwe_einde, zaak.reden) if zaak.verdaagd else None
    briefdatum = max(nu.astimezone(AMSTERDAM).date(), zaak.aanvraagdatum)
    bron = briefopbouw.Bron(
        soort=soort,
        regeling=zaak.regeling,
        gegevens=zaak.gegevens or {},
        uitkomst=zaak.regeluitkomst or {},
        registers=zaak.registers or {},
        maanden={str(m["maand"]): bool(m["toegekend"]) for m in zaak.maanden or []},
        bedragen={str(m["maand"]): int(m["bedrag"]) for m in zaak.maanden or [] if "bedrag" in m},
        motivering=zaak.motivering or toelichting,
        herstel=herstel,
        vorm=zaak.vorm,
        voorwaarden=tuple(str(v) for v in zaak.voorwaarden or ()),
        verdaging=verdaging,
        referentie=l.Referentie(
            zaaknummer=zaak.referentie,
            beschikkingnummer=nummer,
            briefdatum=briefdatum,
            aanvraagdatum=zaak.aanvraagdatum,
        ),
        gemeente=gemeentegegevens(zaak.gemeente),
    )
    brief = briefopbouw.bouw(bron)
    inhoud = opslag.naar_dict(brief)
    beschikking_id = int(
        (
            await conn.execute(
                text(
                    "INSERT INTO beschikkingen (aanvraag_id, nummer, soort, besloten_op, briefdatum, inhoud) "
                    "VALUES (:a, :nr, :soort, :nu, :datum, CAST(:inhoud AS jsonb)) RETURNING id"
                ),
                {
                    "a": aanvraag_id,
                    "nr": nummer,
                    "soort": soort,
                    "nu": nu,
                    "datum": briefdatum,
                    "inhoud": json.dumps(inhoud, ensure_ascii=False),
                },
            )
        ).scalar_one()
    )
    await plan(conn, [beschikking_id])
    # The money of the decision, in its transaction. Imported here: herziening makes letters of
    # its own (a recovery of an advance) and so imports this module.
    from app.workflows import herziening

    await herziening.na_besluit(conn, aanvraag_id, beschikking_id, soort, inhoud, nu)
    return beschikking_id


async def _queries(conn: AsyncConnection) -> Queries:
    """pgqueuer on the caller's own connection, so its INSERT is part of the caller's transaction."""
    raw = await conn.get_raw_connection()
    return Queries(AsyncpgDriver(raw.driver_connection))


async def plan(conn: AsyncConnection, ids: Sequence[int], per_job: int = 1) -> None:
    """Enqueue rendering jobs of `per_job` letters each (a decision: one; a batch: a group, which
    cuts the queue's overhead per letter); a job still queued or running with the same letters is
    skipped (dedupe key), so planning twice never doubles the work, and a letter in two jobs is
    still rendered once (`brievenwerker.render_groep` only fills an empty PDF)."""
    if not ids:
        return
    groepen = [ids[i : i + per_job] for i in range(0, len(ids), per_job)]
    queries = await _queries(conn)
    await queries.enqueue(
        [ENTRYPOINT] * len(groepen),
        [",".join(str(i) for i in g).encode() for g in groepen],
        [0] * len(groepen),
        dedupe_key=[
            f"beschikking-{g[0]}" if len(g) == 1 else f"beschikkingen-{g[0]}-{g[-1]}-{len(g)}" for g in groepen
        ],
        on_conflict="skip",
    )


async def controleer_toegang(conn: AsyncConnection, aanvraag_id: UUID, gemeenten: Collection[str]) -> None:
    """A case of another municipality does not exist for the caller (404). Same rule as
    `aanvragen.controleer_toegang`, repeated here because that module calls `maak`."""
    zichtbaar = (
        await conn.execute(
            text("SELECT 1 FROM aanvragen WHERE id = :id AND gemeente = ANY(:g)"),
            {"id": aanvraag_id, "g": list(gemeenten)},
        )
    ).first()
    if zichtbaar is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")


# Fixed column lists, no input: the f-strings below only splice these constants.
_KOLOMMEN = (
    "b.id, b.aanvraag_id, b.nummer, b.soort, b.besloten_op, b.briefdatum, a.referentie, b.sha256, "
    "b.gerenderd_op, b.vervangt"
)


def _beschikking(r: Any) -> Beschikking:
    return Beschikking(
        r.id,
        r.aanvraag_id,
        r.nummer,
        r.soort,
        r.besloten_op,
        r.briefdatum,
        f"{r.referentie}-{r.nummer}",
        r.sha256,
        r.gerenderd_op,
        r.vervangt,
    )


async def lijst(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[Beschikking]:
    async with engine.connect() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        rows = await conn.execute(
            text(
                f"SELECT {_KOLOMMEN} FROM beschikkingen b JOIN aanvragen a ON a.id = b.aanvraag_id "  # noqa: S608
                "WHERE b.aanvraag_id = :id ORDER BY b.nummer"
            ),
            {"id": aanvraag_id},
        )
        return [_beschikking(r) for r in rows]


async def download(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    nummer: int,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> tuple[Beschikking, bytes]:
    """The letter's PDF, with a processing-log record for the applicant (and partner)."""
    async with engine.begin() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        row = (
            await conn.execute(
                text(
                    f"SELECT {_KOLOMMEN}, b.pdf, a.bsn, a.partner_bsn FROM beschikkingen b "  # noqa: S608
                    "JOIN aanvragen a ON a.id = b.aanvraag_id WHERE b.aanvraag_id = :id AND b.nummer = :nr"
                ),
                {"id": aanvraag_id, "nr": nummer},
            )
        ).first()
        if row is None:
            raise NietGevonden("Er is geen beschikking met dit nummer bij deze aanvraag.")
        if row.pdf is None:
            raise NogNietGerenderd("De brief bij deze beschikking wordt nog gemaakt; probeer het zo opnieuw.")
        betrokkenen = [b for b in (row.bsn, row.partner_bsn) if b]
        await logboek.schrijf(
            conn,
            logboek.records(
                trace, "beschikking downloaden", logboek.RAADPLEGEN, betrokkenen, nu, nu, sleutel, aanvraag_id
            ),
        )
    return _beschikking(row), bytes(row.pdf)
