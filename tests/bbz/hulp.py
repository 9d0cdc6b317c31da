"""Bbz cases for tests: Jan Jansen of the simulator data (BRP 999991012, KvK 90004444) applying
for Bbz, brought to the assessor's queue through the real registers and a real checker."""

import copy
import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from app.workflows import verificatie
from tests import voorbeelden
from tests.workflows.hulp_behandeling import URL, Medewerker, Token, nieuwe_gemeente

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# Bbz applicants of the simulator data, each alone in a municipality of its own (8101 ... 8110):
# a test that uses one has its own work queue and a rules outcome in which the applicant lives
# in the municipality that decides. Each number is used by one test only.
PERSONEN = {
    1: "999992004",
    2: "999992016",
    3: "999992028",
    4: "999992041",
    5: "999992053",
    6: "999992065",
    7: "999992077",
    8: "999992089",
    9: "999992090",
    10: "999992107",
}


def gemeente_van(persoon: int) -> str:
    return f"81{persoon:02d}"


def bbz(
    regeling: str = "bbz-levensonderhoud",
    categorie: str = "gevestigde",
    gemeente: str = "0995",
    bsn: str = "999991012",
    **wijzig: Any,
) -> dict[str, Any]:
    maak = voorbeelden.bbz_levensonderhoud if regeling == "bbz-levensonderhoud" else voorbeelden.bbz_bedrijfskapitaal
    body = copy.deepcopy(maak(gemeente))
    body["aanvrager"] |= {"bsn": bsn, "geboortedatum": "1985-03-14"}
    body["onderneming"]["kvkNummer"] = "90004444"
    body["onderneming"]["startdatum"] = "2012-05-01"
    body["bbz"] = {"categorie": categorie}
    body.update(wijzig)
    return body


async def dien_in(client: httpx.AsyncClient, token: Token, body: dict[str, Any]) -> str:
    r = await client.post(
        URL,
        json=body,
        headers=token("loket", gemeenten=(body["gemeente"],)) | {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def bij_consulent(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    persoon: int | None = None,
    **bbz_wijzig: Any,
) -> tuple[str, str, Medewerker]:
    """(municipality, case, consulent holding the claim) of a checked Bbz case; with `persoon`, of
    that applicant in their own municipality (see PERSONEN), else Jan Jansen in a fresh one."""
    if persoon is None:
        gemeente = nieuwe_gemeente()
        body = bbz(gemeente=gemeente, **bbz_wijzig)
    else:
        gemeente = gemeente_van(persoon)
        body = bbz(gemeente=gemeente, bsn=PERSONEN[persoon], **bbz_wijzig)
    aanvraag = await dien_in(client, token, body)
    while await verificatie.verifieer_volgende(engine, clients, settings):
        pass
    controleur = Medewerker(client, token, gemeente, "controleur")
    assert (await controleur.claim("controleur")).json()["id"] == aanvraag
    r = await controleur.controle(aanvraag)
    assert r.status_code == 201, r.text
    consulent = Medewerker(client, token, gemeente, "consulent")
    r = await consulent.claim("consulent")
    assert r.status_code == 201 and r.json()["id"] == aanvraag, r.text
    return gemeente, aanvraag, consulent


async def upload(medewerker: Medewerker, aanvraag: str, soort: str) -> str:
    r = await medewerker.client.post(
        f"{URL}/{aanvraag}/documenten",
        files={"bestand": ("rapport.pdf", PDF, "application/pdf")},
        data={"soort": soort},
        headers=medewerker.headers,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])
