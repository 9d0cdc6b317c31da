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
2. `render_een` (the job) renders with `app.decisions.render` and stores the bytes with
   `UPDATE ... WHERE id = :id AND pdf IS NULL`: a retried, duplicated or re-picked job (a worker
   killed with `kill -9` leaves its job `picked`; pgqueuer hands it to another worker when its
   heartbeat goes stale) finds the letter rendered and does nothing. A database trigger refuses
   any later change of the bytes (migration 0004).
3. The API lists the letters and serves the PDF once it exists.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Collection, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
import structlog
from pgqueuer import AsyncpgDriver, Queries, QueueManager
from pgqueuer.models import Job
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit import logboek
from app.decisions import letters as l
from app.decisions import opslag
from app.decisions.gemeentegegevens import gemeente as gemeentegegevens
from app.decisions.render import Renderer, sha256
from app.workflows.fouten import Conflict, NietGevonden, OngeldigeInvoer
from app.workflows.levenscyclus import BESLOTEN, Status

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ENTRYPOINT = "beschikking-renderen"
BLOK = 1000
log = structlog.get_logger("beschikkingen")
# Every decision has its letter, and so has the confirmation of a withdrawal.
MET_BRIEF = BESLOTEN | {Status.ingetrokken}

TOZO_GRONDSLAGEN = (
    "artikel 1 en 2 van het Besluit Tijdelijke overbruggingsregeling zelfstandig ondernemers",
    "artikel 11 en 78f van de Participatiewet",
)
BBZ_GRONDSLAGEN = (
    "het Besluit bijstandverlening zelfstandigen 2004",
    "artikel 11 en 78f van de Participatiewet",
)
INTREKKING_GRONDSLAGEN = ("artikel 4:1 en 4:2 van de Algemene wet bestuursrecht",)


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


# --- 1. a decision makes its letter -------------------------------------------------------------


def _soort(status: Status, regeling: str) -> str:
    if status is Status.toegekend:
        return l.ToekenningBedrijfskapitaal.soort if _lening(regeling) else l.ToekenningLevensonderhoud.soort
    if status is Status.gedeeltelijk_toegekend:
        return l.ToekenningBedrijfskapitaal.soort if _lening(regeling) else l.GedeeltelijkeToekenning.soort
    return {
        Status.afgewezen: l.Afwijzing.soort,
        Status.buiten_behandeling: l.BuitenBehandeling.soort,
        Status.ingetrokken: l.Intrekking.soort,
    }[status]


def _lening(regeling: str) -> bool:
    return regeling.endswith("bedrijfskapitaal")


