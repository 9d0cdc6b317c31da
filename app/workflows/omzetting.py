"""After the boekjaar: the interest-free loan for Bbz levensonderhoud converted into a gift up to
the limit (Bbz art. 11 lid 2, 12, 13). The months paid as a loan in that boekjaar and what was
given for them come from the ledger (advances and herzieningen included); the norm over those
months from the rules outcome; the net income and assets are what the consulent established.

`voorstel` only computes. `beslis` is the further decision (art. 12 lid 1): one per boekjaar,
with its letter (`letters.Omzetting`) and the ledger entries it states, in one transaction with
its audit event. Asking again with the same figures returns that decision; other figures for a
boekjaar already decided are a conflict (the way to another outcome is an objection)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit import trail
from app.audit.trail import Actor
from app.decisions import letters as l
from app.decisions import opslag
from app.decisions.opmaak import euro
from app.rules.bbz.omzetting import Omzetting, omzetting
from app.workflows import betalingen, herziening
from app.workflows.aanvragen import controleer_toegang
from app.workflows.betalingen import Boeking, Soort
from app.workflows.controle import laatste_verificatie
from app.workflows.fouten import Conflict
from app.workflows.werkvoorraad import vergrendel

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
GRONDSLAGEN = ("artikel 3, 11, 12 en 13 van het Besluit bijstandverlening zelfstandigen 2004",)


class GeenLening(Conflict):
    code = "geen-renteloze-lening"


class BoekjaarNietVoorbij(Conflict):
    code = "boekjaar-niet-voorbij"


class AlBesloten(Conflict):
    code = "omzetting-al-besloten"


@dataclass(frozen=True)
class Besluit:
    boekjaar: int
    maanden: list[str]
    omzetting: Omzetting
    beschikking: int  # the letter's number within the case
    besloten_op: datetime
    besloten_door: str
    motivering: str | None


async def _bereken(
    conn: AsyncConnection, aanvraag_id: UUID, status: str, boekjaar: int, netto_inkomen: int, vermogen: int, dag: date
) -> tuple[list[str], Omzetting]:
    regeling = (await conn.execute(text("SELECT regeling FROM aanvragen WHERE id = :id"), {"id": aanvraag_id})).scalar()
    vorm = (
        await conn.execute(
            text("SELECT vorm FROM beoordelingen WHERE aanvraag_id = :id ORDER BY id DESC LIMIT 1"),
            {"id": aanvraag_id},
        )
    ).scalar()
    if (
        regeling != "bbz-levensonderhoud"
        or status not in ("toegekend", "gedeeltelijk_toegekend")
        or vorm != l.Vorm.RENTELOZE_LENING.value
    ):
        raise GeenLening("Alleen Bbz-levensonderhoud die als renteloze lening is toegekend, wordt omgezet.")
    recht = await betalingen.recht_per_maand(conn, aanvraag_id)
    verstrekt = {f"{m:%Y-%m}": b for m, b in recht.items() if m is not None and m.year == boekjaar and b > 0}
    if not verstrekt:
        raise GeenLening(f"In {boekjaar} is geen bijstand als lening verstrekt.")
    uitkomst = (await laatste_verificatie(conn, aanvraag_id)).regeluitkomst or {}
    norm = {str(m.get("maand")): int(m.get("norm") or 0) for m in uitkomst.get("maanden") or []}
    jaarnorm = sum(norm.get(m, 0) for m in verstrekt)
    o = omzetting(sum(verstrekt.values()), jaarnorm, netto_inkomen, vermogen, dag)
    return sorted(verstrekt), o


async def voorstel(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    boekjaar: int,
    netto_inkomen: int,
    vermogen: int,
    nu: datetime,
) -> tuple[list[str], Omzetting]:
    """(the months of the boekjaar paid as a loan, the conversion)."""
    async with engine.connect() as conn:
        status = await controleer_toegang(conn, aanvraag_id, gemeenten)
        dag = nu.astimezone(AMSTERDAM).date()
        return await _bereken(conn, aanvraag_id, status, boekjaar, netto_inkomen, vermogen, dag)


def boekingen(o: Omzetting, boekjaar: int) -> list[Boeking]:
    """Pure: the ledger entries of the decision, exactly the amounts its letter states. The extra
    payment and the recovery are money (over the boekjaar, not per month); the gift and what
    stays a loan settle the loan and move none (`betalingen.GEEN_GELD`)."""
    uit = []
    if o.nabetaling:
        uit.append(Boeking(Soort.nabetaling, None, o.nabetaling, f"Nabetaling Bbz over {boekjaar}"))
    if o.terugvordering:
        uit.append(Boeking(Soort.terugvordering, None, -o.terugvordering, f"Te veel geleend over {boekjaar}"))
    if o.om_niet:
        uit.append(Boeking(Soort.om_niet, None, o.om_niet, f"Lening over {boekjaar} omgezet in een gift"))
    if o.lening_blijft:
        uit.append(
            Boeking(
                Soort.lening,
                None,
                -o.lening_blijft,
                f"Blijft renteloze lening over {boekjaar}; aflossing ten minste {euro(o.aflossing_per_jaar)} per jaar",
            )
        )
    return uit


async def beslis(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    boekjaar: int,
    netto_inkomen: int,
    vermogen: int,
    motivering: str | None,
    nu: datetime,
) -> tuple[Besluit, bool]:
    """(the decision, made now). The case row lock orders concurrent calls, so a retry meets the
    decision its first attempt committed."""
    dag = nu.astimezone(AMSTERDAM).date()
    async with engine.begin() as conn:
        zaak = await vergrendel(conn, aanvraag_id, gemeenten, None)
        eerder = await _lees(conn, aanvraag_id, boekjaar)
        if eerder is not None:
            if (eerder.omzetting.netto_inkomen, eerder.omzetting.vermogen) != (netto_inkomen, vermogen):
                raise AlBesloten(
                    f"Over {boekjaar} is al beslist (beschikking {eerder.beschikking}). "
                    "Een ander oordeel kan alleen na bezwaar."
                )
            return eerder, False
        if dag <= date(boekjaar, 12, 31):
            raise BoekjaarNietVoorbij(f"Het boekjaar {boekjaar} is nog niet voorbij.")
        maanden, o = await _bereken(conn, aanvraag_id, zaak.status.value, boekjaar, netto_inkomen, vermogen, dag)
        beschikking_id, nummer = await _brief(conn, aanvraag_id, boekjaar, maanden, o, motivering, nu)
        await betalingen.schrijf(conn, aanvraag_id, boekingen(o, boekjaar), nu, beschikking_id=beschikking_id)
        await conn.execute(
            text(
                "INSERT INTO omzettingen (aanvraag_id, boekjaar, netto_inkomen, vermogen, motivering, besloten_op, "
                "besloten_door, beschikking_id) VALUES (:a, :jaar, :inkomen, :vermogen, :m, :nu, :door, :b)"
            ),
            {
                "a": aanvraag_id,
                "jaar": boekjaar,
                "inkomen": netto_inkomen,
                "vermogen": vermogen,
                "m": motivering,
                "nu": nu,
                "door": actor.sub,
                "b": beschikking_id,
            },
        )
        await trail.schrijf(
            conn,
            aanvraag_id,
            actor,
            "omzetting-besloten",
            nu,
            details={
                "boekjaar": boekjaar,
                "beschikking": nummer,
                "omNiet": o.om_niet,
                "leningBlijft": o.lening_blijft,
                "nabetaling": o.nabetaling,
                "terugvordering": o.terugvordering,
            },
        )
        besluit = await _lees(conn, aanvraag_id, boekjaar)
        assert besluit is not None
        return besluit, True


async def _brief(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    boekjaar: int,
    maanden: list[str],
    o: Omzetting,
    motivering: str | None,
    nu: datetime,
) -> tuple[int, int]:
    """(id, number) of the letter, addressed like the case's previous decision (same sender,
    address and name of the regulation)."""
    vorige = (
        await conn.execute(
            text(
                "SELECT inhoud FROM beschikkingen WHERE aanvraag_id = :id AND soort <> 'herstelverzoek' "
                "ORDER BY nummer DESC LIMIT 1"
            ),
            {"id": aanvraag_id},
        )
    ).one()
    eerder = opslag.uit_dict(vorige.inhoud)
    referentie, gegevens = await herziening.volgende_referentie(conn, aanvraag_id, nu)
    nummer, briefdatum = referentie.beschikkingnummer, referentie.briefdatum
    brief = l.Omzetting(
        gemeente=eerder.gemeente,
        adres=eerder.adres,
        referentie=referentie,
        regeling=eerder.regeling,
        motivering=" ".join(d for d in (o.toelichting, (motivering or "").strip()) if d),
        grondslagen=GRONDSLAGEN,
        laatste_dag_bezwaar=rules.bezwaartermijn_laatste_dag(briefdatum),
        boekjaar=boekjaar,
        maanden=tuple(l.Maand(int(m[:4]), int(m[5:7])) for m in maanden),
        verstrekt_cent=o.verstrekt,
        jaarnorm_cent=o.jaarnorm,
        netto_inkomen_cent=o.netto_inkomen,
        nabetaling_cent=o.nabetaling,
        terugvordering_cent=o.terugvordering,
        om_niet_cent=o.om_niet,
        lening_blijft_cent=o.lening_blijft,
        aflossing_per_jaar_cent=o.aflossing_per_jaar,
        vermogen_cent=o.vermogen,
        vermogensgrens_cent=o.vermogensgrens,
        iban=str(gegevens.get("iban") or ""),
    )
    return await herziening.bewaar_brief(conn, aanvraag_id, nummer, brief, briefdatum, nu), nummer


_SELECT = (
    "SELECT o.boekjaar, o.motivering, o.besloten_op, o.besloten_door, b.nummer, b.inhoud "
    "FROM omzettingen o JOIN beschikkingen b ON b.id = o.beschikking_id WHERE o.aanvraag_id = :id"
)


async def _lees(conn: AsyncConnection, aanvraag_id: UUID, boekjaar: int) -> Besluit | None:
    """The decision as it was taken: the amounts from its stored letter."""
    r = (
        await conn.execute(
            text(f"{_SELECT} AND o.boekjaar = :jaar"),
            {"id": aanvraag_id, "jaar": boekjaar},
        )
    ).first()
    return None if r is None else _besluit(r)


def _besluit(r: Any) -> Besluit:
    brief = opslag.uit_dict(r.inhoud)
    assert isinstance(brief, l.Omzetting)
    o = Omzetting(
        verstrekt=brief.verstrekt_cent,
        jaarnorm=brief.jaarnorm_cent,
        netto_inkomen=brief.netto_inkomen_cent,
        vermogen=brief.vermogen_cent,
        vermogensgrens=brief.vermogensgrens_cent,
        recht=brief.recht_cent,
        nabetaling=brief.nabetaling_cent,
        terugvordering=brief.terugvordering_cent,
        om_niet=brief.om_niet_cent,
        lening_blijft=brief.lening_blijft_cent,
        aflossing_per_jaar=brief.aflossing_per_jaar_cent,
        toelichting=brief.motivering,
    )
    return Besluit(
        boekjaar=r.boekjaar,
        maanden=[f"{m.jaar:04d}-{m.maand:02d}" for m in brief.maanden],
        omzetting=o,
        beschikking=r.nummer,
        besloten_op=r.besloten_op,
        besloten_door=r.besloten_door,
        motivering=r.motivering,
    )


async def lijst(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[Besluit]:
    async with engine.connect() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        rows = await conn.execute(
            text(f"{_SELECT} ORDER BY o.boekjaar"),
            {"id": aanvraag_id},
        )
        return [_besluit(r) for r in rows]
