"""The relaxed Bbz after the Tozo (spec §4.1) switches on for applications from 1 October 2021 and
off after 31 March 2022, by the date of application, as seen through the API: the months that may
be applied for (up to 2 back, never before the first relaxed month), no vermogenstoets, and a
gift instead of an interest-free loan."""

from typing import Any

import httpx
import pytest

from tests.bbz.hulp import bbz
from tests.workflows.hulp_behandeling import Token

# (date of application, first month that may be applied for)
VENSTERS = (
    ("2021-09-30", "2021-09"),  # regular Bbz: from the month of application
    ("2021-10-01", "2021-10"),  # relaxed: 2 months back, but not before October 2021
    ("2021-12-15", "2021-10"),
    ("2022-01-03", "2021-12"),  # Stb. 2022, 82: months December 2021 - March 2022
    ("2022-03-31", "2022-01"),
    ("2022-04-01", "2022-04"),  # regular again
)


@pytest.mark.parametrize(("dag", "eerste"), VENSTERS)
async def test_aanvraagbare_maanden(client: httpx.AsyncClient, token: Token, dag: str, eerste: str) -> None:
    r = await client.get(f"/api/v1/regelingen?peildatum={dag}", headers=token("loket"))
    assert r.status_code == 200, r.text
    [bbz_lo] = [x for x in r.json()["regelingen"] if x["code"] == "bbz-levensonderhoud"]
    assert bbz_lo["aanvraagbareMaanden"]["eerste"] == eerste


async def _proef(client: httpx.AsyncClient, token: Token, dag: str, maand: str) -> dict[str, Any]:
    body = bbz(categorie="starter", aanvraagdatum=dag, maanden=[maand])
    r = await client.post(f"/api/v1/proefberekeningen?peildatum={dag}", json=body, headers=token("loket"))
    assert r.status_code == 200, r.text
    uitkomst: dict[str, Any] = r.json()
    return uitkomst


@pytest.mark.parametrize(
    ("dag", "maand", "versoepeld"),
    (
        ("2021-09-30", "2021-09", False),
        ("2021-10-01", "2021-10", True),
        ("2022-03-31", "2022-03", True),
        ("2022-04-01", "2022-04", False),
    ),
)
async def test_vermogen_en_vorm_op_de_grensdata(
    client: httpx.AsyncClient, token: Token, dag: str, maand: str, versoepeld: bool
) -> None:
    uitkomst = await _proef(client, token, dag, maand)
    [vermogen] = [c for c in uitkomst["criteria"] if c["code"] == "B3"]
    assert vermogen["status"] == ("niet-van-toepassing" if versoepeld else "beoordeling-medewerker")
    [m] = uitkomst["maanden"]
    assert m["maand"] == maand
    assert m["vorm"] == ("om-niet" if versoepeld else "renteloze-lening")
    assert any(p["naam"] == "bbz.versoepeling" and p["waarde"] is versoepeld for p in uitkomst["parameters"])


async def test_terugwerkende_kracht_alleen_in_de_versoepeling(client: httpx.AsyncClient, token: Token) -> None:
    """Two months back is allowed on 15 December 2021; on 15 April 2022 a month before the month
    of application is outside the window."""
    binnen = await _proef(client, token, "2021-12-15", "2021-10")
    assert [(m["maand"], m["vorm"]) for m in binnen["maanden"]] == [("2021-10", "om-niet")]
    body = bbz(categorie="starter", aanvraagdatum="2022-04-15", maanden=["2022-03"])
    r = await client.post("/api/v1/proefberekeningen?peildatum=2022-04-15", json=body, headers=token("loket"))
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"].startswith("maanden")
