"""The viability study (levensvatbaarheidsonderzoek, Bbz 2004 art. 1 onder c, 2 and 35) as a step
of the workflow.

The consulent holding a Bbz case sends it to the adviser the municipality works with
(`gemeenteprofiel`: Deventer used IMK at € 2.095 per study, seed 003); the fee is booked as a cost
of the case and the adviser gets a deadline. The case waits in `levensvatbaarheidsonderzoek`. A
sweep reminds the adviser once when the deadline passes. When the report comes in it is uploaded
as a document (`levensvatbaarheidsrapport`) and its conclusion recorded: the rules are evaluated
again with it (criterion B2) and the case returns to the assessor's queue."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.audit import trail
from app.audit.trail import Actor
from app.workflows.aanvragen import controleer_toegang
from app.workflows.fouten import Conflict, OngeldigeInvoer
from app.workflows.gemeenteprofiel import profiel
from app.workflows.herbeoordeling import herbeoordeel
from app.workflows.levenscyclus import Status
from app.workflows.werkvoorraad import Zaak, vereis_claim, vereis_status, vergrendel, verplaats

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SYSTEEM = Actor("levensvatbaarheid", "systeem", "systeem")
RAPPORT = "levensvatbaarheidsrapport"
KOSTENSOORT = "levensvatbaarheidsonderzoek"
log = structlog.get_logger("levensvatbaarheid")


class Conclusie(StrEnum):
    levensvatbaar = "levensvatbaar"
    niet_levensvatbaar = "niet-levensvatbaar"
    onder_voorwaarden = "levensvatbaar-onder-voorwaarden"


class GeenBbz(Conflict):
    code = "geen-levensvatbaarheidsonderzoek"


@dataclass(frozen=True)
class Onderzoek:
    id: int
    aanvraag_id: UUID
    adviseur: str
    kosten: int
    aangevraagd_op: datetime
    termijn_einde: date
    herinnerd_op: datetime | None
    conclusie: str | None
    voorwaarden: list[str]
    rapport_id: UUID | None
    toelichting: str | None
    afgerond_op: datetime | None

    def te_laat(self, vandaag: date) -> bool:
        """The report came after the deadline, or has not come and the deadline has passed."""
        klaar = self.afgerond_op.astimezone(AMSTERDAM).date() if self.afgerond_op else vandaag
        return klaar > self.termijn_einde


_KOLOMMEN = (
    "id, aanvraag_id, adviseur, kosten, aangevraagd_op, termijn_einde, herinnerd_op, conclusie, voorwaarden, "
    "rapport_id, toelichting, afgerond_op"
)


def _onderzoek(r: Any) -> Onderzoek:
    return Onderzoek(
        r.id,
        r.aanvraag_id,
        r.adviseur,
        r.kosten,
        r.aangevraagd_op,
        r.termijn_einde,
        r.herinnerd_op,
        r.conclusie,
        [str(v) for v in r.voorwaarden or []],
        r.rapport_id,
        r.toelichting,
        r.afgerond_op,
    )


async def vraag_aan(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    toelichting: str | None,
    verwachte_versie: int | None,
    nu: datetime,
) -> tuple[Zaak, Onderzoek]:
    async with engine.begin() as conn:
        zaak = await vergrendel(conn, aanvraag_id, gemeenten, verwachte_versie)
        vereis_status(zaak, Status.te_beoordelen, Status.levensvatbaarheidsonderzoek)
        vereis_claim(zaak, actor.sub, nu)
        gegevens = await _gegevens(conn, aanvraag_id)
        if zaak.regeling.startswith("tozo"):
            raise GeenBbz("De Tozo kent geen levensvatbaarheidsonderzoek (spec E17).")
        if (gegevens.get("bbz") or {}).get("categorie") == "beeindiger":
            raise GeenBbz("Wie zijn bedrijf beëindigt, krijgt geen levensvatbaarheidsonderzoek (Bbz art. 2 lid 1 d).")
        adviseur = profiel(zaak.gemeente).adviseur
        termijn = nu.astimezone(AMSTERDAM).date() + timedelta(days=adviseur.termijn_dagen)
        onderzoek_id = (
            await conn.execute(
                text(
                    "INSERT INTO levensvatbaarheidsonderzoeken (aanvraag_id, adviseur, kosten, aangevraagd_op, "
                    "aangevraagd_door, termijn_einde, toelichting) VALUES (:a, :adv, :k, :nu, :door, :t, :toel) "
                    "RETURNING id"
                ),
                {
                    "a": aanvraag_id,
                    "adv": adviseur.naam,
                    "k": adviseur.kosten,
                    "nu": nu,
                    "door": actor.sub,
                    "t": termijn,
                    "toel": toelichting,
                },
            )
        ).scalar_one()
        await conn.execute(
            text(
                "INSERT INTO kosten (aanvraag_id, soort, omschrijving, bedrag, geboekt_op, geboekt_door) "
                "VALUES (:a, :s, :o, :b, :nu, :door)"
            ),
            {
                "a": aanvraag_id,
                "s": KOSTENSOORT,
                "o": f"Levensvatbaarheidsonderzoek door {adviseur.naam}",
                "b": adviseur.kosten,
                "nu": nu,
                "door": actor.sub,
            },
        )
        zaak = await verplaats(
            conn,
            zaak,
            Status.levensvatbaarheidsonderzoek,
            actor,
            "levensvatbaarheid-gevraagd",
            nu,
            {"adviseur": adviseur.naam, "kosten": adviseur.kosten, "termijnEinde": termijn.isoformat()},
        )
        return zaak, await _lees(conn, int(onderzoek_id))


async def leg_rapport_vast(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    rapport_id: UUID,
    conclusie: Conclusie,
    voorwaarden: Sequence[str],
    toelichting: str | None,
    verwachte_versie: int | None,
    nu: datetime,
) -> tuple[Zaak, Onderzoek, dict[str, Any]]:
    """Record the adviser's report and conclusion; the rules are evaluated again with it and the
    case goes back to the assessor. Returns the case, the study and the new rules outcome."""
    fouten: list[dict[str, str]] = []
    if conclusie is Conclusie.onder_voorwaarden and not voorwaarden:
        fouten.append({"name": "voorwaarden", "code": "required", "reason": "Noem de voorwaarden van de adviseur."})
    if conclusie is not Conclusie.onder_voorwaarden and voorwaarden:
        fouten.append(
            {"name": "voorwaarden", "code": "forbidden", "reason": "Alleen bij levensvatbaar onder voorwaarden."}
        )
    async with engine.begin() as conn:
        zaak = await vergrendel(conn, aanvraag_id, gemeenten, verwachte_versie)
        vereis_status(zaak, Status.levensvatbaarheidsonderzoek, Status.te_beoordelen)
        rapport = (
            await conn.execute(
                text("SELECT soort FROM documenten WHERE id = :d AND aanvraag_id = :a"),
                {"d": rapport_id, "a": aanvraag_id},
            )
        ).scalar()
        if rapport != RAPPORT:
            fouten.append(
                {
                    "name": "rapportId",
                    "code": "unknown",
                    "reason": f"Upload het rapport eerst als document van soort {RAPPORT} bij deze aanvraag.",
                }
            )
        if fouten:
            raise OngeldigeInvoer(fouten)
        open_ = (
            await conn.execute(
                text(
                    f"SELECT {_KOLOMMEN} FROM levensvatbaarheidsonderzoeken "  # noqa: S608
                    "WHERE aanvraag_id = :a AND conclusie IS NULL FOR UPDATE"
                ),
                {"a": aanvraag_id},
            )
        ).one()
        onderzoek = _onderzoek(open_)
        await conn.execute(
            text(
                "UPDATE levensvatbaarheidsonderzoeken SET conclusie = :c, voorwaarden = CAST(:v AS jsonb), "
                "rapport_id = :r, toelichting = coalesce(:t, toelichting), afgerond_op = :nu, afgerond_door = :door "
                "WHERE id = :id"
            ),
            {
                "c": conclusie.value,
                "v": json.dumps(list(voorwaarden), ensure_ascii=False),
                "r": rapport_id,
                "t": toelichting,
                "nu": nu,
                "door": actor.sub,
                "id": onderzoek.id,
            },
        )
        gegevens = await _gegevens(conn, aanvraag_id)
        gegevens["bbz"] = {**(gegevens.get("bbz") or {}), "levensvatbaarheid": conclusie.value}
        uitkomst = await herbeoordeel(conn, aanvraag_id, gegevens, nu)
        te_laat = onderzoek.te_laat(nu.astimezone(AMSTERDAM).date())
        zaak = await verplaats(
            conn,
            zaak,
            Status.te_beoordelen,
            actor,
            "levensvatbaarheid-vastgelegd",
            nu,
            {"conclusie": conclusie.value, "teLaat": te_laat, "conclusieRegels": uitkomst.get("conclusie")},
        )
        return zaak, await _lees(conn, onderzoek.id), uitkomst


async def _gegevens(conn: AsyncConnection, aanvraag_id: UUID) -> dict[str, Any]:
    gegevens: dict[str, Any] = (
        await conn.execute(text("SELECT gegevens FROM aanvragen WHERE id = :id"), {"id": aanvraag_id})
    ).scalar_one()
    return dict(gegevens)


async def _lees(conn: AsyncConnection, onderzoek_id: int) -> Onderzoek:
    row = (
        await conn.execute(
            text(f"SELECT {_KOLOMMEN} FROM levensvatbaarheidsonderzoeken WHERE id = :id"),  # noqa: S608
            {"id": onderzoek_id},
        )
    ).one()
    return _onderzoek(row)


async def van_aanvraag(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[Onderzoek]:
    async with engine.connect() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        rows = await conn.execute(
            text(
                f"SELECT {_KOLOMMEN} FROM levensvatbaarheidsonderzoeken WHERE aanvraag_id = :a ORDER BY id"  # noqa: S608
            ),
            {"a": aanvraag_id},
        )
        return [_onderzoek(r) for r in rows]


async def herinner(engine: AsyncEngine, nu: datetime, per_keer: int = 500) -> list[int]:
    """Remind the adviser once of every study past its deadline without a report (an audit event
    on the case; the message itself goes out through the municipality's own channel). Safe to run
    from several workers at once."""
    vandaag = nu.astimezone(AMSTERDAM).date()
    herinnerd: list[int] = []
    while True:
        async with engine.begin() as conn:
            rows = (
                await conn.execute(
                    text(
                        # A withdrawn case keeps its open study, but nobody waits for it.
                        "SELECT o.id, o.aanvraag_id, o.adviseur, o.termijn_einde FROM levensvatbaarheidsonderzoeken o "
                        "JOIN aanvragen a ON a.id = o.aanvraag_id AND a.status = 'levensvatbaarheidsonderzoek' "
                        "WHERE o.conclusie IS NULL AND o.herinnerd_op IS NULL AND o.termijn_einde < :vandaag "
                        "ORDER BY o.termijn_einde LIMIT :n FOR UPDATE OF o SKIP LOCKED"
                    ),
                    {"vandaag": vandaag, "n": per_keer},
                )
            ).all()
            for r in rows:
                await conn.execute(
                    text("UPDATE levensvatbaarheidsonderzoeken SET herinnerd_op = :nu WHERE id = :id"),
                    {"nu": nu, "id": r.id},
                )
                await trail.schrijf(
                    conn,
                    r.aanvraag_id,
                    SYSTEEM,
                    "levensvatbaarheid-herinnering",
                    nu,
                    details={"onderzoek": r.id, "adviseur": r.adviseur, "termijnEinde": r.termijn_einde.isoformat()},
                )
                herinnerd.append(int(r.id))
        if len(rows) < per_keer:
            return herinnerd


async def herinneringsbewaking(engine: AsyncEngine, stop: asyncio.Event, interval_seconden: float) -> None:
    """Run the reminder sweep now and then until `stop`; the clock is read here, at the edge."""
    while not stop.is_set():
        try:
            herinnerd = await herinner(engine, datetime.now(AMSTERDAM))
            if herinnerd:
                log.info("adviseurs herinnerd", aantal=len(herinnerd))
        except Exception:  # retried at the next interval; nothing was half done (one transaction)
            log.exception("herinneringsbewaking mislukt")
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval_seconden)
        except TimeoutError:
            pass
