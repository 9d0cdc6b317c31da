"""Work queue at scale: 1,000,000 applications in the database, 50 concurrent workers claiming the
next case and reading it through the real HTTP API; p50 and p99 of claim and of case read, next to
a bare asyncpg baseline in the same run (`SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1` plus the
claim UPDATE, and a `SELECT` of the row by id), with the EXPLAIN ANALYZE of our claim query.

    .venv/bin/python -m bench.werkvoorraad.run [--aantal 1000000] [--werkers 50] [--rondes 40]
        [--servers 2] [--denktijd 0] [--hergebruik URL]

The loader writes synthetic applications with COPY (binary, via asyncpg): most decided, a tenth
waiting in the human stages, over ten municipalities. Each worker is one municipality's employee
who claims, reads and then releases the case (the release is not timed), so at most one claim per
worker is outstanding, as in real use: a colleague holds one case per queue at a time.

Closed loop by default (the headline figure): every worker sends its next request the moment the
previous answer is in, so 50 workers keep the machine as busy as it can be. `--denktijd S` is the
variant of 50 people at work: after opening a case a person reads it and after releasing it
turns to something else, pauses drawn at random around S seconds (exponential, mean S), for the
API and for the baseline alike. People do not start at the same instant either: each begins after
such a pause, so the run measures a working day's steady state, not 50 claims fired at once at t=0
(with 20 rounds those first 50 were 5 % of the samples: the whole p99).

The API runs as `--servers` uvicorn processes (default: one per core, as `serve --workers`);
the HTTP client is a small keep-alive HTTP/1.1 client (one connection per worker), so that what
is measured is the service and not an HTTP library sharing its two cores. The baseline stays bare
asyncpg without HTTP: what the database alone needs for the same claim and read.
Besides latencies the run prints the CPU time the API processes and the database used per round
(claim + read + release), which moves far less with other load on the machine than latency."""

import argparse
import asyncio
import json
import os
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from app import pgembedded
from app.auth import maak_ontwikkeltoken
from app.cli import migreer
from app.config import ROOT, Settings
from app.workflows.werkvoorraad import Stadium, _kies
from bench.submit.run import _cpu_seconden, _maak_database, _start, vrije_poort
from tests import voorbeelden

GEMEENTEN = tuple(f"{9100 + i}" for i in range(10))
# Where a million applications are, a year after the start: most decided, a tenth waiting.
STATUSSEN = (
    ("toegekend", 0.62),
    ("afgewezen", 0.15),
    ("gedeeltelijk_toegekend", 0.06),
    ("buiten_behandeling", 0.04),
    ("ingetrokken", 0.03),
    ("te_controleren", 0.05),
    ("te_beoordelen", 0.03),
    ("te_reviewen", 0.01),
    ("hersteltermijn", 0.005),
    ("in_verificatie", 0.005),
)
KOLOMMEN = (
    "id",
    "referentie",
    "gemeente",
    "regeling",
    "status",
    "kanaal",
    "ingediend_door",
    "aanvraagdatum",
    "ontvangen_op",
    "bsn",
    "gegevens",
    "versie",
    "gewijzigd_op",
    "gecontroleerd_door",
    "beoordeeld_door",
    "gereviewd_door",
    "beslistermijn_einde",
    "streefdatum",
)
BLOK = 50_000


