"""Each Bbz category through to a decision and its letter: a gevestigde zelfstandige gets
levensonderhoud as a gift (relaxed Bbz, after a positive viability study), a starter gets
bedrijfskapitaal as a loan at the Bbz interest with a repayment schedule and the adviser's
conditions, a beëindiger gets levensonderhoud as an interest-free loan (no viability study), and a
gevestigde gets bedrijfskapitaal as a gift. Every letter carries the objection clause."""

import io
import json
import re
import uuid
from datetime import date
from typing import Any

import asyncpg
import httpx
import pypdf
from sqlalchemy.ext.asyncio import AsyncEngine

from app import rules
from app.config import Settings
from app.decisions import opmaak
from app.registers import RegisterClients
from app.rules.parameters import geheel_getal
from tests.bbz.hulp import bij_consulent, upload
from tests.workflows.hulp_behandeling import Medewerker, Token
from tests.workflows.test_beschikkingen import _render_alles


def _tekst(pdf: bytes) -> str:
    lezer = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in lezer.pages).replace("\u00a0", " "))


async def _studie(consulent: Medewerker, aanvraag: str, conclusie: str, voorwaarden: list[str] | None = None) -> None:
    assert (await consulent.post(aanvraag, "levensvatbaarheidsonderzoeken", {})).status_code == 201
    rapport = await upload(consulent, aanvraag, "levensvatbaarheidsrapport")
    body: dict[str, Any] = {"rapportId": rapport, "conclusie": conclusie, "voorwaarden": voorwaarden or []}
    r = await consulent.post(aanvraag, "levensvatbaarheidsrapporten", body)
    assert r.status_code == 201, r.text
    assert (await consulent.claim("consulent")).json()["id"] == aanvraag


async def _besluit(
    consulent: Medewerker, aanvraag: str, engine: AsyncEngine, database_url: str, **body: Any
) -> tuple[dict[str, Any], str]:
    r = await consulent.post(aanvraag, "beoordelingen", {"besluit": "toekenning", **body})
    assert r.status_code == 201 and r.json()["status"] == "toegekend", r.text
    await _render_alles(engine, database_url)
    conn = await asyncpg.connect(database_url)
    try:
        rij = await conn.fetchrow(
            "SELECT soort, inhoud::text AS inhoud, pdf FROM beschikkingen WHERE aanvraag_id = $1 ORDER BY nummer DESC",
            uuid.UUID(aanvraag),
        )
    finally:
        await conn.close()
    assert rij is not None and rij["pdf"] is not None
    inhoud: dict[str, Any] = json.loads(rij["inhoud"])
    tekst = _tekst(bytes(rij["pdf"]))
    laatste = rules.bezwaartermijn_laatste_dag(date.fromisoformat(inhoud["referentie"]["briefdatum"]))
    assert "Bent u het niet eens met dit besluit?" in tekst
    assert opmaak.datum(laatste).replace("\u00a0", " ") in tekst
    return inhoud, tekst


