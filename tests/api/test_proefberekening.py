"""Trial calculation over HTTP: the rules outcome for an application, nothing stored."""

from collections.abc import Callable

import httpx

from tests import voorbeelden

URL = "/api/v1/proefberekeningen"


async def test_tozo2_paar_juli_2020(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    """Spec §7 case 3: couple, July 2020, profit 1,000 (net 820) and partner wage 500 -> 192.90."""
    body = voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud())
    body["aanvraagdatum"] = "2020-07-10"
    body["maanden"] = ["2020-07"]
    body["inkomsten"] = [{"maand": "2020-07", "aanvrager": {"winst": 100000}, "partner": {"loon": 50000}}]
    body["onderneming"]["inschrijvingsdatumKvk"] = "2015-01-05"
    r = await client.post(URL, json=body, params={"peildatum": "2020-07-20"}, headers=token("loket"))
    assert r.status_code == 200, r.text
    uitkomst = r.json()
    juli = next(m for m in uitkomst["maanden"] if m["maand"] == "2020-07")
    assert juli["bedrag"] == 19290
    assert uitkomst["tozoVersie"] == 2
    assert all(c["grondslag"] for c in uitkomst["criteria"])
    niets = await client.post(
        "/api/v1/aanvragen/_zoek", json={"bsn": voorbeelden.PARTNER_BSN}, headers=token("teamleider")
    )
    assert all(a["aanvraagdatum"] != "2020-07-10" for a in niets.json()["aanvragen"])


async def test_peildatum_voor_aanvraagdatum(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    r = await client.post(
        URL, json=voorbeelden.tozo_levensonderhoud(), params={"peildatum": "2020-01-01"}, headers=token("loket")
    )
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["name"] == "peildatum"


async def test_fouten_zoals_bij_indienen(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> None:
    body = voorbeelden.tozo_levensonderhoud()
    body["aanvrager"]["bsn"] = "123456789"
    r = await client.post(URL, json=body, headers=token("loket"))
    assert r.status_code == 400
    assert ("aanvrager.bsn", "bsn") in {(p["name"], p["code"]) for p in r.json()["invalidParams"]}
