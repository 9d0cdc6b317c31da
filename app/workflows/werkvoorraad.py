"""The human work queues: checker (controleur), assessor (consulent) and reviewer.

The case table is the queue, as for verification: a caller claims the next case of its stage with
`FOR UPDATE SKIP LOCKED`, so two callers never get the same case, and holds it under a lease
(`behandelaar`, `claim_tot`). A lease that runs out returns the case to the queue; only the holder
of a live claim may move the case on. Order: oldest decision deadline first, then the case checked
by the caller's pair partner (koppel), then arrival.

Every move of a case goes through `verplaats`: the transition table, the version check behind
If-Match, the update with `versie + 1` and the audit event, in the caller's one transaction.
Four- and three-eyes are checked here and, independently, by CHECK constraints in the database
(migration 0003)."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import db, rules
from app.audit import trail
from app.audit.trail import Actor
from app.tables import aanvragen
from app.workflows.aanvragen import VersieVerouderd
from app.workflows.fouten import AanvraagFout, Conflict, NietGevonden, OvergangNietToegestaan
from app.workflows.levenscyclus import Status, controleer_overgang

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LEASE = timedelta(minutes=30)
SYSTEEM = Actor("werkvoorraad", "systeem", "systeem")


class Stadium(StrEnum):
    """A work queue, named after the role that works it."""

    controleur = "controleur"
    consulent = "consulent"
    reviewer = "reviewer"


STATUS_VAN: dict[Stadium, Status] = {
    Stadium.controleur: Status.te_controleren,
    Stadium.consulent: Status.te_beoordelen,
    Stadium.reviewer: Status.te_reviewen,
}
MENSELIJK = frozenset(STATUS_VAN.values())


class VierOgen(AanvraagFout):
    """The caller may not take this step on this case: four- or three-eyes."""

    code = "vier-ogen"
    status = 403


class ClaimVereist(Conflict):
    code = "claim-vereist"


class RolOntbreekt(Conflict):
    """A team lead hands a case to a colleague not known to hold the role of its queue."""

    code = "rol-ontbreekt"


@dataclass(frozen=True)
class Zaak:
    """A case as the human stages see it."""

    id: UUID
    referentie: str
    gemeente: str
    regeling: str
    status: Status
    versie: int
    ontvangen_op: datetime
    behandelaar: str | None
    claim_tot: datetime | None
    gecontroleerd_door: str | None
    beoordeeld_door: str | None
    gereviewd_door: str | None
    beslistermijn_einde: date | None
    streefdatum: date | None
    hersteltermijn_einde: date | None

    def geclaimd_door(self, sub: str, nu: datetime) -> bool:
        return self.behandelaar == sub and self.claim_tot is not None and self.claim_tot > nu


_KOLOMMEN = (
    "id, referentie, gemeente, regeling, status, versie, ontvangen_op, behandelaar, claim_tot, "
    "gecontroleerd_door, beoordeeld_door, gereviewd_door, beslistermijn_einde, streefdatum, hersteltermijn_einde"
)


def _zaak(row: Any) -> Zaak:
    velden = list(row[:15])
    velden[4] = Status(velden[4])
    return Zaak(*velden)


async def vergrendel(
    conn: AsyncConnection, aanvraag_id: UUID, gemeenten: Collection[str], verwachte_versie: int | None
) -> Zaak:
    """The case locked for this transaction; 404 outside the caller's municipalities, 412 stale."""
    row = (
        await conn.execute(
            text(f"SELECT {_KOLOMMEN} FROM aanvragen WHERE id = :id AND gemeente = ANY(:gemeenten) FOR UPDATE"),  # noqa: S608
            {"id": aanvraag_id, "gemeenten": list(gemeenten)},
        )
    ).first()
    return vergrendelde_zaak(row, verwachte_versie)


# The columns of `Zaak` for a query that reads the case as `a` together with other tables.
ZAAK_KOLOMMEN = ", ".join("a." + k for k in _KOLOMMEN.split(", "))