async def maak(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    status: Status,
    nu: datetime,
    *,
    toelichting: str | None = None,
    vervangt: int | None = None,
) -> int | None:
    """Create the beschikking for the decision `status` just taken on the case, in the caller's
    transaction (the case row is locked by it), and enqueue its rendering. Returns its id; a
    status that is no decision (the case moved on to review, say) makes no letter: None."""
    if status not in MET_BRIEF:
        return None
    zaak = (
        await conn.execute(
            text("SELECT referentie, gemeente, regeling, aanvraagdatum, gegevens FROM aanvragen WHERE id = :id"),
            {"id": aanvraag_id},
        )
    ).one()
    verificatie = (
        await conn.execute(
            text("SELECT registers, regeluitkomst FROM verificaties WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"),
            {"id": aanvraag_id},
        )
    ).first()
    beoordeling = (
        await conn.execute(
            text("SELECT maanden, motivering FROM beoordelingen WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"),
            {"id": aanvraag_id},
        )
    ).first()
    herstel = (
        await conn.execute(
            text(
                "SELECT verzonden_op, termijn_einde, ontbrekend FROM herstelverzoeken WHERE aanvraag_id = :id "
                "ORDER BY id DESC LIMIT 1"
            ),
            {"id": aanvraag_id},
        )
    ).first()
    nummer = int(
        (
            await conn.execute(
                text("SELECT coalesce(max(nummer), 0) + 1 FROM beschikkingen WHERE aanvraag_id = :id"),
                {"id": aanvraag_id},
            )
        ).scalar_one()
    )
    vervangt_kenmerk = None
    if vervangt is not None:
        oud = (
            await conn.execute(text("SELECT nummer FROM beschikkingen WHERE id = :id"), {"id": vervangt})
        ).scalar_one()
        vervangt_kenmerk = f"{zaak.referentie}-{oud}"
    briefdatum = max(nu.astimezone(AMSTERDAM).date(), zaak.aanvraagdatum)
    soort = _soort(status, zaak.regeling)
    bron = _Bron(
        soort=soort,
        regeling=zaak.regeling,
        gegevens=zaak.gegevens or {},
        uitkomst=(verificatie.regeluitkomst if verificatie else None) or {},
        registers=(verificatie.registers if verificatie else None) or {},
        maanden={str(m["maand"]): bool(m["toegekend"]) for m in (beoordeling.maanden if beoordeling else [])},
        motivering=(beoordeling.motivering if beoordeling else None) or toelichting,
        herstel=herstel,
        referentie=l.Referentie(
            zaaknummer=zaak.referentie,
            beschikkingnummer=nummer,
            briefdatum=briefdatum,
            aanvraagdatum=zaak.aanvraagdatum,
            vervangt=vervangt_kenmerk,
        ),
        gemeente=gemeentegegevens(zaak.gemeente),
    )
    brief = bouw(bron)
    beschikking_id = int(
        (
            await conn.execute(
                text(
                    "INSERT INTO beschikkingen (aanvraag_id, nummer, soort, besloten_op, briefdatum, inhoud, vervangt) "
                    "VALUES (:a, :nr, :soort, :nu, :datum, CAST(:inhoud AS jsonb), :vervangt) RETURNING id"
                ),
                {
                    "a": aanvraag_id,
                    "nr": nummer,
                    "soort": soort,
                    "nu": nu,
                    "datum": briefdatum,
                    "inhoud": json.dumps(opslag.naar_dict(brief), ensure_ascii=False),
                    "vervangt": vervangt,
                },
            )
        ).scalar_one()
    )
    await plan(conn, [beschikking_id])
    return beschikking_id


async def _queries(conn: AsyncConnection) -> Queries:
    """pgqueuer on the caller's own connection, so its INSERT is part of the caller's transaction."""
    raw = await conn.get_raw_connection()
    return Queries(AsyncpgDriver(raw.driver_connection))


async def plan(conn: AsyncConnection, ids: Sequence[int]) -> None:
    """Enqueue one rendering job per letter; a letter whose job is still queued or running is
    skipped (dedupe key), so planning twice never doubles the work."""
    if not ids:
        return
    queries = await _queries(conn)
    await queries.enqueue(
        [ENTRYPOINT] * len(ids),
        [str(i).encode() for i in ids],
        [0] * len(ids),
        dedupe_key=[f"beschikking-{i}" for i in ids],
        on_conflict="skip",
    )


@dataclass(frozen=True)
class _Bron:
    soort: str
    regeling: str
    gegevens: dict[str, Any]
    uitkomst: dict[str, Any]
    registers: dict[str, Any]
    maanden: dict[str, bool]
    motivering: str | None
    herstel: Any
    referentie: l.Referentie
    gemeente: l.Gemeente


def _maand(tekst: str) -> l.Maand:
    jaar, maand = tekst.split("-")[:2]
    return l.Maand(int(jaar), int(maand))


def _zoek(waarde: Any, sleutel: str) -> Any:
    if isinstance(waarde, dict):
        if sleutel in waarde:
            return waarde[sleutel]
        for w in waarde.values():
            if (gevonden := _zoek(w, sleutel)) is not None:
                return gevonden
    return None


