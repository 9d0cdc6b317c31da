"""A whole municipality end to end, through the public HTTP API only, against the service as an
operator runs it (`zelfstandigenloket serve`: API, register simulators, verification worker,
letter worker) on its own embedded PostgreSQL.

The loket submits N applications (bench/e2e/aanvragen.py), staff in pairs work the queues,
the loket supplies what a herstelverzoek asks, a batch makes every letter that is still missing.
Prints when each stage was done and the total; then checks that every application has exactly
one final decision and one rendered letter, that nobody checked, assessed or reviewed the same
case twice, and that the amounts booked are the rules engine's (the verification's outcome, and
`POST /api/v1/proefberekeningen` where the registers agree with the applicant).

    .venv/bin/python -m bench.e2e.run --aantal 1000 [--medewerkers 12] [--storingen]

`--storingen`: the BRP simulator down for a minute early in the intake, the API process
(serve with its workers; the register simulators run apart and stay up) restarted halfway the
intake, the database restarted halfway the decisions, a letter worker
killed with kill -9 while letters are being made (serve starts it again)."""

import argparse
import asyncio
import json
import os
import signal
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import asyncpg
import uvloop
from sqlalchemy.engine import make_url

from app import pgembedded
from app.auth import maak_ontwikkeltoken
from app.config import ROOT, Settings
from app.db import met_database
from bench.dienst import Dienst, vrije_poort
from bench.e2e import aanvragen
from bench.e2e.medewerkers import Medewerker, Staat, aanvuller, loket, verzoek

PGDATA = ROOT / "var" / "bench-e2e-pg"
BESLOTEN = ("toegekend", "gedeeltelijk_toegekend", "afgewezen", "buiten_behandeling")


@dataclass
class Voortgang:
    start: float = field(default_factory=time.monotonic)
    mijlpalen: dict[str, float] = field(default_factory=dict)
    tellingen: dict[str, int] = field(default_factory=dict)
    bereikt: defaultdict[str, asyncio.Event] = field(default_factory=lambda: defaultdict(asyncio.Event))

    def markeer(self, naam: str) -> None:
        if naam not in self.mijlpalen:
            self.mijlpalen[naam] = time.monotonic() - self.start
            self.bereikt[naam].set()
            print(f"  {self.mijlpalen[naam]:7.1f}s  {naam}", flush=True)

    async def wacht(self, naam: str, *taken: asyncio.Task[Any], stilstand: float = 600.0) -> None:
        """Until the milestone; raises when a task fails or nothing moved for `stilstand` seconds
        (a process that did not survive a fault: the run says so instead of hanging)."""
        mijlpaal = asyncio.ensure_future(self.bereikt[naam].wait())
        gezien, sinds = dict(self.tellingen), time.monotonic()
        while not mijlpaal.done():
            klaar, _ = await asyncio.wait([mijlpaal, *taken], timeout=5, return_when=asyncio.FIRST_COMPLETED)
            if self.tellingen != gezien:
                gezien, sinds = dict(self.tellingen), time.monotonic()
            elif time.monotonic() - sinds > stilstand:
                mijlpaal.cancel()
                raise RuntimeError(f"geen voortgang in {stilstand:.0f}s voor '{naam}': {self.tellingen}")
            for t in klaar:
                if t is not mijlpaal and t.exception() is not None:
                    mijlpaal.cancel()
                    raise t.exception()  # type: ignore[misc]
            taken = tuple(t for t in taken if not t.done())


