"""Referrals to support (verwijzingen): debt help, coaching, reorientation and a municipality's own
programmes (the kinds per municipality: `gemeenteprofiel`).

A case lands on the referral list from the form's optional answers on support needs and arrears
(Tozo 5 asked them; seed 004) when it is verified, or from a consulent's own judgement. The
answers are never read by the rules engine, so they cannot change a decision. Nothing about the
person leaves the case without the applicant's consent: the list shows who it is only for
referrals with consent, and an outcome can only be recorded for those."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.audit import logboek, trail
from app.audit.trail import Actor
from app.workflows.aanvragen import controleer_toegang
from app.workflows.fouten import Conflict, NietGevonden, OngeldigeInvoer
from app.workflows.gemeenteprofiel import profiel

SYSTEEM = Actor("verwijzingen", "systeem", "systeem")
# The form's answers in the words of the referral kinds; arrears of any kind mean debt help.
BEHOEFTE_NAAR_SOORT = {"schuldhulp": "schuldhulp", "coaching": "coaching", "heroriëntatie": "heroriëntatie"}
SCHULDHULP = "schuldhulp"


class VerwijzingUitkomst(StrEnum):
    gestart = "gestart"
    afgerond = "afgerond"
    afgezien = "afgezien"  # the applicant decided not to go ahead
    niet_bereikt = "niet-bereikt"


class GeenToestemming(Conflict):
    code = "geen-toestemming"


@dataclass(frozen=True)
class Persoon:
    """Only shown for a referral the applicant consented to."""

    aanvraag_id: UUID
    referentie: str
    naam: str
    email: str | None
    telefoon: str | None


@dataclass(frozen=True)
class Verwijzing:
    id: int
    gemeente: str
    soort: str
    aanleiding: str
    toelichting: str | None
    aangemaakt_op: datetime
    toestemming: bool | None
    toestemming_op: datetime | None
    uitkomst: str | None
    uitkomst_op: datetime | None
    uitkomst_toelichting: str | None
    persoon: Persoon | None


def soorten_uit_antwoorden(ondersteuning: Mapping[str, Any] | None, beschikbaar: Collection[str]) -> list[str]:
    """The referral kinds the form's answers ask for, limited to what the municipality offers."""
    if not ondersteuning:
        return []
    soorten = [BEHOEFTE_NAAR_SOORT[b] for b in ondersteuning.get("behoefte") or [] if b in BEHOEFTE_NAAR_SOORT]
    if ondersteuning.get("betalingsachterstanden"):
        soorten.append(SCHULDHULP)
    return [s for s in dict.fromkeys(soorten) if s in beschikbaar]


async def uit_antwoorden(conn: AsyncConnection, aanvraag_id: UUID, gegevens: Mapping[str, Any], nu: datetime) -> int:
    """Put the case on the list for what the form's answers ask, in the caller's transaction
    (verification). Idempotent: a kind already on the list is left alone."""
    gemeente = str(gegevens["gemeente"])
    soorten = soorten_uit_antwoorden(gegevens.get("ondersteuning"), profiel(gemeente).verwijzingssoorten)
    aantal = 0
    for soort in soorten:
        nieuw = (
            await conn.execute(
                text(
                    "INSERT INTO verwijzingen (aanvraag_id, gemeente, soort, aanleiding, aangemaakt_op, "
                    "aangemaakt_door) VALUES (:a, :g, :s, 'aanvraag', :nu, :door) "
                    "ON CONFLICT (aanvraag_id, soort) DO NOTHING RETURNING id"
                ),
                {"a": aanvraag_id, "g": gemeente, "s": soort, "nu": nu, "door": SYSTEEM.sub},
            )
        ).scalar()
        if nieuw is not None:
            aantal += 1
            await trail.schrijf(
                conn, aanvraag_id, SYSTEEM, "verwijzing-aangemaakt", nu, details={"soort": soort, "verwijzing": nieuw}
            )
    return aantal