def _adres(bron: _Bron) -> l.Adres:
    """The address block from the BRP answer stored at verification (`adressering`); the name
    as the applicant gave it (initials and surname)."""
    naam = (bron.gegevens.get("aanvrager") or {}).get("naam") or {}
    voorletters = "".join(f"{d[0]}." for d in str(naam.get("voornamen") or "").split() if d)
    achternaam = " ".join(p for p in (naam.get("voorvoegsel"), naam.get("geslachtsnaam")) if p) or "aanvrager"
    regels = [str(r) for r in (_zoek(bron.registers.get("brp"), "adresregels") or []) if r]
    if len(regels) < 2:
        regels = [regels[0], ""] if regels else ["Adres niet bekend in de BRP", ""]
    return l.Adres(
        naam=f"{voorletters} {achternaam}".strip(),
        aanhef=f"Geachte heer/mevrouw {achternaam[:1].upper()}{achternaam[1:]}",
        adresregel1=regels[0],
        adresregel2=regels[1],
        adresregel3=regels[2] if len(regels) > 2 else None,
    )


def _regeling(bron: _Bron) -> str:
    if bron.regeling.startswith("tozo"):
        versie = bron.uitkomst.get("tozoVersie")
        return f"Tozo {versie}" if versie else "Tozo"
    return "Bbz 2004"


def bouw(bron: _Bron) -> l.Brief:
    """The letter for one decision from the stored case; every value is taken, none computed here
    except the objection deadline, which the rules engine computes (Awb 6:7, 6:8)."""
    u = bron.uitkomst
    grondslagen = TOZO_GRONDSLAGEN if bron.regeling.startswith("tozo") else BBZ_GRONDSLAGEN
    voorziening = l.Voorziening.BEDRIJFSKAPITAAL if _lening(bron.regeling) else l.Voorziening.LEVENSONDERHOUD
    gemeen: dict[str, Any] = {
        "gemeente": bron.gemeente,
        "adres": _adres(bron),
        "referentie": bron.referentie,
        "regeling": _regeling(bron),
        "laatste_dag_bezwaar": rules.bezwaartermijn_laatste_dag(bron.referentie.briefdatum),
    }
    iban = str(bron.gegevens.get("iban") or "")
    regelmaanden = [m for m in u.get("maanden") or [] if m.get("maand")]

    def toegekend(m: dict[str, Any]) -> bool:
        return bron.maanden.get(str(m["maand"]), bool(m.get("toegekend")))

    def bedrag(m: dict[str, Any]) -> l.MaandBedrag:
        return l.MaandBedrag(
            maand=_maand(str(m["maand"])),
            norm_cent=int(m.get("norm") or 0),
            inkomen_cent=int(m.get("inkomen") or 0),
            bedrag_cent=int(m.get("bedrag") or 0) if toegekend(m) else 0,
        )

    if bron.soort == l.ToekenningLevensonderhoud.soort:
        maanden = tuple(bedrag(m) for m in regelmaanden if toegekend(m)) or tuple(bedrag(m) for m in regelmaanden)
        return l.ToekenningLevensonderhoud(
            **gemeen,
            motivering=bron.motivering or u.get("samenvatting") or "U voldoet aan de voorwaarden.",
            grondslagen=grondslagen,
            maanden=maanden,
            iban=iban,
        )
    if bron.soort == l.GedeeltelijkeToekenning.soort:
        return l.GedeeltelijkeToekenning(
            **gemeen,
            motivering=bron.motivering or u.get("samenvatting") or "U voldoet over een deel van de maanden.",
            grondslagen=grondslagen,
            toegekend=tuple(bedrag(m) for m in regelmaanden if toegekend(m)),
            afgewezen=tuple(
                l.AfgewezenMaand(
                    maand=_maand(str(m["maand"])),
                    reden=str(m.get("reden") or bron.motivering or "U heeft over deze maand geen recht."),
                    grondslag=str(m.get("grondslag") or grondslagen[0]),
                )
                for m in regelmaanden
                if not toegekend(m)
            ),
            iban=iban,
        )
    if bron.soort == l.ToekenningBedrijfskapitaal.soort:
        return _bedrijfskapitaal(bron, gemeen, grondslagen, iban)
    if bron.soort == l.Afwijzing.soort:
        criteria = tuple(
            l.Criterium(
                omschrijving=str(c.get("naam") or c.get("code")),
                reden=str(c.get("toelichting") or ""),
                grondslag=str(c.get("grondslag") or grondslagen[0]),
            )
            for c in u.get("criteria") or []
            if c.get("status") == "niet-voldaan"
        ) or (
            l.Criterium(
                omschrijving="Beoordeling van uw aanvraag",
                reden=bron.motivering or str(u.get("samenvatting") or "U voldoet niet aan de voorwaarden."),
                grondslag=grondslagen[0],
            ),
        )
        return l.Afwijzing(
            **gemeen,
            motivering=bron.motivering or "U voldoet niet aan alle voorwaarden. Hieronder leest u welke.",
            grondslagen=grondslagen,
            voorziening=voorziening,
            criteria=criteria,
        )
    if bron.soort == l.BuitenBehandeling.soort:
        h = bron.herstel
        verzoek = h.verzonden_op.astimezone(AMSTERDAM).date() if h else bron.referentie.briefdatum
        ontbrekend = tuple(
            l.OntbrekendStuk(omschrijving=str(o.get("reden") or o.get("soort")), toelichting=o.get("grondslag"))
            for o in (h.ontbrekend if h else [])
        ) or (l.OntbrekendStuk(omschrijving="De gegevens die wij u vroegen"),)
        return l.BuitenBehandeling(
            **gemeen,
            motivering=(
                "Wij hebben u gevraagd uw aanvraag aan te vullen. U heeft dat niet op tijd gedaan. "
                "Daarom kunnen wij uw aanvraag niet beoordelen."
            ),
            voorziening=voorziening,
            herstelverzoek_datum=min(verzoek, bron.referentie.briefdatum),
            hersteltermijn_tot_en_met=h.termijn_einde if h else bron.referentie.briefdatum,
            ontbrekend=ontbrekend,
        )
    if bron.soort == l.Intrekking.soort:
        return l.Intrekking(
            **gemeen,
            motivering="U heeft uw aanvraag ingetrokken. Wij behandelen haar daarom niet verder."
            + (f" Uw reden: {bron.motivering}" if bron.motivering else ""),
            grondslagen=INTREKKING_GRONDSLAGEN,
            voorziening=voorziening,
            ingetrokken_op=bron.referentie.briefdatum,
        )
    raise ValueError(f"geen brief voor soort {bron.soort}")


