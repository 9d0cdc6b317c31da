"""Submit throughput: our POST /aanvragen (validated, idempotent, audited, logged) against a bare
FastAPI endpoint doing one asyncpg INSERT of the same JSON, on the same database, in one run.

    .venv/bin/python -m bench.submit.run [--aantal 6000] [--gelijktijdig 32]

Each server runs as its own uvicorn process (one worker); the load comes from a small keep-alive
HTTP/1.1 client in this process, so client overhead is the same for both."""

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
    return server.rpartition("/")[0] + "/" + naam


def _start(module: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", module, "--port", str(port), "--log-level", "warning", "--no-access-log"]
    if module.endswith(")"):
        cmd = [*cmd[:3], "--factory", module[:-2], *cmd[4:]]
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
            statusregel = await reader.readline()
            lengte = 0
            while (regel := await reader.readline()) not in (b"\r\n", b""):
                naam, _, waarde = regel.partition(b":")
                if naam.strip().lower() == b"content-length":
                    lengte = int(waarde)
            await reader.readexactly(lengte)
            statussen.append(int(statusregel.split()[1]))
    finally:
        writer.close()


def _verzoek(port: int, body: bytes, token: str) -> bytes:
    return (
        f"POST /api/v1/aanvragen HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nIdempotency-Key: {uuid.uuid4()}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _meet(port: int, token: str, aantal: int, gelijktijdig: int) -> tuple[float, list[int]]:
    body = json.dumps(voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud())).encode()
    # Warm-up: connections, caches, prepared statements.
    await _ronde(port, [_verzoek(port, body, token) for _ in range(300)], gelijktijdig)
    verzoeken = [_verzoek(port, body, token) for _ in range(aantal)]
    start = time.perf_counter()
    statussen = await _ronde(port, verzoeken, gelijktijdig)
    return time.perf_counter() - start, statussen


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
    args = parser.parse_args()

    server = os.environ.get("DATABASE_URL") or pgembedded.ensure_running(
        ROOT / "var" / "bench-pg", vrije_poort(), durable=True
    )
    url = asyncio.run(_maak_database(server))
    migreer(url)
    settings = Settings(database_url=url)
    token = maak_ontwikkeltoken(settings, "bench-loket", ["loket"], ["0363"])
    uitslag: dict[str, float] = {}
    for naam, module, env in (
        ("kaal", "bench.submit.baseline:app", {"BENCH_DATABASE_URL": url}),
        ("zelfstandigenloket", "app.main:create_app()", {"DATABASE_URL": url, "ZL_LOG_LEVEL": "warning"}),
    ):
        port = vrije_poort()
        proc = _start(module, port, env)
        try:
            duur, statussen = asyncio.run(_meet(port, token, args.aantal, args.gelijktijdig))
        finally:
            proc.terminate()
            proc.wait(30)
        fout = [s for s in statussen if s != 201]
        if fout or len(statussen) != args.aantal:
            raise SystemExit(f"{naam}: {len(fout)} antwoorden zonder 201 ({sorted(set(fout))})")
        uitslag[naam] = args.aantal / duur
        print(f"{naam:>20}: {uitslag[naam]:8.0f} aanvragen/s ({args.aantal} in {duur:.2f} s)")
    ratio = uitslag["zelfstandigenloket"] / uitslag["kaal"]
    print(f"{'ratio':>20}: {ratio:8.2f}  (doel >= 0.5 en >= 800/s)")


if __name__ == "__main__":
    main()
