"""A dashboard request at 1,000,000 cases against a bare `SELECT count(*)` on the same table.

Bulk-loads N synthetic cases (COPY via asyncpg) into the read model `stuurinformatie` (migration
0013; in production its triggers fill it from the case tables), all in one municipality: the
worst case for a per-municipality request. About 0.7 N people, so some apply more than once (up
to about 10 times). The bulk load bypasses the summary trigger and rebuilds the summaries of
migration 0015 after (`si_samenvatting_opbouwen()`); a further 20,000 cases then go in with the
trigger on, to show what it costs per row. Then times, over HTTP against the real app on uvicorn,
`GET /api/v1/stuurinformatie` for the whole period and for 13 weeks, each the median of several
requests after a warm-up, next to a bare `SELECT count(*) FROM stuurinformatie` in the same
database, and checks the answers against the read model itself: median and p90 against
`percentile_cont` over every decision, intake per week against `count(*)`, and every suppressed
week against `count(DISTINCT persoon)` < 5.

    .venv/bin/python -m bench.stuurinformatie.run --aantal 1000000
"""

import argparse
import asyncio
import os
import random
import statistics
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from app import pgembedded
from app.auth import maak_ontwikkeltoken
from app.cli import migreer
from app.config import ROOT, Settings
from app.stuurinformatie.onderdrukking import DREMPEL
from bench.submit.run import _maak_database, _start, vrije_poort

GEMEENTE = "0363"
BEGIN = date(2020, 3, 16)
DAGEN = 640  # to mid-December 2021
REGELINGEN = ("tozo-levensonderhoud", "tozo-bedrijfskapitaal", "bbz-levensonderhoud")
OPEN = ("ontvangen", "in_verificatie", "te_controleren", "hersteltermijn", "te_beoordelen", "te_reviewen")
BESLOTEN = ("toegekend", "toegekend", "toegekend", "gedeeltelijk_toegekend", "afgewezen", "buiten_behandeling")
SECTIES = "AFGHIJMNPQRRRSS"
KOLOMMEN = (
    "aanvraag_id", "gemeente", "regeling", "status", "status_sinds", "ontvangen", "leeftijd", "postcode4",
    "sbi_sectie", "beslistermijn_einde", "streefdatum", "besloten", "binnen_streef", "binnen_termijn", "bedrag_cent",
    "herstel_verzocht", "herstel_aangevuld", "herstel_open_tot", "persoon",
)  # fmt: skip
MET_TRIGGER = 20_000


def _zaken(aantal: int, seed: int = 10) -> Iterator[tuple[object, ...]]:
    rnd = random.Random(seed)
    personen = max(1, aantal * 7 // 10)
    nu = datetime.now(UTC)
    for _ in range(aantal):
        ontvangen = BEGIN + timedelta(days=int(rnd.triangular(0, DAGEN, 40)))
        termijn = ontvangen + timedelta(weeks=8)
        streef = ontvangen + timedelta(weeks=4)
        verzocht = int(rnd.random() < 0.3)
        aangevuld = verzocht if rnd.random() < 0.7 else 0
        if rnd.random() < 0.02:
            status, besloten = rnd.choice(OPEN), None
        else:
            status = "ingetrokken" if rnd.random() < 0.03 else rnd.choice(BESLOTEN)
            besloten = ontvangen + timedelta(days=int(rnd.expovariate(1 / 18)))
        toegekend = status in ("toegekend", "gedeeltelijk_toegekend")
        yield (
            uuid.uuid4(), GEMEENTE, rnd.choice(REGELINGEN), status, nu, ontvangen, rnd.randint(18, 70),
            str(rnd.randint(1011, 1109)), rnd.choice(SECTIES), termijn, streef, besloten,
            None if besloten is None else besloten <= streef, None if besloten is None else besloten <= termijn,
            rnd.randint(50_000, 450_000) if toegekend else 0, verzocht, aangevuld,
            termijn if verzocht and not aangevuld and besloten is None else None, rnd.randrange(personen),
        )  # fmt: skip


async def _laad(url: str, aantal: int) -> tuple[float, float, float, float, float]:
    """Seconds for the bulk COPY (trigger off), the rebuild of the summaries, per row the COPY
    without and with the summary trigger, and the fold of the latter's deltas (as the worker
    does every few seconds; the dashboard is read after it)."""
    conn = await asyncpg.connect(url)
    try:
        blok = 100_000
        zaken = _zaken(aantal + MET_TRIGGER)
        await conn.execute("ALTER TABLE stuurinformatie DISABLE TRIGGER tr_si_samenvatten")
        start = time.perf_counter()
        for begin in range(0, aantal, blok):
            rijen = [z for _, z in zip(range(min(blok, aantal - begin)), zaken, strict=False)]
            await conn.copy_records_to_table("stuurinformatie", records=rijen, columns=KOLOMMEN)
        duur = time.perf_counter() - start
        await conn.execute("ALTER TABLE stuurinformatie ENABLE TRIGGER tr_si_samenvatten")
        start = time.perf_counter()
        await conn.execute("SELECT si_samenvatting_opbouwen()")
        opbouw = time.perf_counter() - start
        rijen = list(zaken)
        start = time.perf_counter()
        await conn.copy_records_to_table("stuurinformatie", records=rijen, columns=KOLOMMEN)
        met = (time.perf_counter() - start) / len(rijen)
        start = time.perf_counter()
        await conn.execute("SELECT si_samenvatting_bijwerken()")
        vouw = time.perf_counter() - start
        await conn.execute("VACUUM ANALYZE")
        return duur, opbouw, duur / aantal, met, vouw
    finally:
        await conn.close()


async def _count(url: str, herhalingen: int) -> list[float]:
    conn = await asyncpg.connect(url)
    try:
        tijden = []
        for _ in range(herhalingen + 1):
            start = time.perf_counter()
            await conn.fetchval("SELECT count(*) FROM stuurinformatie")
            tijden.append(time.perf_counter() - start)
        return tijden[1:]
    finally:
        await conn.close()


async def _controle(url: str, vanaf: str, tot: str, antwoord: dict[str, Any]) -> None:
    """The answer against the read model itself, counted the slow way."""
    conn = await asyncpg.connect(url)
    try:
        periode = (GEMEENTE, date.fromisoformat(vanaf), date.fromisoformat(tot))
        r = await conn.fetchrow(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY besloten - ontvangen) AS m, "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY besloten - ontvangen) AS p FROM stuurinformatie "
            "WHERE gemeente = $1 AND besloten BETWEEN $2 AND $3 "
            "AND status IN ('toegekend', 'gedeeltelijk_toegekend', 'afgewezen', 'buiten_behandeling')",
            *periode,
        )
        doorlooptijd = antwoord["doorlooptijd"][0]
        verwacht = (round(float(r["m"]), 1), round(float(r["p"]), 1))
        if (doorlooptijd["mediaanDagen"], doorlooptijd["p90Dagen"]) != verwacht:
            raise SystemExit(f"mediaan/p90 {doorlooptijd} wijken af van percentile_cont {verwacht}")
        weken = {w["weekBegin"]: (w["aantal"], w["onderdrukt"]) for w in antwoord["instroomPerWeek"]}
        telling = await conn.fetch(
            "SELECT ontvangen - (extract(isodow FROM ontvangen)::int - 1) AS week, count(*) AS aantal, "
            "count(DISTINCT persoon) AS personen FROM stuurinformatie "
            "WHERE gemeente = $1 AND ontvangen BETWEEN $2 AND $3 GROUP BY 1",
            *periode,
        )
        if len(telling) != len(weken):
            raise SystemExit(f"{len(weken)} weken in het antwoord, {len(telling)} in het leesmodel")
        for t in telling:
            aantal, onderdrukt = weken[t["week"].isoformat()]
            if onderdrukt != (t["personen"] < DREMPEL) or (not onderdrukt and aantal != t["aantal"]):
                raise SystemExit(f"week {t['week']}: antwoord {aantal} ({onderdrukt}), leesmodel {dict(t)}")
        print(
            f"{'':>28}  controle: mediaan/p90 {verwacht} = percentile_cont; {len(telling)} weken = count(*), "
            f"{sum(o for _, o in weken.values())} onderdrukt met < {DREMPEL} personen"
        )
    finally:
        await conn.close()


