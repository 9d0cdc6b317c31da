"""Verification against the registers, the automatic step after intake.

The case table is the queue: a worker claims the oldest case in `ontvangen` (or one whose claim
expired) with `FOR UPDATE SKIP LOCKED`, moves it to `in_verificatie` under a lease, consults KvK,
BRP and Suwinet once, and stores the answers, the findings and the rules outcome in one
transaction together with the move to `te_controleren`. A register that is temporarily down leaves
the case in `in_verificatie` with a later retry time: waiting, never lost. A worker that dies
mid-way loses its lease, and the next worker starts the case again; the final transaction only
succeeds for the holder of the current claim, so the case moves on exactly once."""

import asyncio
import dataclasses
import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import stamina
import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import db, registers, rules
from app.audit import logboek, trail
from app.config import Settings
from app.workflows import historie, registerfeiten, verwijzingen
from app.workflows.fouten import NietGevonden
from app.workflows.levenscyclus import Status, controleer_overgang
from app.workflows.werkvoorraad import termijnen

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SYSTEEM = trail.Actor("verificatie", "systeem", "systeem")
LEASE = timedelta(minutes=5)
REGISTERS_RAADPLEGEN = "registers-raadplegen"
log = structlog.get_logger("verificatie")


def wachttijd(pogingen: int) -> timedelta:
    """Back off while a register is down: 30 s, 1, 2, 4 ... minutes, at most 30 minutes."""
    return timedelta(seconds=min(30 * 2**pogingen, 1800))


def registerclients(settings: Settings) -> registers.RegisterClients:
    timeout = settings.register_timeout_seconds
    return registers.RegisterClients(
        kvk=registers.KvkClient(settings.kvk_base_url, settings.kvk_api_key.get_secret_value(), timeout=timeout),
        brp=registers.BrpClient(settings.brp_base_url, settings.brp_api_key.get_secret_value(), timeout=timeout),
        suwinet=registers.SuwinetClient(settings.suwinet_base_url, timeout=timeout),
    )


@dataclass(frozen=True)
class Claim:
    aanvraag_id: UUID
    claim: UUID
    regeling: str
    gegevens: dict[str, Any]
    pogingen: int
    ontvangen_op: datetime


_KIES = text(
    """
    SELECT id, status, regeling, gegevens, verificatie_pogingen, ontvangen_op FROM aanvragen
    WHERE status IN ('ontvangen', 'in_verificatie')
      AND (verificatie_lease_tot IS NULL OR verificatie_lease_tot < :nu)
      AND (volgende_verificatie IS NULL OR volgende_verificatie <= :nu)
    ORDER BY ontvangen_op
    LIMIT :aantal
    FOR UPDATE SKIP LOCKED
    """
)
_NEEM = text(
    "UPDATE aanvragen SET status = 'in_verificatie', verificatie_claim = :claim, verificatie_lease_tot = :tot, "
    "versie = versie + (status = 'ontvangen')::int, gewijzigd_op = :nu WHERE id = ANY(:ids)"
)


async def claim_meerdere(engine: AsyncEngine, nu: datetime, aantal: int) -> list[Claim]:
    """Up to `aantal` cases under one lease, in one transaction: the worker claims for all its
    free slots at once, instead of one transaction per case."""
    async with engine.begin() as conn:
        rows = (await conn.execute(_KIES, {"nu": nu, "aantal": aantal})).all()
        if not rows:
            return []
        claim = uuid.uuid4()
        await conn.execute(_NEEM, {"claim": claim, "tot": nu + LEASE, "nu": nu, "ids": [r.id for r in rows]})
        nieuw = [r.id for r in rows if r.status == Status.ontvangen]
        if nieuw:
            controleer_overgang(Status.ontvangen, Status.in_verificatie)
            await trail.schrijf_meerdere(
                conn, nieuw, SYSTEEM, "verificatie-gestart", nu, Status.ontvangen, Status.in_verificatie
            )
    return [Claim(r.id, claim, r.regeling, r.gegevens, r.verificatie_pogingen, r.ontvangen_op) for r in rows]


async def claim_volgende(engine: AsyncEngine, nu: datetime) -> Claim | None:
    claims = await claim_meerdere(engine, nu, 1)
    return claims[0] if claims else None


