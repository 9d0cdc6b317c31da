"""Re-issue after a norm change (herziening na normwijziging): every decided award in the batch's
municipalities is evaluated again by the rules engine, with the register facts stored at its
verification and at its own dates (only the parameters differ: those now loaded). Where the amount
of a month changed, a herziening (`app.workflows.herziening.besluit`: was / wordt / extra payment
/ recovery per month, booked in the ledger with it) is issued that names the decision it corrects,
and the differences per month go into the batch's report.

The ledger's entitlement per month is the baseline, so running the batch again after the
corrections finds no differences and issues nothing: it is idempotent. A month whose amount the
assessor set herself keeps that amount; the re-issue changes only what the rules computed."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from app import rules
from app.audit import trail
from app.audit.trail import Actor
from app.decisions import letters as l
from app.workflows import betalingen, herziening, historie, registerfeiten
from app.workflows.briefopbouw import AMSTERDAM, maandbedrag

SOORT = "herziening-na-normwijziging"
BLOK = 200
log = structlog.get_logger("normwijziging")
# Levensonderhoud per month; a loan's amount does not follow the norm.
HERZIENBAAR = (l.ToekenningLevensonderhoud.soort, l.GedeeltelijkeToekenning.soort)
AANLEIDING = "De bijstandsnorm is veranderd. Dit besluit verandert ons vorige besluit over uw uitkering."
MOTIVERING = (
    "Wij hebben uw uitkering over deze maanden opnieuw berekend met de nieuwe bijstandsnorm. Uw inkomen en "
    "de andere gegevens van uw aanvraag zijn niet veranderd. Alleen de norm is anders."
)


@dataclass(frozen=True)
class Verschil:
    aanvraag_id: UUID
    maand: str
    oud_cent: int
    nieuw_cent: int


def bedragen_in_brief(inhoud: dict[str, Any]) -> dict[str, int]:
    """The amount per month ("2020-04") the letter stated."""
    maanden = inhoud.get("maanden") or inhoud.get("toegekend") or []
    return {str(m["maand"]): int(m["bedrag_cent"]) for m in maanden}


def nieuwe_bedragen(
    oud: dict[str, int], uitkomst: dict[str, Any], toegekend: dict[str, bool], eigen: dict[str, int]
) -> dict[str, int]:
    """The amount per month of the letter's months under the new outcome, as the letter would
    state it (`briefopbouw.maandbedrag`): the assessor's own amounts stay, a month she awarded
    against the rules follows the new norm too. Pure."""
    regels = {str(m["maand"])[:7]: m for m in uitkomst.get("maanden") or []}
    uit: dict[str, int] = {}
    for maand, bedrag in oud.items():
        m = regels.get(maand)
        uit[maand] = bedrag if m is None else maandbedrag(m, toegekend.get(maand, True), eigen.get(maand))[0]
    return uit


async def kandidaten(conn: AsyncConnection, gemeenten: Collection[str], na: UUID | None) -> list[UUID]:
    """The next block of decided awards in these municipalities, by keyset on the id."""
    rows = await conn.execute(
        text(
            "SELECT id FROM aanvragen WHERE status IN ('toegekend', 'gedeeltelijk_toegekend') "
            "AND gemeente = ANY(:g) AND regeling NOT LIKE '%bedrijfskapitaal' "
            "AND (CAST(:na AS uuid) IS NULL OR id > :na) "
            "ORDER BY id LIMIT :n"
        ),
        {"g": list(gemeenten), "na": na, "n": BLOK},
    )
    return [r.id for r in rows]


async def herzie(conn: AsyncConnection, aanvraag_id: UUID, batch_id: int, actor: Actor, nu: datetime) -> int:
    """Evaluate one decided case again; issue a herziening if an amount changed. Returns the
    number of months that differ (0: nothing issued). In the caller's transaction."""
    zaak = (
        await conn.execute(text("SELECT bsn, gegevens FROM aanvragen WHERE id = :id FOR UPDATE"), {"id": aanvraag_id})
    ).one()
    toekenning = (
        await conn.execute(
            text(
                "SELECT soort, inhoud FROM beschikkingen WHERE aanvraag_id = :id AND soort = ANY(:soorten) "
                "ORDER BY nummer DESC LIMIT 1"
            ),
            {"id": aanvraag_id, "soorten": list(HERZIENBAAR)},
        )
    ).first()
    if toekenning is None:
        return 0
    verificatie = (
        await conn.execute(
            text(
                "SELECT tijdstip, feiten FROM verificaties WHERE aanvraag_id = :id AND regeluitkomst IS NOT NULL "
                "ORDER BY id DESC LIMIT 1"
            ),
            {"id": aanvraag_id},
        )
    ).first()
    recht = await betalingen.recht_per_maand(conn, aanvraag_id)
    if verificatie is None or verificatie.feiten is None or not recht:
        # Verified before the facts were stored, or decided before the ledger: evaluating now
        # would change more than the norm, or book from a wrong baseline.
        log.warning("herziening overgeslagen: geen opgeslagen feiten of grootboek", aanvraag=str(aanvraag_id))
        return 0
    beoordeling = (
        await conn.execute(
            text("SELECT maanden FROM beoordelingen WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"),
            {"id": aanvraag_id},
        )
    ).first()
    beoordeeld = beoordeling.maanden if beoordeling else []
    toegekend = {str(m["maand"]): bool(m["toegekend"]) for m in beoordeeld}
    eigen = {str(m["maand"]): int(m["bedrag"]) for m in beoordeeld if "bedrag" in m}
    documenten = (
        await conn.execute(text("SELECT DISTINCT soort FROM documenten WHERE aanvraag_id = :id"), {"id": aanvraag_id})
    ).scalars()
    aanvraag = rules.aanvraag_uit_dict(zaak.gegevens)
    peildatum = max(verificatie.tijdstip.astimezone(AMSTERDAM).date(), aanvraag.aanvraagdatum)
    eerder = await historie.historie(conn, aanvraag_id, aanvraag.aanvrager.bsn, aanvraag.onderneming.kvk_nummer)
    uitkomst = rules.beoordeel(
        aanvraag,
        peildatum,
        feiten=registerfeiten.feiten_uit_json(verificatie.feiten),
        historie=eerder,
        documenten=list(documenten),
    ).to_dict()
    maanden = sorted(bedragen_in_brief(toekenning.inhoud))
    oud = {m: recht.get(_eerste_dag(m), 0) for m in maanden}
    nieuw = nieuwe_bedragen(oud, uitkomst, toegekend, eigen)
    verschillen = [Verschil(aanvraag_id, m, oud[m], nieuw[m]) for m in maanden if oud[m] != nieuw[m]]
    boekingen = betalingen.boekingen(recht, {_eerste_dag(m): nieuw[m] for m in maanden}, herziening=True)
    if not verschillen or not boekingen:
        return 0
    nieuwe_id = await herziening.besluit(
        conn,
        aanvraag_id,
        boekingen,
        recht,
        nu,
        terugvordering_voorschot=False,
        aanleiding=AANLEIDING,
        motivering=MOTIVERING,
        vervangt_vorige=True,
        batch_id=batch_id,
    )
    await conn.execute(
        text(
            "INSERT INTO herzieningsverschillen (batch_id, aanvraag_id, oude_beschikking, nieuwe_beschikking, maand, "
            "oud_cent, nieuw_cent) SELECT :b, :a, vervangt, id, :maand, :oc, :nc FROM beschikkingen WHERE id = :nieuw"
        ),
        [
            {
                "b": batch_id,
                "a": aanvraag_id,
                "nieuw": nieuwe_id,
                "maand": v.maand,
                "oc": v.oud_cent,
                "nc": v.nieuw_cent,
            }
            for v in verschillen
        ],
    )
    await trail.schrijf(
        conn,
        aanvraag_id,
        actor,
        "herzien-na-normwijziging",
        nu,
        details={"batch": batch_id, "beschikking": nieuwe_id, "maanden": [v.maand for v in verschillen]},
    )
    return len(verschillen)


def _eerste_dag(maand: str) -> date:
    jaar, m = maand.split("-")[:2]
    return date(int(jaar), int(m), 1)
