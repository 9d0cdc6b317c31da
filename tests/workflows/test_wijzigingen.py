"""Reported changes after an award (spec §7 case 31): a higher actual income lowers a month and
is recovered after assessment and review; a lower one raises a month and is paid extra after
assessment alone; in both, the herziening letter and the ledger agree to the cent."""

import io
import re
import uuid
from typing import Any

import asyncpg
import httpx
import pypdf
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.decisions import opslag
from app.decisions.render import Renderer
from app.registers import RegisterClients
from tests.workflows import test_betalingen, test_verificatie
from tests.workflows.hulp_behandeling import URL, Medewerker, Token

engine = test_verificatie.engine
clients = test_verificatie.clients


def echtpaar_tozo2() -> dict[str, Any]:
    """Spec §7 case 3: Tozo 2 couple in July 2020, norm 1.512,90; profit 1.000 (net 820) and the
    partner's net wage 500 → 192,90 per month."""
    body = test_verificatie._jansen()
    body |= {
        "aanvraagdatum": "2020-07-10",
        "maanden": ["2020-07", "2020-08"],
        "huishouden": {"samenstelling": "met-partner", "aantalKinderen": 0},
        "partner": {
            "bsn": test_betalingen.nieuw_bsn(),
            "geboortedatum": "1986-02-01",
            "naam": {"voornamen": "Els", "geslachtsnaam": "Jansen"},
        },
        "inkomsten": [
            {"maand": m, "aanvrager": {"winst": 100000}, "partner": {"loon": 50000}} for m in ("2020-07", "2020-08")
        ],
    }
    return body


def _tekst(pdf: bytes) -> str:
    lezer = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in lezer.pages).replace("\u00a0", " "))


async def _boekingen(b: Medewerker, aanvraag: str, beschikking: int) -> list[tuple[str, str, int]]:
    g = (await b.get(f"{URL}/{aanvraag}/betalingen")).json()
    return [(x["soort"], x["maand"], x["bedrag"]) for x in g["boekingen"] if x["beschikking"] == beschikking]


