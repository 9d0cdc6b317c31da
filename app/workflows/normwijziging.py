"""Re-issue after a norm change (herziening na normwijziging): every decided award in the batch's
municipalities is evaluated again by the rules engine, with the register facts stored at its
verification and at its own dates (only the parameters differ: those now loaded). Where the amount
of a month changed, a herziening (`app.workflows.herziening.besluit`: was / wordt / extra payment
/ recovery per month, booked in the ledger with it) is issued that names the decision it corrects,
and the differences per month go into the batch's report. A month rejected with the rules (a
rejected case, or the rejected months of a partial award) that the new norm turns into an award
gets such a herziening as well, from € 0, and the case's status follows what is paid now
(`status_na`: a rejection that pays becomes an award); the report shows which kind of decision
was replaced.

The ledger's entitlement per month is the baseline, so running the batch again after the
corrections finds no differences and issues nothing: it is idempotent. A month whose amount the
assessor set herself keeps that amount; the re-issue changes only what the rules computed."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import structlog
from pgqueuer import AsyncpgDriver, Queries
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit import trail
from app.audit.trail import Actor
from app.decisions import letters as l
from app.workflows import betalingen, herziening, historie, registerfeiten
from app.workflows.briefopbouw import AMSTERDAM, maandbedrag

SOORT = "herziening-na-normwijziging"
BLOK = 200
# Jobs on the letter workers' queue: one plans the batch's cases block by block, one per block
# evaluates them again.
PLANNEN = "normwijziging-plannen"
HERBEREKENEN = "normwijziging-herberekenen"
log = structlog.get_logger("normwijziging")
# Levensonderhoud per month; a loan's amount does not follow the norm.
HERZIENBAAR = (l.ToekenningLevensonderhoud.soort, l.GedeeltelijkeToekenning.soort)
AANLEIDING = "De bijstandsnorm is veranderd. Dit besluit verandert ons vorige besluit over uw uitkering."
AFWIJZING = l.Afwijzing.soort
# A rejected case that the new norm turns into an award gets a herziening too: was € 0, wordt ...
AANLEIDING_AFGEWEZEN = (
    "De bijstandsnorm is veranderd. Daardoor heeft u over een of meer maanden toch recht op een uitkering. "
    "Dit besluit verandert ons vorige besluit, waarin wij uw aanvraag afwezen."
)
MOTIVERING_AFGEWEZEN = (
    "Wij hebben uw aanvraag opnieuw berekend met de nieuwe bijstandsnorm. Uw inkomen en de andere gegevens "
    "van uw aanvraag zijn niet veranderd. Met de nieuwe norm is uw inkomen in deze maanden lager dan de norm."
)
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


def regels_toen(regeluitkomst: dict[str, Any] | None) -> dict[str, bool]:
    """Per month ("2020-04"), whether the rules awarded it at the decision."""
    return {str(m["maand"])[:7]: bool(m.get("toegekend")) for m in (regeluitkomst or {}).get("maanden") or []}


def nieuwe_bedragen(
    oud: dict[str, int],
    uitkomst: dict[str, Any],
    toegekend: dict[str, bool],
    eigen: dict[str, int],
    voorheen: dict[str, bool],
) -> dict[str, int]:
    """The amount per month of `oud`'s months under the new outcome, as a letter would state it
    (`briefopbouw.maandbedrag`). The assessor's judgement stays: her own amounts, a month she
    awarded against the rules (which follows the new norm too), a month she rejected although the
    rules awarded it. A month she rejected with the rules follows the rules now: it is paid when
    they award it (a rejected case, or the rejected months of a partial award, under a higher
    norm), and it stays paid by them after such a re-issue. A month the new outcome does not know
    keeps its amount. Pure."""
    regels = {str(m["maand"])[:7]: m for m in uitkomst.get("maanden") or []}
    uit: dict[str, int] = {}
    for maand, bedrag in oud.items():
        m = regels.get(maand)
        # Without a recorded judgement for the month, the assessor followed the rules.
        oordeel = toegekend.get(maand, voorheen.get(maand, True))
        if m is None:
            uit[maand] = bedrag
        elif not oordeel and not voorheen.get(maand, True):
            uit[maand] = maandbedrag(m, True, None)[0] if m.get("toegekend") else 0
        else:
            uit[maand] = maandbedrag(m, oordeel, eigen.get(maand))[0]
    return uit


def status_na(bedragen: dict[str, int]) -> str:
    """The case's status by what its months are paid after the re-issue: every month an award,
    some a partial award, none a rejection. Pure."""
    betaald = [b > 0 for b in bedragen.values()]
    return "toegekend" if all(betaald) else "gedeeltelijk_toegekend" if any(betaald) else "afgewezen"


async def kandidaten(conn: AsyncConnection, gemeenten: Collection[str], na: UUID | None) -> list[UUID]:
    """The next block of decided awards and rejections in these municipalities, by keyset on the id."""
    rows = await conn.execute(
        text(
            "SELECT id FROM aanvragen WHERE status IN ('toegekend', 'gedeeltelijk_toegekend', 'afgewezen') "
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
        await conn.execute(
            text("SELECT bsn, gegevens, status FROM aanvragen WHERE id = :id FOR UPDATE"), {"id": aanvraag_id}
        )
    ).one()
    afgewezen = zaak.status == "afgewezen"
    besluit = (
        await conn.execute(
            text(
                "SELECT soort, inhoud FROM beschikkingen WHERE aanvraag_id = :id AND soort = ANY(:soorten) "
                "ORDER BY nummer DESC LIMIT 1"
            ),
            {"id": aanvraag_id, "soorten": [*HERZIENBAAR, AFWIJZING]},
        )
    ).first()
    if besluit is None:
        return 0
    verificatie = (
        await conn.execute(
            text(
                "SELECT tijdstip, feiten, regeluitkomst FROM verificaties WHERE aanvraag_id = :id "
                "AND regeluitkomst IS NOT NULL ORDER BY id DESC LIMIT 1"
            ),
            {"id": aanvraag_id},
        )
    ).first()
    recht = await betalingen.recht_per_maand(conn, aanvraag_id)
    # A rejection has no entitlement in the ledger: its baseline is nothing.
    if verificatie is None or verificatie.feiten is None or not (recht or afgewezen):
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
    # Every month of the application, not only those the last letter paid: a month rejected with the
    # rules (a rejection, the rest of a partial award) is paid when the new norm makes the rules
    # award it, and is found again by the next norm change, from the ledger.
    regels = {str(m["maand"])[:7] for m in uitkomst.get("maanden") or []}
    maanden = sorted(regels | set(bedragen_in_brief(besluit.inhoud)))
    oud = {m: recht.get(_eerste_dag(m), 0) for m in maanden}
    nieuw = nieuwe_bedragen(oud, uitkomst, toegekend, eigen, regels_toen(verificatie.regeluitkomst))
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
        aanleiding=AANLEIDING_AFGEWEZEN if afgewezen else AANLEIDING,
        motivering=MOTIVERING_AFGEWEZEN if afgewezen else MOTIVERING,
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
    # The status says what the case's decisions now grant: a rejection that pays after the norm
    # change is an award (in full or in part), a partial award whose every month pays is one in
    # full. A decided case otherwise moves only through an objection (`levenscyclus`); this move
    # is the herziening's own, in its transaction and its audit event.
    status = status_na(nieuw)
    wissel = status != zaak.status
    if wissel:
        await conn.execute(
            text("UPDATE aanvragen SET status = :s, versie = versie + 1, gewijzigd_op = :nu WHERE id = :id"),
            {"s": status, "nu": nu, "id": aanvraag_id},
        )
    await trail.schrijf(
        conn,
        aanvraag_id,
        actor,
        "herzien-na-normwijziging",
        nu,
        van_status=zaak.status if wissel else None,
        naar_status=status if wissel else None,
        details={"batch": batch_id, "beschikking": nieuwe_id, "maanden": [v.maand for v in verschillen]},
    )
    return len(verschillen)


async def _queries(conn: AsyncConnection) -> Queries:
    raw = await conn.get_raw_connection()
    return Queries(AsyncpgDriver(raw.driver_connection))


async def start(conn: AsyncConnection, batch_id: int) -> None:
    """Enqueue the planning of a new re-issue batch, in the transaction that creates it: the
    batch exists exactly when its job does, and the request returns at once (202)."""
    await (await _queries(conn)).enqueue([PLANNEN], [str(batch_id).encode()], [0], dedupe_key=[f"plannen-{batch_id}"])


async def plannen(engine: AsyncEngine, batch_id: int) -> None:
    """Job: take every decided award of the batch's municipalities into `batchzaken`, a block per
    transaction with the job that evaluates that block. Resumable: a planning job picked up again
    after a crash goes on after the last case taken; the primary key and the dedupe key make a
    block planned twice harmless."""
    while True:
        async with engine.begin() as conn:
            batch = (
                await conn.execute(
                    text("SELECT gemeenten, status FROM batches WHERE id = :b FOR UPDATE"), {"b": batch_id}
                )
            ).one()
            if batch.status != "plannen":
                return
            na = (
                await conn.execute(
                    text("SELECT aanvraag_id FROM batchzaken WHERE batch_id = :b ORDER BY aanvraag_id DESC LIMIT 1"),
                    {"b": batch_id},
                )
            ).scalar()
            ids = await kandidaten(conn, batch.gemeenten, na)
            if not ids:
                await conn.execute(text("UPDATE batches SET status = 'gepland' WHERE id = :b"), {"b": batch_id})
                log.info("herziening gepland", batch=batch_id)
                return
            await conn.execute(
                text(
                    "INSERT INTO batchzaken (batch_id, aanvraag_id) SELECT :b, unnest(CAST(:ids AS uuid[])) "
                    "ON CONFLICT DO NOTHING"
                ),
                {"b": batch_id, "ids": ids},
            )
            await (await _queries(conn)).enqueue(
                [HERBEREKENEN],
                [f"{batch_id}:{ids[0]}:{ids[-1]}".encode()],
                [0],
                dedupe_key=[f"herberekenen-{batch_id}-{ids[0]}"],
                on_conflict="skip",
            )


async def herbereken(engine: AsyncEngine, payload: str) -> int:
    """Job: evaluate one planned block of a batch again, each case in its own transaction with
    its herziening, letter, ledger entries, report rows and `batchzaken.herberekend_op`. A case
    already done (a duplicate job, or one a killed worker left `picked` that pgqueuer handed out
    again) is skipped under its row lock, so every case is evaluated exactly once. Returns the
    number of cases this call evaluated."""
    deel_batch, van, tot = payload.split(":")
    batch_id = int(deel_batch)
    async with engine.connect() as conn:
        door = (
            await conn.execute(text("SELECT aangemaakt_door FROM batches WHERE id = :b"), {"b": batch_id})
        ).scalar_one()
        ids = (
            (
                await conn.execute(
                    text(
                        "SELECT aanvraag_id FROM batchzaken WHERE batch_id = :b AND aanvraag_id BETWEEN :van AND :tot "
                        "AND herberekend_op IS NULL ORDER BY aanvraag_id"
                    ),
                    {"b": batch_id, "van": UUID(van), "tot": UUID(tot)},
                )
            )
            .scalars()
            .all()
        )
    actor = Actor(door, "batch", "medewerker")
    gedaan = 0
    for aanvraag_id in ids:
        async with engine.begin() as conn:
            open_ = (
                await conn.execute(
                    text(
                        "SELECT 1 FROM batchzaken WHERE batch_id = :b AND aanvraag_id = :a AND herberekend_op IS NULL "
                        "FOR UPDATE"
                    ),
                    {"b": batch_id, "a": aanvraag_id},
                )
            ).first()
            if open_ is None:
                continue
            nu = datetime.now(UTC)
            verschillen = await herzie(conn, aanvraag_id, batch_id, actor, nu)
            await conn.execute(
                text(
                    "UPDATE batchzaken SET herberekend_op = :nu, verschillen = :n "
                    "WHERE batch_id = :b AND aanvraag_id = :a"
                ),
                {"nu": nu, "n": verschillen, "b": batch_id, "a": aanvraag_id},
            )
        gedaan += 1
    return gedaan


def _eerste_dag(maand: str) -> date:
    jaar, m = maand.split("-")[:2]
    return date(int(jaar), int(m), 1)