def vergrendelde_zaak(row: Any, verwachte_versie: int | None) -> Zaak:
    """The case of a `SELECT ... FOR UPDATE` row (its first columns `ZAAK_KOLOMMEN`): 404 when
    there is none (outside the caller's municipalities), 412 when it is stale."""
    if row is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")
    zaak = _zaak(row)
    if verwachte_versie is not None and verwachte_versie != zaak.versie:
        raise VersieVerouderd("De aanvraag is intussen gewijzigd; haal haar opnieuw op.")
    return zaak


def vereis_status(zaak: Zaak, van: Status, naar: Status) -> None:
    """A step starts from one state: a checker's step on a case under review is refused even where
    the table knows the move (te_reviewen -> te_beoordelen is the reviewer's, not the checker's)."""
    if zaak.status != van:
        raise OvergangNietToegestaan(
            f"Deze stap kan alleen bij status '{van.value}'; de aanvraag heeft status '{zaak.status.value}'."
        )
    controleer_overgang(van, naar)


def vereis_claim(zaak: Zaak, sub: str, nu: datetime) -> None:
    if not zaak.geclaimd_door(sub, nu):
        raise ClaimVereist("Claim deze aanvraag eerst uit de werkvoorraad; een verlopen claim telt niet.")


async def verplaats(
    conn: AsyncConnection,
    zaak: Zaak,
    naar: Status,
    actor: Actor,
    actie: str,
    nu: datetime,
    details: dict[str, Any] | None = None,
    waarden: Mapping[str, Any] | None = None,
) -> Zaak:
    """One allowed move: update with versie + 1 (claim released) and its audit event."""
    controleer_overgang(zaak.status, naar)
    nieuw: dict[str, Any] = {"behandelaar": None, "claim_tot": None, **(waarden or {})}
    # The audit event as a CTE of the update: one round trip for the move, on every step of a case.
    gebeurtenis = trail.gebeurtenis(zaak.id, actor, actie, nu, zaak.status.value, naar.value, details)
    await conn.execute(
        update(aanvragen)
        .where(aanvragen.c.id == zaak.id)
        .values(status=naar.value, versie=zaak.versie + 1, gewijzigd_op=nu, **nieuw)
        .add_cte(gebeurtenis.cte("gebeurtenis"))
    )
    velden = {k: v for k, v in nieuw.items() if k in Zaak.__dataclass_fields__}
    return Zaak(**{**vars(zaak), "status": naar, "versie": zaak.versie + 1, **velden})


def mag_behandelen(stadium: Stadium, zaak: Zaak, sub: str) -> bool:
    """Four-eyes (assessor is not the checker, nor an earlier reviewer) and three-eyes."""
    if stadium is Stadium.consulent:
        return sub not in (zaak.gecontroleerd_door, zaak.gereviewd_door)
    if stadium is Stadium.reviewer:
        return sub not in (zaak.gecontroleerd_door, zaak.beoordeeld_door)
    return True


_UITSLUITEN = {
    Stadium.controleur: "",
    Stadium.consulent: "AND a.gecontroleerd_door IS DISTINCT FROM $1 AND a.gereviewd_door IS DISTINCT FROM $1",
    Stadium.reviewer: "AND a.gecontroleerd_door IS DISTINCT FROM $1 AND a.beoordeeld_door IS DISTINCT FROM $1",
}


def _in_gemeenten(een: bool) -> str:
    return "a.gemeente = $2" if een else "a.gemeente = ANY($2::text[])"


def _vrij(stadium: Stadium, een_gemeente: bool) -> str:
    """A free case of the stage for caller $1 (municipality or municipalities $2, clock $3)."""
    return f"""a.status = '{STATUS_VAN[stadium].value}' AND {_in_gemeenten(een_gemeente)}
          AND (a.claim_tot IS NULL OR a.claim_tot <= $3) {_UITSLUITEN[stadium]}"""


