"""Advances (PW art. 52): paid before the decision; an award books only the rest, a rejection
makes a recovery decision whose letter and ledger entries agree to the cent."""

from datetime import UTC, datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from tests.workflows import test_betalingen, test_verificatie
from tests.workflows.hulp_behandeling import URL, Medewerker, Token

engine = test_verificatie.engine
clients = test_verificatie.clients


async def _betaal(client: httpx.AsyncClient, token: Token, gemeente: str) -> int:
    r = await client.post(
        "/api/v1/betaalbestanden",
        json={"gemeente": gemeente, "uitvoerdatum": datetime.now(UTC).date().isoformat()},
        headers=token("batch", gemeenten=(gemeente,)),
    )
    assert r.status_code == 201, r.text
    return int(r.json()["totaal"])


async def test_voorschot_dan_afwijzing_terugvordering(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag = await test_betalingen.gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    r = await b.post(aanvraag, "voorschotten", {"maand": "2020-04", "motivering": "Beslissen duurt langer."})
    assert r.status_code == 201, r.text
    voorschot = r.json()["bedrag"]
    assert voorschot > 0
    # One advance per month; a month outside the application; a stranger's role.
    assert (await b.post(aanvraag, "voorschotten", {"maand": "2020-04", "motivering": "x"})).status_code == 409
    r = await b.post(aanvraag, "voorschotten", {"maand": "2020-09", "motivering": "x"})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "maand"
    r = await b.post(aanvraag, "voorschotten", {"maand": "2020-05", "bedrag": 99_999_99 // 10, "motivering": "x"})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["code"] == "maximum"
    reviewer = Medewerker(client, token, gemeente, "reviewer")
    assert (await reviewer.post(aanvraag, "voorschotten", {"maand": "2020-05", "motivering": "x"})).status_code == 403

    # Paid with the day's file, before any decision.
    assert await _betaal(client, token, gemeente) == voorschot

    # Rejected after all: assessor, then review; the rejection makes a recovery decision.
    assert (await b.claim("consulent")).json()["id"] == aanvraag
    r = await b.post(aanvraag, "beoordelingen", {"besluit": "afwijzing", "motivering": "Geen zelfstandige."})
    assert r.status_code == 201, r.text
    assert (await reviewer.claim("reviewer")).json()["id"] == aanvraag
    r = await reviewer.post(aanvraag, "reviews", {"oordeel": "bevestigd"})
    assert r.status_code == 201, r.text

    lijst = (await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [(x["nummer"], x["soort"]) for x in lijst] == [(1, "afwijzing"), (2, "terugvordering")]
    brief = await test_betalingen.brief(database_url, aanvraag, 2)
    assert [(m["maand"], m["was_cent"], m["wordt_cent"], m["terugvordering_cent"]) for m in brief["maanden"]] == [
        ("2020-04", voorschot, 0, voorschot)
    ]
    g = (await b.get(f"{URL}/{aanvraag}/betalingen")).json()
    assert [(x["soort"], x["bedrag"], x["beschikking"]) for x in g["boekingen"]] == [
        ("voorschot", voorschot, None),
        ("betaling", -voorschot, None),
        ("terugvordering", -voorschot, 2),
    ]
    assert g["recht"] == 0 and g["betaald"] == voorschot and g["terugTeVorderen"] == voorschot
    assert (await b.post(aanvraag, "voorschotten", {"maand": "2020-05", "motivering": "x"})).status_code == 409


async def test_voorschot_dan_toekenning_verrekend(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag = await test_betalingen.gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    r = await b.post(aanvraag, "voorschotten", {"maand": "2020-04", "bedrag": 30000, "motivering": "Eerste hulp."})
    assert r.status_code == 201, r.text
    assert (await b.claim("consulent")).json()["id"] == aanvraag
    r = await b.post(aanvraag, "beoordelingen", {"besluit": "toekenning", "motivering": "Woont hier; gezien."})
    assert r.status_code == 201, r.text
    brief = await test_betalingen.brief(database_url, aanvraag)
    per_maand = {m["maand"]: m["bedrag_cent"] for m in brief["maanden"]}
    g = (await b.get(f"{URL}/{aanvraag}/betalingen")).json()
    # The award books only what the advance did not cover; the entitlement per month is the letter's.
    assert [(x["soort"], x["maand"], x["bedrag"]) for x in g["boekingen"]] == [
        ("voorschot", "2020-04", 30000),
        ("toekenning", "2020-04", per_maand["2020-04"] - 30000),
        ("toekenning", "2020-05", per_maand["2020-05"]),
    ]
    assert {m["maand"]: m["recht"] for m in g["maanden"]} == per_maand
    assert len((await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]) == 1
    assert (await b.get(f"{URL}/{aanvraag}/voorschotten")).json()["voorschotten"][0]["bedrag"] == 30000
