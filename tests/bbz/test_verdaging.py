"""The Bbz beslistermijn: 13 weeks, extended once by 13 weeks before it runs out, with a notice
letter (Bbz art. 35 lid 2-3, Awb 4:14) that is no decision and so has no objection clause."""

import uuid
from datetime import date, datetime, timedelta

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.decisions import opmaak
from app.registers import RegisterClients
from app.workflows.werkvoorraad import AMSTERDAM
from tests.bbz.hulp import bij_consulent
from tests.workflows import test_beoordeling
from tests.workflows.hulp_behandeling import URL, Medewerker, Token
from tests.workflows.test_beschikkingen import _render_alles, _tekst

REDEN = "De adviseur onderzoekt nog of uw bedrijf levensvatbaar is."


async def test_eenmaal_verdagen_met_brief(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    vandaag = datetime.now(AMSTERDAM).date()  # an application received today: its term is still running
    gemeente, aanvraag, consulent = await bij_consulent(
        client, token, engine, clients, settings, aanvraagdatum=vandaag.isoformat(), maanden=[vandaag.strftime("%Y-%m")]
    )
    r = await consulent.get(f"{URL}/{aanvraag}/behandeling")
    einde = date.fromisoformat(r.json()["beslistermijnEinde"])
    etag = r.headers["ETag"]

    # Bad input first: empty reason, unknown field, stale version, wrong role, other municipality.
    assert (await consulent.post(aanvraag, "verdagingen", {"reden": "  "})).status_code == 400
    assert (await consulent.post(aanvraag, "verdagingen", {"reden": REDEN, "weken": 26})).status_code == 400
    r = await consulent.post(aanvraag, "verdagingen", {"reden": REDEN}, **{"If-Match": '"999"'})
    assert r.status_code == 412
    controleur = Medewerker(client, token, gemeente, "controleur")
    assert (await controleur.post(aanvraag, "verdagingen", {"reden": REDEN})).status_code == 403
    ander = Medewerker(client, token, "9998", "consulent")
    assert (await ander.post(aanvraag, "verdagingen", {"reden": REDEN})).status_code == 404

    r = await consulent.post(aanvraag, "verdagingen", {"reden": REDEN}, **{"If-Match": etag})
    assert r.status_code == 201, r.text
    nieuw = date.fromisoformat(r.json()["nieuweBeslistermijn"])
    assert date.fromisoformat(r.json()["oudeBeslistermijn"]) == einde
    assert nieuw == einde + timedelta(weeks=13)
    assert r.json()["beslistermijnEinde"] == nieuw.isoformat() and r.headers["ETag"] != etag
    assert (await consulent.get(f"{URL}/{aanvraag}/behandeling")).json()["beslistermijnEinde"] == nieuw.isoformat()
    # Only once.
    r = await consulent.post(aanvraag, "verdagingen", {"reden": REDEN})
    assert r.status_code == 409 and r.json()["code"] == "verdaging-niet-mogelijk"

    # The notice letter: reason, old and new last day; no objection clause.
    [brief] = (await consulent.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert brief["soort"] == "verdaging"
    await _render_alles(engine, database_url)
    pdf = await consulent.get(f"{URL}/{aanvraag}/beschikkingen/{brief['nummer']}")
    assert pdf.status_code == 200
    tekst = _tekst(pdf.content)
    assert REDEN in tekst
    assert opmaak.datum(nieuw).replace("\u00a0", " ") in tekst
    assert opmaak.datum(einde).replace("\u00a0", " ") in tekst
    assert "Bent u het niet eens met dit besluit?" not in tekst and "geen bezwaar" in tekst

    conn = await asyncpg.connect(database_url)
    try:
        acties = await conn.fetchval(
            "SELECT count(*) FROM audit_gebeurtenissen WHERE aanvraag_id = $1 AND actie = 'beslistermijn-verdaagd'",
            uuid.UUID(aanvraag),
        )
    finally:
        await conn.close()
    assert acties == 1


async def test_niet_na_de_termijn_en_niet_voor_tozo(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    _, aanvraag, consulent = await bij_consulent(client, token, engine, clients, settings)
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "UPDATE aanvragen SET beslistermijn_einde = current_date - 1 WHERE id = $1", uuid.UUID(aanvraag)
        )
    finally:
        await conn.close()
    r = await consulent.post(aanvraag, "verdagingen", {"reden": REDEN})
    assert r.status_code == 409 and "liep af" in r.json()["detail"]

    gemeente, tozo, _ = await test_beoordeling._gecontroleerd(client, token, engine, clients, settings)
    r = await Medewerker(client, token, gemeente, "consulent").post(tozo, "verdagingen", {"reden": REDEN})
    assert r.status_code == 409 and r.json()["code"] == "verdaging-niet-mogelijk"