async def test_gevestigde_levensonderhoud_gift(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    _, aanvraag, consulent = await bij_consulent(client, token, engine, clients, settings, persoon=1)
    await _studie(consulent, aanvraag, "levensvatbaar")
    inhoud, tekst = await _besluit(consulent, aanvraag, engine, database_url, motivering="Levensvatbaar bedrijf.")
    assert inhoud["soort"] == "toekenning_levensonderhoud"
    assert inhoud["vorm"] == "om-niet" and inhoud["per_kalendermaand"] is True
    assert "U krijgt dit geld als gift" in tekst and "per kalendermaand" in tekst
    # A gift is not converted: there is no loan.
    r = await consulent.post(aanvraag, "omzettingsvoorstellen", {"boekjaar": 2021, "nettoInkomen": 0, "vermogen": 0})
    assert r.status_code == 409
    assert "oktober 2021" in tekst and "november 2021" in tekst


async def test_starter_bedrijfskapitaal_lening_met_voorwaarden(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    _, aanvraag, consulent = await bij_consulent(
        client, token, engine, clients, settings, 2, regeling="bbz-bedrijfskapitaal", categorie="starter"
    )
    voorwaarde = "U volgt de cursus boekhouden bij het Ondernemershuis."
    await _studie(consulent, aanvraag, "levensvatbaar-onder-voorwaarden", [voorwaarde])
    # A gift is only for a gevestigde (Bbz art. 22).
    r = await consulent.post(aanvraag, "beoordelingen", {"besluit": "toekenning", "vorm": "om-niet"})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "vorm"
    motivering = "Levensvatbaar onder voorwaarden."
    inhoud, tekst = await _besluit(consulent, aanvraag, engine, database_url, motivering=motivering)
    assert inhoud["soort"] == "toekenning_bedrijfskapitaal"
    assert inhoud["bedrag_cent"] == 2000000 and inhoud["rente_basispunten"] == 800
    assert inhoud["extra_voorwaarden"] == [voorwaarde]
    assert "€ 20.000,00" in tekst and "8%" in tekst.replace(" %", "%") and voorwaarde in tekst
    assert "Uw aflosschema" in tekst and "rentedragende lening" in tekst


async def test_beeindiger_levensonderhoud_renteloze_lening(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    _, aanvraag, consulent = await bij_consulent(
        client,
        token,
        engine,
        clients,
        settings,
        persoon=3,
        categorie="beeindiger",
        aanvraagdatum="2021-09-01",  # before the relaxed Bbz: regular rules
        maanden=["2021-09", "2021-10", "2021-11"],
    )
    inhoud, tekst = await _besluit(consulent, aanvraag, engine, database_url, motivering="U stopt met uw bedrijf.")
    assert inhoud["soort"] == "toekenning_levensonderhoud"
    assert inhoud["vorm"] == "renteloze-lening" and inhoud["per_kalendermaand"] is False
    assert "lening zonder rente" in tekst and "zetten wij de lening om in een gift" in tekst
    assert "september 2021 € 1.078,70 € 0,00 € 1.078,70" in tekst

    # After the boekjaar: income turned out € 500 over those months, assets under the limit.
    voorstel = {"boekjaar": 2021, "nettoInkomen": 50000, "vermogen": 0}
    r = await consulent.post(aanvraag, "omzettingsvoorstellen", voorstel)
    assert r.status_code == 200, r.text
    v = r.json()
    assert v["maanden"] == ["2021-09", "2021-10", "2021-11"] and v["verstrekt"] == 3 * 107870
    assert (v["terugvordering"], v["omNiet"], v["leningBlijft"], v["nabetaling"]) == (50000, 273610, 0, 0)
    r = await consulent.post(aanvraag, "omzettingsvoorstellen", voorstel | {"boekjaar": 2020})
    assert r.status_code == 409 and r.json()["code"] == "geen-renteloze-lening"
    r = await consulent.post(aanvraag, "omzettingsvoorstellen", voorstel | {"vermogen": -1, "nettoInkomen": "x"})
    assert r.status_code == 400 and len(r.json()["invalidParams"]) == 2
    assert "Tozo" not in tekst


async def _bedrijfskapitaal_levensvatbaar(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    persoon: int,
    bedrag: int,
) -> tuple[str, Medewerker]:
    """A gevestigde's application for `bedrag` of business capital, found viable, with the consulent."""
    _, aanvraag, consulent = await bij_consulent(
        client,
        token,
        engine,
        clients,
        settings,
        persoon,
        regeling="bbz-bedrijfskapitaal",
        categorie="gevestigde",
        lening={"bedrag": bedrag, "doel": "Oven"},
    )
    await _studie(consulent, aanvraag, "levensvatbaar")
    return aanvraag, consulent


async def test_gevestigde_bedrijfskapitaal_gift(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    # Exactly the maximum of a gift (Bbz art. 22).
    maximum = geheel_getal("bbz.bedrijfskapitaal_om_niet_max_gevestigde", date(2021, 11, 1))  # the application date
    aanvraag, consulent = await _bedrijfskapitaal_levensvatbaar(client, token, engine, clients, settings, 4, maximum)
    # A gift where the rules say loan deviates from the rules: a motivation is required.
    r = await consulent.post(aanvraag, "beoordelingen", {"besluit": "toekenning", "vorm": "om-niet"})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "motivering"
    inhoud, tekst = await _besluit(
        consulent, aanvraag, engine, database_url, vorm="om-niet", motivering="Kleine investering: een gift."
    )
    assert inhoud["soort"] == "toekenning_bedrijfskapitaal_om_niet" and inhoud["bedrag_cent"] == maximum
    assert "Dit is een gift" in tekst and opmaak.euro(maximum).replace("\u00a0", " ") in tekst


async def test_gevestigde_bedrijfskapitaal_boven_het_maximum_van_een_gift_is_een_lening(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    # One cent above the maximum of a gift (Bbz art. 22): only a loan at the Bbz interest.
    maximum = geheel_getal("bbz.bedrijfskapitaal_om_niet_max_gevestigde", date(2021, 11, 1))  # the application date
    aanvraag, consulent = await _bedrijfskapitaal_levensvatbaar(
        client, token, engine, clients, settings, 10, maximum + 1
    )
    body = {"besluit": "toekenning", "vorm": "om-niet", "motivering": "Kleine investering: een gift."}
    r = await consulent.post(aanvraag, "beoordelingen", body)
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json", r.text
    [fout] = r.json()["invalidParams"]
    assert (fout["name"], fout["code"]) == ("vorm", "maximum") and "art. 22" in fout["reason"]
    inhoud, tekst = await _besluit(consulent, aanvraag, engine, database_url, motivering="Een lening.")
    assert inhoud["soort"] == "toekenning_bedrijfskapitaal" and inhoud["bedrag_cent"] == maximum + 1
    assert "rentedragende lening" in tekst