def _bedrijfskapitaal(
    bron: _Bron, gemeen: dict[str, Any], grondslagen: tuple[str, ...], iban: str
) -> l.ToekenningBedrijfskapitaal:
    lening = bron.uitkomst.get("lening") or {}
    briefdatum = bron.referentie.briefdatum
    van = date.fromisoformat(lening["looptijdVanaf"]) if lening.get("looptijdVanaf") else briefdatum
    tot = date.fromisoformat(lening["looptijdEinde"]) if lening.get("looptijdEinde") else van + timedelta(days=1)
    schema: list[l.Aflosperiode] = []
    termijnen = [t for t in lening.get("aflosschema") or [] if t.get("maand")]
    if termijnen and _maand(termijnen[0]["maand"]) > l.Maand(van.year, van.month):
        eerste = _maand(termijnen[0]["maand"])
        vorige = l.Maand(eerste.jaar - (eerste.maand == 1), 12 if eerste.maand == 1 else eerste.maand - 1)
        schema.append(
            l.Aflosperiode(
                omschrijving="Uitstel van aflossing",
                van=l.Maand(van.year, van.month),
                tot_en_met=max(vorige, l.Maand(van.year, van.month)),
                per_maand_cent=0,
            )
        )
    for t in termijnen:
        m, bedrag_cent = _maand(t["maand"]), int(t.get("aflossing") or 0)
        if schema and schema[-1].per_maand_cent == bedrag_cent and schema[-1].omschrijving == "Aflossing":
            schema[-1] = l.Aflosperiode(
                omschrijving="Aflossing", van=schema[-1].van, tot_en_met=m, per_maand_cent=bedrag_cent
            )
        else:
            schema.append(l.Aflosperiode(omschrijving="Aflossing", van=m, tot_en_met=m, per_maand_cent=bedrag_cent))
    if not schema:
        schema.append(
            l.Aflosperiode(
                omschrijving="Aflossing",
                van=l.Maand(van.year, van.month),
                tot_en_met=l.Maand(tot.year, tot.month),
                per_maand_cent=int(lening.get("maandaflossing") or 0),
            )
        )
    rente = int(lening.get("renteVoorAflossing") or 0)
    opgebouwd: tuple[l.RentePost, ...] = ()
    if rente and termijnen:
        eerste = _maand(termijnen[0]["maand"])
        opgebouwd = (
            l.RentePost(van=van, tot_en_met=date(eerste.jaar, eerste.maand, 1) - timedelta(days=1), bedrag_cent=rente),
        )
    return l.ToekenningBedrijfskapitaal(
        **gemeen,
        motivering=bron.motivering or str(bron.uitkomst.get("samenvatting") or "U voldoet aan de voorwaarden."),
        grondslagen=grondslagen,
        bedrag_cent=int(lening.get("toegekend") or 0),
        rente_basispunten=int(lening.get("renteBasispunten") or 0),
        uitbetaaldatum=date.fromisoformat(lening["uitbetaaldatum"]) if lening.get("uitbetaaldatum") else briefdatum,
        looptijd_van=van,
        looptijd_tot=max(tot, van + timedelta(days=1)),
        aflosschema=tuple(schema),
        iban=iban,
        opgebouwde_rente=opgebouwd,
        eerder_geleend_cent=int(lening["eerderVerstrekt"]) if lening.get("eerderVerstrekt") else None,
    )


