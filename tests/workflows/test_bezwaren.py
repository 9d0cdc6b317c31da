"""Objections: the Awb dates of spec §7 case 30 (made known 01-03-2021, last day 12-04-2021),
a late objection declared not admissible with a letter that names the appeal term, and a
founded one that sends the case back through the normal assessment."""

from datetime import datetime
from uuid import UUID

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit.trail import Actor
from app.config import Settings
from app.decisions import opslag
from app.decisions.render import Renderer
from app.registers import RegisterClients
from app.workflows import beoordeling
from app.workflows.werkvoorraad import AMSTERDAM
from tests.workflows import test_betalingen, test_verificatie, test_wijzigingen
from tests.workflows.hulp_behandeling import URL, Medewerker, Token

engine = test_verificatie.engine
clients = test_verificatie.clients
BEKENDGEMAAKT = datetime(2021, 3, 1, 10, 0, tzinfo=AMSTERDAM)


async def _toegekend_op_1_maart_2021(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> tuple[str, str, Medewerker]:
    """Awarded over the workflow with the decision dated 01-03-2021 (the API decides today)."""
    gemeente, aanvraag = await test_betalingen.gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    assert (await b.claim("consulent")).json()["id"] == aanvraag
    await beoordeling.beoordeel(
        engine,
        UUID(aanvraag),
        [gemeente],
        Actor(b.sub, "consulent", "medewerker"),
        beoordeling.Besluit.toekenning,
        None,
        "Woont hier; gezien.",
        None,
        BEKENDGEMAAKT,
    )
    return gemeente, aanvraag, b


async def test_te_laat_bezwaar_niet_ontvankelijk(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, b = await _toegekend_op_1_maart_2021(client, token, engine, clients, settings)
    balie = Medewerker(client, token, gemeente, "balie")

    # On the last day: in time. Posted on the last day, in four days later: in time (Awb 6:9).
    r = await balie.post(aanvraag, "bezwaren", {"beschikking": 1, "ontvangenOp": "2021-04-12", "gronden": "Te laag."})
    assert r.status_code == 201, r.text
    assert (r.json()["laatsteDag"], r.json()["tijdig"], r.json()["beslissenUiterlijk"]) == (
        "2021-04-12",
        True,
        "2021-05-24",
    )
    r = await balie.post(
        aanvraag,
        "bezwaren",
        {"beschikking": 1, "ontvangenOp": "2021-04-16", "verzondenOp": "2021-04-12", "gronden": "Per post."},
    )
    assert r.json()["tijdig"] is True and r.json()["nummer"] == 2
    # A week and a day late: not in time; decide within six weeks of receipt.
    r = await balie.post(aanvraag, "bezwaren", {"beschikking": 1, "ontvangenOp": "2021-04-20", "gronden": "Vergeten."})
    te_laat = r.json()
    assert (te_laat["nummer"], te_laat["tijdig"], te_laat["laatsteDag"], te_laat["beslissenUiterlijk"]) == (
        3,
        False,
        "2021-04-12",
        "2021-06-01",
    )

    # Who took the decision does not decide on the objection (Awb 7:5).
    besluit = {"uitkomst": "niet-ontvankelijk", "motivering": "Te laat, en geen reden gegeven."}
    assert (await b.post(aanvraag, "bezwaren/3/beslissingen", besluit)).status_code == 403
    jurist = Medewerker(client, token, gemeente, "teamleider")
    r = await jurist.post(aanvraag, "bezwaren/3/beslissingen", besluit)
    assert r.status_code == 201, r.text
    assert r.json()["uitkomst"] == "niet-ontvankelijk" and r.json()["beslissing"] == 2
    assert (await jurist.post(aanvraag, "bezwaren/3/beslissingen", besluit)).status_code == 409

    brief = await test_betalingen.brief(database_url, aanvraag, 2)
    assert brief["soort"] == "beslissing_op_bezwaar" and brief["bestreden_datum"] == "2021-03-01"
    tekst = test_wijzigingen._tekst(Renderer().render(opslag.uit_dict(brief)))
    assert "niet-ontvankelijk" in tekst and "20 april 2021" in tekst and "beroep instellen bij de rechtbank" in tekst
    assert (await b.get(f"{URL}/{aanvraag}")).json()["status"] == "toegekend"

    # The open objections of the municipality, nearest decision deadline first, page by page.
    r = await jurist.get(f"/api/v1/bezwaren?gemeente={gemeente}&limit=1")
    assert r.status_code == 200, r.text
    [eerste] = r.json()["bezwaren"]
    assert (eerste["aanvraag"], eerste["nummer"], eerste["beslissenUiterlijk"]) == (aanvraag, 1, "2021-05-24")
    assert eerste["termijnVerstreken"] is True and "gronden" not in eerste
    r = await jurist.get(f"/api/v1/bezwaren?gemeente={gemeente}&limit=1&cursor={r.json()['volgende']}")
    assert [(x["nummer"], x["beslissenUiterlijk"]) for x in r.json()["bezwaren"]] == [(2, "2021-05-28")]
    assert r.json()["volgende"] is None
    assert (await jurist.get(f"/api/v1/bezwaren?gemeente={gemeente}&cursor=kapot")).status_code == 400
    assert (await jurist.get("/api/v1/bezwaren")).status_code == 400  # which municipality?
    assert (await jurist.get("/api/v1/bezwaren?gemeente=0344")).status_code == 403
    assert (await balie.get(f"/api/v1/bezwaren?gemeente={gemeente}")).status_code == 403

    # Bad input: future receipt, before the decision, a decision that does not exist, no grounds.
    for body, naam in (
        ({"beschikking": 1, "ontvangenOp": "2999-01-01", "gronden": "x"}, "ontvangenOp"),
        ({"beschikking": 1, "ontvangenOp": "2021-02-01", "gronden": "x"}, "ontvangenOp"),
        ({"beschikking": 9, "ontvangenOp": "2021-04-01", "gronden": "x"}, "beschikking"),
        ({"beschikking": 1, "ontvangenOp": "2021-04-01", "gronden": ""}, "gronden"),
    ):
        r = await balie.post(aanvraag, "bezwaren", body)
        assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == naam, (body, r.text)
    geldig = {"beschikking": 1, "ontvangenOp": "2021-04-01", "gronden": "x"}
    assert (await Medewerker(client, token, "0344", "balie").post(aanvraag, "bezwaren", geldig)).status_code == 404
    lijst = (await b.get(f"{URL}/{aanvraag}/bezwaren")).json()["bezwaren"]
    assert [(x["nummer"], x["tijdig"], x["uitkomst"]) for x in lijst] == [
        (1, True, None),
        (2, True, None),
        (3, False, "niet-ontvankelijk"),
    ]


async def test_gegrond_bezwaar_opnieuw_beoordeeld(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente, aanvraag, b = await test_betalingen.toegekend(
        client, token, engine, clients, settings, test_wijzigingen.echtpaar_tozo2()
    )
    vandaag = datetime.now(AMSTERDAM).date().isoformat()
    balie = Medewerker(client, token, gemeente, "balie")
    r = await balie.post(aanvraag, "bezwaren", {"beschikking": 1, "ontvangenOp": vandaag, "gronden": "Inkomen lager."})
    assert r.status_code == 201 and r.json()["tijdig"] is True
    jurist = Medewerker(client, token, gemeente, "teamleider")
    r = await jurist.post(aanvraag, "bezwaren/1/beslissingen", {"uitkomst": "gegrond", "motivering": "Klopt."})
    assert r.status_code == 201 and r.json()["uitkomst"] == "gegrond" and r.json()["beslissing"] is None
    assert (await b.get(f"{URL}/{aanvraag}")).json()["status"] == "te_beoordelen"

    # Reconsidered through the normal queue; the assessor of the first decision may do it again,
    # the checker may not.
    c = Medewerker(client, token, gemeente, "consulent")
    assert (await c.claim("consulent")).json()["id"] == aanvraag
    r = await c.post(aanvraag, "beoordelingen", {"besluit": "toekenning", "motivering": "Na bezwaar."})
    assert r.status_code == 201 and r.json()["status"] == "toegekend"
    lijst = (await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [x["soort"] for x in lijst] == ["toekenning_levensonderhoud", "toekenning_levensonderhoud"]
    # Same months, same amounts: the ledger gains nothing from the second award.
    g = (await b.get(f"{URL}/{aanvraag}/betalingen")).json()
    assert [x["beschikking"] for x in g["boekingen"]] == [1, 1] and g["recht"] == 2 * 19290
