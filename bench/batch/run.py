"""Batch of decision letters through pgqueuer workers vs the bare renderer, in one run.

Fills a fresh database with N decided cases that each have one unrendered letter (varied as in
`bench.decisions`: name, address, case number, IBAN, income), times the bare
loop `Renderer().render(brief)` over the same N letters in this process (one core), then starts a
batch (`start_batch`) and W `brieven-worker` processes and times until every letter has its PDF.
Reports letters/s, the ratio per worker against the bare loop, and each worker's memory (RSS) at
the start and the end of the batch.

    .venv/bin/python -m bench.batch.run --aantal 2000 --workers 2
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

import asyncpg

from app import pgembedded
from app.cli import migreer
from app.config import ROOT
from app.db import create_engine
from app.decisions import opslag
from app.decisions.letters import ToekenningLevensonderhoud
from app.decisions.render import Renderer
from app.workflows import batches
from bench.decisions.run import brieven_maken
from bench.submit.run import _cpu_seconden, _maak_database, _postmaster, vrije_poort


def _brieven(aantal: int) -> list[ToekenningLevensonderhoud]:
    """Letters that differ as a real batch's do (name, address, case number, IBAN, income and so
    the amounts): the same as bench.decisions, so both figures are about the same letters."""
    return brieven_maken(aantal)


async def _vul(url: str, brieven: list[ToekenningLevensonderhoud]) -> None:
    """The decided cases and their letters. The stuurinformatie summaries are built once
    afterwards, as `bench.werkvoorraad` does: row by row, with all cases by one applicant, every
    insert updated the same counter row and the fill of 100,000 took longer than the batch."""
    nu = datetime.now(UTC)
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("ALTER TABLE stuurinformatie DISABLE TRIGGER tr_si_samenvatten")
        ids = [uuid.uuid4() for _ in brieven]
        await conn.executemany(
            "INSERT INTO aanvragen (id, referentie, gemeente, regeling, status, kanaal, ingediend_door, "
            "aanvraagdatum, ontvangen_op, bsn, gegevens, gewijzigd_op) VALUES ($1, $2, '0034', "
            "'tozo-levensonderhoud', 'toegekend', 'digitaal', 'bench', $3, $4, '999991012', '{}'::jsonb, $4)",
            [(i, b.referentie.zaaknummer, b.referentie.aanvraagdatum, nu) for i, b in zip(ids, brieven, strict=True)],
        )
        await conn.executemany(
            "INSERT INTO beschikkingen (aanvraag_id, nummer, soort, besloten_op, briefdatum, inhoud) "
            "VALUES ($1, 1, 'toekenning_levensonderhoud', $4, $3, $2::jsonb)",
            [
                (i, json.dumps(opslag.naar_dict(b)), b.referentie.briefdatum, nu)
                for i, b in zip(ids, brieven, strict=True)
            ],
        )
        await conn.execute("ALTER TABLE stuurinformatie ENABLE TRIGGER tr_si_samenvatten")
        await conn.execute("SELECT si_samenvatting_opbouwen()")
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for regel in f:
                if regel.startswith("VmRSS:"):
                    return int(regel.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return float("nan")


def _workers(url: str, workers: int) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "DATABASE_URL": url, "ZL_LOG_LEVEL": "warning"}
    return [
        subprocess.Popen([sys.executable, "-m", "app.cli", "brieven-worker"], env=env, cwd=ROOT) for _ in range(workers)
    ]


async def _batch(
    url: str, aantal: int, procs: list[subprocess.Popen[bytes]], db_pid: int | None
) -> tuple[float, list[tuple[float, float, float]], tuple[int, int], list[float]]:
    """Duration, each worker's RSS (start, halfway, end), WAL (flushes, bytes) and the CPU
    seconds of each worker and then the database during the batch."""
    await asyncio.sleep(3)  # workers up (fonts loaded) before the clock starts
    start_rss = [_rss_mb(p.pid) for p in procs]
    pids = [p.pid for p in procs] + ([db_pid] if db_pid else [])
    cpu0 = [_cpu_seconden(pid) for pid in pids]
    engine = create_engine(url, 2)
    conn = await asyncpg.connect(url)
    try:
        wal0 = await _wal(conn)
        t0 = time.perf_counter()
        batch = await batches.start_batch(engine, "openstaande-brieven", "bench", datetime.now(UTC), ["0034"])
        midden: list[float] = []
        while (klaar := (await batches.lees_batch(engine, batch.id, ["0034"])).klaar) < aantal:
            if not midden and klaar >= aantal // 2:
                midden = [_rss_mb(p.pid) for p in procs]
            await asyncio.sleep(0.1)
        duur = time.perf_counter() - t0
        cpu = [_cpu_seconden(pid) - c for pid, c in zip(pids, cpu0, strict=True)]
        await asyncio.sleep(1.5)  # backends report their WAL statistics at most once a second
        wal1 = await _wal(conn)
        eind_rss = [_rss_mb(p.pid) for p in procs]
        dubbel = await conn.fetchval("SELECT count(*) - count(DISTINCT aanvraag_id) FROM beschikkingen")
        assert dubbel == 0
    finally:
        await conn.close()
        await engine.dispose()
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(60)
    return (
        duur,
        list(zip(start_rss, midden or eind_rss, eind_rss, strict=True)),
        (wal1[0] - wal0[0], wal1[1] - wal0[1]),
        cpu,
    )


async def _wal(conn: asyncpg.Connection) -> tuple[int, int]:
    """(WAL flushes to disk, WAL bytes) of the whole server so far: the bench's server has no other
    users, and unlike time these do not move with the load."""
    await conn.execute("SELECT pg_stat_clear_snapshot()")
    # PostgreSQL 18 counts WAL fsyncs in pg_stat_io (pg_stat_wal.wal_sync is gone).
    rij = await conn.fetchrow(
        "SELECT (SELECT coalesce(sum(fsyncs), 0) FROM pg_stat_io WHERE object = 'wal') AS syncs, "
        "(SELECT wal_bytes FROM pg_stat_wal) AS bytes"
    )
    assert rij is not None
    return int(rij["syncs"]), int(rij["bytes"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aantal", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--kaal", type=int, help="time the bare loop over this many of the letters (default: all of them)"
    )
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL") or pgembedded.ensure_running(
        ROOT / "var" / "bench-pg", vrije_poort(), durable=True
    )
    url = asyncio.run(_maak_database(server))
    migreer(url)
    brieven = _brieven(args.aantal)
    asyncio.run(_vul(url, brieven))

    renderer = Renderer()
    renderer.render(brieven[0])  # warm: fonts and templates
    steekproef = brieven[: args.kaal or args.aantal]
    t0 = time.perf_counter()
    for b in steekproef:
        renderer.render(b)
    kaal = len(steekproef) / (time.perf_counter() - t0)

    kaal_ms = 1000 / kaal
    db_pid = _postmaster(server)
    duur, rss, (flushes, wal), cpu = asyncio.run(_batch(url, args.aantal, _workers(url, args.workers), db_pid))
    batch = args.aantal / duur
    print(f"letters: {args.aantal}, workers: {args.workers}, cores: {os.cpu_count()}")
    print(f"bare render loop (1 process): {kaal:8.1f} letters/s  (over {len(steekproef)} letters)")
    print(f"batch via pgqueuer          : {batch:8.1f} letters/s  ({duur:.1f} s)")
    print(f"ratio batch / bare          : {batch / kaal:8.2f}  (per worker {batch / kaal / args.workers:.2f})")
    print(f"WAL per letter              : {flushes / args.aantal:8.2f} flushes, {wal / args.aantal:,.0f} bytes")
    per_brief = [c * 1000 / args.aantal for c in cpu]
    print(
        f"CPU per letter              : workers {sum(per_brief[: args.workers]):.2f} ms"
        f" (bare render {kaal_ms:.2f} ms)" + (f", database {per_brief[-1]:.2f} ms" if db_pid else "")
    )
    for n, (begin, midden, eind) in enumerate(rss):
        print(f"worker {n} RSS: {begin:.0f} MB at start, {midden:.0f} MB halfway, {eind:.0f} MB at the end")


if __name__ == "__main__":
    main()
