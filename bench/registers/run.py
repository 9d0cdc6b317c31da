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
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from datetime import date
from typing import Any

import httpx

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


def main(aantal: int, gelijktijdig: int) -> dict[str, Any]:
    poort = _vrije_poort()
    proces = subprocess.Popen(
        [sys.executable, "-m", "app.registers.simulators", str(poort)],
        env={**os.environ, "SIMULATOR_STORINGEN": ""},
    )
    try:
        return asyncio.run(_meten(f"http://127.0.0.1:{poort}", proces.pid, aantal, gelijktijdig))
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:  # open keep-alive connections delay a graceful stop
            proces.kill()
            proces.wait()


if __name__ == "__main__":
    aantal = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    gelijktijdig = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    print(json.dumps(main(aantal, gelijktijdig), indent=2))
