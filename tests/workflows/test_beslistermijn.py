"""The beslistermijn of a case: written at verification from the rules engine, and suspended by a
hersteltermijn (Awb 4:15) for the days it ran, with every date given explicitly."""

import uuid
from datetime import date, datetime, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app import rules
from app.audit.trail import Actor
from app.config import Settings
from app.registers import RegisterClients
from app.workflows import herstel, werkvoorraad
from app.workflows.werkvoorraad import AMSTERDAM, Stadium
from tests.workflows import test_verificatie
from tests.workflows.hulp_behandeling import Token, nieuwe_gemeente, te_controleren

engine = test_verificatie.engine
clients = test_verificatie.clients


def test_opschorting_telt_van_verzoek_tot_aanvulling_of_einde_termijn() -> None:
    verzocht, einde = date(2020, 5, 4), date(2020, 5, 18)
    assert rules.opschorting_dagen(verzocht, einde, date(2020, 5, 10)) == 6
    assert rules.opschorting_dagen(verzocht, einde, verzocht) == 0
    # Supplied after the term: the suspension ended when the term expired unused (the day after).
    assert rules.opschorting_dagen(verzocht, einde, date(2020, 6, 30)) == 15
    assert rules.opschorting_dagen(verzocht, einde, None) == 15


async def _herstel(engine: AsyncEngine, gemeente: str, aanvraag: str, verzocht: datetime, aangevuld: datetime) -> None:
    controleur = Actor(f"controleur-{uuid.uuid4().hex[:6]}", "controleur", "controleur")
    geclaimd = await werkvoorraad.claim_volgende(engine, Stadium.controleur, controleur, [gemeente], verzocht)
    assert geclaimd is not None and str(geclaimd.id) == aanvraag
    await herstel.vraag_herstel(
        engine,
        geclaimd.id,
        [gemeente],
        controleur,
        [herstel.Ontbrekend("jaarcijfers", "Winst 2019")],
        None,
        None,
        verzocht,
    )
    loket = Actor("loket", "loket", "loket")
    await herstel.vul_aan(engine, geclaimd.id, [gemeente], loket, None, None, aangevuld)


async def test_verificatie_zet_termijn_en_herstel_schort_op(
    client: httpx.AsyncClient, token: Token, engine: AsyncEngine, clients: RegisterClients, settings: Settings
) -> None:
    gemeente = nieuwe_gemeente()
    [aanvraag] = await te_controleren(client, token, engine, clients, settings, gemeente)
    zaak = await werkvoorraad.lees(engine, uuid.UUID(aanvraag), [gemeente])
    async with engine.connect() as conn:
        procedure = (
            await conn.execute(
                text("SELECT regeluitkomst->'procedure' FROM verificaties WHERE aanvraag_id = :id"),
                {"id": uuid.UUID(aanvraag)},
            )
        ).scalar_one()
    # What the rules engine computed at verification, not a copy made elsewhere.
    assert zaak.beslistermijn_einde == date.fromisoformat(procedure["beslistermijnEinde"])
    assert zaak.streefdatum == date.fromisoformat(procedure["streefdatumBeslissing"])
    begin_termijn, begin_streef = zaak.beslistermijn_einde, zaak.streefdatum
    assert begin_termijn is not None and begin_streef is not None

    # Requested on 1 December at 10:00, supplied on 7 December at 16:00: 6 days suspended.
    verzocht = datetime(2026, 12, 1, 10, tzinfo=AMSTERDAM)
    await _herstel(engine, gemeente, aanvraag, verzocht, datetime(2026, 12, 7, 16, tzinfo=AMSTERDAM))
    zaak = await werkvoorraad.lees(engine, uuid.UUID(aanvraag), [gemeente])
    assert zaak.beslistermijn_einde == begin_termijn + timedelta(days=6)
    assert zaak.streefdatum == begin_streef + timedelta(days=6)

    # A second request, supplied after its 14-day term (before the sweep ran): the suspension
    # stops when the term expired, 15 days after the request, not at the late supplement.
    verzocht = datetime(2026, 12, 10, 9, tzinfo=AMSTERDAM)
    await _herstel(engine, gemeente, aanvraag, verzocht, datetime(2027, 1, 20, 9, tzinfo=AMSTERDAM))
    zaak = await werkvoorraad.lees(engine, uuid.UUID(aanvraag), [gemeente])
    assert zaak.beslistermijn_einde == begin_termijn + timedelta(days=6 + 15)

    # The audit event of each supplement says how many days the term stood still.
    async with engine.connect() as conn:
        dagen = (
            (
                await conn.execute(
                    text(
                        "SELECT details->>'opgeschorteDagen' FROM audit_gebeurtenissen "
                        "WHERE aanvraag_id = :id AND actie = 'aangevuld' ORDER BY id"
                    ),
                    {"id": uuid.UUID(aanvraag)},
                )
            )
            .scalars()
            .all()
        )
    assert dagen == ["6", "15"]
