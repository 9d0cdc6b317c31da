"""Referrals (verwijzingen): the form's support and arrears answers and a consulent's own
judgement put a case on the referral list; without the applicant's consent nothing about the
person is shared and no outcome can be recorded; with consent the outcome is recorded."""

import uuid

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from app.workflows import verificatie
from tests.workflows.hulp_behandeling import URL, Medewerker, Token, nieuwe_gemeente
from tests.workflows.test_verificatie import _jansen

LIJST = "/api/v1/verwijzingen"


async def _dien_in(client: httpx.AsyncClient, token: Token, gemeente: str, **extra: object) -> str:
    body = _jansen() | {"gemeente": gemeente} | extra
    r = await client.post(
        URL, json=body, headers=token("loket", gemeenten=(gemeente,)) | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def test_antwoorden_op_de_lijst_en_toestemming(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente = nieuwe_gemeente()
    antwoorden = {"behoefte": ["coaching"], "betalingsachterstanden": ["huur", "energie"]}
    aanvraag = await _dien_in(client, token, gemeente, ondersteuning=antwoorden)
    zonder_antwoorden = await _dien_in(client, token, gemeente)
    while await verificatie.verifieer_volgende(engine, clients, settings):
        pass
    consulent = Medewerker(client, token, gemeente, "consulent")
    loket = Medewerker(client, token, gemeente, "loket")

    r = await consulent.get(LIJST)
    assert r.status_code == 200, r.text
    lijst = r.json()["verwijzingen"]
    assert sorted(v["soort"] for v in lijst) == ["coaching", "schuldhulp"]
    assert all(v["aanleiding"] == "aanvraag" and v["toestemming"] is None and v["persoon"] is None for v in lijst)
    # No consent yet: nothing in the list says who it is.
    assert "Jansen" not in r.text and aanvraag not in r.text and "999991012" not in r.text
    assert (await consulent.get(f"{URL}/{zonder_antwoorden}/verwijzingen")).json()["verwijzingen"] == []

    per_soort = {v["soort"]: v["id"] for v in lijst}
    # The applicant agrees for coaching (through the digital counter) and refuses debt help.
    r = await loket.client.post(
        f"{LIJST}/{per_soort['coaching']}/toestemmingen", json={"toestemming": True}, headers=loket.headers
    )
    assert r.status_code == 201 and r.json()["toestemming"] is True, r.text
    r = await consulent.client.post(
        f"{LIJST}/{per_soort['schuldhulp']}/toestemmingen", json={"toestemming": False}, headers=consulent.headers
    )
    assert r.status_code == 201 and r.json()["toestemming"] is False

    lijst = {v["soort"]: v for v in (await consulent.get(LIJST)).json()["verwijzingen"]}
    assert lijst["coaching"]["persoon"]["naam"] == "Jan Jansen"
    assert lijst["coaching"]["persoon"]["aanvraagId"] == aanvraag
    assert lijst["schuldhulp"]["persoon"] is None
    assert (await consulent.get(f"{LIJST}?soort=schuldhulp")).text.count("Jansen") == 0

    # No consent, nothing shared: no outcome either. With consent the outcome is recorded.
    r = await consulent.client.post(
        f"{LIJST}/{per_soort['schuldhulp']}/uitkomsten", json={"uitkomst": "gestart"}, headers=consulent.headers
    )
    assert r.status_code == 409 and r.json()["code"] == "geen-toestemming"
    r = await consulent.client.post(
        f"{LIJST}/{per_soort['coaching']}/uitkomsten",
        json={"uitkomst": "afgerond", "toelichting": "Vijf gesprekken gehad."},
        headers=consulent.headers,
    )
    assert r.status_code == 201 and r.json()["uitkomst"] == "afgerond", r.text
    # After an outcome the consent no longer changes.
    r = await loket.client.post(
        f"{LIJST}/{per_soort['coaching']}/toestemmingen", json={"toestemming": False}, headers=loket.headers
    )
    assert r.status_code == 409

    conn = await asyncpg.connect(database_url)
    try:
        gelogd = await conn.fetchval(
            "SELECT count(*) FROM verwijzingen v JOIN verwerkingen w ON w.aanvraag_id = v.aanvraag_id "
            "WHERE v.id = $1 AND w.operatie = 'verwijzing raadplegen'",
            per_soort["coaching"],
        )
        acties = [
            r["actie"]
            for r in await conn.fetch(
                "SELECT actie FROM audit_gebeurtenissen WHERE aanvraag_id = $1 AND actie LIKE 'verwijzing%' "
                "ORDER BY id",
                uuid.UUID(aanvraag),
            )
        ]
    finally:
        await conn.close()
    assert gelogd >= 1
    assert acties.count("verwijzing-aangemaakt") == 2 and "verwijzing-uitkomst" in acties


async def test_eigen_oordeel_van_de_consulent(client: httpx.AsyncClient, token: Token) -> None:
    gemeente = nieuwe_gemeente()
    aanvraag = await _dien_in(client, token, gemeente)
    consulent = Medewerker(client, token, gemeente, "consulent")
    r = await consulent.post(aanvraag, "verwijzingen", {"soort": "heroriëntatie", "toelichting": "Wil omscholen."})
    assert r.status_code == 201, r.text
    assert r.json()["aanleiding"] == "consulent" and r.json()["persoon"] is None
    assert (await consulent.post(aanvraag, "verwijzingen", {"soort": "heroriëntatie"})).status_code == 409
    r = await consulent.post(aanvraag, "verwijzingen", {"soort": "leerwerkloket"})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "soort"
    assert (await consulent.post(aanvraag, "verwijzingen", {"soort": "coaching", "x": 1})).status_code == 400
    # Deventer offers its own programmes (gemeenten/0150.toml).
    deventer = await _dien_in(client, token, "0150")
    r = await Medewerker(client, token, "0150", "consulent").post(deventer, "verwijzingen", {"soort": "leerwerkloket"})
    assert r.status_code == 201, r.text
    # Roles and municipalities.
    reviewer = Medewerker(client, token, gemeente, "reviewer")
    assert (await reviewer.post(aanvraag, "verwijzingen", {"soort": "coaching"})).status_code == 403
    ander = Medewerker(client, token, nieuwe_gemeente(), "consulent")
    assert (await ander.post(aanvraag, "verwijzingen", {"soort": "coaching"})).status_code == 404
    verwijzing = r.json()["id"]
    r = await ander.client.post(
        f"{LIJST}/{verwijzing}/toestemmingen", json={"toestemming": True}, headers=ander.headers
    )
    assert r.status_code == 404
    assert (await consulent.get(f"{LIJST}?soort=Coaching!")).status_code == 400
    assert (await consulent.get(f"{LIJST}?cursor=abc")).status_code == 400
    r = await consulent.client.post(f"{LIJST}/0/toestemmingen", json={"toestemming": True}, headers=consulent.headers)
    assert r.status_code == 400


async def test_antwoorden_veranderen_de_uitkomst_niet(client: httpx.AsyncClient, token: Token) -> None:
    """Through the API too: the trial calculation is identical with and without the answers."""
    zonder = _jansen() | {"aanvraagdatum": "2021-08-16", "maanden": ["2021-07", "2021-08"], "inkomsten": []}
    met = zonder | {"ondersteuning": {"behoefte": ["schuldhulp", "coaching"], "betalingsachterstanden": ["huur"]}}
    antwoorden = []
    for body in (zonder, met):
        r = await client.post("/api/v1/proefberekeningen?peildatum=2021-08-16", json=body, headers=token("loket"))
        assert r.status_code == 200, r.text
        antwoorden.append(r.json())
    assert antwoorden[0] == antwoorden[1] and antwoorden[0]["criteria"]
