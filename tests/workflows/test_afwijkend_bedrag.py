"""An assessor who awards against the rules: her own amount, or else the supplement the rules
computed (norm minus income); the decision is recorded as deviating, and the letter states the
awarded amount, the rules' amount and the motivation (never € 0 for an awarded month)."""

import json
import uuid

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.decisions import opmaak
from app.registers import RegisterClients
from app.workflows.beoordeling import Besluit, MaandOordeel, bepaal
from app.workflows.briefopbouw import maandbedrag
from app.workflows.fouten import OngeldigeInvoer
from tests.workflows import test_beoordeling, test_verificatie
from tests.workflows.hulp_behandeling import Medewerker, Token
from tests.workflows.test_beschikkingen import _render_alles, _rijen, _tekst

engine = test_verificatie.engine
clients = test_verificatie.clients

UITKOMST = {
    "conclusie": "gedeeltelijke-toekenning",
    "maanden": [
        {"maand": "2020-04", "toegekend": True, "bedrag": 105_000},
        {"maand": "2020-05", "toegekend": False, "bedrag": 0},
    ],
}


def test_eigen_bedrag_of_de_berekende_aanvulling() -> None:
    with pytest.raises(OngeldigeInvoer) as fout:
        bepaal(UITKOMST, None, [MaandOordeel("2020-05", False, 100)])
    assert [p["name"] for p in fout.value.invalid_params] == ["maanden[0].bedrag"]
    besluit, per_maand, bedragen, afwijkend = bepaal(UITKOMST, None, [MaandOordeel("2020-05", True, 40_000)])
    assert besluit is Besluit.toekenning and per_maand == {"2020-04": True, "2020-05": True}
    assert bedragen == {"2020-05": 40_000} and afwijkend
    # Awarded against the rules without an amount: the supplement the rules computed, if any.
    met_aanvulling = UITKOMST | {"maanden": [UITKOMST["maanden"][0], {**UITKOMST["maanden"][1], "norm": 105_232}]}
    assert bepaal(met_aanvulling, Besluit.toekenning, None)[2:] == ({}, True)
    with pytest.raises(OngeldigeInvoer) as fout:  # the rules computed nothing: name the amount
        bepaal(UITKOMST, Besluit.toekenning, None)
    assert [p["name"] for p in fout.value.invalid_params] == ["maanden"]
    with pytest.raises(OngeldigeInvoer) as fout:
        bepaal(UITKOMST, None, [MaandOordeel("2020-05", True)])
    assert [p["name"] for p in fout.value.invalid_params] == ["maanden[0].bedrag"]
    # The rules' own amount given back is no deviation.
    assert bepaal(UITKOMST, None, [MaandOordeel("2020-04", True, 105_000)])[2:] == ({}, False)
    # What the letter states per month: own amount, the rules' amount, or the computed supplement.
    afgewezen = {"maand": "2020-05", "toegekend": False, "bedrag": 0, "norm": 105_232, "inkomen": 16_400}
    assert maandbedrag(afgewezen, True, None) == (88_832, 0)
    assert maandbedrag(afgewezen, True, 50_000) == (50_000, 0)
    assert maandbedrag(afgewezen, False, None) == (0, None)
    assert maandbedrag(UITKOMST["maanden"][0], True, None) == (105_000, None)


async def test_brief_noemt_toegekend_bedrag_en_afwijking(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, _ = await test_beoordeling._gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    await b.claim("consulent")
    # The rules give both months nothing here (the test municipality is not the BRP's).
    conn = await asyncpg.connect(database_url)
    try:
        uitkomst = json.loads(
            await conn.fetchval(
                "SELECT regeluitkomst::text FROM verificaties WHERE aanvraag_id = $1", uuid.UUID(aanvraag)
            )
        )
    finally:
        await conn.close()
    assert not any(m["toegekend"] for m in uitkomst["maanden"])
    aanvulling = 61_234
    negatief = {"maanden": [{"maand": "2020-04", "toegekend": True, "bedrag": -1}], "motivering": "x"}
    assert (await b.post(aanvraag, "beoordelingen", negatief)).status_code == 400
    verzoek = {
        "maanden": [
            {"maand": "2020-04", "toegekend": True, "bedrag": 50_000},
            {"maand": "2020-05", "toegekend": True, "bedrag": aanvulling},
        ]
    }
    r = await b.post(aanvraag, "beoordelingen", verzoek)
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "motivering"
    motivering = "Extra kosten voor de zaak aangetoond met facturen."
    r = await b.post(aanvraag, "beoordelingen", verzoek | {"motivering": motivering})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "toegekend" and r.json()["afwijkend"] is True

    await _render_alles(engine, database_url)
    [rij] = await _rijen(database_url, aanvraag)
    tekst = _tekst(bytes(rij["pdf"]))

    def euro(cent: int) -> str:
        return opmaak.euro(cent).replace("\u00a0", " ")

    # The table and the total show what is paid, never € 0 for an awarded month.
    assert euro(50_000) in tekst and euro(aanvulling) in tekst and euro(50_000 + aanvulling) in tekst
    assert "Wij wijken af van de gewone berekening" in tekst
    assert f"u krijgt {euro(50_000)}. Volgens de gewone berekening was dat {euro(0)}" in tekst
    assert f"u krijgt {euro(aanvulling)}. Volgens de gewone berekening was dat {euro(0)}" in tekst
    assert motivering in tekst
