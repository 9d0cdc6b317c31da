"""A Bbz draft becomes at most one application, however many submissions with their own keys
arrive at once: the draft stays locked from the check to the link. Driven at the workflow with
an intake that waits, so the submissions really overlap (through HTTP in one test process they
tend to run one after the other)."""

import asyncio
import json
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit import logboek
from app.audit.trail import Actor
from app.config import Settings
from app.workflows import concepten, intake
from tests import voorbeelden

NU = datetime(2021, 10, 4, 9, 0, tzinfo=UTC)


async def test_gelijktijdig_ingediend_wordt_een_aanvraag(engine: AsyncEngine, settings: Settings) -> None:
    geheim = settings.logboek_sleutel.get_secret_value()
    loket = Actor("loket-gelijktijdig", "loket", "digitaal")
    trace = logboek.Trace.nieuw()
    tozo = await intake.dien_in(
        engine,
        voorbeelden.tozo_levensonderhoud("0363"),
        date(2020, 4, 20),
        loket,
        str(uuid.uuid4()),
        "tozo",
        NU,
        trace,
        geheim,
    )
    gegevens = voorbeelden.bbz_levensonderhoud("0363")
    concept_id = uuid.uuid4()
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO bbz_concepten (id, van_aanvraag, gemeente, gegevens, aangemaakt_op, aangemaakt_door, "
                "gewijzigd_op, gewijzigd_door) VALUES (:id, :van, '0363', CAST(:g AS jsonb), :nu, 'l', :nu, 'l')"
            ),
            {"id": concept_id, "van": tozo.id, "g": json.dumps(gegevens), "nu": NU},
        )

    async def indienen(sleutel: str) -> intake.Ingediend:
        async def traag(c: concepten.BbzConcept) -> intake.Ingediend:
            await asyncio.sleep(0.2)  # wide enough for every submission to have read the draft
            return await intake.dien_in(engine, c.gegevens, date(2021, 10, 4), loket, sleutel, "bbz", NU, trace, geheim)

        return await concepten.dien_in(engine, concept_id, ["0363"], loket, sleutel, NU, traag)

    sleutels = [str(uuid.uuid4()) for _ in range(8)]
    uitkomsten = await asyncio.gather(*(indienen(k) for k in sleutels), return_exceptions=True)
    gelukt = [u for u in uitkomsten if isinstance(u, intake.Ingediend)]
    geweigerd = [u for u in uitkomsten if isinstance(u, concepten.AlIngediend)]
    assert len(gelukt) == 1 and len(geweigerd) == 7, uitkomsten

    async with engine.connect() as conn:
        aantal = (
            await conn.execute(
                text("SELECT count(*) FROM idempotentie WHERE client = :c AND sleutel = ANY(:k)"),
                {"c": loket.sub, "k": sleutels},
            )
        ).scalar()
        gekoppeld = (
            await conn.execute(text("SELECT ingediend_als FROM bbz_concepten WHERE id = :id"), {"id": concept_id})
        ).scalar()
    assert aantal == 1 and gekoppeld == gelukt[0].id

    # The key that submitted it replays the same application; the draft is linked once.
    opnieuw = await indienen(sleutels[uitkomsten.index(gelukt[0])])
    assert opnieuw.id == gelukt[0].id and opnieuw.herhaald
    with pytest.raises(concepten.AlIngediend):
        await indienen(str(uuid.uuid4()))
