"""Benchmark: verification of 1,000 applications against the register simulators.

Run from the repo root: `.venv/bin/python -m bench.registers.run [aantal] [gelijktijdig]`.

The simulator runs as a separate process (`python -m app.registers.simulators`), so its CPU does
not compete with ours for the GIL. Measured in the same run:
- `ons`: raadpleeg_registers + bepaal_bevindingen per application (KvK, BRP, UWV income and
  Bijstandsregelingen: 4 HTTP calls, 5 for an undeclared BRP partner), with retries, breaker,
  zeep and parsing;
- `basislijn`: the same HTTP requests with a bare httpx client and pre-built bodies, answers
  not parsed: what talking to these simulators costs at minimum;
- the simulator's own CPU time (read from /proc for its process) in each run.
Prints applications/s for both, the ratio ons/basislijn, and the client CPU per application for
both: their difference is what our layer adds, independent of the simulator's speed.

`--werker`: also the whole verification step as `zelfstandigenloket worker` runs it (claim under a
lease, the look-ups, Logboek records, rules, findings and the move to `te_controleren` in one
transaction) for N applications of bench/e2e's municipality submitted into a fresh database on
an embedded PostgreSQL; prints applications/s and the worker's CPU per application next to the
bare requests for the same applications in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import uvloop

from app.registers import (
    Aangifte,
    BrpClient,
    CircuitBreaker,
    KvkClient,
    OpgegevenMaandinkomen,
    RegisterClients,
    RetryBeleid,
    SuwinetClient,
    bepaal_bevindingen,
    raadpleeg_registers,
)
from app.registers.brp import FIELDS_PER_DOEL, Doel
from app.registers.simulators.suwinet import BIJSTAND_ACTIE, BIJSTAND_NS, UWV_ACTIE, UWV_NS

GEVALLEN = [
    ("999991012", "90004444", False, None),
    ("999991024", "90006666", False, None),
    ("999991036", "90005555", True, "999991048"),
    ("999991061", "90007777", False, None),
    ("999991073", "90001111", False, None),
    ("999991085", "90002222", False, None),
    ("999991097", "90003333", False, None),
    ("999970124", "69599084", False, None),
]
# The same income period our client derives from the declared months (June-August 2020).
PERIODE = (
    "<PeriodeGegevensvraagIko><DatBPeriode>20200601</DatBPeriode>"
    "<DatEPeriode>20200831</DatEPeriode></PeriodeGegevensvraagIko>"
)
MAANDEN = tuple(OpgegevenMaandinkomen(f"2020-{m:02d}") for m in (6, 7, 8))


def _aangiften(aantal: int) -> list[Aangifte]:
    uit = []
    for i in range(aantal):
        bsn, kvk, partner, partner_bsn = GEVALLEN[i % len(GEVALLEN)]
        uit.append(
            Aangifte(
                bsn,
                "0995",
                date(2020, 9, 1),
                kvk_nummer=kvk,
                heeft_partner=partner,
                partner_bsn=partner_bsn,
                inkomen_aanvrager=MAANDEN,
                inkomen_partner=MAANDEN,
            )
        )
    return uit


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a process, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat") as f:
        velden = f.read().rsplit(")", 1)[1].split()
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort: int = s.getsockname()[1]
        return poort


def _soap(actie: str, lichaam: str) -> bytes:
    return (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap:Header>'
        f"<wsa:Action>{actie}</wsa:Action><wsa:MessageID>urn:uuid:1</wsa:MessageID>"
        f"</soap:Header><soap:Body>{lichaam}</soap:Body></soap:Envelope>"
    ).encode()


async def _basislijn(base: str, aangiften: list[Aangifte], gelijktijdig: int) -> float:
    limiet = asyncio.Semaphore(gelijktijdig)
    # One connection pool per register, as the real clients have: httpx's pool cost grows with
    # its number of connections, and the baseline must not pay more of it than we do.
    async with (
        httpx.AsyncClient(base_url=f"{base}/kvk") as kvk,
        httpx.AsyncClient(base_url=f"{base}/brp") as brp_http,
        httpx.AsyncClient(base_url=f"{base}/suwinet") as suwi,
    ):

        async def een(a: Aangifte) -> None:
            async with limiet:
                brp = json.dumps(
                    {
                        "type": "RaadpleegMetBurgerservicenummer",
                        "burgerservicenummer": [a.bsn],
                        "fields": list(FIELDS_PER_DOEL[Doel.VERIFICATIE]),
                    }
                )
                uwv = _soap(
                    UWV_ACTIE,
                    f'<s:UWVPersoonsIkvInfo xmlns:s="{UWV_NS}"><Burgerservicenr>'
                    f"{a.bsn}</Burgerservicenr>{PERIODE}</s:UWVPersoonsIkvInfo>",
                )
                bij = _soap(
                    BIJSTAND_ACTIE,
                    f'<s:BijstandsregelingenInfo xmlns:s="{BIJSTAND_NS}">'
                    f"<Burgerservicenr>{a.bsn}</Burgerservicenr></s:BijstandsregelingenInfo>",
                )
                await asyncio.gather(
                    kvk.get(f"/v1/basisprofielen/{a.kvk_nummer}", headers={"apikey": "b"}),
                    brp_http.post(
                        "/personen", content=brp, headers={"Content-Type": "application/json; charset=utf-8"}
                    ),
                    suwi.post("/UWVDossierInkomstenGSD-v0200", content=uwv),
                    suwi.post("/Bijstandsregelingen-v0500", content=bij),
                )

        start = time.perf_counter()
        await asyncio.gather(*(een(a) for a in aangiften))
        return time.perf_counter() - start


async def _ons(base: str, aangiften: list[Aangifte], gelijktijdig: int) -> tuple[float, int]:
    retry = RetryBeleid(pogingen=3)
    limieten = dict(timeout=30.0, retry=retry)
    clients = RegisterClients(
        KvkClient(f"{base}/kvk", "b", breaker=CircuitBreaker(), **limieten),  # type: ignore[arg-type]
        BrpClient(f"{base}/brp", breaker=CircuitBreaker(), **limieten),  # type: ignore[arg-type]
        SuwinetClient(f"{base}/suwinet", breaker=CircuitBreaker(), **limieten),  # type: ignore[arg-type]
    )
    limiet = asyncio.Semaphore(gelijktijdig)
    bevindingen = 0

    async def een(a: Aangifte) -> None:
        nonlocal bevindingen
        async with limiet:
            snapshot = await raadpleeg_registers(a, clients)
            assert snapshot.compleet, snapshot.mislukt
            bevindingen += len(bepaal_bevindingen(a, snapshot))

    start = time.perf_counter()
    await asyncio.gather(*(een(a) for a in aangiften))
    duur = time.perf_counter() - start
    await clients.kvk.aclose()
    await clients.brp.aclose()
    await clients.suwinet.aclose()
    return duur, bevindingen


async def _tellers(base: str, reset: bool = False) -> dict[str, Any]:
    async with httpx.AsyncClient() as http:
        if reset:
            await http.delete(f"{base}/_beheer/tellers")
            return {}
        tellers: dict[str, Any] = (await http.get(f"{base}/_beheer/tellers")).json()
        return tellers


async def _meten(base: str, pid: int, aantal: int, gelijktijdig: int) -> dict[str, Any]:
    async with httpx.AsyncClient() as http:
        for _ in range(500):
            try:
                if (await http.get(f"{base}/_beheer/gezond")).status_code == 200:
                    break
            except httpx.TransportError:
                await asyncio.sleep(0.02)
    aangiften = _aangiften(aantal)
    await _basislijn(base, aangiften[:50], gelijktijdig)  # warm up both paths
    await _ons(base, aangiften[:50], gelijktijdig)
    await _tellers(base, reset=True)
    sim0, cpu0 = _cpu_s(pid), time.process_time()
    basis = await _basislijn(base, aangiften, gelijktijdig)
    sim1, cpu1 = _cpu_s(pid), time.process_time()
    verzoeken_basis = sum(t["verzoeken"] for t in (await _tellers(base)).values())
    await _tellers(base, reset=True)
    sim2, cpu2 = _cpu_s(pid), time.process_time()
    ons, bevindingen = await _ons(base, aangiften, gelijktijdig)
    sim3, cpu3 = _cpu_s(pid), time.process_time()
    verzoeken = sum(t["verzoeken"] for t in (await _tellers(base)).values())
    return {
        "aanvragen": aantal,
        "gelijktijdig": gelijktijdig,
        "ons_aanvragen_per_s": round(aantal / ons, 1),
        "basislijn_aanvragen_per_s": round(aantal / basis, 1),
        "verhouding_ons_tov_basislijn": round(ons / basis, 2),
        # Client CPU per application: our layer's cost, independent of the simulator's speed.
        "client_cpu_ms_per_aanvraag": {
            "ons": round((cpu3 - cpu2) / aantal * 1000, 2),
            "basislijn": round((cpu1 - cpu0) / aantal * 1000, 2),
        },
        "overhead_cpu_ms_per_aanvraag": round(((cpu3 - cpu2) - (cpu1 - cpu0)) / aantal * 1000, 2),
        # The simulator's own CPU in each run (separate process): what the wall time is made of.
        "simulator_cpu_s": {"ons": round(sim3 - sim2, 2), "basislijn": round(sim1 - sim0, 2)},
        "http_verzoeken": {"ons": verzoeken, "basislijn": verzoeken_basis},
        "bevindingen": bevindingen,
    }


async def _dien_e2e_in(url: str, aantal: int) -> list[Aangifte]:
    """bench/e2e's applications, validated as the API validates them, stored by intake."""
    from pydantic import TypeAdapter

    from app.api.schemas.aanvraag import AanvraagGegevens
    from app.audit import logboek
    from app.audit.trail import Actor
    from app.config import Settings
    from app.db import create_engine
    from app.workflows import intake, registerfeiten
    from bench.e2e import aanvragen

    sleutel = Settings().logboek_sleutel.get_secret_value()
    engine = create_engine(url, 4)
    loket = Actor("loket-bench", "loket", "loket")
    nu = datetime.now(UTC)
    uit = []
    model: TypeAdapter[Any] = TypeAdapter(AanvraagGegevens)
    try:
        for i, plan in enumerate(aanvragen.maak(aantal)):
            gegevens = model.validate_python(plan.body)
            ruw = gegevens.model_dump(mode="json", exclude_none=True)
            await intake.dien_in(
                engine,
                ruw,
                date.fromisoformat(ruw["aanvraagdatum"]),
                loket,
                f"bench-{i}",
                "-",
                nu,
                logboek.Trace.nieuw(),
                sleutel,
            )
            uit.append(registerfeiten.aangifte(ruw))
    finally:
        await engine.dispose()
    return uit