async def maak(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    soort: str,
    toelichting: str | None,
    nu: datetime,
) -> Verwijzing:
    """A consulent's own judgement puts the case on the list."""
    async with engine.begin() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        gemeente = str(
            (await conn.execute(text("SELECT gemeente FROM aanvragen WHERE id = :id"), {"id": aanvraag_id})).scalar()
        )
        soorten = profiel(gemeente).verwijzingssoorten
        if soort not in soorten:
            raise OngeldigeInvoer(
                [{"name": "soort", "code": "enum", "reason": "Deze gemeente kent: " + ", ".join(soorten) + "."}]
            )
        nieuw = (
            await conn.execute(
                text(
                    "INSERT INTO verwijzingen (aanvraag_id, gemeente, soort, aanleiding, toelichting, aangemaakt_op, "
                    "aangemaakt_door) VALUES (:a, :g, :s, 'consulent', :t, :nu, :door) "
                    "ON CONFLICT (aanvraag_id, soort) DO NOTHING RETURNING id"
                ),
                {"a": aanvraag_id, "g": gemeente, "s": soort, "t": toelichting, "nu": nu, "door": actor.sub},
            )
        ).scalar()
        if nieuw is None:
            raise Conflict(f"Deze aanvraag staat al op de lijst voor {soort}.")
        await trail.schrijf(
            conn, aanvraag_id, actor, "verwijzing-aangemaakt", nu, details={"soort": soort, "verwijzing": nieuw}
        )
        return await _lees(conn, int(nieuw), gemeenten, met_persoon=False)


async def leg_toestemming_vast(
    engine: AsyncEngine, verwijzing_id: int, gemeenten: Collection[str], actor: Actor, toestemming: bool, nu: datetime
) -> Verwijzing:
    """The applicant agrees (or not) that the referral partner gets their details. Can change
    until an outcome is recorded."""
    async with engine.begin() as conn:
        v = await _vergrendel(conn, verwijzing_id, gemeenten)
        if v.uitkomst is not None:
            raise Conflict("Er is al een uitkomst vastgelegd; de toestemming verandert niet meer.")
        await conn.execute(
            text("UPDATE verwijzingen SET toestemming = :t, toestemming_op = :nu WHERE id = :id"),
            {"t": toestemming, "nu": nu, "id": verwijzing_id},
        )
        await trail.schrijf(
            conn,
            await _aanvraag_van(conn, verwijzing_id),
            actor,
            "verwijzing-toestemming",
            nu,
            details={"verwijzing": verwijzing_id, "soort": v.soort, "toestemming": toestemming},
        )
        return await _lees(conn, verwijzing_id, gemeenten, met_persoon=False)


async def leg_uitkomst_vast(
    engine: AsyncEngine,
    verwijzing_id: int,
    gemeenten: Collection[str],
    actor: Actor,
    uitkomst: VerwijzingUitkomst,
    toelichting: str | None,
    nu: datetime,
) -> Verwijzing:
    async with engine.begin() as conn:
        v = await _vergrendel(conn, verwijzing_id, gemeenten)
        if v.toestemming is not True:
            raise GeenToestemming("Zonder toestemming van de aanvrager wordt niets gedeeld, dus is er geen uitkomst.")
        await conn.execute(
            text("UPDATE verwijzingen SET uitkomst = :u, uitkomst_op = :nu, uitkomst_toelichting = :t WHERE id = :id"),
            {"u": uitkomst.value, "nu": nu, "t": toelichting, "id": verwijzing_id},
        )
        await trail.schrijf(
            conn,
            await _aanvraag_van(conn, verwijzing_id),
            actor,
            "verwijzing-uitkomst",
            nu,
            details={"verwijzing": verwijzing_id, "soort": v.soort, "uitkomst": uitkomst.value},
        )
        return await _lees(conn, verwijzing_id, gemeenten, met_persoon=False)


_KOLOMMEN = (
    "v.id, v.gemeente, v.soort, v.aanleiding, v.toelichting, v.aangemaakt_op, v.toestemming, v.toestemming_op, "
    "v.uitkomst, v.uitkomst_op, v.uitkomst_toelichting, a.id AS aanvraag_id, a.referentie, a.bsn, "
    "a.gegevens->'aanvrager' AS aanvrager"
)


