"""Decisions that change money already decided: the herziening after a reported change, and the
recovery of an advance that the decision on the application did not cover. Each is one letter
(`letters.Herziening` / `letters.Terugvordering`) built from exactly the ledger entries it books,
so letter and ledger agree to the cent by construction.

The letter is addressed like the case's previous letter (same sender, address block and name of
the regulation): a herziening always follows an earlier decision."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from app import rules
from app.decisions import letters as l
from app.decisions import opslag
from app.workflows import beschikkingen, betalingen

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HERZIENING_GRONDSLAGEN = (
    "artikel 17, 54 lid 3 en 58 van de Participatiewet",
    "artikel 3 van het Besluit Tijdelijke overbruggingsregeling zelfstandig ondernemers",
)
TERUGVORDERING_GRONDSLAGEN = ("artikel 52 en 58 van de Participatiewet",)


def herziene_maanden(
    recht: Mapping[date | None, int], boekingen: Sequence[betalingen.Boeking]
) -> tuple[l.HerzieneMaand, ...]:
    """Pure: per booked month, was / wordt / extra payment / recovery, from the entries alone."""
    uit = []
    for b in boekingen:
        assert b.maand is not None, "een herziening gaat over maanden"
        was = recht.get(b.maand, 0)
        uit.append(
            l.HerzieneMaand(
                maand=l.Maand(b.maand.year, b.maand.month),
                was_cent=was,
                wordt_cent=was + b.bedrag_cent,
                nabetaling_cent=max(0, b.bedrag_cent),
                terugvordering_cent=max(0, -b.bedrag_cent),
            )
        )
    return tuple(uit)


async def besluit(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    boekingen: Sequence[betalingen.Boeking],
    recht: Mapping[date | None, int],
    nu: datetime,
    *,
    terugvordering_voorschot: bool,
    aanleiding: str,
    motivering: str,
    vervangt_vorige: bool = False,
    batch_id: int | None = None,
) -> int:
    """Make the letter of these entries and book them with it as their source; returns its id.
    `vervangt_vorige`: this decision corrects the case's latest one and names it (a re-issue
    after a norm change)."""
    vorige = (
        await conn.execute(
            text(
                "SELECT id, inhoud, nummer FROM beschikkingen WHERE aanvraag_id = :id AND soort <> 'herstelverzoek' "
                "ORDER BY nummer DESC LIMIT 1"
            ),
            {"id": aanvraag_id},
        )
    ).one()
    eerder = opslag.uit_dict(vorige.inhoud)
    referentie, gegevens = await volgende_referentie(
        conn, aanvraag_id, nu, eerder.referentie.kenmerk if vervangt_vorige else None
    )
    nummer, briefdatum = referentie.beschikkingnummer, referentie.briefdatum
    klasse = l.Terugvordering if terugvordering_voorschot else l.Herziening
    brief = klasse(
        gemeente=eerder.gemeente,
        adres=eerder.adres,
        referentie=referentie,
        regeling=eerder.regeling,
        motivering=motivering,
        grondslagen=TERUGVORDERING_GRONDSLAGEN if terugvordering_voorschot else HERZIENING_GRONDSLAGEN,
        laatste_dag_bezwaar=rules.bezwaartermijn_laatste_dag(briefdatum),
        aanleiding=aanleiding,
        maanden=herziene_maanden(recht, boekingen),
        iban=str(gegevens.get("iban") or ""),
    )
    vervangt = int(vorige.id) if vervangt_vorige else None
    beschikking_id = await bewaar_brief(conn, aanvraag_id, nummer, brief, briefdatum, nu, vervangt, batch_id)
    await betalingen.schrijf(conn, aanvraag_id, boekingen, nu, beschikking_id=beschikking_id)
    return beschikking_id


async def volgende_referentie(
    conn: AsyncConnection, aanvraag_id: UUID, nu: datetime, vervangt: str | None = None
) -> tuple[l.Referentie, dict[str, Any]]:
    """(reference of the case's next letter, the case's data): the next number after every letter
    of the case, dated today but never before the application."""
    zaak = (
        await conn.execute(
            text(
                "SELECT referentie, aanvraagdatum, gegevens, "
                "(SELECT max(nummer) + 1 FROM beschikkingen WHERE aanvraag_id = a.id) AS nummer "
                "FROM aanvragen a WHERE id = :id"
            ),
            {"id": aanvraag_id},
        )
    ).one()
    referentie = l.Referentie(
        zaaknummer=zaak.referentie,
        beschikkingnummer=int(zaak.nummer),
        briefdatum=max(nu.astimezone(AMSTERDAM).date(), zaak.aanvraagdatum),
        aanvraagdatum=zaak.aanvraagdatum,
        vervangt=vervangt,
    )
    return referentie, zaak.gegevens or {}


async def bewaar_brief(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    nummer: int,
    brief: l.Brief,
    briefdatum: date,
    nu: datetime,
    vervangt: int | None = None,
    batch_id: int | None = None,
) -> int:
    beschikking_id = int(
        (
            await conn.execute(
                text(
                    "INSERT INTO beschikkingen (aanvraag_id, nummer, soort, besloten_op, briefdatum, inhoud, vervangt, "
                    "batch_id) VALUES (:a, :nr, :soort, :nu, :datum, CAST(:inhoud AS jsonb), :vervangt, :batch) "
                    "RETURNING id"
                ),
                {
                    "a": aanvraag_id,
                    "nr": nummer,
                    "soort": brief.soort,
                    "nu": nu,
                    "datum": briefdatum,
                    "inhoud": json.dumps(opslag.naar_dict(brief), ensure_ascii=False),
                    "vervangt": vervangt,
                    "batch": batch_id,
                },
            )
        ).scalar_one()
    )
    await beschikkingen.plan(conn, [beschikking_id])
    return beschikking_id


async def na_besluit(
    conn: AsyncConnection, aanvraag_id: UUID, beschikking_id: int, soort: str, inhoud: Mapping[str, Any], nu: datetime
) -> None:
    """The money of a first decision, in its transaction: what it grants is booked with it as the
    source; what it takes back (an advance it does not cover) is a recovery decision of its own."""
    doel = betalingen.doel_uit_brief(soort, inhoud)
    if doel is None:
        return
    recht = await betalingen.recht_per_maand(conn, aanvraag_id)
    alle = betalingen.boekingen(recht, doel, herziening=False)
    await betalingen.schrijf(
        conn, aanvraag_id, [b for b in alle if b.bedrag_cent > 0], nu, beschikking_id=beschikking_id
    )
    terug = [b for b in alle if b.bedrag_cent < 0]
    if not terug:
        return
    eerder_besloten = (
        await conn.execute(
            text("SELECT 1 FROM betalingen WHERE aanvraag_id = :id AND soort IN ('toekenning', 'nabetaling') LIMIT 1"),
            {"id": aanvraag_id},
        )
    ).first()
    if eerder_besloten is None:  # only an advance was paid: its recovery
        await besluit(
            conn,
            aanvraag_id,
            terug,
            recht,
            nu,
            terugvordering_voorschot=True,
            aanleiding="Wij hebben u een voorschot betaald omdat wij nog niet over uw aanvraag hadden beslist. "
            "Nu hebben wij wel beslist.",
            motivering="Het voorschot is hoger dan de uitkering waar u volgens ons besluit recht op heeft. "
            "Wat u te veel kreeg, moet u terugbetalen.",
        )
    else:  # a new decision (after an objection) grants less than the one it replaces
        await besluit(
            conn,
            aanvraag_id,
            terug,
            recht,
            nu,
            terugvordering_voorschot=False,
            aanleiding="Wij hebben opnieuw over uw aanvraag beslist.",
            motivering="Volgens ons nieuwe besluit heeft u over deze maanden minder recht dan eerst. "
            "Wat u te veel kreeg, moet u terugbetalen.",
        )
