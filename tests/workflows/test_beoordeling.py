"""The human stages end to end over the API, on the real database, with cases verified by the
register simulators: checker, assessor, reviewer, hersteltermijn, deadlines, four-eyes."""

import asyncio
import uuid
from datetime import datetime, timedelta

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit.trail import Actor
from app.config import Settings
from app.registers import RegisterClients
from app.workflows import herstel, werkvoorraad
from app.workflows.werkvoorraad import AMSTERDAM, Stadium
from tests.workflows import test_verificatie
from tests.workflows.hulp_behandeling import URL, Medewerker, Token, nieuwe_gemeente, te_controleren

# The rules give these months nothing (the test municipality is not the BRP's): an assessor who
# awards them states the amounts.
TOEKENNING_TEGEN_DE_REGELS = {
    "maanden": [
        {"maand": "2020-04", "toegekend": True, "bedrag": 90_000},
        {"maand": "2020-05", "toegekend": True, "bedrag": 90_000},
    ]
}

# The verification tests' fixtures: an engine and register clients on the simulators.
engine = test_verificatie.engine
clients = test_verificatie.clients


async def _gecontroleerd(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> tuple[str, str, Medewerker]:
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    a = Medewerker(client, token, gemeente, "controleur")
    r = await a.claim("controleur")
    assert r.status_code == 201, r.text
    assert r.json()["id"] == aanvraag and r.json()["behandelaar"] == a.sub
    assert r.json()["beslistermijnEinde"] is not None
    r = await a.controle(aanvraag)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "te_beoordelen" and r.json()["gecontroleerdDoor"] == a.sub
    assert r.json()["behandelaar"] is None
    return gemeente, aanvraag, a


async def test_toekenning_controleur_dan_consulent(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, a = await _gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    assert (await b.claim("consulent")).json()["id"] == aanvraag
    etag = (await b.get(f"{URL}/{aanvraag}/behandeling")).headers["ETag"]
    r = await b.post(
        aanvraag, "beoordelingen", TOEKENNING_TEGEN_DE_REGELS | {"motivering": "Voldoet."}, **{"If-Match": etag}
    )
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "toegekend" and r.json()["afwijkend"] is True  # the rules rejected
    assert r.json()["beoordeeldDoor"] == b.sub and r.json()["gecontroleerdDoor"] == a.sub
    historie = (await b.get(f"{URL}/{aanvraag}/historie")).json()["gebeurtenissen"]
    assert [g["status"] for g in historie if g["status"]][-2:] == ["te_beoordelen", "toegekend"]
    # After a decision nothing moves: a withdrawal or a second assessment is a 409.
    assert (await b.post(aanvraag, "beoordelingen", {"besluit": "afwijzing", "motivering": "x"})).status_code == 409
    # And the stored assessment is never edited, even by SQL past the service.
    conn = await asyncpg.connect(database_url)
    try:
        for sql in (
            "UPDATE beoordelingen SET besluit = 'afwijzing' WHERE aanvraag_id = $1",
            "DELETE FROM beoordelingen WHERE aanvraag_id = $1",
            "UPDATE controles SET bewijs_voldoende = false WHERE aanvraag_id = $1",
        ):
            with pytest.raises(asyncpg.IntegrityConstraintViolationError):
                await conn.execute(sql, uuid.UUID(aanvraag))
    finally:
        await conn.close()


async def test_afwijzing_review_terug_en_bevestigd(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente, aanvraag, a = await _gecontroleerd(client, token, engine, clients, settings)
    b = Medewerker(client, token, gemeente, "consulent")
    c = Medewerker(client, token, gemeente, "reviewer")
    await b.claim("consulent")
    # The rules reject (the business is not established in this test municipality): awarding
    # deviates and needs a motivation; following the rules does not.
    geen_motivering = await b.post(aanvraag, "beoordelingen", TOEKENNING_TEGEN_DE_REGELS)
    assert geen_motivering.status_code == 400, geen_motivering.text
    assert geen_motivering.json()["invalidParams"][0]["name"] == "motivering"
    r = await b.post(aanvraag, "beoordelingen", {"besluit": "afwijzing"})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "te_reviewen" and r.json()["afwijkend"] is False
    assert r.json()["conclusieRegels"] == "afwijzing"
    # Neither checker nor assessor may review; the reviewer's queue hands it only to a third.
    a_rev = Medewerker(client, token, gemeente, "reviewer", sub=a.sub)
    assert (await a_rev.claim("reviewer")).status_code == 204
    assert (await c.claim("reviewer")).json()["id"] == aanvraag
    zonder_reden = await c.post(aanvraag, "reviews", {"oordeel": "teruggestuurd"})
    assert zonder_reden.status_code == 400
    r = await c.post(aanvraag, "reviews", {"oordeel": "teruggestuurd", "reden": "Urencriterium nakijken."})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "te_beoordelen" and r.json()["gereviewdDoor"] == c.sub
    # Back to the assessor; the reviewer who sent it back may not assess it.
    c_als_consulent = Medewerker(client, token, gemeente, "consulent", sub=c.sub)
    assert (await c_als_consulent.claim("consulent")).status_code == 204
    assert (await b.claim("consulent")).json()["id"] == aanvraag
    r = await b.post(aanvraag, "beoordelingen", {"besluit": "afwijzing", "motivering": "Nagekeken: blijft."})
    assert r.status_code == 201
    c2 = Medewerker(client, token, gemeente, "reviewer")
    assert (await c2.claim("reviewer")).json()["id"] == aanvraag
    r = await c2.post(aanvraag, "reviews", {"oordeel": "bevestigd"})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "afgewezen"
    conn = await asyncpg.connect(database_url)
    try:
        acties = [
            (r["actie"], r["actor"], r["naar_status"])
            for r in await conn.fetch(
                "SELECT actie, actor, naar_status FROM audit_gebeurtenissen WHERE aanvraag_id = $1 "
                "AND naar_status IS NOT NULL ORDER BY id",
                uuid.UUID(aanvraag),
            )
        ]
        afwijkend = await conn.fetch(
            "SELECT afwijkend, motivering FROM beoordelingen WHERE aanvraag_id = $1", uuid.UUID(aanvraag)
        )
    finally:
        await conn.close()
    assert acties[-5:] == [
        ("gecontroleerd", a.sub, "te_beoordelen"),
        ("beoordeeld", b.sub, "te_reviewen"),
        ("gereviewd", c.sub, "te_beoordelen"),
        ("beoordeeld", b.sub, "te_reviewen"),
        ("gereviewd", c2.sub, "afgewezen"),
    ]
    assert [(r["afwijkend"], r["motivering"]) for r in afwijkend] == [(False, None), (False, "Nagekeken: blijft.")]


async def test_vier_ogen_via_api(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    beide = Medewerker(client, token, gemeente, "controleur", "consulent", "reviewer")
    await beide.claim("controleur")
    assert (await beide.controle(aanvraag)).status_code == 201
    assert (await beide.claim("consulent")).status_code == 204  # its own check is never offered
    r = await beide.post(aanvraag, "beoordelingen", {"besluit": "toekenning", "motivering": "x"})
    assert r.status_code == 403 and r.json()["code"] == "vier-ogen"
    lead = Medewerker(client, token, gemeente, "teamleider")
    r = await lead.post(aanvraag, "toewijzingen", {"medewerker": beide.sub})
    assert r.status_code == 409
    b = Medewerker(client, token, gemeente, "consulent", "reviewer")
    # Only a colleague known to hold the queue's role in this municipality: roles are known from
    # the colleague's own token, recorded when they open a work queue.
    r = await lead.post(aanvraag, "toewijzingen", {"medewerker": b.sub})
    assert r.status_code == 409 and r.json()["code"] == "rol-ontbreekt"
    alleen_controleur = Medewerker(client, token, gemeente, "controleur")
    assert (await alleen_controleur.claim("controleur")).status_code == 204
    r = await lead.post(aanvraag, "toewijzingen", {"medewerker": alleen_controleur.sub})
    assert r.status_code == 409 and r.json()["code"] == "rol-ontbreekt"
    elders = Medewerker(client, token, nieuwe_gemeente(), "consulent", sub=f"{b.sub}-elders")
    assert (await elders.claim("consulent")).status_code == 204
    r = await lead.post(aanvraag, "toewijzingen", {"medewerker": elders.sub})
    assert r.status_code == 409 and r.json()["code"] == "rol-ontbreekt"
    assert (await b.claim("reviewer")).status_code == 204  # b opens a queue: consulent and reviewer known
    r = await lead.post(aanvraag, "toewijzingen", {"medewerker": b.sub})
    assert r.status_code == 201 and r.json()["behandelaar"] == b.sub
    assert (await b.post(aanvraag, "beoordelingen", {"besluit": "afwijzing", "motivering": "x"})).status_code == 201
    r = await b.post(aanvraag, "reviews", {"oordeel": "bevestigd"})
    assert r.status_code == 403 and r.json()["code"] == "vier-ogen"
    r = await beide.post(aanvraag, "reviews", {"oordeel": "bevestigd"})
    assert r.status_code == 403


async def test_vier_ogen_in_de_database(database_url: str) -> None:
    """Even SQL that bypasses the service cannot store a violating decision."""
    conn = await asyncpg.connect(database_url)
    try:
        aanvraag = await conn.fetchval("SELECT id FROM aanvragen LIMIT 1")
        assert aanvraag is not None
        async with conn.transaction():
            with pytest.raises(asyncpg.CheckViolationError):
                await conn.execute(
                    "UPDATE aanvragen SET gecontroleerd_door = 'x', beoordeeld_door = 'x' WHERE id = $1", aanvraag
                )
        for kolom in ("gecontroleerd_door", "beoordeeld_door"):
            with pytest.raises(asyncpg.CheckViolationError):
                await conn.execute(
                    f"UPDATE aanvragen SET gecontroleerd_door = 'a', beoordeeld_door = 'b', gereviewd_door = "
                    f"'{'a' if kolom == 'gecontroleerd_door' else 'b'}' WHERE id = $1",
                    aanvraag,
                )
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                "INSERT INTO beoordelingen (aanvraag_id, tijdstip, gecontroleerd_door, beoordeeld_door, besluit, "
                "maanden, afwijkend) VALUES ($1, now(), 'x', 'x', 'toekenning', '[]', false)",
                aanvraag,
            )
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                "INSERT INTO reviews (aanvraag_id, tijdstip, gecontroleerd_door, beoordeeld_door, gereviewd_door, "
                "oordeel) VALUES ($1, now(), 'a', 'b', 'b', 'bevestigd')",
                aanvraag,
            )
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                "UPDATE aanvragen SET status = 'te_beoordelen', gecontroleerd_door = 'a', behandelaar = 'a', "
                "claim_tot = now() WHERE id = $1",
                aanvraag,
            )
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                "INSERT INTO beoordelingen (aanvraag_id, tijdstip, gecontroleerd_door, beoordeeld_door, besluit, "
                "maanden, afwijkend) VALUES ($1, now(), 'a', 'b', 'afwijzing', '[]', true)",
                aanvraag,
            )
    finally:
        await conn.close()