# --- 2. rendering, once -------------------------------------------------------------------------


async def render_een(
    engine: AsyncEngine, beschikking_id: int, renderer: Renderer, draad: Executor | None = None
) -> bool:
    """Render one letter if it has no PDF yet; True if this call stored the bytes. The compile
    runs off the event loop (heartbeats keep going), on `draad` if given: a worker passes its one
    rendering thread, since the renderer serialises compiles anyway and every extra thread only
    adds a malloc arena of Typst's working set to the process's memory."""
    async with engine.connect() as conn:
        inhoud = (
            await conn.execute(
                text("SELECT inhoud FROM beschikkingen WHERE id = :id AND pdf IS NULL"), {"id": beschikking_id}
            )
        ).scalar()
    if inhoud is None:
        return False
    brief = opslag.uit_dict(inhoud)
    pdf = await asyncio.get_running_loop().run_in_executor(draad, renderer.render, brief)
    async with engine.begin() as conn:
        gezet = await conn.execute(
            text(
                "UPDATE beschikkingen SET pdf = :pdf, sha256 = :hash, gerenderd_op = now() "
                "WHERE id = :id AND pdf IS NULL"
            ),
            {"pdf": pdf, "hash": sha256(pdf), "id": beschikking_id},
        )
    return bool(gezet.rowcount == 1)


