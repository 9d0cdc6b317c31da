"""After the boekjaar the interest-free loan for Bbz levensonderhoud becomes a decision (Bbz art.
11-13): a letter with the objection clause whose amounts are the ledger's entries, once per
boekjaar, through the HTTP API."""

from datetime import date

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app import rules
from app.config import Settings
from app.decisions import opmaak
from app.registers import RegisterClients
from app.rules.parameters import geheel_getal
from tests.bbz.hulp import bij_consulent
from tests.bbz.test_categorieen import _besluit, _tekst
from tests.workflows.hulp_behandeling import URL, Medewerker, Token
from tests.workflows.test_beschikkingen import _render_alles


def _euro(cent: int) -> str:
    return opmaak.euro(cent).replace("\u00a0", " ")


async def test_omzetting_is_een_besluit_met_brief_en_boekingen(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, consulent = await bij_consulent(
        client,
        token,
        engine,
        clients,
        settings,
        persoon=9,
        categorie="beeindiger",
        aanvraagdatum="2021-09-01",  # before the relaxed Bbz: an interest-free loan
        maanden=["2021-09", "2021-10", "2021-11"],
    )
    inhoud, _ = await _besluit(consulent, aanvraag, engine, database_url, motivering="U stopt met uw bedrijf.")
    assert inhoud["vorm"] == "renteloze-lening"
    verstrekt = sum(int(m["bedrag_cent"]) for m in inhoud["maanden"])
    assert verstrekt == 3 * 107870

    # Income over 2021 € 500 (recovered); assets € 1.000 above the limit (stays a loan).
    grens = geheel_getal("bbz.vermogensgrens", date.today())
    body = {"boekjaar": 2021, "nettoInkomen": 50000, "vermogen": grens + 100000, "motivering": "Jaarcijfers 2021."}
    r = await consulent.post(aanvraag, "omzettingen", body)
    assert r.status_code == 201, r.text
    besluit = r.json()
    assert besluit["maanden"] == ["2021-09", "2021-10", "2021-11"] and besluit["beschikking"] == 2
    recht = verstrekt - 50000
    assert (besluit["terugvordering"], besluit["nabetaling"], besluit["recht"]) == (50000, 0, recht)
    assert (besluit["leningBlijft"], besluit["omNiet"], besluit["aflossingPerJaar"]) == (100000, recht - 100000, 10000)

    # Asked again with the same figures: the same decision, no second letter or entry.
    r = await consulent.post(aanvraag, "omzettingen", body)
    assert r.status_code == 200 and r.json() == besluit
    # Other figures for a boekjaar already decided: the way is an objection.
    r = await consulent.post(aanvraag, "omzettingen", body | {"nettoInkomen": 0})
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "omzetting-al-besloten"
    # No loan in 2020; a checker may not decide; another municipality does not see the case.
    r = await consulent.post(aanvraag, "omzettingen", body | {"boekjaar": 2020})
    assert r.status_code == 409 and r.json()["code"] == "geen-renteloze-lening"
    # The year the service is in is never over (the API's clock, not a date in the body).
    r = await consulent.post(aanvraag, "omzettingen", body | {"boekjaar": date.today().year})
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "boekjaar-niet-voorbij"
    controleur = Medewerker(client, token, gemeente, "controleur")
    assert (await controleur.post(aanvraag, "omzettingen", body)).status_code == 403
    ander = Medewerker(client, token, "0363", "consulent")
    assert (await ander.post(aanvraag, "omzettingen", body)).status_code == 404

    # The letter: PDF/A with the amounts, the boekjaar and the concrete last day to object.
    await _render_alles(engine, database_url)
    lijst = (await consulent.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [(b["nummer"], b["soort"]) for b in lijst] == [(1, "toekenning_levensonderhoud"), (2, "omzetting")]
    r = await consulent.get(f"{URL}/{aanvraag}/beschikkingen/2")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert b"pdfaid:part>2<" in r.content
    tekst = _tekst(r.content)
    assert "Uw lening voor levensonderhoud over 2021" in tekst
    assert f"U kreeg als lening zonder rente {_euro(verstrekt)}" in tekst
    assert f"Uw netto inkomen over 2021 {_euro(50000)}" in tekst
    assert f"U betaalt terug {_euro(50000)}" in tekst
    assert f"Dit wordt een gift {_euro(recht - 100000)}" in tekst
    assert f"Dit blijft een lening zonder rente {_euro(100000)}" in tekst
    assert f"elk jaar ten minste {_euro(10000)}" in tekst and _euro(grens) in tekst
    briefdatum = date.fromisoformat(lijst[1]["briefdatum"])
    laatste = rules.bezwaartermijn_laatste_dag(briefdatum)
    assert f"uiterlijk op {opmaak.datum_met_dag(laatste).replace(chr(0xA0), ' ')} bij ons binnen" in tekst
    assert "Jaarcijfers 2021." in tekst and "artikel 3, 11, 12 en 13" in tekst

    # The ledger: the recovery is money; the gift and what stays a loan settle the loan.
    g = (await consulent.get(f"{URL}/{aanvraag}/betalingen")).json()
    van_besluit = sorted((b["soort"], b["bedrag"]) for b in g["boekingen"] if b["beschikking"] == 2)
    assert van_besluit == [("lening", -100000), ("om_niet", recht - 100000), ("terugvordering", -50000)]
    assert (g["recht"], g["saldo"], g["omNiet"], g["lening"]) == (recht, recht, recht - 100000, 100000)

    # One audit event for the decision.
    historie = (await consulent.get(f"{URL}/{aanvraag}/historie")).json()
    acties = [e["actie"] for e in historie["gebeurtenissen"]]
    assert acties.count("omzetting-besloten") == 1
    lijst_omzettingen = (await consulent.get(f"{URL}/{aanvraag}/omzettingen")).json()["omzettingen"]
    assert lijst_omzettingen == [besluit]
