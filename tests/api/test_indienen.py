"""Submitting an application: each regulation, both channels, idempotency."""

import asyncio
import uuid
from collections.abc import Callable

import httpx
import pytest

from tests import voorbeelden

URL = "/api/v1/aanvragen"


def sleutel() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


@pytest.mark.parametrize("regeling", sorted(voorbeelden.ALLE))
async def test_loket_dient_elke_regeling_in(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], regeling: str
) -> None:
    body = voorbeelden.ALLE[regeling]()
    r = await client.post(URL, json=body, headers=token("loket") | sleutel())
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["status"] == "ontvangen"
    assert data["regeling"] == regeling
    assert data["kanaal"] == "digitaal"
    assert data["referentie"].startswith(regeling.split("-")[0].upper() + "-0363-")
    assert r.headers["Location"] == f"{URL}/{data['id']}"

    lezen = await client.get(r.headers["Location"], headers=token("controleur"))
    assert lezen.status_code == 200
    detail = lezen.json()
    assert detail["gegevens"]["aanvrager"]["bsn"] == body["aanvrager"]["bsn"]
    assert detail["gegevens"]["regeling"] == regeling
    assert lezen.headers["ETag"] == 'W/"1"'


async def test_balie_dient_in_namens_aanvrager(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    r = await client.post(
        URL, json=voorbeelden.tozo_levensonderhoud(), headers=token("balie", sub="medewerker-17") | sleutel()
    )
    assert r.status_code == 201, r.text
    assert r.json()["kanaal"] == "balie"
    detail = (await client.get(r.headers["Location"], headers=token("consulent"))).json()
    assert detail["medewerker"] == "medewerker-17"
    historie = (await client.get(r.headers["Location"] + "/historie", headers=token("loket"))).json()
    assert historie["gebeurtenissen"][0]["kanaal"] == "balie"
    assert historie["gebeurtenissen"][0]["status"] == "ontvangen"


async def test_aanvraagdatum_standaard_vandaag_en_dan_dicht(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]]
) -> None:
    """Tozo closed on 1 October 2021: without a date the application is received today."""
    body = voorbeelden.tozo_levensonderhoud()
    del body["aanvraagdatum"]
    r = await client.post(URL, json=body, headers=token("loket") | sleutel())
    assert r.status_code == 400
    assert ("regeling", "closed") in {(p["name"], p["code"]) for p in r.json()["invalidParams"]}


async def test_zelfde_sleutel_zelfde_aanvraag(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    headers = token("loket", sub="loket-idem") | sleutel()
    body = voorbeelden.tozo_levensonderhoud()
    eerste = await client.post(URL, json=body, headers=headers)
    tweede = await client.post(URL, json=body, headers=headers)
    assert eerste.status_code == tweede.status_code == 201
    assert eerste.json()["id"] == tweede.json()["id"]
    assert tweede.headers["Idempotent-Replayed"] == "true"

    anders = voorbeelden.tozo_levensonderhoud(maanden=["2020-04"], inkomsten=[])
    conflict = await client.post(URL, json=anders, headers=headers)
    assert conflict.status_code == 409
    assert conflict.headers["content-type"] == "application/problem+json"


async def test_vijftig_gelijktijdig_met_een_sleutel_geeft_een_aanvraag(
    base_url: str, token: Callable[..., dict[str, str]], client: httpx.AsyncClient
) -> None:
    headers = token("loket", sub="loket-gelijktijdig") | sleutel()
    body = voorbeelden.tozo_levensonderhoud()
    body["aanvrager"]["bsn"] = voorbeelden.ANDER_BSN
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as c:
        antwoorden = await asyncio.gather(*(c.post(URL, json=body, headers=headers) for _ in range(50)))
    assert {a.status_code for a in antwoorden} == {201}
    assert len({a.json()["id"] for a in antwoorden}) == 1
    gevonden = await client.post(URL + "/_zoek", json={"bsn": voorbeelden.ANDER_BSN}, headers=token("teamleider"))
    ids = {a["id"] for a in gevonden.json()["aanvragen"]}
    assert ids == {antwoorden[0].json()["id"]}


async def test_andere_gemeente_in_body_dan_token(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]]
) -> None:
    r = await client.post(
        URL, json=voorbeelden.tozo_levensonderhoud(gemeente="0344"), headers=token("loket") | sleutel()
    )
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