def _asyncpg_dsn(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


async def werker(
    engine: AsyncEngine,
    url: str,
    stop: asyncio.Event,
    *,
    heartbeat: timedelta = timedelta(seconds=30),
    batch_size: int = 10,
    leeg_stoppen: bool = False,
    renderer: Renderer | None = None,
) -> None:
    """Render letters from the queue until `stop` (or, with `leeg_stoppen`, until it is empty).
    Any number of these may run, on any number of machines."""
    from pgqueuer.types import QueueExecutionMode

    renderer = renderer or Renderer()
    draad = ThreadPoolExecutor(1, thread_name_prefix="typst")
    conn = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        qm = QueueManager(Queries(AsyncpgDriver(conn)))

        @qm.entrypoint(ENTRYPOINT, on_failure="hold")
        async def render_job(job: Job) -> None:
            assert job.payload is not None
            await render_een(engine, int(job.payload.decode()), renderer, draad)

        async def stopper() -> None:
            await stop.wait()
            qm.shutdown.set()

        wachter = asyncio.create_task(stopper())
        try:
            await qm.run(
                dequeue_timeout=timedelta(seconds=5),
                batch_size=batch_size,
                heartbeat_timeout=heartbeat,
                mode=QueueExecutionMode.drain if leeg_stoppen else QueueExecutionMode.continuous,
            )
        finally:
            wachter.cancel()
    finally:
        await conn.close()
        draad.shutdown(wait=True)


# --- 3. batches ---------------------------------------------------------------------------------

BATCH_SOORTEN = ("openstaande-brieven",)


@dataclass(frozen=True)
class Batch:
    id: int
    soort: str
    aangemaakt_op: datetime
    aangemaakt_door: str
    totaal: int
    klaar: int
    status: str


async def _open_ids(engine: AsyncEngine) -> AsyncIterator[list[int]]:
    """The unrendered letters in blocks, by keyset: memory stays flat however many there are."""
    laatste = 0
    while True:
        async with engine.connect() as conn:
            ids = [
                int(i)
                for i in (
                    await conn.execute(
                        text("SELECT id FROM beschikkingen WHERE pdf IS NULL AND id > :na ORDER BY id LIMIT :n"),
                        {"na": laatste, "n": BLOK},
                    )
                ).scalars()
            ]
        if not ids:
            return
        yield ids
        laatste = ids[-1]


async def start_batch(engine: AsyncEngine, soort: str, door: str, nu: datetime) -> Batch:
    """Plan every letter still without a PDF, block by block, each block in its own transaction
    (an interrupted start leaves a consistent, smaller batch; starting again adds the rest).
    `totaal` counts the letters this batch took on: those not already in an earlier batch."""
    if soort not in BATCH_SOORTEN:
        raise OngeldigeInvoer([{"name": "soort", "code": "enum", "reason": f"Kies uit: {', '.join(BATCH_SOORTEN)}."}])
    async with engine.begin() as conn:
        batch_id = int(
            (
                await conn.execute(
                    text(
                        "INSERT INTO batches (soort, aangemaakt_op, aangemaakt_door, totaal, status) "
                        "VALUES (:s, :nu, :door, 0, 'plannen') RETURNING id"
                    ),
                    {"s": soort, "nu": nu, "door": door},
                )
            ).scalar_one()
        )
    totaal = 0
    async for ids in _open_ids(engine):
        async with engine.begin() as conn:
            # A letter belongs to the first batch that took it on; every unrendered letter is
            # (re)planned, which is a no-op for one whose job is still queued or running.
            genomen = (
                await conn.execute(
                    text(
                        "UPDATE beschikkingen SET batch_id = :b WHERE id = ANY(:ids) AND pdf IS NULL "
                        "AND batch_id IS NULL"
                    ),
                    {"b": batch_id, "ids": ids},
                )
            ).rowcount
            await plan(conn, ids)
            await conn.execute(
                text("UPDATE batches SET totaal = totaal + :n WHERE id = :b"), {"n": genomen, "b": batch_id}
            )
        totaal += genomen
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE batches SET status = 'gepland' WHERE id = :b"), {"b": batch_id})
    log.info("batch gepland", batch=batch_id, totaal=totaal)
    return await lees_batch(engine, batch_id)


async def lees_batch(engine: AsyncEngine, batch_id: int) -> Batch:
    """Progress by SQL: how many of the batch's letters have their PDF."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT b.id, b.soort, b.aangemaakt_op, b.aangemaakt_door, b.totaal, b.status, "
                    "(SELECT count(*) FROM beschikkingen s WHERE s.batch_id = b.id AND s.pdf IS NOT NULL) AS klaar "
                    "FROM batches b WHERE b.id = :b"
                ),
                {"b": batch_id},
            )
        ).first()
    if row is None:
        raise NietGevonden("Er is geen batch met dit id.")
    status = (
        "klaar"
        if row.status == "gepland" and row.klaar >= row.totaal
        else ("bezig" if row.status == "gepland" else str(row.status))
    )
    return Batch(row.id, row.soort, row.aangemaakt_op, row.aangemaakt_door, row.totaal, int(row.klaar), status)


# --- 4. reading ---------------------------------------------------------------------------------


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