async def test_herstel_aanvulling_en_termijn_per_gemeente(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    gemeente = nieuwe_gemeente()
    [aanvraag, tweede] = await te_controleren(client, token, engine, clients, settings, gemeente, 2)
    a = Medewerker(client, token, gemeente, "controleur")
    loket = Medewerker(client, token, gemeente, "loket")
    assert (await a.claim("controleur")).json()["id"] == aanvraag
    r = await a.post(aanvraag, "herstelverzoeken", {"ontbrekend": [{"soort": "jaarcijfers", "reden": "Winst 2019"}]})
    assert r.status_code == 201, r.text
    vandaag = datetime.now(AMSTERDAM).date()
    assert r.json()["status"] == "hersteltermijn"
    assert r.json()["hersteltermijnEinde"] == (vandaag + timedelta(days=14)).isoformat()
    assert {"soort": "jaarcijfers", "reden": "Winst 2019", "grondslag": "Awb art. 4:5"} in r.json()["ontbrekend"]
    r = await loket.post(aanvraag, "aanvullingen", {"toelichting": "Jaarcijfers geüpload."}, **{"If-Match": 'W/"99"'})
    assert r.status_code == 412
    r = await loket.post(aanvraag, "aanvullingen", {"toelichting": "Jaarcijfers geüpload."})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "te_controleren" and r.json()["hersteltermijnEinde"] is None
    # The municipality's own term.
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "INSERT INTO gemeente_instellingen (gemeente, hersteltermijn_dagen) VALUES ($1, 5)", gemeente
        )
    finally:
        await conn.close()
    a2 = Medewerker(client, token, gemeente, "controleur")
    geclaimd = (await a2.claim("controleur")).json()["id"]
    r = await a2.post(geclaimd, "herstelverzoeken", {"ontbrekend": [{"soort": "id", "reden": "Kopie ID"}]})
    assert r.json()["hersteltermijnEinde"] == (vandaag + timedelta(days=5)).isoformat()
    assert {aanvraag, tweede} >= {geclaimd}


