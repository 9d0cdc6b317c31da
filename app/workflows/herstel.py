"""Missing information: the checker sends a request with a hersteltermijn (Awb 4:5), the loket
supplies it and the case returns to checking; a sweep decides 'buiten behandeling' for cases
whose term expired unused."""

import asyncio
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit.trail import Actor
from app.workflows import beschikkingen
from app.workflows.controle import vergrendel_met_verificatie
from app.workflows.fouten import OngeldigeInvoer
from app.workflows.levenscyclus import Status
from app.workflows.werkvoorraad import SYSTEEM, Zaak, vereis_claim, vereis_status, vergrendel, verplaats

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STANDAARD_DAGEN = 14
log = structlog.get_logger("herstel")


@dataclass(frozen=True)
class Ontbrekend:
    soort: str
    reden: str


async def termijn_dagen(conn: AsyncConnection, gemeente: str, regeluitkomst: dict[str, Any] | None) -> int:
    """The municipality's own term if it set one, else the rules' (14 days by default)."""
    eigen = (
        await conn.execute(
            text("SELECT hersteltermijn_dagen FROM gemeente_instellingen WHERE gemeente = :g"), {"g": gemeente}
        )
    ).scalar()
    if eigen:
        return int(eigen)
    procedure = (regeluitkomst or {}).get("procedure") or {}
    return int(procedure.get("hersteltermijnDagen") or STANDAARD_DAGEN)


async def vraag_herstel(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    extra: Sequence[Ontbrekend],
    toelichting: str | None,
    verwachte_versie: int | None,
    nu: datetime,
) -> tuple[Zaak, list[dict[str, Any]]]:
    async with engine.begin() as conn:
        zaak, verificatie = await vergrendel_met_verificatie(conn, aanvraag_id, gemeenten, verwachte_versie)
        vereis_status(zaak, Status.te_controleren, Status.hersteltermijn)
        vereis_claim(zaak, actor.sub, nu)
        uitkomst = verificatie.regeluitkomst or {}
        ontbrekend: list[dict[str, Any]] = [
            {"soort": o.get("soort"), "reden": o.get("reden"), "grondslag": o.get("grondslag")}
            for o in uitkomst.get("ontbrekend") or []
        ]
        ontbrekend += [{"soort": o.soort, "reden": o.reden, "grondslag": "Awb art. 4:5"} for o in extra]
        if not ontbrekend:
            raise OngeldigeInvoer(
                [{"name": "ontbrekend", "code": "required", "reason": "De regels missen niets: noem wat ontbreekt."}]
            )
        dagen = await termijn_dagen(conn, zaak.gemeente, uitkomst)
        einde = rules.hersteltermijn_einde(nu.astimezone(AMSTERDAM).date(), dagen)
        await conn.execute(
            text(
                "INSERT INTO herstelverzoeken (aanvraag_id, verzonden_op, verzonden_door, termijn_dagen, "
                "termijn_einde, ontbrekend, toelichting) VALUES (:id, :nu, :door, :dagen, :einde, "
                "CAST(:o AS jsonb), :t)"
            ),
            {
                "id": aanvraag_id,
                "nu": nu,
                "door": actor.sub,
                "dagen": dagen,
                "einde": einde,
                "o": json.dumps(ontbrekend, ensure_ascii=False),
                "t": toelichting,
            },
        )
        zaak = await verplaats(
            conn,
            zaak,
            Status.hersteltermijn,
            actor,
            "herstel-gevraagd",
            nu,
            {"termijnEinde": einde.isoformat(), "ontbrekend": [o["soort"] for o in ontbrekend]},
            {"hersteltermijn_einde": einde},
        )
    return zaak, ontbrekend