def _rijen(van: int, tot: int, gegevens: str) -> list[tuple[Any, ...]]:
    rnd = random.Random(van)
    statussen, gewichten = zip(*STATUSSEN, strict=True)
    basis = datetime(2020, 4, 1, 9, tzinfo=UTC)
    rijen = []
    for n in range(van, tot):
        status = rnd.choices(statussen, gewichten)[0]
        ontvangen = basis + timedelta(minutes=n // 3)
        wacht = status in ("te_controleren", "te_beoordelen", "te_reviewen", "hersteltermijn")
        besloten = status in ("toegekend", "afgewezen", "gedeeltelijk_toegekend")
        rijen.append(
            (
                uuid.UUID(int=rnd.getrandbits(128), version=4),
                f"TOZO-B-{n:08d}",
                GEMEENTEN[n % len(GEMEENTEN)],
                "tozo-levensonderhoud",
                status,
                "digitaal",
                "bench",
                ontvangen.date(),
                ontvangen,
                "999991012",
                gegevens if wacht else "{}",
                1,
                ontvangen,
                "controleur-x" if besloten or status in ("te_beoordelen", "te_reviewen") else None,
                "consulent-y" if besloten or status == "te_reviewen" else None,
                "reviewer-z" if status in ("afgewezen", "gedeeltelijk_toegekend") else None,
                ontvangen.date() + timedelta(weeks=8) if wacht or besloten else None,
                ontvangen.date() + timedelta(weeks=4) if wacht or besloten else None,
            )
        )
    return rijen


async def laad(url: str, aantal: int) -> float:
    """COPY `aantal` synthetic applications; returns the seconds it took (ANALYZE included).
    The stuurinformatie summaries are built once afterwards instead of row by row (the per-row
    trigger, ~3 ms a case, would make the load take most of an hour); the end state is the same,
    and during the measured rounds every trigger is on, as in the service."""
    gegevens = json.dumps(voorbeelden.tozo_levensonderhoud())
    conn = await asyncpg.connect(url)
    start = time.perf_counter()
    try:
        await conn.execute("ALTER TABLE stuurinformatie DISABLE TRIGGER tr_si_samenvatten")
        for van in range(0, aantal, BLOK):
            rijen = _rijen(van, min(aantal, van + BLOK), gegevens)
            await conn.copy_records_to_table("aanvragen", records=rijen, columns=KOLOMMEN)
        await conn.execute("ALTER TABLE stuurinformatie ENABLE TRIGGER tr_si_samenvatten")
        await conn.execute("SELECT si_samenvatting_opbouwen()")
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return time.perf_counter() - start


def _p(waarden: list[float], q: float) -> float:
    return statistics.quantiles(waarden, n=100, method="inclusive")[int(q) - 1] if len(waarden) > 1 else waarden[0]


def _regel(naam: str, ms: list[float]) -> str:
    return f"{naam:>34}: p50 {_p(ms, 50):6.2f} ms  p99 {_p(ms, 99):6.2f} ms  (n={len(ms)})"


async def _pauze(rnd: random.Random, denktijd: float) -> None:
    if denktijd > 0:
        await asyncio.sleep(rnd.expovariate(1 / denktijd))


async def kaal(url: str, werkers: int, rondes: int, denktijd: float) -> tuple[list[float], list[float]]:
    """The bare claim and read: one asyncpg connection per worker, same queue, same rows."""
    pool = await asyncpg.create_pool(url, min_size=werkers, max_size=werkers)
    claims: list[float] = []
    lezingen: list[float] = []

    async def werker(w: int) -> None:
        gemeente = [GEMEENTEN[w % len(GEMEENTEN)]]
        rnd = random.Random(w)
        async with pool.acquire() as conn:
            await _pauze(rnd, denktijd)
            for _ in range(rondes):
                t0 = time.perf_counter()
                async with conn.transaction():
                    rij = await conn.fetchrow(
                        "SELECT id FROM aanvragen WHERE status = 'te_controleren' AND gemeente = ANY($1) "
                        "AND (claim_tot IS NULL OR claim_tot <= now()) ORDER BY beslistermijn_einde, ontvangen_op "
                        "LIMIT 1 FOR UPDATE SKIP LOCKED",
                        gemeente,
                    )
                    assert rij is not None
                    await conn.execute(
                        "UPDATE aanvragen SET behandelaar = $2, claim_tot = now() + interval '30 minutes' "
                        "WHERE id = $1",
                        rij["id"],
                        f"kaal-{w}",
                    )
                t1 = time.perf_counter()
                await conn.fetchrow("SELECT * FROM aanvragen WHERE id = $1", rij["id"])
                t2 = time.perf_counter()
                await _pauze(rnd, denktijd)
                await conn.execute("UPDATE aanvragen SET behandelaar = NULL, claim_tot = NULL WHERE id = $1", rij["id"])
                claims.append((t1 - t0) * 1000)
                lezingen.append((t2 - t1) * 1000)
                await _pauze(rnd, denktijd)

    await asyncio.gather(*(werker(w) for w in range(werkers)))
    await pool.close()
    return claims, lezingen


class Verbinding:
    """One keep-alive HTTP/1.1 connection: a request out, the whole answer in."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @staticmethod
    async def open(port: int) -> "Verbinding":
        return Verbinding(*await asyncio.open_connection("127.0.0.1", port))

    async def vraag(self, verzoek: bytes) -> tuple[int, bytes]:
        self.writer.write(verzoek)
        kop = (await self.reader.readuntil(b"\r\n\r\n")).lower()
        lengte = 0
        if b"content-length:" in kop:
            begin = kop.index(b"content-length:") + 15
            lengte = int(kop[begin : kop.index(b"\r\n", begin)])
        return int(kop[9:12]), await self.reader.readexactly(lengte)

    def sluit(self) -> None:
        self.writer.close()


def _verzoek(methode: str, pad: str, port: int, token: str) -> bytes:
    return (
        f"{methode} {pad} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


async def via_api(
    port: int, settings: Settings, werkers: int, rondes: int, denktijd: float
) -> tuple[list[float], list[float]]:
    tokens = [
        maak_ontwikkeltoken(settings, f"controleur-{w}", ["controleur"], [GEMEENTEN[w % len(GEMEENTEN)]])
        for w in range(werkers)
    ]
    claims: list[float] = []
    lezingen: list[float] = []
    verbindingen = [await Verbinding.open(port) for _ in range(werkers)]

    async def werker(w: int, meten: bool) -> None:
        http, token, rnd = verbindingen[w], tokens[w], random.Random(1000 + w)
        claim = _verzoek("POST", "/api/v1/werkvoorraad/controleur/claims", port, token)
        if meten:
            await _pauze(rnd, denktijd)
        for _ in range(rondes if meten else 1):
            t0 = time.perf_counter()
            status, body = await http.vraag(claim)
            t1 = time.perf_counter()
            assert status == 201, body
            zaak = json.loads(body)["id"]
            status, body = await http.vraag(_verzoek("GET", f"/api/v1/aanvragen/{zaak}", port, token))
            t2 = time.perf_counter()
            assert status == 200, body
            if meten:
                await _pauze(rnd, denktijd)
            pad = f"/api/v1/werkvoorraad/controleur/claims/{zaak}"
            status, body = await http.vraag(_verzoek("DELETE", pad, port, token))
            assert status == 204, body
            if meten:
                claims.append((t1 - t0) * 1000)
                lezingen.append((t2 - t1) * 1000)
                await _pauze(rnd, denktijd)

    try:
        await asyncio.gather(*(werker(w, False) for w in range(werkers)))  # warm-up: connections, caches
        await asyncio.gather(*(werker(w, True) for w in range(werkers)))
    finally:
        for v in verbindingen:
            v.sluit()
    return claims, lezingen


async def plan(url: str) -> str:
    """EXPLAIN ANALYZE of the claim query our API runs, as a consulent of one municipality."""
    conn = await asyncpg.connect(url)
    try:
        regels = await conn.fetch(
            f"EXPLAIN (ANALYZE, BUFFERS) {_kies(Stadium.controleur, True)}", "uitleg", GEMEENTEN[0], datetime.now(UTC)
        )
        return "\n".join(r[0] for r in regels)
    finally:
        await conn.close()


def _ouder(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rpartition(")")[2].split()[1])
    except (FileNotFoundError, ValueError):
        return None


async def _postmaster(url: str) -> int | None:
    """The database server's process on this machine (its backends are its children), if local."""
    conn = await asyncpg.connect(url)
    try:
        return _ouder(int(await conn.fetchval("SELECT pg_backend_pid()")))
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aantal", type=int, default=1_000_000)
    parser.add_argument("--werkers", type=int, default=50)
    parser.add_argument("--rondes", type=int, default=40)
    parser.add_argument("--servers", type=int, default=os.cpu_count() or 1, help="uvicorn processes for the API")
    parser.add_argument("--denktijd", type=float, default=0.0, help="mean pause in seconds between a person's actions")
    parser.add_argument("--hergebruik", help="URL of a database this benchmark loaded before: skip the load.")
    args = parser.parse_args()

    if args.hergebruik:
        url = args.hergebruik
    else:
        server = os.environ.get("DATABASE_URL") or pgembedded.ensure_running(
            ROOT / "var" / "bench-pg", vrije_poort(), durable=True
        )
        url = asyncio.run(_maak_database(server))
        migreer(url)
        duur = asyncio.run(laad(url, args.aantal))
        print(f"{'geladen':>34}: {args.aantal:,} aanvragen in {duur:.1f} s ({args.aantal / duur:,.0f}/s, COPY)")
        print(f"{'database':>34}: {url}", flush=True)
    print(asyncio.run(plan(url)), flush=True)
    postmaster = asyncio.run(_postmaster(url))

    kaal_claims, kaal_lezingen = asyncio.run(kaal(url, args.werkers, args.rondes, args.denktijd))
    print(_regel("claim, kaal (asyncpg)", kaal_claims), flush=True)
    settings = Settings(database_url=url)
    port = vrije_poort()
    proc = _start(
        "app.main:create_app()",
        port,
        # Keep-alive longer than the slowest round: an idle connection closed by the server mid-use
        # is a client error, not a latency. Each process gets its own pool.
        {
            "DATABASE_URL": url,
            "ZL_LOG_LEVEL": "warning",
            "ZL_DB_POOL_SIZE": str(max(1, args.werkers // args.servers)),
            "UVICORN_TIMEOUT_KEEP_ALIVE": "300",
        },
        args.servers,
    )
    try:
        cpu_api, cpu_db = _cpu_seconden(proc.pid), _cpu_seconden(postmaster) if postmaster else 0.0
        api_claims, api_lezingen = asyncio.run(via_api(port, settings, args.werkers, args.rondes, args.denktijd))
        cpu_api = _cpu_seconden(proc.pid) - cpu_api
        cpu_db = (_cpu_seconden(postmaster) - cpu_db) if postmaster else 0.0
    finally:
        proc.terminate()
        proc.wait(30)
    rondes = args.werkers * (args.rondes + 1)  # with the warm-up round
    soort = "gesloten lus" if args.denktijd <= 0 else f"denktijd gemiddeld {args.denktijd:g} s"
    print(
        f"{args.werkers} werkers tegelijk ({soort}), {args.rondes} rondes elk, {args.aantal:,} aanvragen, "
        f"{args.servers} API-processen:"
    )
    print(_regel("claim, kaal (asyncpg)", kaal_claims))
    print(_regel("claim, API", api_claims))
    print(_regel("aanvraag lezen, kaal (asyncpg)", kaal_lezingen))
    print(_regel("aanvraag lezen, API", api_lezingen))
    for naam, api, basis in (("claim", api_claims, kaal_claims), ("lezen", api_lezingen, kaal_lezingen)):
        print(
            f"{'ratio ' + naam:>34}: p50 {_p(api, 50) / _p(basis, 50):5.1f}x  p99 {_p(api, 99) / _p(basis, 99):5.1f}x"
            "  (doel API: p50 <= 10 ms, p99 <= 30 ms)"
        )
    print(
        f"{'CPU per ronde (claim+lezen+vrij)':>34}: API-processen {cpu_api / rondes * 1e6:,.0f} µs, "
        f"database {cpu_db / rondes * 1e6:,.0f} µs" + ("" if postmaster else " (database niet lokaal: niet gemeten)")
    )


if __name__ == "__main__":
    main()