def _kies(stadium: Stadium, een_gemeente: bool, voorwaarde: str = "TRUE") -> str:
    """The next free case of a stage for caller $1 (municipality or municipalities $2, clock $3),
    locked; the claim statement below and the benchmark's EXPLAIN both use it.

    The order is: earliest decision deadline, then a case the caller's pair partner checked (or
    the caller assessed before), then arrival. As one ORDER BY that put a subquery per row between
    two index columns, so every claim sorted all free cases of the earliest deadline day: 6.4 ms
    per claim with 3,000 cases waiting, 17.8 ms with 9,000 (all received on one day, as in a week
    like April 2020). Here each step is an index seek: the earliest deadline (`termijn`); per
    partner and for the caller's own earlier assessments the first such case of that deadline
    (`voorkeur`, migration 0024); the first of those locked (`gekozen`); otherwise the first free
    case in deadline and arrival order (`overig`). A preferred case locked by another claim at
    that moment is skipped, as SKIP LOCKED skips any; a day without deadlines has no preference.

    Written so that PostgreSQL plans it once per connection, not at every claim (planning took
    about as long as running it): the status is part of the text, not a parameter, or the cached
    plan could not use the partial work-queue indexes; and the usual caller, with one
    municipality, compares with `=`: for `= ANY($2)` the cached plan is costed for an array of
    ten, which made PostgreSQL plan every execution afresh instead."""
    vrij = _vrij(stadium, een_gemeente)
    gemeenten = "ARRAY[$2::text]" if een_gemeente else "$2::text[]"
    return f"""
        WITH termijn AS (
            SELECT a.beslistermijn_einde AS einde FROM aanvragen a
            WHERE {voorwaarde} AND {vrij}
            ORDER BY a.beslistermijn_einde NULLS LAST LIMIT 1
        ), voorkeur AS (
            SELECT v.id, v.ontvangen_op FROM termijn t CROSS JOIN LATERAL (
                (SELECT a.id, a.ontvangen_op FROM aanvragen a
                 WHERE {vrij} AND a.beoordeeld_door = $1 AND a.beslistermijn_einde = t.einde
                 ORDER BY a.ontvangen_op, a.id LIMIT 1)
                UNION ALL
                SELECT p.id, p.ontvangen_op FROM koppels k CROSS JOIN LATERAL (
                    SELECT a.id, a.ontvangen_op FROM aanvragen a
                    WHERE {vrij} AND a.gemeente = k.gemeente AND a.gecontroleerd_door = k.partner
                      AND a.beslistermijn_einde = t.einde
                    ORDER BY a.ontvangen_op, a.id LIMIT 1
                ) p
                WHERE k.medewerker = $1 AND k.gemeente = ANY({gemeenten})
            ) v
        ), gekozen AS (
            SELECT a.id FROM aanvragen a
            WHERE a.id = (SELECT id FROM voorkeur ORDER BY ontvangen_op, id LIMIT 1) AND {vrij}
            FOR UPDATE OF a SKIP LOCKED
        ), overig AS (
            SELECT a.id FROM aanvragen a
            WHERE {voorwaarde} AND NOT EXISTS (SELECT FROM gekozen) AND {vrij}
            ORDER BY a.beslistermijn_einde NULLS LAST, a.ontvangen_op, a.id
            LIMIT 1
            FOR UPDATE OF a SKIP LOCKED
        )
        SELECT id FROM gekozen UNION ALL SELECT id FROM overig
    """  # noqa: S608 (constants only)


