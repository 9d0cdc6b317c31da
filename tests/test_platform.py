"""Health, metrics, headers, the committed OpenAPI document and the migrations."""

import asyncio
import json
import uuid
from collections.abc import Callable
from pathlib import Path

import asyncpg
import httpx
from alembic import command
from pydantic import SecretStr

from app import pgembedded
from app.audit import logboek
from app.cli import alembic_config, migreer
from app.config import ROOT, Settings
from app.main import create_app
from tests import voorbeelden
from tests.conftest import Server


async def test_gezondheid_en_metrieken(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    assert (await client.get("/health/live")).json() == {"status": "UP"}
    assert (await client.get("/health/ready")).json() == {"status": "UP"}
    metrics = await client.get("/metrics", headers=token("beheer"))
    assert metrics.status_code == 200 and "zl_http_requests_total" in metrics.text


async def test_metrieken_alleen_voor_beheer_of_de_scraper(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], settings: Settings
) -> None:
    """Without a token a 401, a staff token without `beheer` a 403 (problem+json both); the static
    scrape token only when one is configured, and only that exact token."""
    zonder = await client.get("/metrics")
    assert zonder.status_code == 401 and zonder.headers["content-type"] == "application/problem+json"
    assert "zl_http_requests_total" not in zonder.text
    for rol in ("controleur", "teamleider", "loket", "batch"):
        assert (await client.get("/metrics", headers=token(rol))).status_code == 403, rol
    assert (await client.get("/metrics", headers={"Authorization": "Bearer scrape-geheim"})).status_code == 401
    app = create_app(settings.model_copy(update={"metrics_token": SecretStr("scrape-geheim")}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        goed = await c.get("/metrics", headers={"Authorization": "Bearer scrape-geheim"})
        assert goed.status_code == 200 and "zl_http_requests_total" in goed.text
        assert (await c.get("/metrics", headers={"Authorization": "Bearer scrape-geheim2"})).status_code == 401
        assert (await c.get("/metrics", headers=token("beheer"))).status_code == 200


async def test_headers_op_elk_antwoord(client: httpx.AsyncClient) -> None:
    for r in (await client.get("/api/v1/openapi.json"), await client.get("/api/v1/aanvragen")):
        assert r.headers["API-Version"] == "1.0.0"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    onbekend = await client.get("/api/v1/bestaat-niet")
    assert onbekend.status_code == 404
    assert onbekend.headers["content-type"] == "application/problem+json"


def test_openapi_gelijk_aan_code(settings: Settings) -> None:
    vastgelegd = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    assert vastgelegd == create_app(settings).openapi(), "run `make openapi` and commit"


def test_geen_bsn_in_paden() -> None:
    schema = create_app(Settings(database_url="postgresql://x@localhost/x")).openapi()
    for pad, operaties in schema["paths"].items():
        assert "bsn" not in pad.lower()
        for operatie in operaties.values():
            for param in operatie.get("parameters", []):
                assert "bsn" not in param["name"].lower(), pad


def test_migraties_heen_en_terug(nieuwe_database: Callable[[], str]) -> None:
    url = nieuwe_database()
    migreer(url)
    command.downgrade(alembic_config(url), "base")
    migreer(url)
    command.downgrade(alembic_config(url), "-1")
    migreer(url)


async def test_audit_en_logboek_in_dezelfde_transactie(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], settings: Settings, database_url: str
) -> None:
    body = voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud())
    r = await client.post(
        "/api/v1/aanvragen",
        json=body,
        headers=token("loket") | {"Idempotency-Key": str(uuid.uuid4()), "traceparent": f"00-{'ab' * 16}-{'cd' * 8}-01"},
    )
    assert r.status_code == 201
    conn = await asyncpg.connect(database_url)
    try:
        audit = await conn.fetch(
            "SELECT actie, naar_status, kanaal FROM audit_gebeurtenissen WHERE aanvraag_id = $1",
            uuid.UUID(r.json()["id"]),
        )
        log = await conn.fetch(
            "SELECT betrokkene_versleuteld, activiteit_id FROM verwerkingen WHERE trace_id = $1", "ab" * 16
        )
    finally:
        await conn.close()
    assert [tuple(a) for a in audit] == [("ingediend", "ontvangen", "digitaal")]
    sleutel = settings.logboek_sleutel.get_secret_value()
    betrokkenen = {logboek.ontsleutel(rij["betrokkene_versleuteld"], sleutel) for rij in log}
    assert betrokkenen == {voorbeelden.AANVRAGER_BSN, voorbeelden.PARTNER_BSN}
    assert all(voorbeelden.AANVRAGER_BSN not in rij["betrokkene_versleuteld"] for rij in log)


async def test_database_weg_geeft_503_en_daarna_weer_antwoord(
    eigen_database: tuple[Path, int, str], token: Callable[..., dict[str, str]], settings: Settings
) -> None:
    """While the database restarts a request gets 503 problem+json with Retry-After, not a 500,
    and readiness says DOWN; once it is back the same request succeeds."""
    pgdata, poort, url = eigen_database
    lezer = token("controleur", gemeenten=("0363",))
    with Server(settings.model_copy(update={"database_url": url})) as basis:
        async with httpx.AsyncClient(base_url=basis, timeout=30) as client:
            body = voorbeelden.tozo_levensonderhoud()
            kop = token("loket", gemeenten=(body["gemeente"],)) | {"Idempotency-Key": str(uuid.uuid4())}
            r = await client.post("/api/v1/aanvragen", json=body, headers=kop)
            assert r.status_code == 201, r.text
            pad = f"/api/v1/aanvragen/{r.json()['id']}"
            assert (await client.get(pad, headers=lezer)).status_code == 200  # a pooled connection
            await asyncio.to_thread(pgembedded.stop, pgdata)
            for _ in range(2):  # the pooled connection found dead, then a new one refused
                weg = await client.get(pad, headers=lezer)
                assert weg.status_code == 503, weg.text
                assert weg.headers["content-type"] == "application/problem+json"
                assert weg.headers["retry-after"] == "2" and weg.json()["status"] == 503
            assert (await client.get("/health/ready")).status_code == 503
            await asyncio.to_thread(pgembedded.ensure_running, pgdata, poort, durable=False)
            assert (await client.get(pad, headers=lezer)).status_code == 200
