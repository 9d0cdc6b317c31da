"""Bad input gets one clear 400 problem listing every invalid field, never a 500."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests import voorbeelden

URL = "/api/v1/aanvragen"


def headers(token: Callable[..., dict[str, str]]) -> dict[str, str]:
    return token("loket") | {"Idempotency-Key": str(uuid.uuid4())}


def problemen(r: httpx.Response) -> set[tuple[str, str]]:
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 400 and body["title"]
    return {(p["name"], p["code"]) for p in body["invalidParams"]}


async def test_alle_fouten_tegelijk(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    body = voorbeelden.tozo_levensonderhoud()
    body["aanvrager"]["bsn"] = "123456789"  # fails the eleven-test
    body["onderneming"]["kvkNummer"] = "1234567"
    body["iban"] = "NL91ABNA0417164301"
    body["inkomsten"][0]["aanvrager"]["winst"] = -5
    body["inkomsten"][1]["aanvrager"]["loon"] = 12.5
    body["huishouden"]["samenstelling"] = "met-partner"  # but no partner given
    body["maanden"] = ["2020-04", "2020-13", "2019-12"]
    body["onbekendVeld"] = True
    gevonden = problemen(await client.post(URL, json=body, headers=headers(token)))
    verwacht = {
        ("aanvrager.bsn", "bsn"),
        ("onderneming.kvkNummer", "pattern"),
        ("iban", "iban"),
        ("inkomsten[0].aanvrager.winst", "minimum"),
        ("inkomsten[1].aanvrager.loon", "integer"),
        ("partner", "required"),
        ("maanden[1]", "pattern"),
        ("onbekendVeld", "unknownParam"),
    }
    assert verwacht <= gevonden, gevonden - verwacht


async def test_maand_buiten_venster(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    body = voorbeelden.tozo_levensonderhoud(maanden=["2020-04", "2020-10"], inkomsten=[])
    assert ("maanden[1]", "outOfWindow") in problemen(await client.post(URL, json=body, headers=headers(token)))


@pytest.mark.parametrize(
    ("pad", "waarde", "verwacht"),
    [
        (("aanvraagdatum",), "2999-01-01", ("aanvraagdatum", "maximum")),
        (("aanvrager", "geboortedatum"), "2030-01-01", ("aanvrager.geboortedatum", "range")),
        (("aanvrager", "geboortedatum"), "15-06-1985", ("aanvrager.geboortedatum", "date")),
        (("onderneming", "urenPerJaar"), "1800", ("onderneming.urenPerJaar", "integer")),
        (("onderneming", "rechtsvorm"), "stichting", ("onderneming.rechtsvorm", "enum")),
        (("regeling",), "tozo-6", ("regeling", "enum")),
        (("gemeente",), "363", ("gemeente", "pattern")),
        (("aanvrager", "bsn"), 999970124, ("aanvrager.bsn", "string")),
        (("verklaringen", "naarWaarheidIngevuld"), "ja", ("verklaringen.naarWaarheidIngevuld", "boolean")),
        (("maanden",), [], ("maanden", "minItems")),
        # Digits of other scripts are digits to \\d and str.isdigit, not in a BSN, KvK number or date.
        (("aanvrager", "bsn"), "\u0669\u0669\u0669\u0669\u0667\u0660\u0661\u0662\u0664", ("aanvrager.bsn", "pattern")),
        (
            ("onderneming", "kvkNummer"),
            "\u0666\u0669\u0665\u0669\u0669\u0660\u0668\u0664",
            ("onderneming.kvkNummer", "pattern"),
        ),
        (("gemeente",), "\u0660\u0663\u0666\u0663", ("gemeente", "pattern")),
        (("maanden",), ["\u0662\u0660\u0662\u0660-04"], ("maanden[0]", "pattern")),
    ],
)
async def test_een_fout_veld(
    client: httpx.AsyncClient,
    token: Callable[..., dict[str, str]],
    pad: tuple[str, ...],
    waarde: Any,
    verwacht: tuple[str, str],
) -> None:
    body = voorbeelden.tozo_levensonderhoud()
    doel = body
    for deel in pad[:-1]:
        doel = doel[deel]
    doel[pad[-1]] = waarde
    assert verwacht in problemen(await client.post(URL, json=body, headers=headers(token)))


async def test_partner_zonder_partner_huishouden(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]]
) -> None:
    body = voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud())
    body["huishouden"]["samenstelling"] = "alleenstaand"
    assert ("partner", "notAllowed") in problemen(await client.post(URL, json=body, headers=headers(token)))


async def test_ontbrekende_velden(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    gevonden = problemen(await client.post(URL, json={"regeling": "tozo-levensonderhoud"}, headers=headers(token)))
    assert {
        ("aanvrager", "required"),
        ("onderneming", "required"),
        ("iban", "required"),
        ("maanden", "required"),
    } <= gevonden


async def test_kapotte_json(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    r = await client.post(URL, content=b'{"regeling": ', headers=headers(token) | {"Content-Type": "application/json"})
    assert ("body", "json") in problemen(r)


async def test_diep_geneste_json(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    r = await client.post(
        URL, content=b"[" * 100_000 + b"]" * 100_000, headers=headers(token) | {"Content-Type": "application/json"}
    )
    assert r.status_code in (400, 413)
    assert r.headers["content-type"] == "application/problem+json"


async def test_geen_object(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    r = await client.post(URL, json=[1, 2], headers=headers(token))
    assert r.status_code == 400


async def test_te_groot(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    body = voorbeelden.tozo_levensonderhoud()
    body["onderneming"]["naam"] = "x" * 2_000_000
    r = await client.post(URL, json=body, headers=headers(token))
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"


async def test_te_groot_zonder_lengte(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    async def stroom() -> Any:
        for _ in range(40):
            yield b" " * 50_000

    r = await client.post(URL, content=stroom(), headers=headers(token) | {"Content-Type": "application/json"})
    assert r.status_code == 413


async def test_verkeerd_inhoudstype(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    r = await client.post(
        URL, content=b"regeling=tozo", headers=headers(token) | {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 415
    assert r.headers["content-type"] == "application/problem+json"


async def test_geen_idempotency_key(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    r = await client.post(URL, json=voorbeelden.tozo_levensonderhoud(), headers=token("loket"))
    assert ("Idempotency-Key", "required") in problemen(r)


async def test_niets_half_opgeslagen(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    """A refused application leaves no case behind."""
    body = voorbeelden.tozo_levensonderhoud()
    body["aanvrager"]["bsn"] = "999993653"
    body["iban"] = "ongeldig"
    assert (await client.post(URL, json=body, headers=headers(token))).status_code == 400
    gevonden = await client.post(URL + "/_zoek", json={"bsn": "999993653"}, headers=token("teamleider"))
    assert gevonden.json()["aanvragen"] == []
