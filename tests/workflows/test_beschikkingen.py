"""Beschikkingen end to end: a decision makes exactly one letter in its own transaction, a
pgqueuer worker renders it once, the API serves it with access control and a processing-log
record, and a batch survives a worker killed with `kill -9`."""

import asyncio
import base64
import dataclasses
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pypdf
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app import rules
from app.audit import logboek
from app.cli import migreer
from app.config import Settings
from app.db import create_engine
from app.decisions import opmaak, opslag, voorbeelden
from app.decisions.letters import Referentie
from app.registers import RegisterClients
from app.workflows import batches, brievenwerker, export, herstel
from app.workflows.fouten import NietGevonden
from app.workflows.werkvoorraad import AMSTERDAM
from tests.workflows import test_beoordeling, test_verificatie
from tests.workflows.hulp_behandeling import URL, Medewerker, Token, nieuwe_gemeente, te_controleren

engine = test_verificatie.engine
clients = test_verificatie.clients
ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "app.cli"]


def _tekst(pdf: bytes) -> str:
    lezer = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in lezer.pages).replace("\u00a0", " "))


async def _rijen(database_url: str, aanvraag: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return list(
            await conn.fetch(
                "SELECT id, nummer, soort, inhoud::text AS inhoud, pdf, sha256, "
                "pg_column_compression(pdf) AS compressie FROM beschikkingen "
                "WHERE aanvraag_id = $1 ORDER BY nummer",
                uuid.UUID(aanvraag),
            )
        )
    finally:
        await conn.close()


async def _render_alles(engine: AsyncEngine, database_url: str) -> None:
    """One in-process worker that stops when the queue is empty."""
    await asyncio.wait_for(brievenwerker.werker(engine, database_url, asyncio.Event(), leeg_stoppen=True), timeout=120)


async def test_toekenning_een_beschikking_en_een_pdf(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, _ = await test_beoordeling._gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    await b.claim("consulent")
    verzoek = test_beoordeling.TOEKENNING_TEGEN_DE_REGELS | {"motivering": "Voldoet na gesprek."}
    r = await b.post(aanvraag, "beoordelingen", verzoek)
    assert r.status_code == 201, r.text
    [rij] = await _rijen(database_url, aanvraag)
    assert rij["nummer"] == 1 and rij["soort"] == "toekenning_levensonderhoud" and rij["pdf"] is None
    # Not rendered yet: listed as such, download is a clear 409.
    lijst = (await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [(x["nummer"], x["gerenderd"]) for x in lijst] == [(1, False)]
    r = await b.get(f"{URL}/{aanvraag}/beschikkingen/1")
    assert r.status_code == 409 and r.headers["content-type"].startswith("application/problem+json")
    assert "nog" in r.json()["detail"]

    await _render_alles(engine, database_url)
    await _render_alles(engine, database_url)  # nothing left: a second run changes nothing
    [rij] = await _rijen(database_url, aanvraag)
    r = await b.get(f"{URL}/{aanvraag}/beschikkingen/1")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content == bytes(rij["pdf"]) and r.content.startswith(b"%PDF")
    assert r.headers["Digest"] == f"sha-256={rij['sha256']}"
    assert rij["compressie"] is None  # stored as rendered: pglz cost more than it saved (migration 0025)

    brief = opslag.uit_dict(json.loads(rij["inhoud"]))
    tekst = _tekst(r.content)
    assert brief.referentie.kenmerk in tekst
    assert "Voldoet na gesprek." in tekst
    maanden = getattr(brief, "maanden")
    assert maanden and all(opmaak.euro(m.norm_cent).replace("\u00a0", " ") in tekst for m in maanden)
    laatste = rules.bezwaartermijn_laatste_dag(brief.referentie.briefdatum)
    assert opmaak.datum(laatste).replace("\u00a0", " ") in tekst
    assert "a-2b" in r.content[:4000].decode("latin-1").lower() or b"pdfaid" in r.content

    # The list shows the hash; the processing log has a record for this read.
    lijst = (await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert lijst[0]["sha256"] == rij["sha256"] and lijst[0]["_links"]["pdf"]["href"].endswith("/beschikkingen/1")
    conn = await asyncpg.connect(database_url)
    try:
        gelogd = await conn.fetchval(
            "SELECT count(*) FROM verwerkingen WHERE aanvraag_id = $1 AND operatie = 'beschikking downloaden'",
            uuid.UUID(aanvraag),
        )
    finally:
        await conn.close()
    assert gelogd == 1

    # Access: another municipality does not see the case, a batch operator may not read letters.
    ander = Medewerker(client, token, nieuwe_gemeente(), "consulent")
    assert (await ander.get(f"{URL}/{aanvraag}/beschikkingen/1")).status_code == 404
    assert (await ander.get(f"{URL}/{aanvraag}/beschikkingen")).status_code == 404
    operator = Medewerker(client, token, gemeente, "batch")
    assert (await operator.get(f"{URL}/{aanvraag}/beschikkingen/1")).status_code == 403
    # Bad input: a number that does not exist, zero, or not a number; no token at all.
    assert (await b.get(f"{URL}/{aanvraag}/beschikkingen/2")).status_code == 404
    assert (await b.get(f"{URL}/{aanvraag}/beschikkingen/0")).status_code == 400
    assert (await b.get(f"{URL}/{aanvraag}/beschikkingen/een")).status_code == 400
    assert (await b.get(f"{URL}/{uuid.uuid4()}/beschikkingen/1")).status_code == 404
    assert (await client.get(f"{URL}/{aanvraag}/beschikkingen/1")).status_code == 401


async def test_afwijzing_na_review_en_buiten_behandeling_en_intrekking(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    # Rejection: the letter is made when the reviewer confirms, not at the proposal.
    gemeente, aanvraag, _ = await test_beoordeling._gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    c = Medewerker(client, token, gemeente, "reviewer")
    await b.claim("consulent")
    assert (await b.post(aanvraag, "beoordelingen", {"besluit": "afwijzing"})).status_code == 201
    assert await _rijen(database_url, aanvraag) == []
    await c.claim("reviewer")
    assert (await c.post(aanvraag, "reviews", {"oordeel": "bevestigd"})).json()["status"] == "afgewezen"
    [rij] = await _rijen(database_url, aanvraag)
    assert rij["soort"] == "afwijzing"
    brief = opslag.uit_dict(json.loads(rij["inhoud"]))
    assert getattr(brief, "criteria")  # the rules' reasons, each with its legal basis

    # Buiten behandeling (Awb 4:5) by the sweep.
    gemeente2 = nieuwe_gemeente()
    [tweede] = await te_controleren(client, token, engine, clients, settings, gemeente2)
    a = Medewerker(client, token, gemeente2, "controleur")
    await a.claim("controleur")
    r = await a.post(tweede, "herstelverzoeken", {"ontbrekend": [{"soort": "id", "reden": "Kopie ID-bewijs"}]})
    einde = date.fromisoformat(r.json()["hersteltermijnEinde"])
    na_termijn = datetime.combine(einde, datetime.min.time(), AMSTERDAM) + timedelta(days=1, minutes=1)
    assert uuid.UUID(tweede) in await herstel.verwerk_verlopen_termijnen(engine, na_termijn)
    [rij] = await _rijen(database_url, tweede)
    assert rij["soort"] == "buiten_behandeling"
    assert "Kopie ID-bewijs" in rij["inhoud"]

    # Withdrawal: a confirmation letter.
    gemeente3 = nieuwe_gemeente()
    [derde] = await te_controleren(client, token, engine, clients, settings, gemeente3)
    loket = Medewerker(client, token, gemeente3, "loket")
    r = await loket.post(derde, "intrekkingen", {"reden": "Werk gevonden."})
    assert r.status_code in (200, 201), r.text
    [rij] = await _rijen(database_url, derde)
    assert rij["soort"] == "intrekking"

    await _render_alles(engine, database_url)
    for id_ in (aanvraag, tweede, derde):
        [rij] = await _rijen(database_url, id_)
        assert rij["pdf"] is not None and rij["sha256"] is not None


# --- batch with a worker killed mid-way -------------------------------------------------------


async def _vul(url: str, aantal: int) -> None:
    """`aantal` decided cases with one unrendered letter each, straight into the database."""
    nu = datetime.now(UTC)
    basis = voorbeelden.toekenning_levensonderhoud()
    conn = await asyncpg.connect(url)
    try:
        ids = [uuid.uuid4() for _ in range(aantal)]
        await conn.executemany(
            "INSERT INTO aanvragen (id, referentie, gemeente, regeling, status, kanaal, ingediend_door, "
            "aanvraagdatum, ontvangen_op, bsn, gegevens, gewijzigd_op) VALUES ($1, $2, '0034', "
            "'tozo-levensonderhoud', 'toegekend', 'digitaal', 'test', $3, $4, '999991012', '{}'::jsonb, $4)",
            [(i, f"ZL-B-{n:06d}", basis.referentie.aanvraagdatum, nu) for n, i in enumerate(ids)],
        )
        rijen = []
        for n, i in enumerate(ids):
            ref = basis.referentie
            brief = dataclasses.replace(
                basis,
                referentie=Referentie(
                    zaaknummer=f"ZL-B-{n:06d}",
                    beschikkingnummer=1,
                    briefdatum=ref.briefdatum,
                    aanvraagdatum=ref.aanvraagdatum,
                ),
            )
            rijen.append((i, json.dumps(opslag.naar_dict(brief)), ref.briefdatum, nu))
        await conn.executemany(
            "INSERT INTO beschikkingen (aanvraag_id, nummer, soort, besloten_op, briefdatum, inhoud) "
            "VALUES ($1, 1, 'toekenning_levensonderhoud', $4, $3, $2::jsonb)",
            rijen,
        )
    finally:
        await conn.close()


def _worker(url: str, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "warning"}
    return subprocess.Popen([*CLI, "brieven-worker", "--heartbeat", "2", *extra], env=env, cwd=ROOT)


async def _gerenderd(conn: asyncpg.Connection) -> dict[int, str]:
    return {
        r["id"]: r["sha256"] for r in await conn.fetch("SELECT id, sha256 FROM beschikkingen WHERE pdf IS NOT NULL")
    }


@pytest.fixture
def eigen_database(nieuwe_database: Callable[[], str]) -> str:
    """A database of its own: the batch test counts every letter in it."""
    url = nieuwe_database()
    migreer(url)
    return url


async def test_batch_overleeft_kill_9(eigen_database: str) -> None:
    url = eigen_database
    aantal = 200
    await _vul(url, aantal)
    e = create_engine(url, 4)
    try:
        # A batch stays within its municipalities: another municipality's operator plans nothing.
        elders = await batches.start_batch(e, "openstaande-brieven", "test", datetime.now(UTC), ["0035"])
        assert elders.totaal == 0 and elders.gemeenten == ("0035",)
        batch = await batches.start_batch(e, "openstaande-brieven", "test", datetime.now(UTC), ["0034", "0035"])
        assert batch.totaal == aantal and batch.klaar == 0
        # Planning twice adds no second job per letter (dedupe key) and takes no letter over.
        nog_eens = await batches.start_batch(e, "openstaande-brieven", "test", datetime.now(UTC), ["0034"])
        assert nog_eens.totaal == 0
        with pytest.raises(NietGevonden):  # a batch that covers 0035 too is not 0034's alone
            await batches.lees_batch(e, batch.id, ["0034"])
    finally:
        await e.dispose()
    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM pgqueuer") == -(-aantal // batches.PER_JOB)
        eerste = _worker(url)
        try:
            eind = time.monotonic() + 120
            while len(await _gerenderd(conn)) < 20:
                assert time.monotonic() < eind and eerste.poll() is None, "worker rendert niets"
                await asyncio.sleep(0.05)
        finally:
            os.kill(eerste.pid, signal.SIGKILL)
            eerste.wait()
        voor = await _gerenderd(conn)
        assert 20 <= len(voor) < aantal, len(voor)
        # The batch's progress counts exactly the letters stored, also of a worker killed mid-job.
        assert await conn.fetchval("SELECT klaar FROM batches WHERE id = $1", batch.id) == len(voor)
        tweede = _worker(url)
        try:
            eind = time.monotonic() + 180
            while len(await _gerenderd(conn)) < aantal:
                assert time.monotonic() < eind and tweede.poll() is None, "tweede worker maakt het niet af"
                await asyncio.sleep(0.2)
        finally:
            tweede.send_signal(signal.SIGTERM)
            tweede.wait(60)
        na = await _gerenderd(conn)
        assert len(na) == aantal
        assert all(na[i] == h for i, h in voor.items()), "een brief is na het renderen veranderd"
        # One letter per decision, each with exactly one PDF; the bytes cannot change any more.
        assert await conn.fetchval("SELECT count(*) FROM beschikkingen") == aantal
        assert await conn.fetchval("SELECT count(DISTINCT sha256) FROM beschikkingen") == aantal
        with pytest.raises(asyncpg.RaiseError):
            await conn.execute(
                "UPDATE beschikkingen SET pdf = 'x'::bytea WHERE id = (SELECT min(id) FROM beschikkingen)"
            )
    finally:
        await conn.close()
    e = create_engine(url, 2)
    try:
        klaar = await batches.lees_batch(e, batch.id, ["0034", "0035"])
        assert (klaar.totaal, klaar.klaar, klaar.status) == (aantal, aantal, "klaar")
    finally:
        await e.dispose()


async def test_worker_houdt_hoogstens_twee_jobs_vast(eigen_database: str) -> None:
    """A worker takes no more jobs than it can work on (one rendering, one read meanwhile): the
    rest of a batch stays in the queue for a worker started later, and a worker's memory does not
    grow with the batch (before, one worker picked every group and held their contents)."""
    url = eigen_database
    await _vul(url, 200)
    e = create_engine(url, 2)
    try:
        await batches.start_batch(e, "openstaande-brieven", "test", datetime.now(UTC), ["0034"])
    finally:
        await e.dispose()
    conn = await asyncpg.connect(url)
    worker = _worker(url)
    try:
        vastgehouden: list[int] = []
        eind = time.monotonic() + 180
        while len(await _gerenderd(conn)) < 200:
            assert time.monotonic() < eind and worker.poll() is None, "worker maakt het niet af"
            vastgehouden.append(await conn.fetchval("SELECT count(*) FROM pgqueuer WHERE status = 'picked'"))
            await asyncio.sleep(0.02)
        assert 1 <= max(vastgehouden) <= 2, vastgehouden
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(60)
        await conn.close()


async def test_groep_in_een_transactie(eigen_database: str) -> None:
    """A job's letters are stored together; a letter that has its bytes already (another worker,
    or this job delivered again) keeps them, is not counted, and a second run stores nothing."""
    url = eigen_database
    await _vul(url, 4)
    conn = await asyncpg.connect(url)
    e = create_engine(url, 2)
    try:
        ids = [r["id"] for r in await conn.fetch("SELECT id FROM beschikkingen ORDER BY id")]
        renderer = brievenwerker.Renderer()
        assert await brievenwerker.render_groep(e, ids[:1], renderer) == 1
        voor = await _gerenderd(conn)
        assert await brievenwerker.render_groep(e, ids, renderer) == 3
        na = await _gerenderd(conn)
        assert set(na) == set(ids) and na[ids[0]] == voor[ids[0]]
        # One commit for the three: they carry the same transaction's timestamp.
        assert await conn.fetchval("SELECT count(DISTINCT gerenderd_op) FROM beschikkingen WHERE id <> $1", ids[0]) == 1
        assert await brievenwerker.render_groep(e, ids, renderer) == 0
        assert await _gerenderd(conn) == na
    finally:
        await e.dispose()
        await conn.close()


async def test_batch_api(client: httpx.AsyncClient, token: Token) -> None:
    operator = token("batch", sub="operator-1")
    r = await client.post("/api/v1/batches", json={"soort": "openstaande-brieven"}, headers=operator)
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == f"/api/v1/batches/{r.json()['id']}"
    r2 = await client.get(r.headers["Location"], headers=operator)
    assert r2.status_code == 200 and r2.json()["totaal"] == r.json()["totaal"]
    assert r2.json()["aangemaaktDoor"] == "operator-1" and r2.json()["klaar"] <= r2.json()["totaal"]
    assert (await client.post("/api/v1/batches", json={"soort": "alles"}, headers=operator)).status_code == 400
    assert (await client.post("/api/v1/batches", json={}, headers=operator)).status_code == 400
    assert (await client.get("/api/v1/batches/999999", headers=operator)).status_code == 404
    assert (await client.get("/api/v1/batches/x", headers=operator)).status_code == 400
    consulent = token("consulent")
    assert (
        await client.post("/api/v1/batches", json={"soort": "openstaande-brieven"}, headers=consulent)
    ).status_code == 403


class _Doel(io.BytesIO):
    """A ZIP target that notes on which thread every write and flush happens."""

    def __init__(self) -> None:
        super().__init__()
        self.draden: set[int] = set()

    def write(self, data: Any) -> int:
        self.draden.add(threading.get_ident())
        return super().write(data)

    def flush(self) -> None:
        self.draden.add(threading.get_ident())
        super().flush()


async def test_export_schrijft_buiten_de_event_loop(eigen_database: str) -> None:
    url = eigen_database
    await _vul(url, 3)
    e = create_engine(url, 2)
    try:
        batch = await batches.start_batch(e, "openstaande-brieven", "test", datetime.now(UTC), ["0034"])
        await _render_alles(e, url)
        doel = _Doel()
        sleutel = base64.urlsafe_b64encode(os.urandom(32)).decode()
        aantal = await export.schrijf_zip(
            e, batch.id, ["0034"], doel, logboek.Trace.nieuw(), sleutel, datetime.now(UTC)
        )
    finally:
        await e.dispose()
    assert aantal == 3
    assert doel.draden and threading.get_ident() not in doel.draden  # never on the loop's thread
    archief = zipfile.ZipFile(io.BytesIO(doel.getvalue()))
    assert len(archief.namelist()) == 4 and archief.testzip() is None


async def test_herziening_overleeft_kill_9(eigen_database: str) -> None:
    """The re-issue runs on the workers and survives one killed mid-batch: every planned case is
    evaluated exactly once, by whichever worker gets its job. (Without a norm change here, so no
    case differs; test_batches covers the corrected decisions.)"""
    url = eigen_database
    aantal = 600  # three planning blocks, three recompute jobs
    await _vul(url, aantal)
    e = create_engine(url, 2)
    try:
        batch = await batches.start_batch(e, "herziening-na-normwijziging", "test", datetime.now(UTC), ["0034"])
        assert batch.status == "plannen" and batch.zaken == 0
    finally:
        await e.dispose()
    conn = await asyncpg.connect(url)

    async def herberekend() -> int:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM batchzaken WHERE batch_id = $1 AND herberekend_op IS NOT NULL", batch.id
            )
        )

    try:
        eerste = _worker(url)
        try:
            eind = time.monotonic() + 120
            while await herberekend() < 20:
                assert time.monotonic() < eind and eerste.poll() is None, "worker herberekent niets"
                await asyncio.sleep(0.02)
        finally:
            os.kill(eerste.pid, signal.SIGKILL)
            eerste.wait()
        assert await herberekend() < aantal
        tweede = _worker(url)
        try:
            eind = time.monotonic() + 180
            while await herberekend() < aantal:
                assert time.monotonic() < eind and tweede.poll() is None, "tweede worker maakt het niet af"
                await asyncio.sleep(0.2)
        finally:
            tweede.send_signal(signal.SIGTERM)
            tweede.wait(60)
        assert await conn.fetchval("SELECT count(*) FROM batchzaken WHERE batch_id = $1", batch.id) == aantal
        # Nothing differed, so nothing was issued: one letter per case, as before the batch.
        assert await conn.fetchval("SELECT count(*) FROM beschikkingen") == aantal
    finally:
        await conn.close()
    e = create_engine(url, 2)
    try:
        klaar = await batches.lees_batch(e, batch.id, ["0034"])
        assert (klaar.zaken, klaar.herberekend, klaar.totaal, klaar.status) == (aantal, aantal, 0, "klaar")
    finally:
        await e.dispose()