async def _werker(url: str, base: str, pid: int, aantal: int, gelijktijdig: int) -> dict[str, Any]:
    """The verification worker over `aantal` submitted applications, until none is left."""
    import asyncpg

    from app.config import Settings
    from app.db import create_engine
    from app.workflows import verificatie

    aangiften = await _dien_e2e_in(url, aantal)
    settings = Settings(
        database_url=url,
        kvk_base_url=f"{base}/kvk",
        brp_base_url=f"{base}/brp",
        suwinet_base_url=f"{base}/suwinet",
        verificatie_poll_seconden=0.2,
    )
    sim0, cpu0 = _cpu_s(pid), time.process_time()
    basis = await _basislijn(base, aangiften, gelijktijdig)
    sim1, cpu1 = _cpu_s(pid), time.process_time()
    engine = create_engine(url, gelijktijdig + 2)
    stop = asyncio.Event()
    conn = await asyncpg.connect(url)
    try:
        start = time.perf_counter()
        taak = asyncio.create_task(verificatie.werker(engine, settings, stop, gelijktijdig))
        while await conn.fetchval("SELECT count(*) FROM aanvragen WHERE status IN ('ontvangen', 'in_verificatie')"):
            if taak.done():
                taak.result()
            await asyncio.sleep(0.1)
        duur = time.perf_counter() - start
        sim2, cpu2 = _cpu_s(pid), time.process_time()
        stop.set()
        await taak
        geverifieerd = await conn.fetchval("SELECT count(*) FROM verificaties WHERE regeluitkomst IS NOT NULL")
    finally:
        await conn.close()
        await engine.dispose()
    return {
        "aanvragen": aantal,
        "gelijktijdig": gelijktijdig,
        "werker_aanvragen_per_s": round(aantal / duur, 1),
        "basislijn_aanvragen_per_s": round(aantal / basis, 1),
        "verhouding_werker_tov_basislijn": round(duur / basis, 2),
        "cpu_ms_per_aanvraag": {
            "werker": round((cpu2 - cpu1) / aantal * 1000, 2),
            "basislijn": round((cpu1 - cpu0) / aantal * 1000, 2),
        },
        "simulator_cpu_s": {"werker": round(sim2 - sim1, 2), "basislijn": round(sim1 - sim0, 2)},
        "geverifieerd": geverifieerd,
    }


