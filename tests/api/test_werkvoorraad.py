"""The work-queue endpoints at the HTTP edge: authentication, roles, empty queues, bad input."""

import uuid
from collections.abc import Callable

import httpx

Token = Callable[..., dict[str, str]]
LEEG = ("0001",)  # a municipality without cases


async def test_lege_werkvoorraad_en_rollen(client: httpx.AsyncClient, token: Token) -> None:
    assert (await client.post("/api/v1/werkvoorraad/controleur/claims")).status_code == 401
    r = await client.post("/api/v1/werkvoorraad/controleur/claims", headers=token("controleur", gemeenten=LEEG))
    assert r.status_code == 204 and not r.content
    r = await client.post("/api/v1/werkvoorraad/reviewer/claims", headers=token("controleur", gemeenten=LEEG))
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    r = await client.post("/api/v1/werkvoorraad/kok/claims", headers=token("controleur", gemeenten=LEEG))
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "rol"
    r = await client.get("/api/v1/werkvoorraad/overzicht", headers=token("teamleider", gemeenten=LEEG))
    assert r.status_code == 200 and r.json()["perStatus"] == {} and r.json()["aandacht"] == []
    r = await client.get("/api/v1/werkvoorraad/overzicht?binnenDagen=-1", headers=token("teamleider"))
    assert r.status_code == 400


async def test_onbekende_aanvraag(client: httpx.AsyncClient, token: Token) -> None:
    onbekend = uuid.uuid4()
    r = await client.delete(f"/api/v1/werkvoorraad/controleur/claims/{onbekend}", headers=token("controleur"))
    assert r.status_code == 404
    for stap, rol, body in (
        ("controles", "controleur", {"bewijsVoldoende": True}),
        ("herstelverzoeken", "controleur", {}),
        ("aanvullingen", "loket", {}),
        ("beoordelingen", "consulent", {"besluit": "toekenning"}),
        ("reviews", "reviewer", {"oordeel": "bevestigd"}),
        ("toewijzingen", "teamleider", {"medewerker": "x"}),
    ):
        r = await client.post(f"/api/v1/aanvragen/{onbekend}/{stap}", json=body, headers=token(rol))
        assert r.status_code == 404, (stap, r.text)
        ander = "reviewer" if rol in ("loket", "teamleider") else "loket"
        r = await client.post(f"/api/v1/aanvragen/{onbekend}/{stap}", json=body, headers=token(ander))
        assert r.status_code == 403, (stap, r.text)
    assert (
        await client.get(f"/api/v1/aanvragen/{onbekend}/behandeling", headers=token("teamleider"))
    ).status_code == 404


async def test_ongeldige_bodies(client: httpx.AsyncClient, token: Token) -> None:
    aanvraag = uuid.uuid4()
    r = await client.post(
        f"/api/v1/aanvragen/{aanvraag}/beoordelingen",
        json={"besluit": "misschien", "maanden": [{"maand": "2020-13", "toegekend": 1}]},
        headers=token("consulent"),
    )
    assert r.status_code == 400
    assert {p["name"] for p in r.json()["invalidParams"]} == {"besluit", "maanden[0].maand", "maanden[0].toegekend"}
    r = await client.post(
        f"/api/v1/aanvragen/{aanvraag}/reviews",
        content=b"{",
        headers=token("reviewer") | {"content-type": "application/json"},
    )
    assert r.status_code == 400
    r = await client.post(
        f"/api/v1/aanvragen/{aanvraag}/toewijzingen", json={"medewerker": ""}, headers=token("teamleider")
    )
    assert r.status_code == 400
    r = await client.post(
        f"/api/v1/aanvragen/{aanvraag}/controles",
        json={"bewijsVoldoende": True},
        headers=token("controleur") | {"If-Match": "geen-etag"},
    )
    assert r.status_code == 412


async def test_nul_teken_is_ongeldige_invoer(client: httpx.AsyncClient, token: Token) -> None:
    r = await client.post(
        f"/api/v1/aanvragen/{uuid.uuid4()}/reviews",
        json={"oordeel": "teruggestuurd", "reden": "a\x00b"},
        headers=token("reviewer"),
    )
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "reden"