async def _dashboard(
    port: int, token: str, params: dict[str, str], herhalingen: int
) -> tuple[list[float], int, dict[str, Any]]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as c:
        tijden = []
        grootte = 0
        for _ in range(herhalingen + 1):
            start = time.perf_counter()
            r = await c.get("/api/v1/stuurinformatie", params=params, headers={"Authorization": f"Bearer {token}"})
            tijden.append(time.perf_counter() - start)
            if r.status_code != 200:
                raise SystemExit(f"dashboard: {r.status_code} {r.text[:300]}")
            grootte = len(r.content)
        return tijden[1:], grootte, r.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aantal", type=int, default=1_000_000)
    parser.add_argument("--herhalingen", type=int, default=5)
    args = parser.parse_args()

    server = os.environ.get("DATABASE_URL") or pgembedded.ensure_running(
        ROOT / "var" / "bench-pg", vrije_poort(), durable=True
    )
    url = asyncio.run(_maak_database(server))
    migreer(url)
    laadtijd, opbouw, zonder, met, vouw = asyncio.run(_laad(url, args.aantal))
    print(f"{'geladen':>28}: {args.aantal:,} zaken in {laadtijd:.1f} s (COPY, samenvattingstrigger uit)")
    print(f"{'samenvattingen opgebouwd':>28}: {opbouw:.1f} s")
    print(
        f"{'trigger per zaak':>28}: COPY {met * 1e6:.0f} µs per zaak met samenvattingstrigger, "
        f"{zonder * 1e6:.0f} µs zonder ({MET_TRIGGER:,} zaken); hun deltas gevouwen in {vouw:.2f} s"
    )
    token = maak_ontwikkeltoken(Settings(database_url=url), "bench-teamleider", ["teamleider"], [GEMEENTE])
    port = vrije_poort()
    proc = _start("app.main:create_app()", port, {"DATABASE_URL": url, "ZL_LOG_LEVEL": "warning"}, 1)
    try:
        kaal = statistics.median(asyncio.run(_count(url, args.herhalingen)))
        print(f"{'SELECT count(*) (basis)':>28}: {kaal * 1000:8.1f} ms")
        for naam, params in (
            ("hele periode", {"vanaf": "2020-03-01", "tot": "2021-12-31"}),
            ("13 weken", {"vanaf": "2020-09-28", "tot": "2020-12-27"}),
        ):
            tijden, grootte, antwoord = asyncio.run(_dashboard(port, token, params, args.herhalingen))
            mediaan = statistics.median(tijden)
            print(
                f"{'dashboard ' + naam:>28}: {mediaan * 1000:8.1f} ms (min {min(tijden) * 1000:.0f}, "
                f"max {max(tijden) * 1000:.0f}; {grootte:,} bytes)  ratio {mediaan / kaal:5.1f}x count(*)  "
                f"(doel < 1000 ms)"
            )
            asyncio.run(_controle(url, params["vanaf"], params["tot"], antwoord))
    finally:
        proc.terminate()
        proc.wait(30)


if __name__ == "__main__":
    main()