def _met_simulator(meting: Callable[[str, int], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    poort = _vrije_poort()
    proces = subprocess.Popen(
        [sys.executable, "-m", "app.registers.simulators", str(poort)],
        env={**os.environ, "SIMULATOR_STORINGEN": ""},
    )
    try:
        # The worker's own event loop (`zelfstandigenloket worker`), for both sides alike.
        return uvloop.run(meting(f"http://127.0.0.1:{poort}", proces.pid))
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:  # open keep-alive connections delay a graceful stop
            proces.kill()
            proces.wait()


def main(aantal: int, gelijktijdig: int) -> dict[str, Any]:
    return _met_simulator(lambda base, pid: _meten(base, pid, aantal, gelijktijdig))


def werker(aantal: int, gelijktijdig: int) -> dict[str, Any]:
    from app import pgembedded
    from app.cli import migreer
    from app.config import ROOT
    from app.db import met_database

    server = pgembedded.ensure_running(ROOT / "var" / "bench-registers-pg", _vrije_poort(), durable=True)
    naam = f"zl_registers_{uuid.uuid4().hex[:8]}"
    url = met_database(server, naam)

    async def maak() -> None:
        import asyncpg

        conn = await asyncpg.connect(server)
        try:
            await conn.execute(f'CREATE DATABASE "{naam}"')
        finally:
            await conn.close()

    asyncio.run(maak())
    migreer(url)
    return _met_simulator(lambda base, pid: _werker(url, base, pid, aantal, gelijktijdig))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.registers.run")
    parser.add_argument("aantal", nargs="?", type=int, default=1000)
    parser.add_argument("gelijktijdig", nargs="?", type=int, default=50)
    parser.add_argument("--werker", action="store_true", help="also the whole verification worker")
    parser.add_argument("--werker-gelijktijdig", type=int, default=8, help="as verificatie_werkers")
    args = parser.parse_args()
    print(json.dumps(main(args.aantal, args.gelijktijdig), indent=2), flush=True)
    if args.werker:
        print(json.dumps({"werker": werker(args.aantal, args.werker_gelijktijdig)}, indent=2))
