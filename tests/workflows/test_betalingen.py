"""The payments ledger and the SEPA file: an award books its months, the ledger agrees with the
letter to the cent, the day's pain.001 is valid against the ISO 20022 schema and pays exactly
the balance, once; entries are never edited."""

import copy
import importlib.resources
import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from lxml import etree
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from app.workflows import verificatie
from tests.workflows import test_verificatie
from tests.workflows.hulp_behandeling import URL, Medewerker, Token, nieuwe_gemeente

engine = test_verificatie.engine
clients = test_verificatie.clients
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def schema() -> etree.XMLSchema:
    pad = importlib.resources.files("sepaxml") / "schemas" / "pain.001.001.03.xsd"
    return etree.XMLSchema(etree.parse(str(pad)))


def nieuw_bsn() -> str:
    """A BSN of its own per test (eleven-test valid, unknown to the register simulators), so that
    months granted in one test never overlap another test's: overlap is per person."""
    while True:
        cijfers = [random.randint(0, 9) for _ in range(8)]
        cijfers[0] = random.randint(1, 8)  # not 9: the simulator generates persons for every 99...
        controle = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if controle < 10:
            return "".join(map(str, cijfers)) + str(controle)


async def gecontroleerd(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    body: dict[str, Any] | None = None,
) -> tuple[str, str]:
    """A case of a person of its own in a municipality of its own, verified and checked."""
    gemeente = nieuwe_gemeente()
    body = copy.deepcopy(body or test_verificatie._jansen()) | {"gemeente": gemeente}
    body["aanvrager"]["bsn"] = nieuw_bsn()
    r = await client.post(
        URL, json=body, headers=token("loket", gemeenten=(gemeente,)) | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    aanvraag = r.json()["id"]
    while await verificatie.verifieer_volgende(engine, clients, settings):
        pass
    a = Medewerker(client, token, gemeente, "controleur")
    assert (await a.claim("controleur")).json()["id"] == aanvraag
    assert (await a.controle(aanvraag)).status_code == 201
    return gemeente, aanvraag


async def toegekend(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    body: dict[str, Any] | None = None,
) -> tuple[str, str, Medewerker]:
    """A case awarded by an assessor over the API (the rules cannot confirm residence for a
    person unknown to the BRP; she judged it herself)."""
    gemeente, aanvraag = await gecontroleerd(client, token, engine, clients, settings, body)
    b = Medewerker(client, token, gemeente, "consulent")
    assert (await b.claim("consulent")).json()["id"] == aanvraag
    r = await b.post(aanvraag, "beoordelingen", {"besluit": "toekenning", "motivering": "Woont hier; gezien."})
    assert r.status_code == 201, r.text
    return gemeente, aanvraag, b


async def brief(database_url: str, aanvraag: str, nummer: int = 1) -> dict:
    conn = await asyncpg.connect(database_url)
    try:
        inhoud = await conn.fetchval(
            "SELECT inhoud::text FROM beschikkingen WHERE aanvraag_id = $1 AND nummer = $2", uuid.UUID(aanvraag), nummer
        )
    finally:
        await conn.close()
    return dict(json.loads(inhoud))


async def test_toekenning_in_grootboek_en_betaalbestand(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, b = await toegekend(client, token, engine, clients, settings)
    letter = await brief(database_url, aanvraag)
    per_maand = {m["maand"]: m["bedrag_cent"] for m in letter["maanden"]}
    assert per_maand and all(v > 0 for v in per_maand.values())

    r = await b.get(f"{URL}/{aanvraag}/betalingen")
    assert r.status_code == 200, r.text
    g = r.json()
    assert [(x["soort"], x["maand"], x["bedrag"], x["beschikking"]) for x in g["boekingen"]] == [
        ("toekenning", m, v, 1) for m, v in sorted(per_maand.items())
    ]
    assert {m["maand"]: m["recht"] for m in g["maanden"]} == per_maand
    assert g["recht"] == g["saldo"] == g["teBetalen"] == sum(per_maand.values()) and g["betaald"] == 0

    operator = token("batch", gemeenten=(gemeente,))
    vandaag = datetime.now(UTC).date().isoformat()
    r = await client.post(
        "/api/v1/betaalbestanden", json={"gemeente": gemeente, "uitvoerdatum": vandaag}, headers=operator
    )
    assert r.status_code == 201, r.text
    bestand = r.json()
    assert bestand["aantal"] == 1 and bestand["totaal"] == g["saldo"]
    x = await client.get(bestand["_links"]["xml"]["href"], headers=operator)
    assert x.status_code == 200 and x.headers["content-type"].startswith("application/xml")
    doc = etree.fromstring(x.content)
    schema().assertValid(doc)
    [bedrag] = doc.xpath("//p:CdtTrfTxInf/p:Amt/p:InstdAmt/text()", namespaces=NS)
    assert round(float(bedrag) * 100) == g["saldo"]
    assert doc.xpath("//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN/text()", namespaces=NS) == ["NL91ABNA0417164300"]
    assert doc.xpath("//p:GrpHdr/p:CtrlSum/text()", namespaces=NS) == [bedrag]

    # Asked again for the same day: the same file, no second payment.
    r = await client.post(
        "/api/v1/betaalbestanden", json={"gemeente": gemeente, "uitvoerdatum": vandaag}, headers=operator
    )
    assert r.status_code == 200 and r.json()["id"] == bestand["id"]
    # Another day: nothing left to pay.
    morgen = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    r = await client.post(
        "/api/v1/betaalbestanden", json={"gemeente": gemeente, "uitvoerdatum": morgen}, headers=operator
    )
    assert r.status_code == 204
    g = (await b.get(f"{URL}/{aanvraag}/betalingen")).json()
    assert g["saldo"] == 0 and g["betaald"] == g["recht"] and g["boekingen"][-1]["soort"] == "betaling"
    assert g["boekingen"][-1]["betaalbestand"] == bestand["id"]

    # Append-only, also for SQL past the service.
    conn = await asyncpg.connect(database_url)
    try:
        for sql in (
            "UPDATE betalingen SET bedrag_cent = 1 WHERE aanvraag_id = $1",
            "DELETE FROM betalingen WHERE aanvraag_id = $1",
        ):
            with pytest.raises(asyncpg.IntegrityConstraintViolationError):
                await conn.execute(sql, uuid.UUID(aanvraag))
        with pytest.raises(asyncpg.IntegrityConstraintViolationError):
            await conn.execute("DELETE FROM betaalbestanden WHERE id = $1", bestand["id"])
        gelogd = await conn.fetchval(
            "SELECT count(*) FROM verwerkingen WHERE aanvraag_id = $1 AND operatie = 'betalingen raadplegen'",
            uuid.UUID(aanvraag),
        )
    finally:
        await conn.close()
    assert gelogd == 2


async def test_betaalbestand_toegang_en_invoer(client: httpx.AsyncClient, token: Token) -> None:
    vandaag = datetime.now(UTC).date()
    operator = token("batch", gemeenten=("0363",))
    gisteren = (vandaag - timedelta(days=1)).isoformat()
    r = await client.post(
        "/api/v1/betaalbestanden", json={"gemeente": "0363", "uitvoerdatum": gisteren}, headers=operator
    )
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "uitvoerdatum"
    r = await client.post("/api/v1/betaalbestanden", json={"gemeente": "x", "uitvoerdatum": "morgen"}, headers=operator)
    assert r.status_code == 400 and {p["name"] for p in r.json()["invalidParams"]} == {"gemeente", "uitvoerdatum"}
    r = await client.post(
        "/api/v1/betaalbestanden", json={"gemeente": "0344", "uitvoerdatum": vandaag.isoformat()}, headers=operator
    )
    assert r.status_code == 403
    r = await client.post(
        "/api/v1/betaalbestanden",
        json={"gemeente": "0363", "uitvoerdatum": vandaag.isoformat()},
        headers=token("consulent", gemeenten=("0363",)),
    )
    assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")
    assert (await client.get("/api/v1/betaalbestanden/999999", headers=operator)).status_code == 404
    r = await client.get(f"{URL}/{uuid.uuid4()}/betalingen", headers=token("consulent"))
    assert r.status_code == 404