async def test_hoger_inkomen_terugvordering_lager_inkomen_nabetaling(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, b = await test_betalingen.toegekend(client, token, engine, clients, settings, echtpaar_tozo2())
    toekenning = await test_betalingen.brief(database_url, aanvraag)
    assert [m["bedrag_cent"] for m in toekenning["maanden"]] == [19290, 19290]
    loket = Medewerker(client, token, gemeente, "loket")

    # July: the household earned 1.420 instead of 1.320 → 92,90 instead of 192,90 → recover 100,00.
    r = await loket.post(
        aanvraag,
        "wijzigingen",
        {
            "soort": "inkomen",
            "inkomsten": [{"maand": "2020-07", "aanvrager": {"winst": 100000}, "partner": {"loon": 60000}}],
        },
    )
    assert r.status_code == 201, r.text
    w = r.json()
    assert w["voorstel"] == [{"maand": "2020-07", "was": 19290, "wordt": 9290, "verschil": -10000}]
    assert w["nadelig"] is True and w["status"] == "te_beoordelen" and w["beschikking"] is None

    # To the applicant's detriment: assessor, then a third person.
    r = await b.post(aanvraag, "wijzigingen/1/beoordelingen", {"herzien": True, "motivering": "Loonstrook juli."})
    assert r.status_code == 201 and r.json()["status"] == "te_reviewen"
    assert (await b.post(aanvraag, "wijzigingen/1/reviews", {"oordeel": "bevestigd"})).status_code == 403
    c = Medewerker(client, token, gemeente, "reviewer")
    r = await c.post(aanvraag, "wijzigingen/1/reviews", {"oordeel": "bevestigd"})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "vastgesteld" and r.json()["beschikking"] == 2

    brief = await test_betalingen.brief(database_url, aanvraag, 2)
    assert brief["soort"] == "herziening"
    assert [(m["maand"], m["was_cent"], m["wordt_cent"], m["terugvordering_cent"]) for m in brief["maanden"]] == [
        ("2020-07", 19290, 9290, 10000)
    ]
    assert await _boekingen(b, aanvraag, 2) == [("terugvordering", "2020-07", -10000)]
    tekst = _tekst(Renderer().render(opslag.uit_dict(brief)))
    assert "€ 100,00" in tekst and "€ 92,90" in tekst and "bezwaar" in tekst and "terugbetalen" in tekst

    # August: the profit was 500 instead of 1.000 → 820 - 410 more → 602,90 → extra 410,00.
    r = await loket.post(
        aanvraag,
        "wijzigingen",
        {
            "soort": "inkomen",
            "inkomsten": [{"maand": "2020-08", "aanvrager": {"winst": 50000}, "partner": {"loon": 50000}}],
        },
    )
    assert r.json()["voorstel"] == [{"maand": "2020-08", "was": 19290, "wordt": 60290, "verschil": 41000}]
    assert r.json()["nadelig"] is False
    r = await b.post(aanvraag, "wijzigingen/2/beoordelingen", {"herzien": True})
    assert r.status_code == 201 and r.json()["status"] == "vastgesteld" and r.json()["beschikking"] == 3
    brief = await test_betalingen.brief(database_url, aanvraag, 3)
    assert [(m["maand"], m["nabetaling_cent"], m["terugvordering_cent"]) for m in brief["maanden"]] == [
        ("2020-08", 41000, 0)
    ]
    assert await _boekingen(b, aanvraag, 3) == [("nabetaling", "2020-08", 41000)]
    assert "€ 410,00" in _tekst(Renderer().render(opslag.uit_dict(brief)))

    g = (await b.get(f"{URL}/{aanvraag}/betalingen")).json()
    assert {m["maand"]: m["recht"] for m in g["maanden"]} == {"2020-07": 9290, "2020-08": 60290}
    assert g["saldo"] == 9290 + 60290  # nothing paid yet

    # Settled is settled; a wijziging of another municipality does not exist for the caller.
    assert (await b.post(aanvraag, "wijzigingen/2/beoordelingen", {"herzien": True})).status_code == 409
    anders = Medewerker(client, token, "0344", "consulent")
    assert (await anders.post(aanvraag, "wijzigingen/1/beoordelingen", {"herzien": True})).status_code == 404


async def test_stoppen_verhuizen_en_vier_ogen(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, b = await test_betalingen.toegekend(client, token, engine, clients, settings, echtpaar_tozo2())
    # A move within the municipality changes nothing.
    r = await b.post(aanvraag, "wijzigingen", {"soort": "verhuizing", "datum": "2020-07-20", "gemeente": gemeente})
    assert r.status_code == 201 and r.json()["status"] == "zonder_gevolgen" and r.json()["voorstel"] == []
    # Stopped in July: August goes to 0. Reported by the assessor herself: she may not assess it.
    r = await b.post(aanvraag, "wijzigingen", {"soort": "beeindiging", "datum": "2020-07-15"})
    assert r.json()["voorstel"] == [{"maand": "2020-08", "was": 19290, "wordt": 0, "verschil": -19290}]
    assert (await b.post(aanvraag, "wijzigingen/2/beoordelingen", {"herzien": True})).status_code == 403
    ander = Medewerker(client, token, gemeente, "consulent")
    r = await ander.post(aanvraag, "wijzigingen/2/beoordelingen", {"herzien": False})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "motivering"
    r = await ander.post(aanvraag, "wijzigingen/2/reviews", {"oordeel": "bevestigd"})
    assert r.status_code == 403  # wrong role
    # Bad input: a month without benefit, an unknown kind, a wijziging that does not exist.
    r = await b.post(
        aanvraag, "wijzigingen", {"soort": "inkomen", "inkomsten": [{"maand": "2021-01", "aanvrager": {"winst": 1}}]}
    )
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "inkomsten[0].maand"
    twee_keer = [{"maand": "2020-08", "aanvrager": {"winst": 1}}, {"maand": "2020-08", "aanvrager": {"winst": 2}}]
    r = await b.post(aanvraag, "wijzigingen", {"soort": "inkomen", "inkomsten": twee_keer})
    assert r.status_code == 400 and r.json()["invalidParams"][0] == {
        "name": "inkomsten[1].maand",
        "code": "uniqueItems",
        "reason": "Noem elke maand één keer.",
    }
    r = await b.post(aanvraag, "wijzigingen", {"soort": "loterij"})
    assert r.status_code == 400
    assert (await ander.post(aanvraag, "wijzigingen/99/beoordelingen", {"herzien": True})).status_code == 404
    lijst = (await b.get(f"{URL}/{aanvraag}/wijzigingen")).json()["wijzigingen"]
    assert [(w["nummer"], w["soort"], w["status"]) for w in lijst] == [
        (1, "verhuizing", "zonder_gevolgen"),
        (2, "beeindiging", "te_beoordelen"),
    ]
    conn = await asyncpg.connect(database_url)
    try:
        gelogd = await conn.fetchval(
            "SELECT count(*) FROM verwerkingen WHERE aanvraag_id = $1 AND operatie = 'wijzigingen raadplegen'",
            uuid.UUID(aanvraag),
        )
    finally:
        await conn.close()
    assert gelogd == 2  # applicant and partner, one read