# Roles live in the municipality's identity provider and reach us only inside tokens; we keep no
# staff administration of our own. A team lead still expects to hand a case only to a colleague
# who can work it (a reviewer's case to a reviewer, not to a trainee checker). So the roles a
# colleague's token carries are recorded, per municipality, whenever they use a work queue, and a
# reassignment checks them: a new colleague opens their queue once before work can be handed to
# them, and a changed role is recorded at their next claim (their own claims follow the token at once).
# The claim statement writes them (CTE `rollen`), only when they changed.
#
# The whole claim is one statement, so one implicit transaction and one round trip (it was eight:
# BEGIN, the roles, the caller's live claim, the next case, the lease, the update, the audit
# event, COMMIT; bench/werkvoorraad). CTEs share one snapshot: a caller who already holds a live
# claim in this stage gets it back and nothing is locked or written but the roles; otherwise the
# next free case is locked (SKIP LOCKED: two callers never get the same case), its lease written
# (the municipality's own length, else the default) and the claim audited, committed together.
def _claim_sql(stadium: Stadium, een_gemeente: bool) -> str:
    gemeenten = "ARRAY[$2::text]" if een_gemeente else "$2::text[]"
    return f"""
    WITH rollen AS (
        INSERT INTO medewerkers (gemeente, sub, rollen, vastgelegd_op)
        SELECT g, $1, $5::text[], $3 FROM unnest({gemeenten}) AS g
        ON CONFLICT (gemeente, sub) DO UPDATE SET rollen = EXCLUDED.rollen, vastgelegd_op = EXCLUDED.vastgelegd_op
        WHERE medewerkers.rollen IS DISTINCT FROM EXCLUDED.rollen
    ), bestaand AS (
        SELECT {ZAAK_KOLOMMEN} FROM aanvragen a
        WHERE a.behandelaar = $1 AND a.claim_tot > $3 AND a.status = '{STATUS_VAN[stadium].value}'
          AND {_in_gemeenten(een_gemeente)}
        ORDER BY a.claim_tot LIMIT 1
    ), kandidaat AS (
        {_kies(stadium, een_gemeente, "NOT EXISTS (SELECT FROM bestaand)")}
    ), geclaimd AS (
        UPDATE aanvragen a SET behandelaar = $1,
            claim_tot = $3 + coalesce((SELECT make_interval(mins => i.claim_minuten) FROM gemeente_instellingen i
                                       WHERE i.gemeente = a.gemeente), $4)
        FROM kandidaat k WHERE a.id = k.id
        RETURNING {ZAAK_KOLOMMEN}
    ), gebeurtenis AS (
        INSERT INTO audit_gebeurtenissen (aanvraag_id, tijdstip, actor, rol, kanaal, actie, details)
        SELECT id, $3, $1, $6, $7, 'geclaimd', jsonb_build_object('stadium', '{stadium.value}', 'claimTot', claim_tot)
        FROM geclaimd
    )
    SELECT * FROM bestaand UNION ALL SELECT * FROM geclaimd
    """  # noqa: S608 (constants only)


_CLAIM = {(stadium, een): _claim_sql(stadium, een) for stadium in Stadium for een in (True, False)}


async def _lease(conn: AsyncConnection, gemeente: str, standaard: timedelta) -> timedelta:
    minuten = (
        await conn.execute(text("SELECT claim_minuten FROM gemeente_instellingen WHERE gemeente = :g"), {"g": gemeente})
    ).scalar()
    return timedelta(minutes=minuten) if minuten else standaard


async def claim_volgende(
    engine: AsyncEngine,
    stadium: Stadium,
    actor: Actor,
    gemeenten: Collection[str],
    nu: datetime,
    lease: timedelta = LEASE,
    rollen: Collection[str] = (),
) -> Zaak | None:
    """The caller's live claim in this stage if it has one, else the next case; None when empty.
    Locks nothing but the one case it hands out (a case without a deadline yet sorts last).
    `rollen`: all roles of the caller's token, recorded for reassignment (see above)."""
    een = len(gemeenten) == 1
    async with db.driver(engine) as driver:
        row = await driver.fetchrow(
            _CLAIM[stadium, een],
            actor.sub,
            next(iter(gemeenten)) if een else sorted(gemeenten),
            nu,
            lease,
            sorted({r for r in (stadium.value, *rollen) if r in Stadium.__members__}),
            actor.rol,
            actor.kanaal,
        )
    return None if row is None else _zaak(row)


# One statement as the claim is: the case locked, the claim cleared when the caller may release
# it, and the audit event, in one implicit transaction; the row tells why not otherwise.
_VRIJGEVEN = f"""
    WITH zaak AS (
        SELECT {_KOLOMMEN} FROM aanvragen WHERE id = $1 AND gemeente = ANY($2::text[]) FOR UPDATE
    ), vrij AS (
        UPDATE aanvragen a SET behandelaar = NULL, claim_tot = NULL
        FROM zaak z
        WHERE a.id = z.id AND z.behandelaar IS NOT NULL AND z.claim_tot > $3 AND (z.behandelaar = $4 OR $5)
        RETURNING a.id
    ), gebeurtenis AS (
        INSERT INTO audit_gebeurtenissen (aanvraag_id, tijdstip, actor, rol, kanaal, actie, details)
        SELECT z.id, $3, $4, $6, $7, 'vrijgegeven', jsonb_build_object('behandelaar', z.behandelaar)
        FROM zaak z JOIN vrij USING (id)
    )
    SELECT z.*, EXISTS (SELECT FROM vrij) AS vrijgegeven FROM zaak z
"""  # noqa: S608 (constants only)