async def verwerk(
    engine: AsyncEngine, claim: Claim, clients: registers.RegisterClients, settings: Settings, nu: datetime
) -> Status:
    """Consult the registers for a claimed case and record the result; returns the new status."""
    aangifte = registerfeiten.aangifte(claim.gegevens)
    trace = logboek.Trace.nieuw()
    snapshot = await registers.raadpleeg_registers(aangifte, clients, traceparent=f"00-{trace.trace_id}-{'0' * 15}1-01")
    klaar = datetime.now(tz=nu.tzinfo)
    peilmoment = (
        registers.KVK_PEILMOMENT_TOZO
        if claim.regeling.startswith("tozo")
        else datetime.combine(aangifte.peildatum, time(23, 59), AMSTERDAM)
    )
    bevindingen = registers.bepaal_bevindingen(aangifte, snapshot, kvk_peilmoment=peilmoment)
    logboekrijen = _logboekrijen(snapshot, claim.aanvraag_id, settings.logboek_sleutel.get_secret_value())
    async with engine.begin() as conn:
        soorten = await _documentsoorten_onder_claim(conn, claim)
        if soorten is None:
            log.warning("claim verloren", aanvraag=str(claim.aanvraag_id))
            return Status.in_verificatie
        if snapshot.wacht_op_register:
            await logboek.schrijf(conn, logboekrijen)
            await conn.execute(
                text(
                    "UPDATE aanvragen SET verificatie_claim = NULL, verificatie_lease_tot = NULL, "
                    "verificatie_pogingen = verificatie_pogingen + 1, volgende_verificatie = :volgende "
                    "WHERE id = :id"
                ),
                {"volgende": klaar + wachttijd(claim.pogingen), "id": claim.aanvraag_id},
            )
            await conn.execute(_BEWAAR, _verificatie(claim, snapshot, bevindingen, None, klaar))
            await trail.schrijf(
                conn,
                claim.aanvraag_id,
                SYSTEEM,
                "verificatie-uitgesteld",
                klaar,
                details={"registers": sorted({m.register for m in snapshot.mislukt if m.tijdelijk})},
            )
            return Status.in_verificatie
        uitkomst, feiten = await _regeluitkomst(conn, claim, snapshot, klaar, soorten)
        await verwijzingen.uit_antwoorden(conn, claim.aanvraag_id, claim.gegevens, klaar)
        controleer_overgang(Status.in_verificatie, Status.te_controleren)
        # The case's beslistermijn and target as the rules engine computed them with this outcome (from
        # the receipt date); a later hersteltermijn moves them (`herstel.vul_aan`).
        einde, streef = termijnen(claim.regeling, claim.ontvangen_op, (uitkomst or {}).get("procedure"))
        details = {"bevindingen": len(bevindingen), "conclusieRegels": uitkomst.get("conclusie") if uitkomst else None}
        await conn.execute(
            _GEVERIFIEERD,
            {
                **_verificatie(claim, snapshot, bevindingen, uitkomst, klaar, feiten),
                **{k: [r[k] for r in logboekrijen] for k in _LOGBOEKKOLOMMEN},
                "termijn_einde": einde,
                "streef": streef,
                "actor": SYSTEEM.sub,
                "rol": SYSTEEM.rol,
                "kanaal": SYSTEEM.kanaal,
                "details": json.dumps(details),
            },
        )
    return Status.te_controleren


_BEWAAR = text(
    "INSERT INTO verificaties (aanvraag_id, tijdstip, compleet, registers, mislukt, bevindingen, regeluitkomst, "
    "feiten) VALUES (:id, :nu, :compleet, CAST(:registers AS jsonb), CAST(:mislukt AS jsonb), "
    "CAST(:bevindingen AS jsonb), CAST(:uitkomst AS jsonb), CAST(:feiten AS jsonb))"
)
_LOGBOEKKOLOMMEN = ("trace_id", "operatie_id", "operatie", "status", "start", "einde", "betrokkene_versleuteld")

# The verification's outcome, its processing-log records, the move to te_controleren and its audit
# event as one statement: they were five round trips in the transaction, per case.
_GEVERIFIEERD = text(
    f"""
    WITH verificatie AS ({_BEWAAR.text}
    ), logboek AS (
        INSERT INTO verwerkingen (trace_id, operatie_id, operatie, status, start, einde, activiteit_id,
                                  betrokkene_versleuteld, aanvraag_id)
        SELECT l.trace_id, l.operatie_id, l.operatie, l.status, l.start, l.einde, '{REGISTERS_RAADPLEGEN}',
               l.betrokkene_versleuteld, :id
        FROM unnest(CAST(:trace_id AS text[]), CAST(:operatie_id AS text[]), CAST(:operatie AS text[]),
                    CAST(:status AS text[]), CAST(:start AS timestamptz[]), CAST(:einde AS timestamptz[]),
                    CAST(:betrokkene_versleuteld AS text[]))
            AS l(trace_id, operatie_id, operatie, status, start, einde, betrokkene_versleuteld)
    ), gebeurtenis AS (
        INSERT INTO audit_gebeurtenissen (aanvraag_id, tijdstip, actor, rol, kanaal, actie, van_status,
                                          naar_status, details)
        VALUES (:id, :nu, :actor, :rol, :kanaal, 'geverifieerd', 'in_verificatie', 'te_controleren',
                CAST(:details AS jsonb))
    )
    UPDATE aanvragen SET status = 'te_controleren', verificatie_claim = NULL, verificatie_lease_tot = NULL,
        volgende_verificatie = NULL, versie = versie + 1, gewijzigd_op = :nu,
        beslistermijn_einde = :termijn_einde, streefdatum = :streef
    WHERE id = :id
    """  # noqa: S608 (constants only)
)


