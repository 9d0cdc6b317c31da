"""From Tozo to Bbz: a Tozo applicant whose last Tozo month has ended gets a Bbz application
prefilled from the Tozo case; completed with the declarations it is a valid application."""

import uuid

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from tests.bbz.hulp import bij_consulent
from tests.workflows import test_beoordeling
from tests.workflows.hulp_behandeling import URL, Medewerker, Token


async def test_tozo_naar_bbz_voorinvullen(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, tozo, _ = await test_beoordeling._gecontroleerd(client, token, engine, clients, settings)
    consulent = Medewerker(client, token, gemeente, "consulent")
    loket = Medewerker(client, token, gemeente, "loket")
    # Not granted yet: nothing to carry over.
    r = await loket.get(f"{URL}/{tozo}/bbz-concept")
    assert r.status_code == 409 and r.json()["code"] == "geen-tozo-uitkering"
    await consulent.claim("consulent")
    r = await consulent.post(tozo, "beoordelingen", {"besluit": "toekenning", "motivering": "Voldoet."})
    assert r.status_code == 201, r.text
    tozo_gegevens = (await loket.get(f"{URL}/{tozo}")).json()

    r = await loket.get(f"{URL}/{tozo}/bbz-concept")
    assert r.status_code == 200, r.text
    assert r.json()["vanAanvraag"] == tozo and r.json()["laatsteTozoMaand"] == "2020-05"
    concept = r.json()["concept"]
    assert concept["regeling"] == "bbz-levensonderhoud" and concept["bbz"] == {"categorie": "gevestigde"}
    for veld in ("aanvrager", "huishouden", "onderneming", "iban", "gemeente"):
        assert concept[veld] == tozo_gegevens["gegevens"][veld], veld
    assert concept["eerdereAanvragen"] == [tozo_gegevens["referentie"]]
    # The declarations are never carried over: the applicant makes them again.
    assert concept["verklaringen"] == {"naarWaarheidIngevuld": False, "inlichtingenplichtBekend": False}
    assert r.json()["nogInvullen"]

    concept["verklaringen"] = {"naarWaarheidIngevuld": True, "inlichtingenplichtBekend": True}
    r = await client.post(URL, json=concept, headers=loket.headers | {"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 201, r.text
    assert r.json()["regeling"] == "bbz-levensonderhoud"

    conn = await asyncpg.connect(database_url)
    try:
        gelogd = await conn.fetchval(
            "SELECT count(*) FROM verwerkingen WHERE aanvraag_id = $1 AND operatie = 'bbz-aanvraag voorinvullen'",
            uuid.UUID(tozo),
        )
    finally:
        await conn.close()
    assert gelogd == 1

    # Access: another municipality sees nothing, a batch operator may not read it.
    assert (await Medewerker(client, token, "9997", "loket").get(f"{URL}/{tozo}/bbz-concept")).status_code == 404
    assert (await Medewerker(client, token, gemeente, "batch").get(f"{URL}/{tozo}/bbz-concept")).status_code == 403
    assert (await loket.get(f"{URL}/niet-een-id/bbz-concept")).status_code in (400, 404)


async def test_alleen_vanuit_tozo(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    _, bbz, consulent = await bij_consulent(client, token, engine, clients, settings)
    r = await consulent.get(f"{URL}/{bbz}/bbz-concept")
    assert r.status_code == 409 and r.json()["code"] == "geen-tozo-uitkering"
