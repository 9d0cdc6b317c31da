"""Batches end to end over the API: a re-issue after a norm change (a changed parameter set given
to the rules engine, the TOML files untouched) issues a corrected decision with a letter that
names the one it replaces, reports the differences per month as JSON and CSV, and runs twice
without issuing twice; the print-and-mail export holds every letter and a manifest with its
hash; another municipality's operator sees none of it."""

import asyncio
import csv
import hashlib
import io
import json
import uuid
import zipfile
from datetime import date
from typing import Any

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.decisions import opmaak
from app.registers import RegisterClients
from app.registers.simulators import gegenereerd
from app.rules import Maand, parameters
from app.rules.norm import norm_in_maand
from app.workflows import brievenwerker, export, normwijziging, verificatie
from tests.workflows import test_verificatie
from tests.workflows.hulp_behandeling import URL, Medewerker, Token, nieuwe_gemeente
from tests.workflows.test_beschikkingen import _render_alles, _rijen, _tekst
from tests.workflows.test_verificatie import _jansen

engine = test_verificatie.engine
clients = test_verificatie.clients
HERZIENING = {"soort": "herziening-na-normwijziging"}


def _euro(cent: int) -> str:
    return opmaak.euro(cent).replace("\u00a0", " ")


async def _ingediend_en_gecontroleerd(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    body: dict[str, Any],
) -> str:
    """Submitted by the loket, verified against the registers, checked by a controleur: the id."""
    gemeente = body["gemeente"]
    r = await client.post(
        URL, json=body, headers=token("loket", gemeenten=(gemeente,)) | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    aanvraag = str(r.json()["id"])
    while await verificatie.verifieer_volgende(engine, clients, settings):
        pass
    a = Medewerker(client, token, gemeente, "controleur")
    assert (await a.claim("controleur")).json()["id"] == aanvraag
    assert (await a.controle(aanvraag)).status_code == 201
    return aanvraag


async def _bakker_gecontroleerd(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> tuple[str, str]:
    """Karim Bakker lives in Almere (0034) by the BRP, so the rules grant his application there;
    of the other tests of the session database only the rejected case below (run after) uses 0034."""
    gemeente = "0034"
    body = _jansen() | {"gemeente": gemeente}
    body["aanvrager"] |= {"bsn": "999991024", "geboortedatum": "1977-12-02"}
    body["onderneming"]["kvkNummer"] = "90006666"
    # No profit: his benefit from Suwinet is his only income, below the norm.
    body["inkomsten"] = [{"maand": m["maand"], "aanvrager": {"winst": 0}} for m in body["inkomsten"]]
    aanvraag = await _ingediend_en_gecontroleerd(client, token, engine, clients, settings, body)
    return gemeente, aanvraag


async def test_herziening_na_normwijziging_en_export(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag = await _bakker_gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    await b.claim("consulent")
    r = await b.post(aanvraag, "beoordelingen", {"besluit": "toekenning", "motivering": "Verklaringen ondertekend."})
    assert r.status_code == 201, r.text
    assert r.json()["afwijkend"] is False  # the rules' amounts: the re-issue follows them
    await _render_alles(engine, database_url)
    [eerste] = await _rijen(database_url, aanvraag)
    oud = {m["maand"]: m["bedrag_cent"] for m in json.loads(eerste["inhoud"])["maanden"]}
    assert len(oud) >= 2 and all(v > 0 for v in oud.values())
    conn = await asyncpg.connect(database_url)
    try:
        uitkomst = json.loads(
            await conn.fetchval(
                "SELECT regeluitkomst::text FROM verificaties WHERE aanvraag_id = $1", uuid.UUID(aanvraag)
            )
        )
    finally:
        await conn.close()
    normsoort = uitkomst["maanden"][0]["normsoort"]
    maanden = sorted(oud)
    gewijzigd = maanden[1]  # the norm rises from the second month on: the first stays as it was
    jaar, maand = map(int, gewijzigd.split("-"))
    naam = f"participatiewet.{normsoort}"
    huidig = parameters.waarde_op(naam, date(jaar, maand, 1)).waarde
    assert isinstance(huidig, int)
    wijziging = {
        naam: [{"geldig_vanaf": date(jaar, maand, 1), "waarde": huidig + 10_000, "bron": "test: normwijziging"}]
    }
    norm_oud = {m: norm_in_maand(normsoort, Maand.uit_tekst(m)).bedrag for m in maanden}

    operator = Medewerker(client, token, gemeente, "batch")
    with parameters.gewijzigd(wijziging):  # the workers run with the new norms
        norm_nieuw = {m: norm_in_maand(normsoort, Maand.uit_tekst(m)).bedrag for m in maanden}
        batch = await _herziening(operator, engine, database_url)
        # Run again under the same norms: the corrected letter is now the baseline, nothing to do.
        nog_eens = await _herziening(operator, engine, database_url)
        assert nog_eens["totaal"] == 0 and nog_eens["herberekend"] == nog_eens["zaken"] >= 1
        # A job delivered again (a worker killed after its commit, before pgqueuer marked the job
        # done, or a duplicate) changes nothing: the planning finds its batch planned, the
        # recompute finds its case done, and no second corrected decision appears.
        await normwijziging.plannen(engine, batch["id"])
        assert await normwijziging.herbereken(engine, f"{batch['id']}:{aanvraag}:{aanvraag}") == 0
        assert [r["nummer"] for r in await _rijen(database_url, aanvraag)] == [1, 2]
    assert parameters.waarde_op(naam, date(jaar, maand, 1)).waarde == huidig  # the real parameters are back
    assert batch["totaal"] == 1 and batch["gemeenten"] == [gemeente]
    # The same worker rendered the corrected letter: the batch is done.
    assert (batch["zaken"], batch["herberekend"], batch["klaar"], batch["status"]) == (1, 1, 1, "klaar")
    verwacht = {m: oud[m] + norm_nieuw[m] - norm_oud[m] for m in maanden}
    assert verwacht[maanden[0]] == oud[maanden[0]] and all(verwacht[m] > oud[m] for m in maanden[1:])

    # The report: per month that changed, old and new amount.
    r = await operator.get(f"/api/v1/batches/{batch['id']}/verschillen")
    assert r.status_code == 200, r.text
    referentie = r.json()["verschillen"][0]["referentie"]
    assert [(v["maand"], v["oudBedrag"], v["nieuwBedrag"], v["verschil"]) for v in r.json()["verschillen"]] == [
        (m, oud[m], verwacht[m], verwacht[m] - oud[m]) for m in maanden[1:]
    ]
    assert {(v["oudeBeschikking"], v["nieuweBeschikking"]) for v in r.json()["verschillen"]} == {
        (f"{referentie}-1", f"{referentie}-2")
    }
    volgende = r.json()["_links"]["volgende"]["href"]
    assert (await operator.get(volgende)).json()["verschillen"] == []
    r = await operator.client.get(
        f"/api/v1/batches/{batch['id']}/verschillen", headers=operator.headers | {"Accept": "text/csv"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    regels = list(csv.reader(io.StringIO(r.text)))
    assert regels[0][:4] == ["referentie", "oude_beschikking", "nieuwe_beschikking", "maand"]
    assert [(x[3], int(x[4]), int(x[5])) for x in regels[1:]] == [(m, oud[m], verwacht[m]) for m in maanden[1:]]

    # The corrected decision and its letter: a new number that names the one it replaces.
    lijst = (await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [(x["nummer"], x["vervangt"]) for x in lijst] == [(1, None), (2, 1)]
    export_url = f"/api/v1/batches/{batch['id']}/export"
    eerste_weer, tweede = await _rijen(database_url, aanvraag)
    assert eerste_weer["sha256"] == eerste["sha256"]  # the old letter is untouched
    assert tweede["soort"] == "herziening"
    tekst = _tekst(bytes(tweede["pdf"]))
    assert f"Vervangt brief {referentie}-1" in tekst and "De bijstandsnorm is veranderd" in tekst
    # Was / wordt per month that changed, and the extra payment in total.
    assert all(_euro(oud[m]) in tekst and _euro(verwacht[m]) in tekst for m in maanden[1:])
    assert _euro(sum(verwacht[m] - oud[m] for m in maanden)) in tekst
    # The ledger booked exactly the differences, with the herziening as their source.
    conn = await asyncpg.connect(database_url)
    try:
        geboekt = await conn.fetch(
            "SELECT to_char(maand, 'YYYY-MM') AS maand, bedrag_cent FROM betalingen WHERE beschikking_id = $1 "
            "ORDER BY maand",
            tweede["id"],
        )
    finally:
        await conn.close()
    assert [(g["maand"], g["bedrag_cent"]) for g in geboekt] == [(m, verwacht[m] - oud[m]) for m in maanden[1:]]

    # Export for the print-and-mail provider: the PDF and a manifest with its hash.
    r = await operator.get(export_url)
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    archief = zipfile.ZipFile(io.BytesIO(r.content))
    manifest = list(csv.DictReader(io.StringIO(archief.read(export.MANIFEST).decode())))
    assert [m["kenmerk"] for m in manifest] == [f"{referentie}-2"]
    [regel] = manifest
    pdf = archief.read(regel["bestand"])
    assert hashlib.sha256(pdf).hexdigest() == regel["sha256"] == tweede["sha256"]
    assert regel["naam"] and regel["adresregel1"] and regel["naam"] in tekst

    # Another municipality's operator: the batch does not exist for them.
    ander = Medewerker(client, token, nieuwe_gemeente(), "batch")
    for pad in (f"/api/v1/batches/{batch['id']}", f"/api/v1/batches/{batch['id']}/verschillen", export_url):
        assert (await ander.get(pad)).status_code == 404
    # And their re-issue touches nothing of this municipality.
    with parameters.gewijzigd({naam: [{"geldig_vanaf": date(jaar, maand, 1), "waarde": huidig + 20_000, "bron": "t"}]}):
        elders = await _herziening(ander, engine, database_url)
    assert (elders["totaal"], elders["zaken"]) == (0, 0)
    assert len(await _rijen(database_url, aanvraag)) == 2
    assert (await operator.get(f"/api/v1/batches/{batch['id']}/verschillen?na=-1")).status_code == 400


async def _herziening(operator: Medewerker, engine: AsyncEngine, database_url: str) -> dict[str, Any]:
    """Start a re-issue through the API (202: the request only creates it), let an in-process
    worker plan and evaluate it, and read the progress from the Location."""
    r = await operator.client.post("/api/v1/batches", json=HERZIENING, headers=operator.headers)
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "plannen" and r.json()["totaal"] == 0
    locatie = r.headers["Location"]
    assert locatie == f"/api/v1/batches/{r.json()['id']}"
    # Nothing to export before the workers ran.
    assert (await operator.get(f"{locatie}/export")).json()["code"] == "batch-niet-klaar"
    await asyncio.wait_for(brievenwerker.werker(engine, database_url, asyncio.Event(), leeg_stoppen=True), timeout=120)
    r = await operator.get(locatie)
    assert r.status_code == 200, r.text
    assert r.json()["status"] != "herberekenen" and r.json()["herberekend"] == r.json()["zaken"]
    return dict(r.json())


def test_manifest_cel_is_geen_formule() -> None:
    assert export.cel("=SOM(A1)") == "'=SOM(A1)" and export.cel("Jansen") == "Jansen"


async def test_afwijzing_wordt_toekenning_na_normwijziging(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    """A case rejected because the income was above the norm, and under the new norm below it: the
    re-issue makes a new decision that names the rejection (was € 0, wordt ...), books it, and the
    report shows it with the kind of decision it replaced."""
    gemeente, bsn = "0034", "990000527"  # a generated person who moved to Almere on 2020-05-01
    assert gegenereerd.verhuisd(bsn) and gegenereerd.partner_van(bsn) is None
    body = _jansen() | {"gemeente": gemeente}
    body["aanvrager"] |= {"bsn": bsn, "geboortedatum": gegenereerd.geboortedatum(bsn)}
    body["onderneming"]["kvkNummer"] = "7" + bsn[-7:]
    body["inkomsten"] = [{"maand": m["maand"], "aanvrager": {"winst": 300_000}} for m in body["inkomsten"]]
    aanvraag = await _ingediend_en_gecontroleerd(client, token, engine, clients, settings, body)
    b = Medewerker(client, token, gemeente, "consulent")
    await b.claim("consulent")
    r = await b.post(aanvraag, "beoordelingen", {"besluit": "afwijzing", "motivering": "Inkomen boven de norm."})
    assert r.status_code == 201, r.text
    c = Medewerker(client, token, gemeente, "reviewer")
    await c.claim("reviewer")
    assert (await c.post(aanvraag, "reviews", {"oordeel": "bevestigd"})).json()["status"] == "afgewezen"
    conn = await asyncpg.connect(database_url)
    try:
        uitkomst = json.loads(
            await conn.fetchval(
                "SELECT regeluitkomst::text FROM verificaties WHERE aanvraag_id = $1", uuid.UUID(aanvraag)
            )
        )
    finally:
        await conn.close()
    boven = [m for m in uitkomst["maanden"] if not m["toegekend"] and m["inkomen"] >= m["norm"]]
    assert boven, uitkomst["maanden"]  # rejected for the income above the norm
    normsoort = boven[0]["normsoort"]
    eerste = Maand.uit_tekst(min(m["maand"][:7] for m in uitkomst["maanden"]))
    naam = f"participatiewet.{normsoort}"
    van = date(eerste.jaar, eerste.maand, 1)
    huidig = parameters.waarde_op(naam, van).waarde
    assert isinstance(huidig, int)
    ophoging = max(m["inkomen"] - m["norm"] for m in boven) + 10_000
    operator = Medewerker(client, token, gemeente, "batch")
    with parameters.gewijzigd(
        {naam: [{"geldig_vanaf": van, "waarde": huidig + ophoging, "bron": "test: normwijziging"}]}
    ):
        verwacht = {
            m["maand"][:7]: norm_in_maand(normsoort, Maand.uit_tekst(m["maand"][:7])).bedrag - m["inkomen"]
            for m in boven
        }
        batch = await _herziening(operator, engine, database_url)
        nog_eens = await _herziening(operator, engine, database_url)
    assert all(v > 0 for v in verwacht.values())

    r = await operator.get(f"/api/v1/batches/{batch['id']}/verschillen")
    assert r.status_code == 200, r.text
    mijn = [v for v in r.json()["verschillen"] if v["oudBesluit"] == "afwijzing"]
    referentie = mijn[0]["referentie"]
    assert {(v["maand"], v["oudBedrag"], v["nieuwBedrag"]) for v in mijn} <= {(m, 0, b) for m, b in verwacht.items()}
    assert {(v["oudeBeschikking"], v["nieuweBeschikking"]) for v in mijn} == {(f"{referentie}-1", f"{referentie}-2")}
    lijst = (await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [(x["nummer"], x["soort"], x["vervangt"]) for x in lijst] == [(1, "afwijzing", None), (2, "herziening", 1)]
    # The letter says why, the ledger booked exactly the report's amounts, and the run again
    # under the same norms issued nothing more for this case.
    [_, tweede] = await _rijen(database_url, aanvraag)
    tekst = _tekst(bytes(tweede["pdf"]))
    assert f"Vervangt brief {referentie}-1" in tekst and "waarin wij uw aanvraag afwezen" in tekst
    conn = await asyncpg.connect(database_url)
    try:
        geboekt = await conn.fetch(
            "SELECT to_char(maand, 'YYYY-MM') AS maand, bedrag_cent FROM betalingen WHERE beschikking_id = $1 "
            "ORDER BY maand",
            tweede["id"],
        )
    finally:
        await conn.close()
    assert [(g["maand"], g["bedrag_cent"]) for g in geboekt] == sorted((v["maand"], v["nieuwBedrag"]) for v in mijn)
    assert len(await _rijen(database_url, aanvraag)) == 2 and nog_eens["status"] == "klaar"
    # Both months were rejected for the income alone, so both are paid now: the case is an award
    # (no longer afgewezen), and the move is in its audit trail with the re-issue.
    assert set(verwacht) == {m["maand"][:7] for m in uitkomst["maanden"]}
    assert {v["maand"] for v in mijn} == set(verwacht)
    inkomen = {m["maand"][:7]: m["inkomen"] for m in boven}
    assert await _status(b, aanvraag) == "toegekend"
    assert await _statuswissels(database_url, aanvraag) == [("afgewezen", "toegekend")]

    # A later norm change finds these months again, although the case has no award letter of its
    # own (only the rejection and the herziening): they follow the rules, from what was paid.
    with parameters.gewijzigd(
        {naam: [{"geldig_vanaf": van, "waarde": huidig + ophoging + 5_000, "bron": "test: tweede normwijziging"}]}
    ):
        hoger = {m: norm_in_maand(normsoort, Maand.uit_tekst(m)).bedrag for m in verwacht}
        await _herziening(operator, engine, database_url)
    lijst = (await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [(x["nummer"], x["soort"], x["vervangt"]) for x in lijst][2:] == [(3, "herziening", 2)]
    [*_, derde] = await _rijen(database_url, aanvraag)
    assert await _geboekt(database_url, derde["id"]) == [
        (m, hoger[m] - inkomen[m] - verwacht[m]) for m in sorted(verwacht)
    ]
    assert all(bedrag > 0 for _, bedrag in await _geboekt(database_url, derde["id"]))
    assert await _status(b, aanvraag) == "toegekend"


async def test_gedeeltelijke_toekenning_na_normwijziging(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    """A partial award: April rejected (income above the norm, the assessor agreed), May awarded.
    The norm rises above April's income: one herziening raises May and awards April from € 0,
    names the partial award it corrects, and the case is an award in full now."""
    gemeente, bsn = "0034", "990000618"  # another generated person who moved to Almere on 2020-05-01
    assert gegenereerd.verhuisd(bsn) and gegenereerd.partner_van(bsn) is None
    assert gegenereerd.bedrijf(gegenereerd.kvk_van(bsn)) == "normaal"
    body = _jansen() | {"gemeente": gemeente}
    body["aanvrager"] |= {"bsn": bsn, "geboortedatum": gegenereerd.geboortedatum(bsn)}
    body["onderneming"]["kvkNummer"] = gegenereerd.kvk_van(bsn)
    body["inkomsten"] = [
        {"maand": m["maand"], "aanvrager": {"winst": 300_000 if n == 0 else 0}} for n, m in enumerate(body["inkomsten"])
    ]
    aanvraag = await _ingediend_en_gecontroleerd(client, token, engine, clients, settings, body)
    uitkomst = await _regeluitkomst(database_url, aanvraag)
    regels = {m["maand"][:7]: m for m in uitkomst["maanden"]}
    april, mei = sorted(regels)
    assert not regels[april]["toegekend"] and regels[april]["inkomen"] >= regels[april]["norm"]
    assert regels[mei]["toegekend"] and regels[mei]["bedrag"] > 0
    b = Medewerker(client, token, gemeente, "consulent")
    await b.claim("consulent")
    r = await b.post(
        aanvraag, "beoordelingen", {"maanden": [{"maand": april, "toegekend": False}], "motivering": "Inkomen april."}
    )
    assert r.status_code == 201, r.text
    c = Medewerker(client, token, gemeente, "reviewer")
    await c.claim("reviewer")
    r = await c.post(aanvraag, "reviews", {"oordeel": "bevestigd"})
    assert r.json()["status"] == "gedeeltelijk_toegekend", r.text
    await _render_alles(engine, database_url)
    [eerste] = await _rijen(database_url, aanvraag)
    assert eerste["soort"] == "gedeeltelijke_toekenning"

    normsoort = regels[april]["normsoort"]
    assert regels[mei]["normsoort"] == normsoort
    naam = f"participatiewet.{normsoort}"
    van = date(int(april[:4]), int(april[5:]), 1)
    huidig = parameters.waarde_op(naam, van).waarde
    assert isinstance(huidig, int)
    ophoging = regels[april]["inkomen"] - regels[april]["norm"] + 10_000
    operator = Medewerker(client, token, gemeente, "batch")
    with parameters.gewijzigd({naam: [{"geldig_vanaf": van, "waarde": huidig + ophoging, "bron": "test"}]}):
        norm = {m: norm_in_maand(normsoort, Maand.uit_tekst(m)).bedrag for m in (april, mei)}
        batch = await _herziening(operator, engine, database_url)
        nog_eens = await _herziening(operator, engine, database_url)
    verwacht = {
        april: norm[april] - regels[april]["inkomen"],
        mei: regels[mei]["bedrag"] + norm[mei] - regels[mei]["norm"],
    }
    assert verwacht[april] > 0 and verwacht[mei] > regels[mei]["bedrag"]

    r = await operator.get(f"/api/v1/batches/{batch['id']}/verschillen")
    mijn = [v for v in r.json()["verschillen"] if v["oudBesluit"] == "gedeeltelijke_toekenning"]
    assert [(v["maand"], v["oudBedrag"], v["nieuwBedrag"]) for v in mijn] == [
        (april, 0, verwacht[april]),
        (mei, regels[mei]["bedrag"], verwacht[mei]),
    ]
    lijst = (await b.get(f"{URL}/{aanvraag}/beschikkingen")).json()["beschikkingen"]
    assert [(x["nummer"], x["soort"], x["vervangt"]) for x in lijst] == [
        (1, "gedeeltelijke_toekenning", None),
        (2, "herziening", 1),
    ]
    [_, tweede] = await _rijen(database_url, aanvraag)
    assert await _geboekt(database_url, tweede["id"]) == [
        (april, verwacht[april]),
        (mei, verwacht[mei] - regels[mei]["bedrag"]),
    ]
    tekst = _tekst(bytes(tweede["pdf"]))
    assert _euro(verwacht[april]) in tekst and _euro(verwacht[mei]) in tekst
    assert await _status(b, aanvraag) == "toegekend"
    assert await _statuswissels(database_url, aanvraag) == [("gedeeltelijk_toegekend", "toegekend")]
    assert nog_eens["status"] == "klaar" and len(await _rijen(database_url, aanvraag)) == 2


async def _regeluitkomst(database_url: str, aanvraag: str) -> dict[str, Any]:
    conn = await asyncpg.connect(database_url)
    try:
        tekst = await conn.fetchval(
            "SELECT regeluitkomst::text FROM verificaties WHERE aanvraag_id = $1 AND regeluitkomst IS NOT NULL "
            "ORDER BY id DESC LIMIT 1",
            uuid.UUID(aanvraag),
        )
    finally:
        await conn.close()
    return dict(json.loads(tekst))


async def _geboekt(database_url: str, beschikking_id: int) -> list[tuple[str, int]]:
    """(month, amount) the ledger booked with this decision as its source."""
    conn = await asyncpg.connect(database_url)
    try:
        rijen = await conn.fetch(
            "SELECT to_char(maand, 'YYYY-MM') AS maand, bedrag_cent FROM betalingen WHERE beschikking_id = $1 "
            "ORDER BY maand",
            beschikking_id,
        )
    finally:
        await conn.close()
    return [(r["maand"], r["bedrag_cent"]) for r in rijen]


async def _status(medewerker: Medewerker, aanvraag: str) -> str:
    r = await medewerker.get(f"{URL}/{aanvraag}")
    assert r.status_code == 200, r.text
    return str(r.json()["status"])


async def _statuswissels(database_url: str, aanvraag: str) -> list[tuple[str, str]]:
    """The status moves the re-issue recorded in the case's audit trail."""
    conn = await asyncpg.connect(database_url)
    try:
        rijen = await conn.fetch(
            "SELECT van_status, naar_status FROM audit_gebeurtenissen WHERE aanvraag_id = $1 "
            "AND actie = 'herzien-na-normwijziging' AND naar_status IS NOT NULL ORDER BY id",
            uuid.UUID(aanvraag),
        )
    finally:
        await conn.close()
    return [(r["van_status"], r["naar_status"]) for r in rijen]


def test_nieuwe_bedragen_volgen_het_oordeel() -> None:
    """Per month under a higher norm: a month rejected with the rules follows the rules now; one
    the assessor rejected against the rules stays € 0; her own amount stays; a month the new
    outcome does not know keeps its amount. The status follows what is paid."""
    uitkomst = {
        "maanden": [
            {"maand": "2020-04", "toegekend": True, "bedrag": 30_000, "norm": 110_000, "inkomen": 80_000},
            {"maand": "2020-05", "toegekend": True, "bedrag": 110_000, "norm": 110_000, "inkomen": 0},
            {"maand": "2020-06", "toegekend": True, "bedrag": 110_000, "norm": 110_000, "inkomen": 0},
            {"maand": "2020-07", "toegekend": False, "bedrag": 0, "norm": 110_000, "inkomen": 200_000},
        ]
    }
    oud = {"2020-04": 0, "2020-05": 0, "2020-06": 50_000, "2020-07": 0, "2020-08": 7_000}
    toegekend = {"2020-04": False, "2020-05": False, "2020-06": True, "2020-07": False}
    voorheen = {"2020-04": False, "2020-05": True, "2020-06": True, "2020-07": False}
    assert normwijziging.nieuwe_bedragen(oud, uitkomst, toegekend, {"2020-06": 50_000}, voorheen) == {
        "2020-04": 30_000,  # rejected with the rules, which award it now
        "2020-05": 0,  # the assessor rejected it although the rules awarded it: her judgement
        "2020-06": 50_000,  # her own amount
        "2020-07": 0,  # the rules still reject it
        "2020-08": 7_000,
    }
    assert normwijziging.status_na({"2020-04": 30_000, "2020-05": 1}) == "toegekend"
    assert normwijziging.status_na({"2020-04": 30_000, "2020-05": 0}) == "gedeeltelijk_toegekend"
    assert normwijziging.status_na({"2020-04": 0}) == "afgewezen"