async def test_buiten_behandeling_met_gegeven_klok(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    a = Medewerker(client, token, gemeente, "controleur")
    await a.claim("controleur")
    r = await a.post(aanvraag, "herstelverzoeken", {"ontbrekend": [{"soort": "x", "reden": "y"}]})
    einde = datetime.fromisoformat(r.json()["hersteltermijnEinde"])
    laatste_dag = datetime.combine(einde, datetime.min.time(), AMSTERDAM).replace(hour=23, minute=59)
    assert uuid.UUID(aanvraag) not in await herstel.verwerk_verlopen_termijnen(engine, laatste_dag)
    verwerkt = await herstel.verwerk_verlopen_termijnen(engine, laatste_dag + timedelta(minutes=2))
    assert uuid.UUID(aanvraag) in verwerkt
    historie = (await a.get(f"{URL}/{aanvraag}/historie")).json()["gebeurtenissen"]
    assert historie[-1]["status"] == "buiten_behandeling" and historie[-1]["rol"] == "systeem"
    # Supplying after the decision is too late.
    loket = Medewerker(client, token, gemeente, "loket")
    assert (await loket.post(aanvraag, "aanvullingen", {})).status_code == 409


async def test_vijftig_gelijktijdige_claimers(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    ids = await te_controleren(client, token, engine, clients, settings, gemeente, 40)
    claimers = [Medewerker(client, token, gemeente, "controleur") for _ in range(50)]
    antwoorden = await asyncio.gather(*(m.claim("controleur") for m in claimers))
    gekregen = [r.json()["id"] for r in antwoorden if r.status_code == 201]
    assert sorted(r.status_code for r in antwoorden) == [201] * 40 + [204] * 10
    assert sorted(gekregen) == sorted(ids)  # every case once, nobody twice
    houders = [r.json()["behandelaar"] for r in antwoorden if r.status_code == 201]
    assert len(set(houders)) == 40


async def test_lease_verloopt_en_vrijgeven(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    nu = datetime.now(AMSTERDAM)
    a, b = Actor("a", "controleur", "medewerker"), Actor("b", "controleur", "medewerker")
    zaak = await werkvoorraad.claim_volgende(engine, Stadium.controleur, a, [gemeente], nu)
    assert zaak is not None and str(zaak.id) == aanvraag
    assert await werkvoorraad.claim_volgende(engine, Stadium.controleur, b, [gemeente], nu) is None
    later = nu + werkvoorraad.LEASE + timedelta(seconds=1)
    opvolger = await werkvoorraad.claim_volgende(engine, Stadium.controleur, b, [gemeente], later)
    assert opvolger is not None and opvolger.id == zaak.id and opvolger.behandelaar == "b"
    # Over the API: a releases its own claim; a claim is not released by someone else.
    c = Medewerker(client, token, gemeente, "controleur")
    d = Medewerker(client, token, gemeente, "controleur")
    await werkvoorraad.geef_vrij(engine, zaak.id, [gemeente], b, later)
    assert (await c.claim("controleur")).json()["id"] == aanvraag
    assert (await c.claim("controleur")).json()["id"] == aanvraag  # the same claim again, not a second case
    assert (await d.vrij("controleur", aanvraag)).status_code == 409
    assert (await d.post(aanvraag, "controles", {"bewijsVoldoende": True})).status_code == 409
    assert (await c.vrij("controleur", aanvraag)).status_code == 204
    assert (await d.claim("controleur")).json()["id"] == aanvraag


async def test_koppel_krijgt_voorrang(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    ids = await te_controleren(client, token, engine, clients, settings, gemeente, 2)
    x = Medewerker(client, token, gemeente, "controleur")
    a = Medewerker(client, token, gemeente, "controleur")
    b = Medewerker(client, token, gemeente, "consulent")
    await werkvoorraad.stel_koppel_in(engine, gemeente, a.sub, b.sub)
    for wie, aanvraag in ((x, ids[0]), (a, ids[1])):
        assert (await wie.claim("controleur")).json()["id"] == aanvraag
        assert (await wie.controle(aanvraag)).status_code == 201
    assert (await b.claim("consulent")).json()["id"] == ids[1]  # checked by its partner


async def test_teamleider_overzicht(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    await te_controleren(client, token, engine, clients, settings, gemeente, 3)
    lead = Medewerker(client, token, gemeente, "teamleider")
    r = await lead.get("/api/v1/werkvoorraad/overzicht?binnenDagen=365")
    assert r.status_code == 200, r.text
    o = r.json()
    assert o["perStatus"]["te_controleren"]["totaal"] == 3
    assert len(o["aandacht"]) == 3 and all(z["beslistermijnEinde"] for z in o["aandacht"])
    # The application date of 2020 lies far in the past: every deadline has passed.
    assert o["perStatus"]["te_controleren"]["verlopen"] + o["perStatus"]["te_controleren"]["bijna"] == 3
    assert (
        await Medewerker(client, token, gemeente, "controleur").get("/api/v1/werkvoorraad/overzicht")
    ).status_code == 403


async def test_foute_verzoeken(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    a = Medewerker(client, token, gemeente, "controleur")
    ander = Medewerker(client, token, nieuwe_gemeente(), "controleur")
    loket = Medewerker(client, token, gemeente, "loket")
    consulent = Medewerker(client, token, gemeente, "consulent")
    assert (await a.post(str(uuid.uuid4()), "controles", {"bewijsVoldoende": True})).status_code == 404
    assert (await ander.post(aanvraag, "controles", {"bewijsVoldoende": True})).status_code == 404
    assert (await loket.post(aanvraag, "controles", {"bewijsVoldoende": True})).status_code == 403
    assert (await loket.claim("controleur")).status_code == 403
    assert (await consulent.claim("controleur")).status_code == 403
    assert (await a.claim("boekhouder")).status_code == 400
    verkeerd = await consulent.post(aanvraag, "beoordelingen", {"besluit": "toekenning"})
    assert verkeerd.status_code == 409 and verkeerd.json()["code"] == "overgang-niet-toegestaan"
    await a.claim("controleur")
    slecht = await a.post(aanvraag, "controles", {"bewijsVoldoende": "ja", "extra": 1})
    assert slecht.status_code == 400
    assert {p["name"] for p in slecht.json()["invalidParams"]} == {"bewijsVoldoende", "extra"}
    onbekend = await a.post(
        aanvraag, "controles", {"bevindingen": [{"code": "??", "oordeel": "bevestigd"}], "bewijsVoldoende": True}
    )
    assert onbekend.status_code == 400
    assert (await a.controle(aanvraag, **{"If-Match": 'W/"1"'})).status_code == 412
    onvoldoende = await a.post(aanvraag, "controles", {"bewijsVoldoende": False})
    assert onvoldoende.status_code in (400, 409)
    assert (await a.controle(aanvraag)).status_code == 201


async def test_koppel_via_api(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    ids = await te_controleren(client, token, engine, clients, settings, gemeente, 2)
    x = Medewerker(client, token, gemeente, "controleur")
    a = Medewerker(client, token, gemeente, "controleur")
    b = Medewerker(client, token, gemeente, "consulent")
    lead = Medewerker(client, token, gemeente, "teamleider")
    pad = "/api/v1/werkvoorraad/koppels"
    r = await client.post(pad, json={"gemeente": gemeente, "medewerkers": [a.sub, b.sub]}, headers=lead.headers)
    assert r.status_code == 201, r.text
    elders = await client.post(pad, json={"gemeente": "0001", "medewerkers": [a.sub, b.sub]}, headers=lead.headers)
    assert elders.status_code == 403
    zelf = await client.post(pad, json={"gemeente": gemeente, "medewerkers": [a.sub, a.sub]}, headers=lead.headers)
    assert zelf.status_code == 409
    assert (
        await client.post(pad, json={"gemeente": gemeente, "medewerkers": [a.sub]}, headers=lead.headers)
    ).status_code == 400
    for wie, aanvraag in ((x, ids[0]), (a, ids[1])):
        assert (await wie.claim("controleur")).json()["id"] == aanvraag
        assert (await wie.controle(aanvraag)).status_code == 201
    assert (await b.claim("consulent")).json()["id"] == ids[1]


async def test_claim_met_expand_verificatie(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    database_url: str,
) -> None:
    """`?expand=verificatie` sends what the claimant reads next along with the claim: the same body as
    `GET /verificatie`, and the same Logboek record of a read of personal data. Without it: no `_embedded`."""
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    a = Medewerker(client, token, gemeente, "controleur")
    conn = await asyncpg.connect(database_url)
    try:
        gelezen = "SELECT count(*) FROM verwerkingen WHERE aanvraag_id = $1 AND operatie = 'verificatie raadplegen'"
        voor = await conn.fetchval(gelezen, uuid.UUID(aanvraag))
        r = await a.client.post("/api/v1/werkvoorraad/controleur/claims?expand=verificatie", headers=a.headers)
        assert r.status_code == 201, r.text
        assert await conn.fetchval(gelezen, uuid.UUID(aanvraag)) == voor + 1
    finally:
        await conn.close()
    assert r.json()["id"] == aanvraag and r.headers["ETag"]
    assert r.json()["_embedded"]["verificatie"] == (await a.get(f"{URL}/{aanvraag}/verificatie")).json()
    zelfde = await a.claim("controleur")  # the live claim again, without expand
    assert zelfde.json()["id"] == aanvraag and "_embedded" not in zelfde.json()
    assert set(zelfde.json()) == set(r.json()) - {"_embedded"}
    fout = await a.client.post("/api/v1/werkvoorraad/controleur/claims?expand=alles", headers=a.headers)
    assert fout.status_code == 400 and fout.json()["invalidParams"][0]["name"] == "expand"
