"""Objections (bezwaren) against a decision: registered with the date they were received (and,
for a letter sent by post, the date it was sent), linked to the decision, with the Awb dates the
rules compute: the last day of the term (6:7, 6:8), whether it came in time (6:9), and the day
by which the municipality must decide on it (7:10).

The outcome is decided by someone who had no part in the decision objected to (Awb 7:5 lid 1):
- gegrond (founded): the case is reconsidered through the normal assessment (the transition
  table allows a decided case back to `te_beoordelen`); the new decision is a new letter;
- ongegrond / niet-ontvankelijk: a letter with the decision on the objection and the appeal
  term (`letters.BeslissingOpBezwaar`). A late objection is not admissible unless the lateness
  is excusable (6:11); either way the motivation says why."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit import logboek, trail
from app.audit.trail import Actor
from app.decisions import letters as l
from app.decisions import opslag
from app.workflows import herziening, inzage
from app.workflows.fouten import Conflict, NietGevonden, OngeldigeInvoer
from app.workflows.levenscyclus import Status
from app.workflows.werkvoorraad import VierOgen, vergrendel, verplaats

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UITKOMSTEN = ("gegrond", "ongegrond", "niet-ontvankelijk")
GRONDSLAGEN = ("artikel 6:7, 6:8, 6:9, 7:11 en 7:12 van de Algemene wet bestuursrecht",)
GRONDSLAGEN_TE_LAAT = ("artikel 6:7, 6:9 en 6:11 van de Algemene wet bestuursrecht",)


@dataclass(frozen=True)
class Bezwaar:
    nummer: int
    beschikking: int
    ontvangen_op: date
    verzonden_op: date | None
    geregistreerd_op: datetime
    geregistreerd_door: str
    gronden: str
    laatste_dag: date
    tijdig: bool
    beslissen_uiterlijk: date
    uitkomst: str | None
    besloten_op: datetime | None
    besloten_door: str | None
    motivering: str | None
    beschikking_uitkomst: int | None


def _fout(naam: str, code: str, reden: str) -> OngeldigeInvoer:
    return OngeldigeInvoer([{"name": naam, "code": code, "reason": reden}])


async def registreer(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    beschikking_nummer: int,
    ontvangen_op: date,
    verzonden_op: date | None,
    gronden: str,
    adviescommissie: bool,
    nu: datetime,
) -> Bezwaar:
    vandaag = nu.astimezone(AMSTERDAM).date()
    async with engine.begin() as conn:
        await inzage.betrokkenen(conn, aanvraag_id, gemeenten)
        besluit = (
            await conn.execute(
                text(
                    "SELECT id, briefdatum, soort FROM beschikkingen WHERE aanvraag_id = :id AND nummer = :nr "
                    "AND soort NOT IN ('herstelverzoek', 'beslissing_op_bezwaar')"
                ),
                {"id": aanvraag_id, "nr": beschikking_nummer},
            )
        ).first()
        if besluit is None:
            raise _fout("beschikking", "unknown", "Bij deze aanvraag is geen besluit met dit nummer.")
        fouten = []
        if ontvangen_op > vandaag:
            fouten.append({"name": "ontvangenOp", "code": "maximum", "reason": "Deze datum ligt in de toekomst."})
        if ontvangen_op < besluit.briefdatum:
            fouten.append({"name": "ontvangenOp", "code": "minimum", "reason": "Deze datum ligt vóór het besluit."})
        if verzonden_op is not None and not besluit.briefdatum <= verzonden_op <= ontvangen_op:
            fouten.append(
                {"name": "verzondenOp", "code": "range", "reason": "Verzonden na het besluit en vóór ontvangst."}
            )
        if fouten:
            raise OngeldigeInvoer(fouten)
        awb = rules.bezwaar(besluit.briefdatum, ontvangen_op, verzonden=verzonden_op, adviescommissie=adviescommissie)
        nummer = int(
            (
                await conn.execute(
                    text("SELECT coalesce(max(nummer), 0) + 1 FROM bezwaren WHERE aanvraag_id = :id"),
                    {"id": aanvraag_id},
                )
            ).scalar_one()
        )
        await conn.execute(
            text(
                "INSERT INTO bezwaren (aanvraag_id, nummer, beschikking_id, ontvangen_op, verzonden_op, "
                "geregistreerd_op, geregistreerd_door, gronden, laatste_dag, tijdig, beslissen_uiterlijk) "
                "VALUES (:id, :nr, :b, :ontvangen, :verzonden, :nu, :door, :gronden, :laatste, :tijdig, :uiterlijk)"
            ),
            {
                "id": aanvraag_id,
                "nr": nummer,
                "b": besluit.id,
                "ontvangen": ontvangen_op,
                "verzonden": verzonden_op,
                "nu": nu,
                "door": actor.sub,
                "gronden": gronden,
                "laatste": awb.laatste_dag,
                "tijdig": awb.tijdig,
                "uiterlijk": awb.beslissen_uiterlijk,
            },
        )
        await trail.schrijf(
            conn,
            aanvraag_id,
            actor,
            "bezwaar-geregistreerd",
            nu,
            details={"bezwaar": nummer, "beschikking": beschikking_nummer, "tijdig": awb.tijdig},
        )
        return await _lees(conn, aanvraag_id, nummer)


_KOLOMMEN = (
    "z.nummer, b.nummer AS beschikking, z.ontvangen_op, z.verzonden_op, z.geregistreerd_op, z.geregistreerd_door, "
    "z.gronden, z.laatste_dag, z.tijdig, z.beslissen_uiterlijk, z.uitkomst, z.besloten_op, z.besloten_door, "
    "z.motivering, u.nummer AS beschikking_uitkomst"
)
_VAN = (
    "FROM bezwaren z JOIN beschikkingen b ON b.id = z.beschikking_id "
    "LEFT JOIN beschikkingen u ON u.id = z.beschikking_uitkomst_id"
)


async def _lees(conn: AsyncConnection, aanvraag_id: UUID, nummer: int) -> Bezwaar:
    r = (
        await conn.execute(
            text(f"SELECT {_KOLOMMEN} {_VAN} WHERE z.aanvraag_id = :id AND z.nummer = :nr"),
            {"id": aanvraag_id, "nr": nummer},
        )
    ).first()
    if r is None:
        raise NietGevonden("Er is geen bezwaar met dit nummer bij deze aanvraag.")
    return Bezwaar(*r)


async def lijst(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> list[Bezwaar]:
    """The objections of a case; their grounds are personal data, so the read is logged."""
    async with engine.begin() as conn:
        await inzage.log(conn, aanvraag_id, gemeenten, "bezwaren raadplegen", trace, sleutel, nu)
        rows = await conn.execute(
            text(f"SELECT {_KOLOMMEN} {_VAN} WHERE z.aanvraag_id = :id ORDER BY z.nummer"),
            {"id": aanvraag_id},
        )
        return [Bezwaar(*r) for r in rows]


async def beslis(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    nummer: int,
    gemeenten: Collection[str],
    actor: Actor,
    uitkomst: str,
    motivering: str,
    nu: datetime,
) -> Bezwaar:
    motivering = motivering.strip()
    if not motivering:
        raise _fout("motivering", "required", "Een beslissing op bezwaar is gemotiveerd (Awb 7:12).")
    async with engine.begin() as conn:
        zaak = await vergrendel(conn, aanvraag_id, gemeenten, None)
        bezwaar = await _lees(conn, aanvraag_id, nummer)
        if bezwaar.uitkomst is not None:
            raise Conflict(f"Op dit bezwaar is al beslist: {bezwaar.uitkomst}.")
        if actor.sub in (zaak.gecontroleerd_door, zaak.beoordeeld_door, zaak.gereviewd_door):
            raise VierOgen("U werkte mee aan het besluit waartegen het bezwaar is; een ander beslist (Awb 7:5).")
        uitkomst_id: int | None = None
        if uitkomst == "gegrond":
            naar = Status.te_controleren if zaak.status is Status.buiten_behandeling else Status.te_beoordelen
            await verplaats(
                conn, zaak, naar, actor, "bezwaar-gegrond", nu, {"bezwaar": nummer, "motivering": motivering}
            )
        else:
            uitkomst_id = await _brief(conn, aanvraag_id, bezwaar, uitkomst, motivering, nu)
            await trail.schrijf(conn, aanvraag_id, actor, f"bezwaar-{uitkomst}", nu, details={"bezwaar": nummer})
        await conn.execute(
            text(
                "UPDATE bezwaren SET uitkomst = :u, besloten_op = :nu, besloten_door = :door, motivering = :m, "
                "beschikking_uitkomst_id = :b WHERE aanvraag_id = :id AND nummer = :nr"
            ),
            {
                "u": uitkomst,
                "nu": nu,
                "door": actor.sub,
                "m": motivering,
                "b": uitkomst_id,
                "id": aanvraag_id,
                "nr": nummer,
            },
        )
        return await _lees(conn, aanvraag_id, nummer)


async def _brief(
    conn: AsyncConnection, aanvraag_id: UUID, bezwaar: Bezwaar, uitkomst: str, motivering: str, nu: datetime
) -> int:
    bestreden: Any = (
        await conn.execute(
            text("SELECT inhoud, briefdatum FROM beschikkingen WHERE aanvraag_id = :id AND nummer = :nr"),
            {"id": aanvraag_id, "nr": bezwaar.beschikking},
        )
    ).one()
    eerder = opslag.uit_dict(bestreden.inhoud)
    referentie, _ = await herziening.volgende_referentie(conn, aanvraag_id, nu)
    nummer, briefdatum = referentie.beschikkingnummer, referentie.briefdatum
    brief = l.BeslissingOpBezwaar(
        gemeente=eerder.gemeente,
        adres=eerder.adres,
        referentie=referentie,
        regeling=eerder.regeling,
        uitkomst=uitkomst,
        motivering=motivering,
        grondslagen=GRONDSLAGEN if bezwaar.tijdig else GRONDSLAGEN_TE_LAAT,
        bestreden_kenmerk=eerder.referentie.kenmerk,
        bestreden_datum=bestreden.briefdatum,
        bezwaar_ontvangen=bezwaar.ontvangen_op,
        # The appeal term is the same six weeks from the day after this letter (Awb 6:7, 6:8).
        laatste_dag_beroep=rules.bezwaartermijn_laatste_dag(briefdatum),
    )
    return await herziening.bewaar_brief(conn, aanvraag_id, nummer, brief, briefdatum, nu)


@dataclass(frozen=True)
class OpenBezwaar:
    id: int
    aanvraag_id: UUID
    referentie: str
    gemeente: str
    nummer: int
    ontvangen_op: date
    tijdig: bool
    beslissen_uiterlijk: date


def _cursor_maak(b: OpenBezwaar) -> str:
    raw = json.dumps([b.beslissen_uiterlijk.isoformat(), b.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_lees(cursor: str) -> tuple[date, int]:
    try:
        dag, ident = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return date.fromisoformat(dag), int(ident)
    except (ValueError, TypeError, binascii.Error) as err:
        raise _fout("cursor", "invalid", "Deze cursor is ongeldig.") from err


async def open_bezwaren(
    engine: AsyncEngine, gemeenten: Collection[str], limit: int, cursor: str | None
) -> tuple[list[OpenBezwaar], str | None]:
    """Objections without an outcome in the caller's municipalities, the nearest decision
    deadline first (Awb 7:10), by keyset; no personal data in the list."""
    na = _cursor_lees(cursor) if cursor else (date.min, 0)
    async with engine.connect() as conn:
        rows = [
            OpenBezwaar(*r)
            for r in await conn.execute(
                text(
                    "SELECT z.id, z.aanvraag_id, a.referentie, a.gemeente, z.nummer, z.ontvangen_op, z.tijdig, "
                    "z.beslissen_uiterlijk FROM bezwaren z JOIN aanvragen a ON a.id = z.aanvraag_id "
                    "WHERE z.uitkomst IS NULL AND a.gemeente = ANY(:g) AND (z.beslissen_uiterlijk, z.id) > (:dag, :id) "
                    "ORDER BY z.beslissen_uiterlijk, z.id LIMIT :n"
                ),
                {"g": list(gemeenten), "dag": na[0], "id": na[1], "n": limit + 1},
            )
        ]
    volgende = _cursor_maak(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], volgende