async def geef_vrij(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    nu: datetime,
    als_teamleider: bool = False,
) -> Zaak:
    """Release a claim: by its holder, or by a team lead."""
    async with db.driver(engine) as driver:
        row = await driver.fetchrow(
            _VRIJGEVEN, aanvraag_id, list(gemeenten), nu, actor.sub, als_teamleider, actor.rol, actor.kanaal
        )
    if row is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")
    zaak = _zaak(row)
    if not row["vrijgegeven"]:
        if zaak.behandelaar is None or zaak.claim_tot is None or zaak.claim_tot <= nu:
            raise ClaimVereist("Deze aanvraag is niet geclaimd.")
        raise ClaimVereist("Deze aanvraag is door een ander geclaimd.")
    return Zaak(**{**vars(zaak), "behandelaar": None, "claim_tot": None})


async def wijs_toe(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    medewerker: str,
    verwachte_versie: int | None,
    nu: datetime,
    lease: timedelta = LEASE,
) -> Zaak:
    """A team lead hands a waiting case to a named colleague who holds the role of its queue in
    the case's municipality (four/three-eyes still apply)."""
    async with engine.begin() as conn:
        zaak = await vergrendel(conn, aanvraag_id, gemeenten, verwachte_versie)
        stadium = next((s for s, st in STATUS_VAN.items() if st == zaak.status), None)
        if stadium is None:
            raise Conflict(f"Een aanvraag met status '{zaak.status.value}' wacht niet op een medewerker.")
        if not mag_behandelen(stadium, zaak, medewerker):
            raise Conflict("Deze medewerker controleerde, beoordeelde of reviewde deze aanvraag al (vier ogen).")
        bevoegd = (
            await conn.execute(
                text("SELECT 1 FROM medewerkers WHERE gemeente = :g AND sub = :sub AND :rol = ANY(rollen)"),
                {"g": zaak.gemeente, "sub": medewerker, "rol": stadium.value},
            )
        ).first()
        if bevoegd is None:
            raise RolOntbreekt(
                f"Deze medewerker heeft in deze gemeente (nog) niet de rol {stadium.value}: een medewerker is "
                "bekend met de rollen van de laatste keer dat hij of zij een werkvoorraad opende."
            )
        tot = nu + await _lease(conn, zaak.gemeente, lease)
        await conn.execute(
            update(aanvragen).where(aanvragen.c.id == zaak.id).values(behandelaar=medewerker, claim_tot=tot)
        )
        await trail.schrijf(
            conn,
            zaak.id,
            actor,
            "toegewezen",
            nu,
            details={"behandelaar": medewerker, "vorige": zaak.behandelaar, "claimTot": tot.isoformat()},
        )
    return Zaak(**{**vars(zaak), "behandelaar": medewerker, "claim_tot": tot})


async def vul_termijnen(engine: AsyncEngine, gemeenten: Collection[str] | None = None) -> int:
    """Give cases waiting for a person their beslistermijn: from the stored rules outcome, or
    from the rules when there is none. Cheap when all have one (partial index)."""
    voorwaarde = "" if gemeenten is None else "AND a.gemeente = ANY(:gemeenten)"
    async with engine.begin() as conn:
        rows = (
            await conn.execute(
                text(
                    f"""
                    SELECT a.id, a.regeling, a.ontvangen_op,
                      (SELECT v.regeluitkomst->'procedure' FROM verificaties v
                       WHERE v.aanvraag_id = a.id AND v.regeluitkomst IS NOT NULL
                       ORDER BY v.id DESC LIMIT 1) AS procedure
                    FROM aanvragen a
                    WHERE a.beslistermijn_einde IS NULL
                      AND a.status IN ('te_controleren', 'hersteltermijn', 'te_beoordelen', 'te_reviewen',
                                       'levensvatbaarheidsonderzoek')
                      {voorwaarde}
                    LIMIT 1000 FOR UPDATE OF a SKIP LOCKED
                    """  # noqa: S608 (constants only)
                ),
                {"gemeenten": list(gemeenten or ())},
            )
        ).all()
        for row in rows:
            einde, streef = termijnen(row.regeling, row.ontvangen_op, row.procedure)
            await conn.execute(
                update(aanvragen).where(aanvragen.c.id == row.id).values(beslistermijn_einde=einde, streefdatum=streef)
            )
    return len(rows)


