"""From Tozo to Bbz: a Tozo applicant whose last Tozo month has ended gets a Bbz application
prefilled from the Tozo case; completed with the declarations it is a valid application. The
draft is kept, completed by the counter and submitted with the validation of POST /aanvragen."""

import uuid

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from tests.bbz.hulp import bij_consulent
from tests.workflows import test_betalingen
from tests.workflows.hulp_behandeling import URL, Medewerker, Token

CONCEPTEN = "/api/v1/bbz-concepten"


async def test_tozo_naar_bbz_voorinvullen(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    # An applicant of her own: Jansen's months granted in other tests would count as history.
    gemeente, tozo = await test_betalingen.gecontroleerd(client, token, engine, clients, settings)
    consulent = Medewerker(client, token, gemeente, "consulent")
    loket = Medewerker(client, token, gemeente, "loket")
    # Not granted yet: nothing to carry over.
    r = await loket.get(f"{URL}/{tozo}/bbz-concept")
    assert r.status_code == 409 and r.json()["code"] == "geen-tozo-uitkering"
    r = await client.post(f"{URL}/{tozo}/bbz-concepten", headers=loket.headers)
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

    await _bewaard_concept(client, token, gemeente, tozo, loket)

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


async def _bewaard_concept(
    client: httpx.AsyncClient, token: Token, gemeente: str, tozo: str, loket: Medewerker
) -> None:
    """The draft kept (`/bbz-concepten`): completed by the counter and submitted once, with exactly
    the validation of POST /aanvragen. Part of the test above: it needs that granted Tozo case
    (another Tozo award to the same person would take the months the test above grants)."""
    r = await client.post(f"{URL}/{tozo}/bbz-concepten", headers=loket.headers)
    assert r.status_code == 201, r.text
    concept = r.json()
    assert r.headers["Location"] == f"{CONCEPTEN}/{concept['id']}"
    assert concept["vanAanvraag"] == tozo and concept["ingediendAls"] is None
    assert concept["gegevens"]["regeling"] == "bbz-levensonderhoud"
    # Asked again: the draft kept, not a second one.
    r = await client.post(f"{URL}/{tozo}/bbz-concepten", headers=loket.headers)
    assert r.status_code == 200 and r.json()["id"] == concept["id"]
    pad = f"{CONCEPTEN}/{concept['id']}"
    assert (await loket.get(pad)).json() == concept
    assert (await Medewerker(client, token, "9997", "loket").get(pad)).status_code == 404
    assert (await Medewerker(client, token, gemeente, "batch").get(pad)).status_code == 403

    # Completed wrongly, submitting is refused with exactly the answer of POST /aanvragen.
    fout = concept["gegevens"] | {"iban": "NL00 GEEN REKENING", "maanden": ["2020-13"]}
    r = await client.put(pad, json=fout, headers=loket.headers)
    assert r.status_code == 200 and r.json()["gegevens"] == fout  # a draft may be wrong still
    indienen = f"{pad}/indieningen"
    r = await client.post(indienen, headers=loket.headers | {"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json", r.text
    namen = {p["name"] for p in r.json()["invalidParams"]}
    assert "iban" in namen and any(n.startswith("maanden") for n in namen)
    r2 = await client.post(URL, json=fout, headers=loket.headers | {"Idempotency-Key": str(uuid.uuid4())})
    assert r2.status_code == 400 and r2.json()["invalidParams"] == r.json()["invalidParams"]
    assert (await loket.get(pad)).json()["ingediendAls"] is None

    gegevens = concept["gegevens"] | {"verklaringen": {"naarWaarheidIngevuld": True, "inlichtingenplichtBekend": True}}
    r = await client.put(pad, json=gegevens | {"regeling": "tozo-levensonderhoud"}, headers=loket.headers)
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "regeling"
    r = await client.put(pad, json=gegevens, headers=loket.headers)
    assert r.status_code == 200, r.text
    assert r.json()["gegevens"] == gegevens

    sleutel = {"Idempotency-Key": str(uuid.uuid4())}
    r = await client.post(indienen, headers=loket.headers | sleutel)
    assert r.status_code == 201, r.text
    aanvraag = r.json()["id"]
    assert r.json()["regeling"] == "bbz-levensonderhoud" and r.json()["_links"]["concept"]["href"] == pad
    # A retry with the same key is the same application; another key cannot make a second one.
    r = await client.post(indienen, headers=loket.headers | sleutel)
    assert r.status_code == 201 and r.json()["id"] == aanvraag and r.headers["Idempotent-Replayed"] == "true"
    r = await client.post(indienen, headers=loket.headers | {"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 409 and r.json()["code"] == "concept-al-ingediend"
    r = await client.put(pad, json=gegevens, headers=loket.headers)
    assert r.status_code == 409 and r.json()["code"] == "concept-al-ingediend"

    assert (await loket.get(pad)).json()["ingediendAls"] == aanvraag
    ingediend = (await loket.get(f"{URL}/{aanvraag}")).json()
    assert ingediend["gegevens"]["aanvrager"] == gegevens["aanvrager"]
    assert ingediend["gegevens"]["eerdereAanvragen"] == gegevens["eerdereAanvragen"]
