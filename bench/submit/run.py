"""Submit throughput: our POST /aanvragen (validated, idempotent, audited, logged) against a bare
FastAPI endpoint doing one asyncpg INSERT of the same JSON, on the same database, in one run.

    .venv/bin/python -m bench.submit.run [--aantal 6000] [--gelijktijdig 32]

Each server runs as its own uvicorn process (`--workers N` for both alike); the load comes from a
small keep-alive HTTP/1.1 client in this process, so client overhead is the same for both."""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid

import asyncpg

from app import pgembedded
from app.auth import maak_ontwikkeltoken
from app.cli import migreer
from app.config import ROOT, Settings
from app.db import met_database
from bench.submit import baseline
from tests import voorbeelden


def vrije_poort() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _maak_database(server: str) -> str:
    naam = f"zl_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(server)
    await conn.execute(f'CREATE DATABASE "{naam}"')
    await conn.close()
    url = met_database(server, naam)
    conn = await asyncpg.connect(url)
    await conn.execute(baseline.TABEL)  # here, not in each of the baseline's workers at once
    await conn.close()
    return url


def _start(module: str, port: int, env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", module, "--port", str(port), "--log-level", "warning", "--no-access-log"]
    if module.endswith(")"):
        cmd = [*cmd[:3], "--factory", module[:-2], *cmd[4:]]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            asyncio.run(_verbind(port))
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{module} did not start")


async def _verbind(port: int) -> None:
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()
    await writer.wait_closed()


async def _verbinding(port: int, verzoeken: asyncio.Queue[bytes], statussen: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                verzoek = verzoeken.get_nowait()
            except asyncio.QueueEmpty:
                return
            writer.write(verzoek)
            # The head in one read, whatever the number of headers: the client's cost per
            # response is then the same for both servers (ours sends more headers).
            kop = (await reader.readuntil(b"\r\n\r\n")).lower()
            begin = kop.index(b"content-length:") + 15
            await reader.readexactly(int(kop[begin : kop.index(b"\r\n", begin)]))
            statussen.append(int(kop[9:12]))
    finally:
        writer.close()


def _verzoek(port: int, body: bytes, token: str) -> bytes:
    return (
        f"POST /api/v1/aanvragen HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nIdempotency-Key: {uuid.uuid4()}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def _cpu_seconden(pid: int) -> float:
    """User + system CPU time of a process and all its descendants (the uvicorn workers)."""
    tikken = 0
    try:
        with open(f"/proc/{pid}/stat") as f:
            velden = f.read().rpartition(")")[2].split()
        tikken = int(velden[11]) + int(velden[12])  # utime, stime
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kinderen = [int(k) for k in f.read().split()]
    except FileNotFoundError:
        return 0.0
    return tikken / os.sysconf("SC_CLK_TCK") + sum(_cpu_seconden(k) for k in kinderen)


def _postmaster(server: str) -> int | None:
    """The embedded PostgreSQL's postmaster, whose process tree (backends, WAL writer,
    checkpointer) is the database's CPU time; None for a server elsewhere."""
    if os.environ.get("DATABASE_URL"):
        return None
    with open(ROOT / "var" / "bench-pg" / "postmaster.pid") as f:
        return int(f.readline())


def _bodies(aantal: int, een_aanvrager: bool) -> list[bytes]:
    """The request bodies: the same application, each by an applicant of its own (intake counts
    applications per person in one summary row, `si_personen`, so one applicant's 3,000
    applications in a few seconds would all queue on that row's lock, as real intake never does),
    or all by the one example applicant."""
    voorbeeld = voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud())
    if een_aanvrager:
        return [json.dumps(voorbeeld).encode()] * aantal
    bodies: list[bytes] = []
    basis = 10_000_000
    while len(bodies) < aantal:  # the eleven-test's check digit, skipping bases whose digit is 10
        controle = sum(w * int(c) for w, c in zip(range(9, 1, -1), str(basis), strict=True)) % 11
        if controle < 10:
            voorbeeld["aanvrager"]["bsn"] = f"{basis}{controle}"
            bodies.append(json.dumps(voorbeeld).encode())
        basis += 1
    return bodies


async def _meet(
    port: int,
    pid: int,
    token: str,
    aantal: int,
    gelijktijdig: int,
    db_pid: int | None = None,
    een_aanvrager: bool = False,
) -> tuple[float, float, list[int], float]:
    """Wall time, the server's and the database's CPU time for `aantal` submits."""
    bodies = _bodies(300 + aantal, een_aanvrager)
    # Warm-up: connections, caches, prepared statements.
    await _ronde(port, [_verzoek(port, body, token) for body in bodies[:300]], gelijktijdig)
    verzoeken = [_verzoek(port, body, token) for body in bodies[300:]]
    db = _cpu_seconden(db_pid) if db_pid else 0.0
    cpu, start = _cpu_seconden(pid), time.perf_counter()
    statussen = await _ronde(port, verzoeken, gelijktijdig)
    duur, cpu = time.perf_counter() - start, _cpu_seconden(pid) - cpu
    return duur, cpu, statussen, (_cpu_seconden(db_pid) - db if db_pid else 0.0)


async def _ronde(port: int, verzoeken: list[bytes], gelijktijdig: int) -> list[int]:
    wachtrij: asyncio.Queue[bytes] = asyncio.Queue()
    for v in verzoeken:
        wachtrij.put_nowait(v)
    statussen: list[int] = []
    await asyncio.gather(*(_verbinding(port, wachtrij, statussen) for _ in range(gelijktijdig)))
    return statussen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aantal", type=int, default=6000)
    parser.add_argument("--gelijktijdig", type=int, default=32)
    parser.add_argument(
        "--een-aanvrager",
        action="store_true",
        help="every request by the same applicant, as before session 4 (one summary row for all)",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn workers, the same number for both servers (serve --workers)"
    )
    args = parser.parse_args()

    server = os.environ.get("DATABASE_URL") or pgembedded.ensure_running(
        ROOT / "var" / "bench-pg", vrije_poort(), durable=True
    )
    url = asyncio.run(_maak_database(server))
    migreer(url)
    settings = Settings(database_url=url)
    token = maak_ontwikkeltoken(settings, "bench-loket", ["loket"], ["0363"])
    uitslag: dict[str, float] = {}
    cpu: dict[str, float] = {}
    db_pid = _postmaster(server)
    for naam, module, env in (
        ("kaal", "bench.submit.baseline:app", {"BENCH_DATABASE_URL": url}),
        # The rate limit per token is off: one token sends every request here, and the limit
        # (1,000/s with a burst of 2,000 per process) would cap the figure it measures.
        (
            "zelfstandigenloket",
            "app.main:create_app()",
            {"DATABASE_URL": url, "ZL_LOG_LEVEL": "warning", "ZL_VERZOEKEN_PER_SECONDE": "0"},
        ),
    ):
        port = vrije_poort()
        proc = _start(module, port, env, args.workers)
        try:
            duur, cpu_duur, statussen, db_duur = asyncio.run(
                _meet(port, proc.pid, token, args.aantal, args.gelijktijdig, db_pid, args.een_aanvrager)
            )
        finally:
            proc.terminate()
            proc.wait(30)
        fout = [s for s in statussen if s != 201]
        if fout or len(statussen) != args.aantal:
            raise SystemExit(f"{naam}: {len(fout)} antwoorden zonder 201 ({sorted(set(fout))})")
        uitslag[naam] = args.aantal / duur
        cpu[naam] = cpu_duur / args.aantal
        print(
            f"{naam:>20}: {uitslag[naam]:8.0f} aanvragen/s ({args.aantal} in {duur:.2f} s), "
            f"server-CPU {cpu[naam] * 1e6:6.0f} µs per aanvraag"
            + (f", database-CPU {db_duur / args.aantal * 1e6:6.0f} µs" if db_pid else "")
        )
    ratio = uitslag["zelfstandigenloket"] / uitslag["kaal"]
    print(f"{'ratio':>20}: {ratio:8.2f}  (doel >= 0.5 en >= 800/s)")
    # CPU per request barely moves with other load on the machine, unlike requests per second.
    print(f"{'CPU-ratio':>20}: {cpu['kaal'] / cpu['zelfstandigenloket']:8.2f}  (server-CPU kaal / ons per aanvraag)")


if __name__ == "__main__":
    main()