def termijnen(regeling: str, ontvangen_op: datetime, procedure: dict[str, Any] | None) -> tuple[date, date | None]:
    """(beslistermijn, target date) of a case."""
    if procedure and procedure.get("beslistermijnEinde"):
        streef = procedure.get("streefdatumBeslissing")
        return date.fromisoformat(procedure["beslistermijnEinde"]), date.fromisoformat(streef) if streef else None
    p = rules.beslistermijn(regeling, ontvangen_op.astimezone(AMSTERDAM).date())
    return p.beslistermijn_einde, p.streefdatum_beslissing


@dataclass(frozen=True)
class Overzicht:
    per_status: dict[str, dict[str, int]]
    aandacht: list[Zaak]


async def overzicht(engine: AsyncEngine, gemeenten: Collection[str], vandaag: date, binnen_dagen: int) -> Overzicht:
    """Backlog per stage (waiting, claimed, past deadline, near it) and the cases that need
    attention: past their beslistermijn or within `binnen_dagen` of it, earliest first."""
    await vul_termijnen(engine, gemeenten)
    grens = vandaag + timedelta(days=binnen_dagen)
    async with engine.connect() as conn:
        tellingen = await conn.execute(
            text(
                """
                SELECT status, count(*) AS totaal,
                  count(*) FILTER (WHERE claim_tot > now()) AS geclaimd,
                  count(*) FILTER (WHERE beslistermijn_einde < :vandaag) AS verlopen,
                  count(*) FILTER (WHERE beslistermijn_einde BETWEEN :vandaag AND :grens) AS bijna
                FROM aanvragen
                WHERE gemeente = ANY(:gemeenten)
                  AND status IN ('ontvangen', 'in_verificatie', 'te_controleren', 'hersteltermijn',
                                 'te_beoordelen', 'levensvatbaarheidsonderzoek', 'te_reviewen')
                GROUP BY status
                """
            ),
            {"gemeenten": list(gemeenten), "vandaag": vandaag, "grens": grens},
        )
        per_status = {
            r.status: {"totaal": r.totaal, "geclaimd": r.geclaimd, "verlopen": r.verlopen, "bijna": r.bijna}
            for r in tellingen
        }
        aandacht = await conn.execute(
            text(
                f"""
                SELECT {_KOLOMMEN} FROM aanvragen
                WHERE gemeente = ANY(:gemeenten) AND beslistermijn_einde <= :grens
                  AND status IN ('te_controleren', 'hersteltermijn', 'te_beoordelen', 'levensvatbaarheidsonderzoek',
                                 'te_reviewen')
                ORDER BY beslistermijn_einde, ontvangen_op LIMIT 200
                """  # noqa: S608 (constants only)
            ),
            {"gemeenten": list(gemeenten), "grens": grens},
        )
        return Overzicht(per_status, [_zaak(r) for r in aandacht])


async def stel_koppel_in(engine: AsyncEngine, gemeente: str, a: str, b: str) -> None:
    """Make `a` and `b` a pair in a municipality (each one's earlier pair is dissolved)."""
    if a == b:
        raise Conflict("Een koppel bestaat uit twee verschillende medewerkers.")
    async with engine.begin() as conn:
        await conn.execute(
            text("DELETE FROM koppels WHERE gemeente = :g AND (medewerker IN (:a, :b) OR partner IN (:a, :b))"),
            {"g": gemeente, "a": a, "b": b},
        )
        await conn.execute(
            text("INSERT INTO koppels (gemeente, medewerker, partner) VALUES (:g, :a, :b), (:g, :b, :a)"),
            {"g": gemeente, "a": a, "b": b},
        )


async def lees(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> Zaak:
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text(f"SELECT {_KOLOMMEN} FROM aanvragen WHERE id = :id AND gemeente = ANY(:gemeenten)"),  # noqa: S608
                {"id": aanvraag_id, "gemeenten": list(gemeenten)},
            )
        ).first()
    if row is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")
    return _zaak(row)
