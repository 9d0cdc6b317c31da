"""What a claim, a case read and a release write, each in one statement (bench/werkvoorraad): the
lease from the municipality's setting, the roles, the audit events, the Logboek records of a
read under the request's trace; the answers in exactly the shape their response models document;
and the read's records committed asynchronously, that transaction only."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.api.schemas.antwoorden import AanvraagDetail
from app.api.werkvoorraad import Behandeling
from app.audit import logboek
from app.config import Settings
from app.registers import RegisterClients
from tests.workflows import test_verificatie
from tests.workflows.hulp_behandeling import URL, Medewerker, Token, nieuwe_gemeente, te_controleren

engine = test_verificatie.engine
clients = test_verificatie.clients

TRACE = "c1" * 16


async def test_claim_lezen_en_vrijgeven_leggen_vast(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    db = await asyncpg.connect(database_url)
    try:
        await db.execute("INSERT INTO gemeente_instellingen (gemeente, claim_minuten) VALUES ($1, 45)", gemeente)
        a = Medewerker(client, token, gemeente, "controleur", "teamleider")
        b = Medewerker(client, token, gemeente, "controleur")

        r = await a.claim("controleur")
        assert r.status_code == 201, r.text
        body = r.json()
        assert body == Behandeling.model_validate(body).model_dump(mode="json", by_alias=True)
        assert list(body) == ["id", *(k for k in Behandeling.model_fields if k not in ("id", "links")), "_links"]
        assert body["id"] == aanvraag and body["behandelaar"] == a.sub and body["status"] == "te_controleren"
        assert r.headers["Location"] == f"/api/v1/werkvoorraad/controleur/claims/{aanvraag}"
        zaak = await db.fetchrow(
            "SELECT behandelaar, claim_tot, versie FROM aanvragen WHERE id = $1", uuid.UUID(aanvraag)
        )
        assert r.headers["ETag"] == f'W/"{zaak["versie"]}"'
        assert zaak["behandelaar"] == a.sub and datetime.fromisoformat(body["claimTot"]) == zaak["claim_tot"]
        geclaimd = await db.fetchrow(
            "SELECT tijdstip, actor, rol, kanaal, details FROM audit_gebeurtenissen "
            "WHERE aanvraag_id = $1 AND actie = 'geclaimd'",
            uuid.UUID(aanvraag),
        )
        assert (geclaimd["actor"], geclaimd["rol"], geclaimd["kanaal"]) == (a.sub, "controleur", "medewerker")
        # The municipality's lease (45 minutes), counted from the moment of the claim.
        assert zaak["claim_tot"] - geclaimd["tijdstip"] == timedelta(minutes=45)
        details = json.loads(geclaimd["details"])
        assert details["stadium"] == "controleur"
        assert datetime.fromisoformat(details["claimTot"]) == zaak["claim_tot"]
        rollen = await db.fetchval("SELECT rollen FROM medewerkers WHERE gemeente = $1 AND sub = $2", gemeente, a.sub)
        assert rollen == ["controleur"]

        # The same caller claiming again gets the same case, and nothing more is written.
        assert (await a.claim("controleur")).json()["id"] == aanvraag
        assert (
            await db.fetchval(
                "SELECT count(*) FROM audit_gebeurtenissen WHERE aanvraag_id = $1 AND actie = 'geclaimd'",
                uuid.UUID(aanvraag),
            )
            == 1
        )

        r = await client.get(f"{URL}/{aanvraag}", headers=a.headers | {"traceparent": f"00-{TRACE}-{'d2' * 8}-01"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body == AanvraagDetail.model_validate(body).model_dump(mode="json", by_alias=True)
        assert body["gegevens"]["aanvrager"]["bsn"] == "999991012" and body["id"] == aanvraag
        assert r.headers["ETag"] == f'W/"{zaak["versie"]}"'
        records = await db.fetch(
            "SELECT operatie, activiteit_id, aanvraag_id, betrokkene_versleuteld FROM verwerkingen WHERE trace_id = $1",
            TRACE,
        )
        sleutel = settings.logboek_sleutel.get_secret_value()
        assert [(v["operatie"], v["activiteit_id"], str(v["aanvraag_id"])) for v in records] == [
            ("aanvraag raadplegen", logboek.RAADPLEGEN, aanvraag)
        ]
        assert logboek.ontsleutel(records[0]["betrokkene_versleuteld"], sleutel) == "999991012"

        # Another municipality's case is a 404, and nothing is logged for it.
        ander = "e3" * 16
        r = await client.get(
            f"{URL}/{aanvraag}",
            headers=token("controleur", gemeenten=("0001",)) | {"traceparent": f"00-{ander}-{'d2' * 8}-01"},
        )
        assert r.status_code == 404
        assert await db.fetchval("SELECT count(*) FROM verwerkingen WHERE trace_id = $1", ander) == 0

        assert (await b.vrij("controleur", aanvraag)).json()["code"] == "claim-vereist"
        r = await a.vrij("controleur", aanvraag)
        assert r.status_code == 204, r.text
        zaak = await db.fetchrow("SELECT behandelaar, claim_tot FROM aanvragen WHERE id = $1", uuid.UUID(aanvraag))
        assert (zaak["behandelaar"], zaak["claim_tot"]) == (None, None)
        vrij = await db.fetch(
            "SELECT actor, details FROM audit_gebeurtenissen WHERE aanvraag_id = $1 AND actie = 'vrijgegeven'",
            uuid.UUID(aanvraag),
        )
        assert [(v["actor"], json.loads(v["details"])) for v in vrij] == [(a.sub, {"behandelaar": a.sub})]
        r = await a.vrij("controleur", aanvraag)
        assert r.status_code == 409 and "niet geclaimd" in r.json()["detail"]
    finally:
        await db.close()


_WAL = (
    "SELECT coalesce(sum(writes), 0) FROM pg_stat_get_backend_io(pg_backend_pid()) "
    "WHERE object = 'wal' AND context = 'normal'"
)


async def _wal_geschreven(conn: asyncpg.Connection) -> int:
    """WAL this connection's backend wrote itself: a synchronous commit writes (and flushes) the
    WAL up to its commit record before it returns; an asynchronous one leaves that to the WAL
    writer."""
    await conn.execute("SELECT pg_stat_force_next_flush()")
    return int(await conn.fetchval(_WAL))


async def test_leesregistratie_commit_asynchroon_en_alleen_die(database_url: str, settings: Settings) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        # The test server runs with synchronous_commit off; this session asks for the real thing.
        await conn.execute("SET synchronous_commit = on")
        nu = datetime.now(UTC)
        trace = logboek.Trace.nieuw()
        sleutel = settings.logboek_sleutel.get_secret_value()
        voor = await _wal_geschreven(conn)
        for _ in range(5):
            await logboek.schrijf_raadpleging(conn, trace, "aanvraag raadplegen", ["999991012"], nu, nu, sleutel)
        assert await _wal_geschreven(conn) == voor
        assert await conn.fetchval("SELECT count(*) FROM verwerkingen WHERE trace_id = $1", trace.trace_id) == 5
        # The setting was the transaction's own: the next commit on this connection is durable.
        assert await conn.fetchval("SHOW synchronous_commit") == "on"
        for _ in range(5):
            await conn.execute(
                "INSERT INTO verwerkingen (trace_id, operatie_id, operatie, status, start, einde, activiteit_id, "
                "betrokkene_versleuteld) VALUES ($1, 'x', 'controle', 'OK', $2, $2, $3, 'x')",
                trace.trace_id,
                nu,
                logboek.RAADPLEGEN,
            )
        assert await _wal_geschreven(conn) > voor
        # Inside a transaction the asynchronous commit would cover everything else in it: refused.
        async with conn.transaction():
            with pytest.raises(RuntimeError):
                await logboek.schrijf_raadpleging(conn, trace, "aanvraag raadplegen", ["999991012"], nu, nu, sleutel)
    finally:
        await conn.close()