async def _tel(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(url, timeout=5)
    try:
        r = await conn.fetchrow(
            "SELECT count(*) AS ingediend, "
            "count(*) FILTER (WHERE status IN ('ontvangen', 'in_verificatie')) AS in_verificatie, "
            "count(*) FILTER (WHERE status = ANY($1::text[])) AS besloten, "
            "(SELECT count(*) FROM beschikkingen WHERE pdf IS NOT NULL) AS brieven FROM aanvragen",
            list(BESLOTEN),
        )
        return dict(r)
    finally:
        await conn.close()


async def monitor(url: str, n: int, v: Voortgang, stop: asyncio.Event) -> None:
    """Measurement only (straight from the database); the simulation itself uses the API."""
    while not stop.is_set():
        try:
            t = await _tel(url)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            await asyncio.sleep(0.5)
            continue
        v.tellingen = t
        if t["ingediend"] >= n:
            v.markeer("intake: alle aanvragen ingediend")
            if t["in_verificatie"] == 0:
                v.markeer("verificatie: alle aanvragen bij de registers nagegaan")
        if t["besloten"] >= n:
            v.markeer("behandeling: elke aanvraag besloten")
        if t["brieven"] >= n:
            v.markeer("brieven: elke beschikking gemaakt")
        # Not more often: the counts read every case (36 ms at 20,000), on the cores measured.
        await asyncio.sleep(2.0)


class Storingen:
    """Faults at fixed points of progress, each once."""

    def __init__(self, dienst: Dienst, pg_poort: int, n: int, v: Voortgang) -> None:
        self.dienst = dienst
        self.pg_poort = pg_poort
        self.n = n
        self.v = v
        self.gedaan: set[str] = set()
        self.log: list[str] = []

    def _meld(self, tekst: str) -> None:
        self.log.append(f"{time.monotonic() - self.v.start:7.1f}s  {tekst}")
        print(f"  {self.log[-1]}  [storing]", flush=True)

    async def bewaak(self, stop: asyncio.Event) -> None:
        stappen: list[tuple[str, Callable[[dict[str, int]], bool], Callable[[], Any]]] = [
            ("brp", lambda t: t.get("ingediend", 0) >= self.n * 0.1, self._brp_down),
            ("api", lambda t: t.get("ingediend", 0) >= self.n * 0.5, self._api_herstart),
            ("database", lambda t: t.get("besloten", 0) >= self.n * 0.5, self._database_herstart),
            ("brievenwerker", lambda t: t.get("brieven", 0) >= self.n * 0.3, self._kill_brievenwerker),
        ]
        while not stop.is_set():
            for naam, wanneer, actie in stappen:
                if naam not in self.gedaan and wanneer(self.v.tellingen):
                    self.gedaan.add(naam)
                    await actie()
            await asyncio.sleep(0.5)

    async def _brp(self, modus: str) -> None:
        url = f"{self.dienst.simulator}/_beheer/storingen"
        async with aiohttp.ClientSession() as c:
            verzoek = c.post(url, json={"register": "brp", "modus": "down"}) if modus == "down" else c.delete(url)
            async with verzoek as r:
                r.raise_for_status()

    async def _brp_down(self) -> None:
        await self._brp("down")
        self._meld("BRP-simulator down")

        async def herstel() -> None:
            await asyncio.sleep(60)
            self.gedaan.add("brp-op")
            await self._brp("normaal")
            self._meld("BRP-simulator weer op")

        asyncio.get_running_loop().create_task(herstel())

    async def _api_herstart(self) -> None:
        self._meld("API-proces (serve) herstart")
        await asyncio.to_thread(self.dienst.herstart)
        self._meld("API-proces weer op")

    async def _database_herstart(self) -> None:
        self._meld("database herstart")
        await asyncio.to_thread(pgembedded.stop, PGDATA)
        await asyncio.to_thread(pgembedded.ensure_running, PGDATA, self.pg_poort)
        self._meld("database weer op")

    async def _kill_brievenwerker(self) -> None:
        pid = self.dienst.kinderen().get("brieven-worker")
        if pid is None:
            return
        os.kill(pid, signal.SIGKILL)
        # serve starts another; the killed one's job is picked up again after its heartbeat.
        self._meld(f"brieven-worker {pid} gestopt met kill -9")


async def _maak_database(server: str) -> str:
    naam = f"zl_e2e_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(server)
    try:
        await conn.execute(f'CREATE DATABASE "{naam}"')
    finally:
        await conn.close()
    return met_database(server, naam)


async def _wal_stand(server: str) -> tuple[int, int]:
    """(WAL bytes, full-page images) written by the server so far."""
    conn = await asyncpg.connect(server)
    try:
        row = await conn.fetchrow("SELECT wal_bytes::bigint, wal_fpi FROM pg_stat_wal")
    finally:
        await conn.close()
    assert row is not None
    return int(row[0]), int(row[1])


def _kop(settings: Settings, sub: str, *rollen: str) -> dict[str, str]:
    t = maak_ontwikkeltoken(settings, sub, list(rollen), [aanvragen.LELYSTAD], geldig_seconden=24 * 3600)
    return {"Authorization": f"Bearer {t}"}


async def simulatie(args: argparse.Namespace, dienst: Dienst, db: str, pg_poort: int) -> Staat:
    settings = Settings()
    staat = Staat(aanvragen.maak(args.aantal, args.seed))
    v = Voortgang()
    stop = asyncio.Event()
    verbindingen = aiohttp.TCPConnector(limit=args.medewerkers + args.loket + 8)
    async with aiohttp.ClientSession(dienst.url, connector=verbindingen, timeout=aiohttp.ClientTimeout(60)) as http:
        lead = _kop(settings, "teamleider-e2e", "teamleider")
        subs = [f"medewerker-{i:02d}" for i in range(args.medewerkers)]
        for a, b in zip(subs[::2], subs[1::2], strict=False):
            body = {"gemeente": aanvragen.LELYSTAD, "medewerkers": [a, b]}
            r = await verzoek(http, staat, "POST", "/api/v1/werkvoorraad/koppels", json=body, headers=lead)
            assert r.status_code == 201, r.text
        taken = [asyncio.create_task(monitor(db, args.aantal, v, stop))]
        storingen = Storingen(dienst, pg_poort, args.aantal, v) if args.storingen else None
        if storingen:
            taken.append(asyncio.create_task(storingen.bewaak(stop)))
        loket_kop = _kop(settings, "loket-e2e", "loket")
        taken.append(asyncio.create_task(aanvuller(http, staat, loket_kop)))
        rollen = ("controleur", "consulent", "reviewer")
        staf = [Medewerker(http, staat, s, _kop(settings, s, *rollen), args.seed + i) for i, s in enumerate(subs)]
        werk = [asyncio.create_task(m.werk()) for m in staf]
        await loket(http, staat, loket_kop, args.loket)
        await v.wacht("behandeling: elke aanvraag besloten", *werk, *taken)
        staat.klaar.set()
        await asyncio.gather(*werk)
        # The batch operator: every letter without a PDF (e.g. the killed worker's) made now.
        operator = _kop(settings, "batch-e2e", "batch")
        r = await verzoek(
            http, staat, "POST", "/api/v1/batches", json={"soort": "openstaande-brieven"}, headers=operator
        )
        assert r.status_code == 201, r.text
        batch = r.json()
        print(f"  batch {batch['id']}: {batch['totaal']} brieven nog te maken", flush=True)
        await v.wacht("brieven: elke beschikking gemaakt", *taken)
        stop.set()
        for t in taken:
            t.cancel()
        await asyncio.gather(*taken, return_exceptions=True)
        await controleer_bedragen(http, staat, settings, db)
    return staat


async def controleer_bedragen(http: aiohttp.ClientSession, staat: Staat, settings: Settings, db: str) -> None:
    """The amounts booked per month are those of the rules: the verification's outcome for every
    case, and a fresh `POST /proefberekeningen` where the registers agree with the applicant."""
    conn = await asyncpg.connect(db)
    try:
        rijen = await conn.fetch(
            "SELECT a.id, v.regeluitkomst, v.tijdstip, "
            "(SELECT json_object_agg(to_char(b.maand, 'YYYY-MM'), b.som) FROM (SELECT maand, sum(bedrag_cent) AS som "
            " FROM betalingen WHERE aanvraag_id = a.id AND maand IS NOT NULL GROUP BY maand) b) AS geboekt "
            "FROM aanvragen a JOIN LATERAL (SELECT regeluitkomst, tijdstip FROM verificaties WHERE aanvraag_id = a.id "
            "ORDER BY tijdstip DESC LIMIT 1) v ON true WHERE a.regeling = 'tozo-levensonderhoud'"
        )
    finally:
        await conn.close()
    lezer = _kop(settings, "controle-e2e", "consulent")
    fout: list[str] = []
    proef = 0
    for rij in rijen:
        uitkomst = json.loads(rij["regeluitkomst"])
        geboekt = {m: int(b) for m, b in json.loads(rij["geboekt"] or "{}").items() if b}
        regels = {m["maand"]: int(m["bedrag"]) for m in uitkomst["maanden"] if m["toegekend"] and m["bedrag"]}
        if geboekt != regels:
            fout.append(f"{rij['id']}: geboekt {geboekt}, regels {regels}")
        plan = staat.plannen[staat.ids[str(rij["id"])]]
        if plan.registers_eens:
            peildatum = rij["tijdstip"].date().isoformat()
            r = await verzoek(
                http, staat, "POST", f"/api/v1/proefberekeningen?peildatum={peildatum}", json=plan.body, headers=lezer
            )
            berekend = {m["maand"]: int(m["bedrag"]) for m in r.json()["maanden"] if m["toegekend"] and m["bedrag"]}
            proef += 1
            if berekend != regels:
                fout.append(f"{rij['id']}: proefberekening {berekend}, verificatie {regels}")
    print(f"  bedragen: {len(rijen)} levensonderhoud-aanvragen nagerekend, {proef} ook met een proefberekening")
    if fout:
        raise AssertionError("bedragen wijken af:\n" + "\n".join(fout[:20]))


async def eindcontrole(db: str, n: int) -> None:
    conn = await asyncpg.connect(db)
    try:
        per_status = Counter(
            {
                r["status"]: r["n"]
                for r in await conn.fetch("SELECT status, count(*) AS n FROM aanvragen GROUP BY status")
            }
        )
        niet_besloten = await conn.fetchval(
            "SELECT count(*) FROM aanvragen WHERE NOT (status = ANY($1::text[]))", list(BESLOTEN)
        )
        brieven = await conn.fetch(
            "SELECT a.id, count(b.id) AS besluiten, count(b.pdf) AS pdfs FROM aanvragen a "
            "LEFT JOIN beschikkingen b ON b.aanvraag_id = a.id "
            "GROUP BY a.id HAVING count(b.id) <> 1 OR count(b.pdf) <> 1"
        )
        finaal = await conn.fetchval(
            "SELECT count(*) FROM (SELECT aanvraag_id FROM audit_gebeurtenissen WHERE naar_status = ANY($1::text[]) "
            "GROUP BY aanvraag_id HAVING count(*) <> 1) x",
            list(BESLOTEN),
        )
        vier_ogen = await conn.fetchval(
            "SELECT count(*) FROM aanvragen WHERE gecontroleerd_door = beoordeeld_door "
            "OR gereviewd_door IN (gecontroleerd_door, beoordeeld_door)"
        )
        vier_ogen += await conn.fetchval(
            "SELECT (SELECT count(*) FROM beoordelingen WHERE gecontroleerd_door = beoordeeld_door) + "
            "(SELECT count(*) FROM reviews WHERE gereviewd_door IN (gecontroleerd_door, beoordeeld_door))"
        )
        totaal = await conn.fetchval("SELECT count(*) FROM aanvragen")
    finally:
        await conn.close()
    print(f"  aanvragen: {totaal} (verwacht {n}); per status: {dict(sorted(per_status.items()))}")
    print(f"  niet besloten: {niet_besloten}; zonder precies één beschikking met PDF: {len(brieven)}")
    print(
        f"  aanvragen met niet precies één overgang naar een eindstatus: {finaal}; vier-ogen-schendingen: {vier_ogen}"
    )
    assert totaal == n and niet_besloten == 0 and not brieven and finaal == 0 and vier_ogen == 0


def _cpu(pid: int) -> float:
    """CPU seconds of a process, its reaped children (a killed worker, a closed backend) and its
    live descendants."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            velden = f.read().rpartition(")")[2].split()
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kinderen = [int(k) for k in f.read().split()]
    except FileNotFoundError:
        return 0.0
    tikken = sum(int(v) for v in velden[11:15])  # utime, stime, cutime, cstime
    return tikken / os.sysconf("SC_CLK_TCK") + sum(_cpu(k) for k in kinderen)


def cpu_stand(dienst: Dienst) -> dict[str, float]:
    """CPU seconds so far per part of the chain. The API is serve minus its workers."""
    assert dienst.proces is not None and dienst.simulators is not None
    stand = {naam: _cpu(pid) for naam, pid in dienst.kinderen().items()}
    stand["API (serve)"] = _cpu(dienst.proces.pid) - sum(stand.values())
    stand["simulators"] = _cpu(dienst.simulators.pid)
    postmaster = int((PGDATA / "postmaster.pid").read_text().split()[0])
    stand["PostgreSQL"] = _cpu(postmaster)
    tijden = os.times()
    stand["client (loket, medewerkers)"] = tijden.user + tijden.system
    return stand


def kale_brieven_per_seconde(aantal: int = 60) -> float:
    """The baseline: the bare renderer on one core, the heaviest single step per case (a letter);
    the chain cannot beat N letters at this rate with one letter worker."""
    from app.decisions.render import Renderer
    from bench.batch.run import _brieven

    brieven = _brieven(aantal)
    renderer = Renderer()
    renderer.render(brieven[0])  # warm: fonts and templates
    start = time.perf_counter()
    for b in brieven:
        renderer.render(b)
    return aantal / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.e2e.run")
    parser.add_argument("--aantal", type=int, default=20_000)
    parser.add_argument("--medewerkers", type=int, default=12, help="in koppels van twee")
    parser.add_argument("--loket", type=int, default=16, help="gelijktijdige verzoeken van het loket")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--storingen", action="store_true")
    args = parser.parse_args()
    # Stopped from outside: still stop serve and its helpers (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    server = pgembedded.ensure_running(PGDATA, vrije_poort(), durable=True)
    adres = make_url(server)  # the socket's port is in the query, a TCP address has its own
    pg_poort = adres.port or int(str(adres.query["port"]))
    db = asyncio.run(_maak_database(server))
    log = ROOT / "var" / "bench-e2e-serve.log"
    print(
        f"e2e: {args.aantal} aanvragen, {args.medewerkers} medewerkers, storingen {'aan' if args.storingen else 'uit'}"
    )
    print(f"  database {db}; log van serve: {log}", flush=True)
    begin = time.monotonic()
    dienst = Dienst(db, log, ZL_VERIFICATIE_POLL_SECONDEN="0.2", ZL_LOG_LEVEL="warning")
    dienst.start()
    print(f"  {time.monotonic() - begin:7.1f}s  serve klaar (migraties, simulatoren, workers)", flush=True)
    voor = cpu_stand(dienst)
    wal_voor = asyncio.run(_wal_stand(server))
    try:
        staat = uvloop.run(simulatie(args, dienst, db, pg_poort))
        # With faults a restarted serve or database has new processes: no split then.
        cpu = None if args.storingen else {k: v - voor.get(k, 0.0) for k, v in cpu_stand(dienst).items()}
        wal = [na - eerder for na, eerder in zip(asyncio.run(_wal_stand(server)), wal_voor, strict=True)]
    finally:
        dienst.stop()
    totaal = time.monotonic() - begin
    asyncio.run(eindcontrole(db, args.aantal))
    t = staat.tellers
    print(
        f"  verzoeken {t.verzoeken} (herhaald {t.herhaald}), controles {t.controles}, herstelverzoeken "
        f"{t.herstelverzoeken}, aanvullingen {t.aanvullingen}, beoordelingen {t.beoordelingen}, reviews {t.reviews} "
        f"(teruggestuurd {t.teruggestuurd}), conflicten {t.conflicten}"
    )
    if cpu:
        per_stuk = ", ".join(f"{k} {v / args.aantal * 1000:.1f}" for k, v in cpu.items())
        samen = sum(cpu.values())
        print(f"  CPU per aanvraag in ms: {per_stuk}; samen {samen / args.aantal * 1000:.1f}")
        print(
            f"  dus op {os.cpu_count()} kernen hooguit {args.aantal * (os.cpu_count() or 1) / samen:.1f} aanvragen/s "
            "bij deze CPU per aanvraag"
        )
    print(
        f"  WAL per aanvraag: {wal[0] / args.aantal / 1024:.1f} kB, "
        f"{wal[1] / args.aantal:.2f} volledige pagina's (na een checkpoint de eerste wijziging van een pagina)"
    )
    kaal = kale_brieven_per_seconde()
    basislijn = args.aantal / kaal
    print(
        f"totaal: {totaal:.1f}s voor {args.aantal} aanvragen "
        f"({args.aantal / totaal:.1f} aanvragen/s van indienen tot brief)"
    )
    print(
        f"basislijn: {args.aantal} brieven met de kale renderer op één kern ({kaal:.1f}/s, gemeten in deze run): "
        f"{basislijn:.1f}s; verhouding {basislijn / totaal:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
