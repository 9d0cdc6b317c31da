"""The order in which the work queue hands out cases: earliest decision deadline, then a case the
caller's pair partner checked or the caller assessed before, then arrival; and the claim finds
that case by index seeks, not by sorting every free case of the day (migration 0024)."""

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.audit.trail import Actor
from app.workflows import werkvoorraad
from app.workflows.werkvoorraad import Stadium
from tests import voorbeelden
from tests.workflows import test_verificatie
from tests.workflows.hulp_behandeling import nieuwe_gemeente

NU = datetime(2020, 5, 1, 9, 0, tzinfo=UTC)
CONSULENT = "consulent-volgorde"
PARTNER = "controleur-partner"


# The verification tests' engine fixture, as the other workflow tests use it.
engine = test_verificatie.engine


# Cases as verification and the checker leave them: waiting for assessment, with a deadline.
_NIEUWE_ZAKEN = (
    "INSERT INTO aanvragen (id, referentie, gemeente, regeling, status, kanaal, ingediend_door, aanvraagdatum, "
    "ontvangen_op, bsn, gegevens, versie, gewijzigd_op, beslistermijn_einde, gecontroleerd_door, beoordeeld_door) "
)


async def _zaken(engine: AsyncEngine, gemeente: str, aantal: int, kans: random.Random) -> list[dict[str, Any]]:
    """Cases waiting for assessment with deadlines over three days, checked by the partner or by
    others, some assessed before by the caller (sent back by a reviewer), in random order."""
    gegevens = json.dumps(voorbeelden.tozo_levensonderhoud(gemeente))
    zaken: list[dict[str, Any]] = []
    for _ in range(aantal):
        zaken.append(
            {
                "id": uuid.uuid4(),
                "ref": f"T-{gemeente}-{uuid.uuid4().hex[:12]}",
                "g": gemeente,
                "ontvangen": NU - timedelta(days=10, minutes=kans.randrange(1000)),
                "einde": kans.choice([date(2020, 5, 20), date(2020, 5, 21), date(2020, 5, 22)]),
                "gecontroleerd": kans.choice([PARTNER, "controleur-ander", "controleur-derde"]),
                "beoordeeld": CONSULENT if kans.random() < 0.1 else None,
                "gegevens": gegevens,
            }
        )
    async with engine.begin() as conn:
        await _koppel(conn, gemeente)
        await conn.execute(
            text(
                _NIEUWE_ZAKEN + "VALUES (:id, :ref, :g, 'tozo-levensonderhoud', 'te_beoordelen', 'digitaal', "
                "'loket', DATE '2020-04-20', :ontvangen, '999990019', CAST(:gegevens AS jsonb), 3, :ontvangen, "
                ":einde, :gecontroleerd, :beoordeeld)"
            ),
            zaken,
        )
    return zaken


async def _koppel(conn: AsyncConnection, gemeente: str) -> None:
    await conn.execute(
        text("INSERT INTO koppels (gemeente, medewerker, partner) VALUES (:g, :m, :p)"),
        {"g": gemeente, "m": CONSULENT, "p": PARTNER},
    )


def _verwacht(zaken: list[dict[str, Any]]) -> list[uuid.UUID]:
    def sleutel(z: dict[str, Any]) -> tuple[date, bool, datetime, str]:
        voorkeur = z["gecontroleerd"] == PARTNER or z["beoordeeld"] == CONSULENT
        return (z["einde"], not voorkeur, z["ontvangen"], str(z["id"]))

    return [z["id"] for z in sorted(zaken, key=sleutel)]


async def test_volgorde_termijn_dan_koppel_dan_ontvangst(engine: AsyncEngine) -> None:
    gemeente = nieuwe_gemeente()
    zaken = await _zaken(engine, gemeente, 40, random.Random(2020))
    actor = Actor(CONSULENT, "consulent", "medewerker")
    gekregen = []
    for _ in zaken:
        zaak = await werkvoorraad.claim_volgende(engine, Stadium.consulent, actor, [gemeente], NU)
        assert zaak is not None
        gekregen.append(zaak.id)
        async with engine.begin() as conn:  # done with it: out of the queue
            await conn.execute(
                text(
                    "UPDATE aanvragen SET status = 'te_reviewen', behandelaar = NULL, claim_tot = NULL WHERE id = :id"
                ),
                {"id": zaak.id},
            )
    assert gekregen == _verwacht(zaken)
    assert await werkvoorraad.claim_volgende(engine, Stadium.consulent, actor, [gemeente], NU) is None


async def test_claim_leest_niet_de_hele_dag(engine: AsyncEngine) -> None:
    """With 3,000 cases of one deadline waiting, a claim reads a few index and heap pages, not
    every case of that day (the single ORDER BY before migration 0024 read and sorted them all:
    6.4 ms per claim at 3,000, 17.8 ms at 9,000). Pages read are counted, not time."""
    gemeente = nieuwe_gemeente()
    gegevens = json.dumps(voorbeelden.tozo_levensonderhoud(gemeente))
    async with engine.begin() as conn:
        await _koppel(conn, gemeente)
        await conn.execute(
            text(
                _NIEUWE_ZAKEN + "SELECT gen_random_uuid(), 'D-' || :g || '-' || n, :g, 'tozo-levensonderhoud', "
                "'te_beoordelen', 'digitaal', 'loket', DATE '2020-04-20', "
                "CAST(:nu AS timestamptz) - n * interval '1 second', '999990019', CAST(:gegevens AS jsonb), 3, :nu, "
                "DATE '2020-05-20', CASE WHEN n % 500 = 0 THEN :partner ELSE 'controleur-' || (n % 5) END, NULL "
                "FROM generate_series(1, 3000) AS n"
            ),
            {"g": gemeente, "nu": NU, "gegevens": gegevens, "partner": PARTNER},
        )
        await conn.execute(text("ANALYZE aanvragen"))
    async with engine.connect() as conn:
        uitleg = (
            await conn.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + werkvoorraad._kies(Stadium.consulent, True),
                (CONSULENT, gemeente, NU),
            )
        ).scalar_one()
        await conn.rollback()
    plan = uitleg[0]["Plan"]
    gelezen = plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]
    assert plan["Actual Rows"] == 1
    assert gelezen < 100, json.dumps(uitleg, indent=1)
