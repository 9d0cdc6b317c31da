"""Group commit of intake (`intake_bundel`): submits that arrive together share one transaction,
and each still behaves as if it were alone: its own case with all its rows, its own idempotency,
its own error."""

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit import logboek
from app.audit.trail import Actor
from app.config import Settings
from app.workflows import intake
from app.workflows.fouten import Conflict
from tests import voorbeelden
from tests.workflows import test_verificatie

NU = datetime(2020, 4, 20, 9, 0, tzinfo=UTC)
LOKET = Actor("loket-bundel", "loket", "digitaal")


# The verification tests' engine fixture, as the other workflow tests use it.
engine = test_verificatie.engine


def _indienen(engine: AsyncEngine, settings: Settings, gegevens: dict[str, Any], sleutel: str, hash_: str) -> Any:
    geheim = settings.logboek_sleutel.get_secret_value()
    trace = logboek.Trace.nieuw()
    return intake.dien_in(engine, gegevens, date(2020, 4, 20), LOKET, sleutel, hash_, NU, trace, geheim)


async def test_gelijktijdige_indieningen_delen_een_commit(engine: AsyncEngine, settings: Settings) -> None:
    gegevens = voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud("0363"))
    uitkomsten = await asyncio.gather(
        *(_indienen(engine, settings, gegevens, str(uuid.uuid4()), f"h{n}") for n in range(40))
    )
    ids = [u.id for u in uitkomsten]
    assert len(set(ids)) == 40 and len({u.referentie for u in uitkomsten}) == 40
    assert not any(u.herhaald for u in uitkomsten)
    async with engine.connect() as conn:
        # Rows written in one transaction carry its id in xmin: per case, the key, the case, its
        # audit event and both log records (applicant and partner) are one transaction; across
        # cases far fewer transactions than cases.
        rijen = (
            await conn.execute(
                text(
                    """
                    SELECT a.id, a.xmin::text AS xid,
                           array_agg(DISTINCT i.xmin::text) AS sleutel,
                           array_agg(DISTINCT g.xmin::text) AS audit, count(DISTINCT g.id) AS gebeurtenissen,
                           array_agg(DISTINCT v.xmin::text) AS log, count(DISTINCT v.id) AS records
                    FROM aanvragen a
                    JOIN idempotentie i ON i.aanvraag_id = a.id
                    JOIN audit_gebeurtenissen g ON g.aanvraag_id = a.id
                    JOIN verwerkingen v ON v.aanvraag_id = a.id
                    WHERE a.id = ANY(:ids)
                    GROUP BY a.id
                    """
                ),
                {"ids": ids},
            )
        ).all()
    assert len(rijen) == 40
    for r in rijen:
        assert r.sleutel == r.audit == r.log == [r.xid], r
        assert (r.gebeurtenissen, r.records) == (1, 2), r
    assert len({r.xid for r in rijen}) < 10


async def test_zelfde_sleutel_twee_keer_in_een_bundel(engine: AsyncEngine, settings: Settings) -> None:
    gegevens = voorbeelden.tozo_levensonderhoud("0363")
    sleutel = str(uuid.uuid4())
    vulling = [_indienen(engine, settings, gegevens, str(uuid.uuid4()), "v") for _ in range(4)]
    uitkomsten = await asyncio.gather(
        *vulling[:2],  # these two go at once; what follows waits for them and goes as one bundle
        _indienen(engine, settings, gegevens, sleutel, "a"),
        _indienen(engine, settings, gegevens, sleutel, "a"),
        _indienen(engine, settings, gegevens, sleutel, "b"),
        *vulling[2:],
        return_exceptions=True,
    )
    eerste, herhaling, ander = uitkomsten[2:5]
    assert isinstance(eerste, intake.Ingediend) and not eerste.herhaald
    assert isinstance(herhaling, intake.Ingediend) and herhaling.herhaald and herhaling.id == eerste.id
    assert isinstance(ander, Conflict)
    async with engine.connect() as conn:
        aantal = await conn.scalar(
            text("SELECT count(*) FROM idempotentie WHERE client = :c AND sleutel = :s"), {"c": LOKET.sub, "s": sleutel}
        )
    assert aantal == 1


async def test_een_fout_treft_alleen_die_indiening(engine: AsyncEngine, settings: Settings) -> None:
    goed = voorbeelden.tozo_levensonderhoud("0363")
    fout = {**goed, "gemeente": "03630"}  # longer than the column: the database refuses this row
    soorten = [goed, goed, goed, goed, fout, goed, goed, goed]
    uitkomsten = await asyncio.gather(
        *(_indienen(engine, settings, g, str(uuid.uuid4()), "h") for g in soorten), return_exceptions=True
    )
    assert isinstance(uitkomsten[4], asyncpg.StringDataRightTruncationError)
    gelukt = [u for u in uitkomsten if isinstance(u, intake.Ingediend)]
    assert len(gelukt) == 7
    async with engine.connect() as conn:
        aantal = await conn.scalar(
            text("SELECT count(*) FROM aanvragen WHERE id = ANY(:ids)"), {"ids": [u.id for u in gelukt]}
        )
    assert aantal == 7


@pytest.mark.parametrize("aantal", [1, 3])
async def test_zonder_gelijktijdigheid_elk_apart(engine: AsyncEngine, settings: Settings, aantal: int) -> None:
    """A quiet service: each submit is written at once, in a transaction of its own."""
    gegevens = voorbeelden.tozo_levensonderhoud("0363")
    ids = [(await _indienen(engine, settings, gegevens, str(uuid.uuid4()), "h")).id for _ in range(aantal)]
    async with engine.connect() as conn:
        xids = await conn.scalar(
            text("SELECT count(DISTINCT xmin::text) FROM aanvragen WHERE id = ANY(:ids)"), {"ids": ids}
        )
    assert xids == aantal