async def _documentsoorten_onder_claim(conn: AsyncConnection, claim: Claim) -> list[str] | None:
    """Lock the case; the kinds of documents it has while the claim is still ours, else None."""
    row = (
        await conn.execute(
            text(
                "SELECT verificatie_claim, ARRAY(SELECT DISTINCT soort FROM documenten WHERE aanvraag_id = :id) "
                "AS soorten FROM aanvragen WHERE id = :id FOR UPDATE"
            ),
            {"id": claim.aanvraag_id},
        )
    ).first()
    if row is None or row.verificatie_claim != claim.claim:
        return None
    return list(row.soorten)


def _logboekrijen(snapshot: registers.RegisterSnapshot, aanvraag_id: UUID, sleutel: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for v in snapshot.verwerkingen():
        rows += logboek.records(
            logboek.Trace(v.trace.trace_id, v.trace.parent_span_id),
            f"{v.register} {v.operatie}",
            REGISTERS_RAADPLEGEN,
            v.betrokkenen,
            v.start,
            v.eind,
            sleutel,
            aanvraag_id,
            status="OK" if v.status == "ok" else "FOUT",
        )
    return rows


async def _regeluitkomst(
    conn: AsyncConnection, claim: Claim, snapshot: registers.RegisterSnapshot, nu: datetime, documenten: list[str]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The rules outcome with register facts where they exist, evaluated today, and those facts."""
    try:
        aanvraag = rules.aanvraag_uit_dict(claim.gegevens)
    except rules.OngeldigeInvoer as err:  # intake accepted it, so this means the two disagree
        log.error("regels weigeren geaccepteerde aanvraag", aanvraag=str(claim.aanvraag_id), fout=str(err))
        return None, None
    peildatum = max(nu.astimezone(AMSTERDAM).date(), aanvraag.aanvraagdatum)
    feiten = registerfeiten.feiten(snapshot, aanvraag.aanvraagdatum)
    eerder = await historie.historie(conn, claim.aanvraag_id, aanvraag.aanvrager.bsn, aanvraag.onderneming.kvk_nummer)
    uitkomst = rules.beoordeel(aanvraag, peildatum, feiten=feiten, historie=eerder, documenten=documenten)
    return uitkomst.to_dict(), registerfeiten.feiten_naar_json(feiten)


def _verificatie(
    claim: Claim,
    snapshot: registers.RegisterSnapshot,
    bevindingen: tuple[registers.Bevinding, ...],
    uitkomst: dict[str, Any] | None,
    nu: datetime,
    feiten: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The parameters of `_BEWAAR`: the register answers, findings and rules outcome as JSON."""
    return {
        "id": claim.aanvraag_id,
        "nu": nu,
        "compleet": snapshot.compleet,
        "registers": _json(
            {
                "kvk": snapshot.kvk,
                "brp": snapshot.brp,
                "inkomsten": snapshot.inkomsten,
                "bijstand": snapshot.bijstand,
            }
        ),
        "mislukt": _json([dataclasses.replace(m, verwerking=None) for m in snapshot.mislukt]),
        "bevindingen": _json(bevindingen),
        "uitkomst": None if uitkomst is None else _json(uitkomst),
        "feiten": None if feiten is None else json.dumps(feiten),
    }


def _json(waarde: Any) -> str:
    return json.dumps(registerfeiten.naar_json(waarde), ensure_ascii=False)


@stamina.retry(on=db.verbinding_verloren, attempts=None, timeout=LEASE.total_seconds() / 2, wait_max=5.0)
async def verwerk_ondanks_herstart(
    engine: AsyncEngine, claim: Claim, clients: registers.RegisterClients, settings: Settings
) -> Status:
    """`verwerk`, tried again while the database is away. The claim stays ours for the lease, so
    after a database restart the case goes on seconds after the database is back instead of
    waiting out the lease; a retry asks the registers again (reads only), and nothing of the
    failed try was committed."""
    return await verwerk(engine, claim, clients, settings, datetime.now(AMSTERDAM))


async def verifieer_volgende(engine: AsyncEngine, clients: registers.RegisterClients, settings: Settings) -> bool:
    """One case, if there is one to verify; False when the queue is empty."""
    claim = await claim_volgende(engine, datetime.now(AMSTERDAM))
    if claim is None:
        return False
    await verwerk(engine, claim, clients, settings, datetime.now(AMSTERDAM))
    return True


async def werker(engine: AsyncEngine, settings: Settings, stop: asyncio.Event, gelijktijdig: int = 8) -> None:
    """Verify cases until `stop` is set, at most `gelijktijdig` at a time (each case's look-ups run
    concurrently too). One loop claims for every free slot in one transaction and polls alone when
    the queue is empty; several workers may run side by side. Cases in hand finish after `stop`."""
    clients = registerclients(settings)
    bezig: set[asyncio.Task[None]] = set()
    gestopt = asyncio.ensure_future(stop.wait())

    async def een(claim: Claim) -> None:
        try:
            await verwerk_ondanks_herstart(engine, claim, clients, settings)
        except Exception:  # one bad case must not stop the worker; its lease expires
            log.exception("verificatie mislukt", aanvraag=str(claim.aanvraag_id))

    try:
        while not stop.is_set():
            vrij = gelijktijdig - len(bezig)
            claims: list[Claim] = []
            if vrij > 0:
                try:
                    claims = await claim_meerdere(engine, datetime.now(AMSTERDAM), vrij)
                except Exception:  # the database restarting, say: try again after the poll interval
                    log.exception("claimen mislukt")
            for claim in claims:
                taak = asyncio.create_task(een(claim))
                bezig.add(taak)
                taak.add_done_callback(bezig.discard)
            if claims and len(claims) == vrij:
                # Full: claim again as soon as half the slots are free (fewer, larger claims).
                while len(bezig) > gelijktijdig // 2 and not stop.is_set():
                    await asyncio.wait({*bezig, gestopt}, return_when=asyncio.FIRST_COMPLETED)
            elif not claims:
                await asyncio.wait(
                    {*bezig, gestopt}, timeout=settings.verificatie_poll_seconden, return_when=asyncio.FIRST_COMPLETED
                )
    finally:
        gestopt.cancel()
        if bezig:
            await asyncio.wait(bezig)
        await _sluit(clients)


async def _sluit(clients: registers.RegisterClients) -> None:
    await asyncio.gather(clients.kvk.aclose(), clients.brp.aclose(), clients.suwinet.aclose())


@dataclass(frozen=True)
class Verificatie:
    tijdstip: datetime
    compleet: bool
    mislukt: list[dict[str, Any]]
    bevindingen: list[dict[str, Any]]
    regeluitkomst: dict[str, Any] | None


_LAATSTE = """
    SELECT a.bsn, a.partner_bsn, v.tijdstip, v.compleet, v.mislukt, v.bevindingen, v.regeluitkomst
    FROM aanvragen a LEFT JOIN LATERAL (
        SELECT tijdstip, compleet, mislukt, bevindingen, regeluitkomst FROM verificaties
        WHERE aanvraag_id = a.id ORDER BY id DESC LIMIT 1
    ) v ON true
    WHERE a.id = $1 AND a.gemeente = ANY($2::text[])
"""


async def laatste(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> Verificatie:
    """The most recent verification of a case, for the checker; a read of personal data. Two
    statements on the driver connection, as `aanvragen.raadpleeg` (every claim of a checker or an
    assessor brings this along: it was BEGIN, the access check, the read, the records, COMMIT)."""
    async with db.driver(engine) as driver:
        row = await driver.fetchrow(_LAATSTE, aanvraag_id, list(gemeenten))
        if row is None:
            raise NietGevonden("Er is geen aanvraag met dit id.")
        if row["tijdstip"] is None:
            raise NietGevonden("Deze aanvraag is nog niet bij de registers gecontroleerd.")
        betrokkenen = [b for b in (row["bsn"], row["partner_bsn"]) if b]
        await logboek.schrijf_raadpleging(
            driver, trace, "verificatie raadplegen", betrokkenen, nu, nu, sleutel, aanvraag_id
        )
    return Verificatie(row["tijdstip"], row["compleet"], row["mislukt"], row["bevindingen"], row["regeluitkomst"])