def _verwijzing(r: Any, met_persoon: bool) -> Verwijzing:
    persoon = None
    if met_persoon and r.toestemming:
        a = r.aanvrager or {}
        naam = a.get("naam") or {}
        persoon = Persoon(
            r.aanvraag_id,
            r.referentie,
            " ".join(str(p) for p in (naam.get("voornamen"), naam.get("voorvoegsel"), naam.get("geslachtsnaam")) if p),
            a.get("email"),
            a.get("telefoon"),
        )
    return Verwijzing(
        r.id,
        r.gemeente,
        r.soort,
        r.aanleiding,
        r.toelichting,
        r.aangemaakt_op,
        r.toestemming,
        r.toestemming_op,
        r.uitkomst,
        r.uitkomst_op,
        r.uitkomst_toelichting,
        persoon,
    )


async def _vergrendel(conn: AsyncConnection, verwijzing_id: int, gemeenten: Collection[str]) -> Verwijzing:
    row = (
        await conn.execute(
            text(
                f"SELECT {_KOLOMMEN} FROM verwijzingen v JOIN aanvragen a ON a.id = v.aanvraag_id "  # noqa: S608
                "WHERE v.id = :id AND v.gemeente = ANY(:g) FOR UPDATE OF v"
            ),
            {"id": verwijzing_id, "g": list(gemeenten)},
        )
    ).first()
    if row is None:
        raise NietGevonden("Er is geen verwijzing met dit id.")
    return _verwijzing(row, met_persoon=False)


async def _lees(conn: AsyncConnection, verwijzing_id: int, gemeenten: Collection[str], met_persoon: bool) -> Verwijzing:
    row = (
        await conn.execute(
            text(
                f"SELECT {_KOLOMMEN} FROM verwijzingen v JOIN aanvragen a ON a.id = v.aanvraag_id "  # noqa: S608
                "WHERE v.id = :id AND v.gemeente = ANY(:g)"
            ),
            {"id": verwijzing_id, "g": list(gemeenten)},
        )
    ).first()
    if row is None:
        raise NietGevonden("Er is geen verwijzing met dit id.")
    return _verwijzing(row, met_persoon)


async def _aanvraag_van(conn: AsyncConnection, verwijzing_id: int) -> UUID:
    aanvraag: UUID = (
        await conn.execute(text("SELECT aanvraag_id FROM verwijzingen WHERE id = :id"), {"id": verwijzing_id})
    ).scalar_one()
    return aanvraag


async def lijst(
    engine: AsyncEngine,
    gemeenten: Collection[str],
    soort: str | None,
    na: int | None,
    limit: int,
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> tuple[list[Verwijzing], int | None]:
    """The referral list, oldest first. Who it is about is shown only with consent; each person
    shown is a read of personal data and gets its processing-log record."""
    voorwaarden = ["v.gemeente = ANY(:g)"]
    params: dict[str, Any] = {"g": list(gemeenten), "n": limit + 1}
    if soort:
        voorwaarden.append("v.soort = :soort")
        params["soort"] = soort
    if na is not None:
        voorwaarden.append("v.id > :na")
        params["na"] = na
    async with engine.begin() as conn:
        rows = (
            await conn.execute(
                text(
                    f"SELECT {_KOLOMMEN} FROM verwijzingen v JOIN aanvragen a ON a.id = v.aanvraag_id "  # noqa: S608
                    f"WHERE {' AND '.join(voorwaarden)} ORDER BY v.id LIMIT :n"
                ),
                params,
            )
        ).all()
        volgende = rows[limit - 1].id if len(rows) > limit else None
        rows = rows[:limit]
        records: list[dict[str, object]] = []
        for r in rows:
            if r.toestemming:
                records += logboek.records(
                    trace, "verwijzing raadplegen", logboek.RAADPLEGEN, [r.bsn], nu, nu, sleutel, r.aanvraag_id
                )
        await logboek.schrijf(conn, records)
    return [_verwijzing(r, met_persoon=True) for r in rows], volgende


async def van_aanvraag(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[Verwijzing]:
    """The referrals of one case, for the people working on it (no person block: they have the case)."""
    async with engine.connect() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        rows = await conn.execute(
            text(
                f"SELECT {_KOLOMMEN} FROM verwijzingen v JOIN aanvragen a ON a.id = v.aanvraag_id "  # noqa: S608
                "WHERE v.aanvraag_id = :id ORDER BY v.id"
            ),
            {"id": aanvraag_id},
        )
        return [_verwijzing(r, met_persoon=False) for r in rows]
