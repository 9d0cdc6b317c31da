"""The read model of the management figures follows the real workflow: a case verified by the
register simulators, asked for information, supplemented, checked and awarded over the API has
its postcode area, SBI section, request counts, decision date and granted amount in
`stuurinformatie` (filled by the triggers of migration 0013, not by the workflow code)."""

import json
from datetime import datetime
from typing import Any

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from tests.workflows import test_verificatie
from tests.workflows.hulp_behandeling import Medewerker, Token, nieuwe_gemeente, te_controleren
from tests.workflows.test_beoordeling import AMSTERDAM, TOEKENNING_TEGEN_DE_REGELS

engine = test_verificatie.engine
clients = test_verificatie.clients


async def _rij(database_url: str, aanvraag: str) -> dict[str, Any]:
    conn = await asyncpg.connect(database_url)
    try:
        rij = await conn.fetchrow("SELECT * FROM stuurinformatie WHERE aanvraag_id = $1", aanvraag)
        assert rij is not None
        uit = dict(rij)
        uit["brief"] = await conn.fetchval(
            "SELECT inhoud FROM beschikkingen WHERE aanvraag_id = $1 ORDER BY nummer DESC LIMIT 1", aanvraag
        )
        uit["sbi"] = await conn.fetchval(
            "SELECT registers->'kvk'->'resultaat'->>'hoofdactiviteitSbi' FROM verificaties WHERE aanvraag_id = $1",
            aanvraag,
        )
        return uit
    finally:
        await conn.close()


async def test_van_aanvraag_tot_toekenning(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    rij = await _rij(database_url, aanvraag)
    vandaag = datetime.now(AMSTERDAM).date()
    assert (rij["gemeente"], rij["status"], rij["ontvangen"]) == (gemeente, "te_controleren", vandaag)
    # The applicant (999991012) lives at 8224JX; the business's main activity is in the KvK answer.
    assert rij["postcode4"] == "8224"
    assert rij["sbi"] and rij["sbi_sectie"] == {"43": "F", "10": "C"}[rij["sbi"][:2]]
    assert rij["leeftijd"] is not None and rij["besloten"] is None
    assert rij["beslistermijn_einde"] is not None  # set by the rules outcome on entering te_controleren

    a = Medewerker(client, token, gemeente, "controleur")
    loket = Medewerker(client, token, gemeente, "loket")
    assert (await a.claim("controleur")).json()["id"] == aanvraag
    r = await a.post(aanvraag, "herstelverzoeken", {"ontbrekend": [{"soort": "jaarcijfers", "reden": "Winst 2019"}]})
    assert r.status_code == 201, r.text
    rij = await _rij(database_url, aanvraag)
    assert (rij["herstel_verzocht"], rij["herstel_aangevuld"], rij["status"]) == (1, 0, "hersteltermijn")
    assert rij["herstel_open_tot"] is not None
    r = await loket.post(aanvraag, "aanvullingen", {"toelichting": "Jaarcijfers geüpload."})
    assert r.status_code == 201, r.text
    rij = await _rij(database_url, aanvraag)
    assert (rij["herstel_verzocht"], rij["herstel_aangevuld"], rij["herstel_open_tot"]) == (1, 1, None)

    assert (await a.claim("controleur")).json()["id"] == aanvraag
    assert (await a.controle(aanvraag)).status_code == 201
    b = Medewerker(client, token, gemeente, "consulent")
    assert (await b.claim("consulent")).json()["id"] == aanvraag
    r = await b.post(aanvraag, "beoordelingen", TOEKENNING_TEGEN_DE_REGELS | {"motivering": "Voldoet."})
    assert r.status_code == 201, r.text
    rij = await _rij(database_url, aanvraag)
    assert (rij["status"], rij["besloten"]) == ("toegekend", vandaag)
    assert rij["binnen_termijn"] is (vandaag <= rij["beslistermijn_einde"])  # the example case dates from 2020
    verwacht = sum(m["bedrag_cent"] for m in json.loads(rij["brief"])["maanden"])
    assert rij["bedrag_cent"] == verwacht == 180_000  # two months of 900 euro, as the assessor set them

    # The team lead's figures count it (one case: suppressed, but present).
    tl = token("teamleider", gemeenten=(gemeente,))
    r = await client.get("/api/v1/stuurinformatie", headers=tl)
    assert r.status_code == 200, r.text
    besluiten = r.json()["besluitenPerWeek"]
    assert [(b["uitkomst"], b["aantal"], b["onderdrukt"]) for b in besluiten] == [("toegekend", None, True)]
