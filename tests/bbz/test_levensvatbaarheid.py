"""The viability study as a workflow step: sent to the municipality's adviser with its fee booked
as a cost of the case; a late report gets one reminder; the conclusion (positive, negative, with
conditions) is evaluated by the rules and goes to the assessor, through to a decision."""

import uuid
from datetime import date, datetime, timedelta

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from app.workflows import levensvatbaarheid
from app.workflows.werkvoorraad import AMSTERDAM
from tests.bbz.hulp import bij_consulent, upload
from tests.workflows.hulp_behandeling import URL, Medewerker, Token

ONDERZOEKEN = "levensvatbaarheidsonderzoeken"
RAPPORTEN = "levensvatbaarheidsrapporten"


async def _b2(consulent: Medewerker, aanvraag: str) -> str:
    v = (await consulent.get(f"{URL}/{aanvraag}/verificatie")).json()
    [b2] = [c for c in v["regeluitkomst"]["criteria"] if c["code"] == "B2"]
    return str(b2["status"])


async def test_positief_naar_toekenning(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    _, aanvraag, consulent = await bij_consulent(client, token, engine, clients, settings, persoon=5)
    assert await _b2(consulent, aanvraag) == "beoordeling-medewerker"
    r = await consulent.post(aanvraag, ONDERZOEKEN, {"toelichting": "Schilder, omzet terug na corona."})
    assert r.status_code == 201, r.text
    o = r.json()["onderzoek"]
    assert r.json()["status"] == "levensvatbaarheidsonderzoek" and r.json()["behandelaar"] is None
    assert (o["adviseur"], o["kosten"], o["conclusie"], o["teLaat"]) == ("Bureau Zelfstandigen", 209500, None, False)
    vandaag = datetime.now(AMSTERDAM).date()
    assert date.fromisoformat(o["termijnEinde"]) == vandaag + timedelta(days=42)
    # While the adviser works, nobody decides; a second study cannot be asked.
    assert (await consulent.post(aanvraag, "beoordelingen", {"besluit": "toekenning"})).status_code == 409
    assert (await consulent.post(aanvraag, ONDERZOEKEN, {})).status_code == 409

    rapport = await upload(consulent, aanvraag, "levensvatbaarheidsrapport")
    r = await consulent.post(aanvraag, RAPPORTEN, {"rapportId": rapport, "conclusie": "levensvatbaar"})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "te_beoordelen" and r.json()["onderzoek"]["conclusie"] == "levensvatbaar"
    assert r.json()["onderzoek"]["rapportId"] == rapport and r.json()["onderzoek"]["teLaat"] is False
    assert await _b2(consulent, aanvraag) == "voldaan"

    assert (await consulent.claim("consulent")).json()["id"] == aanvraag
    r = await consulent.post(aanvraag, "beoordelingen", {"besluit": "toekenning", "motivering": "Levensvatbaar."})
    assert r.status_code == 201 and r.json()["status"] == "toegekend", r.text

    conn = await asyncpg.connect(database_url)
    try:
        kosten = await conn.fetch("SELECT soort, bedrag FROM kosten WHERE aanvraag_id = $1", uuid.UUID(aanvraag))
        acties = [
            r["actie"]
            for r in await conn.fetch(
                "SELECT actie FROM audit_gebeurtenissen WHERE aanvraag_id = $1 ORDER BY id", uuid.UUID(aanvraag)
            )
        ]
    finally:
        await conn.close()
    assert [(k["soort"], k["bedrag"]) for k in kosten] == [("levensvatbaarheidsonderzoek", 209500)]
    r = await consulent.get(f"{URL}/{aanvraag}/kosten")
    assert r.status_code == 200 and r.json()["totaal"] == 209500
    assert r.json()["kosten"][0]["omschrijving"] == "Levensvatbaarheidsonderzoek door Bureau Zelfstandigen"
    assert (await Medewerker(client, token, "9996", "consulent").get(f"{URL}/{aanvraag}/kosten")).status_code == 404
    assert (await Medewerker(client, token, "8105", "loket").get(f"{URL}/{aanvraag}/kosten")).status_code == 403
    assert "levensvatbaarheid-gevraagd" in acties and "levensvatbaarheid-vastgelegd" in acties
    assert "levensvatbaarheid-herinnering" not in acties


async def test_negatief_naar_afwijzing(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente, aanvraag, consulent = await bij_consulent(client, token, engine, clients, settings, persoon=6)
    assert (await consulent.post(aanvraag, ONDERZOEKEN, {})).status_code == 201
    v = (await consulent.get(f"{URL}/{aanvraag}/verificatie")).json()["regeluitkomst"]
    assert all(c["status"] != "niet-voldaan" for c in v["criteria"])  # nothing fails before the study
    rapport = await upload(consulent, aanvraag, "levensvatbaarheidsrapport")
    r = await consulent.post(aanvraag, RAPPORTEN, {"rapportId": rapport, "conclusie": "niet-levensvatbaar"})
    assert r.status_code == 201 and r.json()["conclusieRegels"] == "afwijzing", r.text
    assert await _b2(consulent, aanvraag) == "niet-voldaan"
    await consulent.claim("consulent")
    r = await consulent.post(aanvraag, "beoordelingen", {"besluit": "afwijzing"})
    assert r.status_code == 201 and r.json()["status"] == "te_reviewen" and r.json()["afwijkend"] is False, r.text
    reviewer = Medewerker(client, token, gemeente, "reviewer")
    assert (await reviewer.claim("reviewer")).json()["id"] == aanvraag
    r = await reviewer.post(aanvraag, "reviews", {"oordeel": "bevestigd"})
    assert r.status_code == 201 and r.json()["status"] == "afgewezen"
    lijst = (await consulent.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [b["soort"] for b in lijst] == ["afwijzing"]


async def test_te_laat_herinnering_en_onder_voorwaarden(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, consulent = await bij_consulent(client, token, engine, clients, settings, persoon=7)
    assert (await consulent.post(aanvraag, ONDERZOEKEN, {})).status_code == 201
    [o] = (await consulent.get(f"{URL}/{aanvraag}/{ONDERZOEKEN}")).json()["onderzoeken"]
    termijn = date.fromisoformat(o["termijnEinde"])
    # The sweep on the last day reminds nobody; the day after, once; a second sweep not again.
    op_de_dag = datetime.combine(termijn, datetime.min.time(), AMSTERDAM) + timedelta(hours=12)
    assert o["id"] not in await levensvatbaarheid.herinner(engine, op_de_dag)
    assert o["id"] in await levensvatbaarheid.herinner(engine, op_de_dag + timedelta(days=1))
    assert o["id"] not in await levensvatbaarheid.herinner(engine, op_de_dag + timedelta(days=2))
    # Time passes: the deadline now lies in the past of the real clock the API uses.
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "UPDATE levensvatbaarheidsonderzoeken SET termijn_einde = termijn_einde - 60 WHERE id = $1", o["id"]
        )
        herinneringen = await conn.fetchval(
            "SELECT count(*) FROM audit_gebeurtenissen WHERE aanvraag_id = $1 "
            "AND actie = 'levensvatbaarheid-herinnering'",
            uuid.UUID(aanvraag),
        )
    finally:
        await conn.close()
    assert herinneringen == 1
    [o] = (await consulent.get(f"{URL}/{aanvraag}/{ONDERZOEKEN}")).json()["onderzoeken"]
    assert o["teLaat"] is True and o["herinnerdOp"] is not None and o["conclusie"] is None

    # Bad reports: not a report document, conditions missing or not allowed, unknown conclusion.
    bankafschrift = await upload(consulent, aanvraag, "bankafschrift")
    r = await consulent.post(aanvraag, RAPPORTEN, {"rapportId": bankafschrift, "conclusie": "levensvatbaar"})
    assert r.status_code == 400 and [p["name"] for p in r.json()["invalidParams"]] == ["rapportId"]
    rapport = await upload(consulent, aanvraag, "levensvatbaarheidsrapport")
    onder_voorwaarden = "levensvatbaar-onder-voorwaarden"
    r = await consulent.post(aanvraag, RAPPORTEN, {"rapportId": rapport, "conclusie": onder_voorwaarden})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "voorwaarden"
    r = await consulent.post(
        aanvraag, RAPPORTEN, {"rapportId": rapport, "conclusie": "levensvatbaar", "voorwaarden": ["x"]}
    )
    assert r.status_code == 400
    assert (await consulent.post(aanvraag, RAPPORTEN, {"rapportId": rapport, "conclusie": "ja"})).status_code == 400
    r = await consulent.post(aanvraag, RAPPORTEN, {"rapportId": str(uuid.uuid4()), "conclusie": "levensvatbaar"})
    assert r.status_code == 400
    ander = Medewerker(client, token, "9999", "consulent")
    positief = {"rapportId": rapport, "conclusie": "levensvatbaar"}
    assert (await ander.post(aanvraag, RAPPORTEN, positief)).status_code == 404
    controleur = Medewerker(client, token, gemeente, "controleur")
    r = await controleur.post(aanvraag, RAPPORTEN, {"rapportId": rapport, "conclusie": "levensvatbaar"})
    assert r.status_code == 403

    voorwaarden = ["Volgt de cursus boekhouden bij het Ondernemershuis.", "Huurt een kleinere werkplaats."]
    r = await consulent.post(
        aanvraag,
        RAPPORTEN,
        {"rapportId": rapport, "conclusie": "levensvatbaar-onder-voorwaarden", "voorwaarden": voorwaarden},
    )
    assert r.status_code == 201, r.text
    assert r.json()["onderzoek"]["teLaat"] is True and r.json()["onderzoek"]["voorwaarden"] == voorwaarden
    assert await _b2(consulent, aanvraag) == "beoordeling-medewerker"
    assert (await consulent.post(aanvraag, RAPPORTEN, positief)).status_code == 409


async def test_alleen_bbz_en_niet_voor_beeindiger(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    beeindiger = {"categorie": "beeindiger"}
    _, aanvraag, consulent = await bij_consulent(client, token, engine, clients, settings, bbz=beeindiger)
    r = await consulent.post(aanvraag, ONDERZOEKEN, {})
    assert r.status_code == 409 and r.json()["code"] == "geen-levensvatbaarheidsonderzoek"
    assert await _b2(consulent, aanvraag) == "niet-van-toepassing"
    # Without a claim, no study.
    await consulent.vrij("consulent", aanvraag)
    assert (await consulent.post(aanvraag, ONDERZOEKEN, {})).status_code == 409


async def test_ingetrokken_tijdens_onderzoek_geen_herinnering(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente, aanvraag, consulent = await bij_consulent(client, token, engine, clients, settings, persoon=8)
    assert (await consulent.post(aanvraag, ONDERZOEKEN, {})).status_code == 201
    [o] = (await consulent.get(f"{URL}/{aanvraag}/{ONDERZOEKEN}")).json()["onderzoeken"]
    loket = Medewerker(client, token, gemeente, "loket")
    r = await loket.post(aanvraag, "intrekkingen", {"reden": "Ik heb weer werk."})
    assert r.status_code == 201 and r.json()["status"] == "ingetrokken", r.text
    later = datetime.combine(date.fromisoformat(o["termijnEinde"]), datetime.min.time(), AMSTERDAM)
    assert o["id"] not in await levensvatbaarheid.herinner(engine, later + timedelta(days=10))
