"""Extensions over the API: within the 3-month gap the short form is enough, outside it the full
application is required; the new case links to the old one, the rules see the granted months
as history, and overlap is refused."""

import uuid
from typing import Any

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from app.workflows import verificatie
from tests.workflows import test_betalingen, test_verificatie
from tests.workflows.hulp_behandeling import URL, Token

engine = test_verificatie.engine
clients = test_verificatie.clients


async def _verleng(
    client: httpx.AsyncClient, token: Token, gemeente: str, aanvraag: str, body: dict[str, Any], sleutel: str = ""
) -> httpx.Response:
    return await client.post(
        f"{URL}/{aanvraag}/verlengingen",
        json=body,
        headers=token("loket", gemeenten=(gemeente,), sub="loket-verlenging")
        | {"Idempotency-Key": sleutel or str(uuid.uuid4())},
    )


async def test_verlenging_binnen_drie_maanden_verkort(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, oud, b = await test_betalingen.toegekend(client, token, engine, clients, settings)
    body = {
        "aanvraagdatum": "2020-06-15",
        "maanden": ["2020-06", "2020-07"],
        "inkomsten": [{"maand": "2020-06", "aanvrager": {"winst": 30000}}],
    }
    r = await _verleng(client, token, gemeente, oud, body, sleutel=f"verleng-{oud}")
    assert r.status_code == 201, r.text
    nieuw = r.json()
    assert nieuw["verlengingsvorm"] == "verkort" and nieuw["_links"]["verlengingVan"]["href"].endswith(oud)
    assert nieuw["status"] == "ontvangen" and nieuw["referentie"].startswith(f"TOZO-{gemeente}-")
    # A retry with the same key is the same case.
    herhaald = await _verleng(client, token, gemeente, oud, body, sleutel=f"verleng-{oud}")
    assert herhaald.status_code == 201, herhaald.text
    assert herhaald.json()["id"] == nieuw["id"] and herhaald.headers["Idempotent-Replayed"] == "true"

    # Everything not sent comes from the previous case; the link is stored.
    detail = (await b.get(f"{URL}/{nieuw['id']}")).json()
    oud_detail = (await b.get(f"{URL}/{oud}")).json()
    g = detail["gegevens"]
    assert g["maanden"] == ["2020-06", "2020-07"] and g["aanvraagdatum"] == "2020-06-15"
    assert g["aanvrager"] == oud_detail["gegevens"]["aanvrager"] and g["iban"] == oud_detail["gegevens"]["iban"]
    assert g["eerdereAanvragen"] == [oud_detail["referentie"]]
    conn = await asyncpg.connect(database_url)
    try:
        rij = await conn.fetchrow(
            "SELECT verlenging_van, verlengingsvorm FROM aanvragen WHERE id = $1", uuid.UUID(nieuw["id"])
        )
    finally:
        await conn.close()
    assert str(rij["verlenging_van"]) == oud and rij["verlengingsvorm"] == "verkort"

    # The rules run for the new months only.
    while await verificatie.verifieer_volgende(engine, clients, settings):
        pass
    v = (await b.get(f"{URL}/{nieuw['id']}/verificatie")).json()
    assert [m["maand"] for m in v["regeluitkomst"]["maanden"]] == ["2020-06", "2020-07"]

    # Overlap with a month asked for in the open extension, or one already granted: refused.
    r = await _verleng(client, token, gemeente, oud, {"aanvraagdatum": "2020-06-20", "maanden": ["2020-07", "2020-08"]})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    [overlap] = r.json()["invalidParams"]
    assert overlap == {"name": "maanden[0]", "code": "overlap", "reason": overlap["reason"]}
    assert "07-2020" in overlap["reason"]
    r = await _verleng(client, token, gemeente, oud, {"aanvraagdatum": "2020-05-20", "maanden": ["2020-05", "2020-06"]})
    assert r.status_code == 400
    assert [p["name"] for p in r.json()["invalidParams"]] == ["maanden[0]", "maanden[1]"]


async def test_verlenging_na_drie_maanden_volledig(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente, oud, b = await test_betalingen.toegekend(client, token, engine, clients, settings)
    kort = {"aanvraagdatum": "2020-10-15", "maanden": ["2020-10", "2020-11"]}
    r = await _verleng(client, token, gemeente, oud, kort)
    assert r.status_code == 400
    assert {p["name"] for p in r.json()["invalidParams"]} == {
        "aanvrager",
        "huishouden",
        "onderneming",
        "iban",
        "verklaringen",
    }
    assert "4 maanden" in r.json()["invalidParams"][0]["reason"]

    vorige = (await b.get(f"{URL}/{oud}")).json()["gegevens"]
    volledig = kort | {k: vorige[k] for k in ("aanvrager", "huishouden", "onderneming", "verklaringen")}
    volledig["iban"] = "NL44RABO0123456789"
    r = await _verleng(client, token, gemeente, oud, volledig)
    assert r.status_code == 201, r.text
    assert r.json()["verlengingsvorm"] == "volledig"
    assert (await b.get(f"{URL}/{r.json()['id']}")).json()["gegevens"]["iban"] == "NL44RABO0123456789"


async def test_verlenging_fouten(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente, oud, _ = await test_betalingen.toegekend(client, token, engine, clients, settings)
    body = {"aanvraagdatum": "2020-06-15", "maanden": ["2020-06"]}
    assert (await _verleng(client, token, "0344", oud, body)).status_code == 404  # another municipality's case
    r = await client.post(
        f"{URL}/{oud}/verlengingen",
        json=body,
        headers=token("consulent", gemeenten=(gemeente,)) | {"Idempotency-Key": "x"},
    )
    assert r.status_code == 403
    r = await _verleng(client, token, gemeente, oud, {"maanden": ["2020-13"], "iban": "NL00XXXX"})
    assert r.status_code == 400 and {p["name"] for p in r.json()["invalidParams"]} >= {"maanden[0]", "iban"}
    # A month outside the window of the new application date: the intake's own check.
    r = await _verleng(client, token, gemeente, oud, {"aanvraagdatum": "2020-06-15", "maanden": ["2021-06"]})
    assert r.status_code == 400
    # A case that is not decided cannot be extended.
    r = await _verleng(client, token, gemeente, oud, {"aanvraagdatum": "2020-06-15", "maanden": ["2020-06"]})
    assert r.status_code == 201
    r = await _verleng(client, token, gemeente, r.json()["id"], {"aanvraagdatum": "2020-06-15", "maanden": ["2020-08"]})
    assert r.status_code == 409


async def test_historie_weigert_dubbele_maand_bij_gewone_aanvraag(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    """Verification feeds the rules the months granted in earlier cases of the same person."""
    gemeente, oud, b = await test_betalingen.toegekend(client, token, engine, clients, settings)
    body = test_verificatie._jansen() | {"gemeente": gemeente, "aanvraagdatum": "2020-05-20", "maanden": ["2020-05"]}
    body["aanvrager"] = (await b.get(f"{URL}/{oud}")).json()["gegevens"]["aanvrager"]
    body["inkomsten"] = []
    r = await client.post(
        URL, json=body, headers=token("loket", gemeenten=(gemeente,)) | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    while await verificatie.verifieer_volgende(engine, clients, settings):
        pass
    [maand] = (await b.get(f"{URL}/{r.json()['id']}/verificatie")).json()["regeluitkomst"]["maanden"]
    assert maand["toegekend"] is False and "al een uitkering" in maand["reden"]
