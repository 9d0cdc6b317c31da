"""The external adviser logs in with its organisation in the token and sees only the viability
studies sent to that organisation: it lists them, uploads the report and records the conclusion.
Another organisation or municipality gets 404, another role 403, always as problem+json."""

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from app.workflows.gemeenteprofiel import profiel
from tests.bbz.hulp import PDF, bij_consulent
from tests.workflows.hulp_behandeling import URL, Token

LIJST = "/api/v1/levensvatbaarheidsonderzoeken"


def _probleem(r: httpx.Response, status: int) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"


async def test_adviseur_ziet_en_rondt_alleen_eigen_onderzoeken_af(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
) -> None:
    gemeente, aanvraag, consulent = await bij_consulent(client, token, engine, clients, settings)
    r = await consulent.post(aanvraag, "levensvatbaarheidsonderzoeken", {"toelichting": "Bel eerst de consulent."})
    assert r.status_code == 201, r.text
    onderzoek = r.json()["onderzoek"]["id"]
    organisatie = profiel(gemeente).adviseur.naam
    adviseur = token("adviseur", gemeenten=(gemeente,), organisatie=organisatie)
    ander_bureau = token("adviseur", gemeenten=(gemeente,), organisatie="Een ander bureau")
    andere_gemeente = token("adviseur", gemeenten=("0363",), organisatie=organisatie)
    zonder_organisatie = token("adviseur", gemeenten=(gemeente,))

    r = await client.get(LIJST, headers=adviseur)
    assert r.status_code == 200, r.text
    [opdracht] = [o for o in r.json()["onderzoeken"] if o["id"] == onderzoek]
    assert opdracht["aanvraagId"] == aanvraag and opdracht["toelichting"] == "Bel eerst de consulent."
    assert "bsn" not in r.text and "Jansen" not in r.text  # no personal data of the applicant
    for anders in (ander_bureau, andere_gemeente):
        r = await client.get(LIJST, headers=anders)
        assert r.status_code == 200 and all(o["id"] != onderzoek for o in r.json()["onderzoeken"])
    _probleem(await client.get(LIJST, headers=zonder_organisatie), 403)
    _probleem(await client.get(LIJST, headers=consulent.headers), 403)

    # Upload: another organisation or municipality does not find the study; another role may not.
    bestand = {"bestand": ("rapport.pdf", PDF, "application/pdf")}
    upload = f"{LIJST}/{onderzoek}/documenten"
    for anders in (ander_bureau, andere_gemeente):
        _probleem(await client.post(upload, files=bestand, headers=anders), 404)
    _probleem(await client.post(upload, files=bestand, headers=consulent.headers), 403)
    _probleem(await client.post(f"{LIJST}/999999/documenten", files=bestand, headers=adviseur), 404)
    r = await client.post(upload, files=bestand, headers=adviseur)
    assert r.status_code == 201, r.text
    rapport = r.json()["id"]
    assert r.json()["soort"] == "levensvatbaarheidsrapport"

    # The conclusion: same checks, and the adviser's input is validated like the consulent's.
    vastleggen = f"{LIJST}/{onderzoek}/rapporten"
    body = {"rapportId": rapport, "conclusie": "levensvatbaar"}
    for anders in (ander_bureau, andere_gemeente):
        _probleem(await client.post(vastleggen, json=body, headers=anders), 404)
    _probleem(await client.post(vastleggen, json=body, headers=consulent.headers), 403)
    r = await client.post(vastleggen, json=body | {"voorwaarden": ["Cursus boekhouden."]}, headers=adviseur)
    _probleem(r, 400)
    assert r.json()["invalidParams"][0]["name"] == "voorwaarden"
    r = await client.post(vastleggen, json=body, headers=adviseur)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "te_beoordelen" and r.json()["onderzoek"]["conclusie"] == "levensvatbaar"

    # Done: it leaves the list and the report cannot be replaced.
    r = await client.get(LIJST, headers=adviseur)
    assert all(o["id"] != onderzoek for o in r.json()["onderzoeken"])
    _probleem(await client.post(upload, files=bestand, headers=adviseur), 409)
    _probleem(await client.post(vastleggen, json=body, headers=adviseur), 409)
    # The consulent sees the adviser's report and conclusion on the case.
    lijst = (await consulent.get(f"{URL}/{aanvraag}/levensvatbaarheidsonderzoeken")).json()["onderzoeken"]
    assert [(o["conclusie"], o["rapportId"]) for o in lijst] == [("levensvatbaar", rapport)]
    # The adviser has no access to the case itself.
    _probleem(await client.get(f"{URL}/{aanvraag}", headers=adviseur), 403)
    _probleem(await client.get(f"{URL}/{aanvraag}/documenten", headers=adviseur), 403)