async def vul_aan(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    toelichting: str | None,
    verwachte_versie: int | None,
    nu: datetime,
) -> Zaak:
    """The loket supplies what was missing (documents go through `/documenten`)."""
    async with engine.begin() as conn:
        zaak = await vergrendel(conn, aanvraag_id, gemeenten, verwachte_versie)
        vereis_status(zaak, Status.hersteltermijn, Status.te_controleren)
        verzoek = (
            await conn.execute(
                text(
                    "UPDATE herstelverzoeken SET aangevuld_op = :nu, aangevuld_door = :door "
                    "WHERE aanvraag_id = :id AND aangevuld_op IS NULL RETURNING verzonden_op, termijn_einde"
                ),
                {"nu": nu, "door": actor.sub, "id": aanvraag_id},
            )
        ).first()
        # Awb 4:15: the beslistermijn stood still while the applicant was completing the case.
        dagen = (
            rules.opschorting_dagen(
                verzoek.verzonden_op.astimezone(AMSTERDAM).date(),
                verzoek.termijn_einde,
                nu.astimezone(AMSTERDAM).date(),
            )
            if verzoek
            else 0
        )
        opgeschort = timedelta(days=dagen)
        details: dict[str, Any] = {"opgeschorteDagen": dagen}
        if toelichting:
            details["toelichting"] = toelichting
        return await verplaats(
            conn,
            zaak,
            Status.te_controleren,
            actor,
            "aangevuld",
            nu,
            details,
            {
                "hersteltermijn_einde": None,
                "beslistermijn_einde": zaak.beslistermijn_einde + opgeschort if zaak.beslistermijn_einde else None,
                "streefdatum": zaak.streefdatum + opgeschort if zaak.streefdatum else None,
            },
        )


async def verwerk_verlopen_termijnen(engine: AsyncEngine, nu: datetime, per_keer: int = 500) -> list[UUID]:
    """Awb 4:5: every case whose hersteltermijn ended before today (as seen at `nu`) and was not
    used becomes 'buiten behandeling'. Safe to run from several workers at once."""
    vandaag = nu.astimezone(AMSTERDAM).date()
    verwerkt: list[UUID] = []
    while True:
        async with engine.begin() as conn:
            ids = (
                (
                    await conn.execute(
                        text(
                            "SELECT id FROM aanvragen WHERE status = 'hersteltermijn' "
                            "AND hersteltermijn_einde < :vandaag ORDER BY hersteltermijn_einde "
                            "LIMIT :n FOR UPDATE SKIP LOCKED"
                        ),
                        {"vandaag": vandaag, "n": per_keer},
                    )
                )
                .scalars()
                .all()
            )
            for aanvraag_id in ids:
                zaak = await vergrendel(conn, aanvraag_id, await _gemeente(conn, aanvraag_id), None)
                einde = zaak.hersteltermijn_einde or vandaag
                uiterlijk = rules.buiten_behandeling_uiterlijk(einde)
                if vandaag > uiterlijk:
                    log.warning("buiten behandeling te laat", aanvraag=str(aanvraag_id), uiterlijk=str(uiterlijk))
                await verplaats(
                    conn,
                    zaak,
                    Status.buiten_behandeling,
                    SYSTEEM,
                    "buiten-behandeling",
                    nu,
                    {
                        "termijnEinde": einde.isoformat(),
                        "uiterlijk": uiterlijk.isoformat(),
                        "teLaat": vandaag > uiterlijk,
                    },
                    {"hersteltermijn_einde": None},
                )
                await beschikkingen.maak(conn, aanvraag_id, Status.buiten_behandeling, nu)
                verwerkt.append(aanvraag_id)
        if len(ids) < per_keer:
            return verwerkt


async def _gemeente(conn: AsyncConnection, aanvraag_id: UUID) -> list[str]:
    g = (await conn.execute(text("SELECT gemeente FROM aanvragen WHERE id = :id"), {"id": aanvraag_id})).scalar()
    return [str(g)]


async def termijnbewaking(engine: AsyncEngine, stop: asyncio.Event, interval_seconden: float) -> None:
    """Run the Awb 4:5 sweep now and then until `stop` is set; the clock is read here, at the
    edge, so the sweep itself stays testable with a given time."""
    while not stop.is_set():
        try:
            verwerkt = await verwerk_verlopen_termijnen(engine, datetime.now(AMSTERDAM))
            if verwerkt:
                log.info("buiten behandeling gesteld", aantal=len(verwerkt))
        except Exception:  # a failed sweep is retried at the next interval; cases stay as they were
            log.exception("termijnbewaking mislukt")
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval_seconden)
        except TimeoutError:
            pass
