"""Reported changes (wijzigingen, the inlichtingenplicht of PW art. 17) after an award: actual
income per month, a move, a new partner, or stopping the business.

On report the service recomputes the affected months with the rules and stores a proposal per
month (was, wordt). An assessor who did not report it decides: revise or not. A revision that
is to the applicant's detriment (any month lower) goes to a third person for review, like a
rejection. Once settled, the herziening is one decision letter and its ledger entries, booked
against the ledger as it is at that moment (`herziening.besluit`).

Lifecycle of a wijziging: `levenscyclus.WIJZIGING_TRANSITIES`."""

from __future__ import annotations

import copy
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit import logboek, trail
from app.audit.trail import Actor
from app.workflows import betalingen, herziening, inzage
from app.workflows.fouten import Conflict, NietGevonden, OngeldigeInvoer
from app.workflows.levenscyclus import BESLOTEN, Status, WijzigingStatus, controleer_wijziging
from app.workflows.werkvoorraad import VierOgen

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SOORTEN = ("inkomen", "verhuizing", "partner", "beeindiging")
AANLEIDING = {
    "inkomen": "U heeft ons laten weten hoeveel u echt verdiende.",
    "partner": "U heeft ons laten weten dat u een partner heeft.",
    "verhuizing": "U heeft ons laten weten dat u bent verhuisd naar een andere gemeente.",
    "beeindiging": "U heeft ons laten weten dat u met uw bedrijf bent gestopt.",
}
MOTIVERING = {
    "inkomen": "Wij rekenen nu met uw echte inkomen in plaats van met uw schatting.",
    "partner": "Met een partner geldt de norm voor gehuwden, en telt het inkomen van uw partner mee.",
    "verhuizing": "Na uw verhuizing hoort uw uitkering bij uw nieuwe gemeente. Van ons krijgt u daarna niets meer.",
    "beeindiging": "Na het stoppen van uw bedrijf bent u geen zelfstandige meer. Daarna heeft u geen recht meer "
    "op een Tozo-uitkering.",
}


@dataclass(frozen=True)
class Wijziging:
    nummer: int
    soort: str
    status: WijzigingStatus
    gemeld_op: datetime
    gemeld_door: str
    gegevens: dict[str, Any]
    voorstel: list[dict[str, Any]]
    beoordeeld_door: str | None
    gereviewd_door: str | None
    motivering: str | None
    beschikking: int | None  # number of the decision within the case


def _maand(tekst: str) -> date:
    return rules.Maand.uit_tekst(tekst).eerste_dag


def _fout(naam: str, reden: str, code: str = "invalid") -> OngeldigeInvoer:
    return OngeldigeInvoer([{"name": naam, "code": code, "reason": reden}])


def _herbereken(gegevens: dict[str, Any], maanden: list[date], peildatum: date) -> dict[date, int]:
    aanvraag = rules.aanvraag_uit_dict(gegevens)
    uitkomst = rules.beoordeel(aanvraag, max(peildatum, aanvraag.aanvraagdatum)).to_dict()
    per_maand = {_maand(m["maand"]): betalingen.maandbedrag(m) for m in uitkomst.get("maanden") or []}
    return {m: per_maand.get(m, 0) for m in maanden}


def voorstel(
    soort: str,
    melding: Mapping[str, Any],
    gegevens: dict[str, Any],
    gemeente: str,
    recht: Mapping[date | None, int],
    peildatum: date,
) -> dict[date, int]:
    """The entitlement per granted month after the change (only months that change). Pure but
    for the rules evaluation, which is pure too."""
    maanden = sorted(m for m, b in recht.items() if m is not None and b > 0)
    if soort == "inkomen":
        genoemd = [_maand(i["maand"]) for i in melding["inkomsten"]]
        for i, m in enumerate(genoemd):
            if m not in maanden:
                raise _fout(f"inkomsten[{i}].maand", "Over deze maand heeft u geen uitkering gekregen.")
            if m in genoemd[:i]:
                raise _fout(f"inkomsten[{i}].maand", "Noem elke maand één keer.", "uniqueItems")
        opgave = {_maand(i["maand"]): i for i in melding["inkomsten"]}
        nieuw = copy.deepcopy(gegevens)
        andere = [i for i in nieuw.get("inkomsten") or [] if _maand(i["maand"]) not in opgave]
        nieuw["inkomsten"] = andere + list(melding["inkomsten"])
        doel = _herbereken(nieuw, sorted(opgave), peildatum)
    elif soort == "partner":
        vanaf = _maand(melding["vanaf"])
        betrokken = [m for m in maanden if m >= vanaf]
        nieuw = copy.deepcopy(gegevens)
        nieuw["huishouden"] = {**(nieuw.get("huishouden") or {}), "samenstelling": "met-partner"}
        nieuw["partner"] = melding["partner"]
        opgave = {_maand(i["maand"]): i for i in melding.get("inkomsten") or []}
        oud = {_maand(i["maand"]): i for i in nieuw.get("inkomsten") or []}
        nieuw["inkomsten"] = list((oud | opgave).values())
        doel = _herbereken(nieuw, betrokken, peildatum)
    else:
        dag = date.fromisoformat(melding["datum"])
        if soort == "verhuizing" and melding.get("gemeente") == gemeente:
            return {}
        # From the month after the move or the stop: the month itself was still ours and his.
        doel = {m: 0 for m in maanden if m > dag}
    return {m: b for m, b in doel.items() if b != recht.get(m, 0)}


async def _zaak(conn: AsyncConnection, aanvraag_id: UUID, gemeenten: Collection[str]) -> Any:
    zaak = (
        await conn.execute(
            text(
                "SELECT id, gemeente, status, regeling, gegevens FROM aanvragen WHERE id = :id AND gemeente = ANY(:g) "
                "FOR UPDATE"
            ),
            {"id": aanvraag_id, "g": list(gemeenten)},
        )
    ).first()
    if zaak is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")
    return zaak


async def meld(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    soort: str,
    melding: dict[str, Any],
    nu: datetime,
) -> Wijziging:
    async with engine.begin() as conn:
        zaak = await _zaak(conn, aanvraag_id, gemeenten)
        if Status(zaak.status) not in BESLOTEN or not zaak.regeling.endswith("levensonderhoud"):
            raise Conflict("Een wijziging gaat over een toegekende uitkering voor levensonderhoud.")
        recht = await betalingen.recht_per_maand(conn, aanvraag_id)
        if not any(b > 0 for m, b in recht.items() if m is not None):
            raise Conflict("Deze aanvraag heeft geen maand met uitkering; er valt niets te herzien.")
        try:
            doel = voorstel(soort, melding, dict(zaak.gegevens), zaak.gemeente, recht, nu.astimezone(AMSTERDAM).date())
        except rules.OngeldigeInvoer as err:
            raise OngeldigeInvoer(
                [{"name": p.naam, "code": "invalid", "reason": p.reden} for p in err.problemen]
            ) from err
        regels = [
            {"maand": f"{m:%Y-%m}", "was": recht.get(m, 0), "wordt": b, "verschil": b - recht.get(m, 0)}
            for m, b in sorted(doel.items())
        ]
        status = WijzigingStatus.te_beoordelen if regels else WijzigingStatus.zonder_gevolgen
        nummer = int(
            (
                await conn.execute(
                    text("SELECT coalesce(max(nummer), 0) + 1 FROM wijzigingen WHERE aanvraag_id = :id"),
                    {"id": aanvraag_id},
                )
            ).scalar_one()
        )
        await conn.execute(
            text(
                "INSERT INTO wijzigingen (aanvraag_id, nummer, soort, status, gemeld_op, gemeld_door, gegevens, "
                "voorstel) VALUES (:id, :nr, :soort, :status, :nu, :door, CAST(:gegevens AS jsonb), "
                "CAST(:voorstel AS jsonb))"
            ),
            {
                "id": aanvraag_id,
                "nr": nummer,
                "soort": soort,
                "status": status.value,
                "nu": nu,
                "door": actor.sub,
                "gegevens": json.dumps(melding),
                "voorstel": json.dumps(regels),
            },
        )
        await trail.schrijf(
            conn, aanvraag_id, actor, "wijziging-gemeld", nu, details={"wijziging": nummer, "soort": soort}
        )
        return await _lees(conn, aanvraag_id, nummer)


_KOLOMMEN = (
    "w.nummer, w.soort, w.status, w.gemeld_op, w.gemeld_door, w.gegevens, w.voorstel, w.beoordeeld_door, "
    "w.gereviewd_door, w.motivering, b.nummer AS beschikking"
)


def _wijziging(r: Any) -> Wijziging:
    velden = list(r[:11])
    velden[2] = WijzigingStatus(velden[2])
    return Wijziging(*velden)


async def _lees(conn: AsyncConnection, aanvraag_id: UUID, nummer: int, *, slot: bool = False) -> Wijziging:
    r = (
        await conn.execute(
            text(
                f"SELECT {_KOLOMMEN} FROM wijzigingen w LEFT JOIN beschikkingen b ON b.id = w.beschikking_id "  # noqa: S608
                "WHERE w.aanvraag_id = :id AND w.nummer = :nr" + (" FOR UPDATE OF w" if slot else "")
            ),
            {"id": aanvraag_id, "nr": nummer},
        )
    ).first()
    if r is None:
        raise NietGevonden("Er is geen wijziging met dit nummer bij deze aanvraag.")
    return _wijziging(r)


async def lijst(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> list[Wijziging]:
    """The reported changes of a case; a read of personal data (income, partner), so logged."""
    async with engine.begin() as conn:
        await inzage.log(conn, aanvraag_id, gemeenten, "wijzigingen raadplegen", trace, sleutel, nu)
        rows = await conn.execute(
            text(
                f"SELECT {_KOLOMMEN} FROM wijzigingen w LEFT JOIN beschikkingen b ON b.id = w.beschikking_id "  # noqa: S608
                "WHERE w.aanvraag_id = :id ORDER BY w.nummer"
            ),
            {"id": aanvraag_id},
        )
        return [_wijziging(r) for r in rows]


async def _verplaats(
    conn: AsyncConnection,
    aanvraag_id: UUID,
    w: Wijziging,
    naar: WijzigingStatus,
    actor: Actor,
    actie: str,
    nu: datetime,
    waarden: Mapping[str, Any],
) -> None:
    controleer_wijziging(w.status, naar)
    zetten = ", ".join(f"{k} = :{k}" for k in waarden)
    await conn.execute(
        text(
            f"UPDATE wijzigingen SET status = :status{', ' + zetten if zetten else ''} "  # noqa: S608 (own keys)
            "WHERE aanvraag_id = :id AND nummer = :nr"
        ),
        {"status": naar.value, "id": aanvraag_id, "nr": w.nummer, **waarden},
    )
    await trail.schrijf(
        conn, aanvraag_id, actor, actie, nu, details={"wijziging": w.nummer, "van": w.status.value, "naar": naar.value}
    )


async def _vaststellen(
    conn: AsyncConnection, aanvraag_id: UUID, w: Wijziging, motivering: str, nu: datetime
) -> int | None:
    recht = await betalingen.recht_per_maand(conn, aanvraag_id)
    doel: dict[date | None, int] = {_maand(r["maand"]): int(r["wordt"]) for r in w.voorstel}
    boekingen = betalingen.boekingen(recht, doel, herziening=True)
    if not boekingen:
        return None
    return await herziening.besluit(
        conn,
        aanvraag_id,
        boekingen,
        recht,
        nu,
        terugvordering_voorschot=False,
        aanleiding=AANLEIDING[w.soort],
        motivering=f"{MOTIVERING[w.soort]} {motivering}".strip(),
    )


def nadelig(w: Wijziging) -> bool:
    return any(int(r["verschil"]) < 0 for r in w.voorstel)


async def beoordeel(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    nummer: int,
    gemeenten: Collection[str],
    actor: Actor,
    herzien: bool,
    motivering: str | None,
    nu: datetime,
) -> Wijziging:
    """The assessor's decision on a reported change: revise (to review first when it lowers any
    month), or not (with a motivation)."""
    motivering = (motivering or "").strip() or None
    if not herzien and motivering is None:
        raise _fout("motivering", "Zeg waarom de wijziging niet tot een herziening leidt.", "required")
    async with engine.begin() as conn:
        await _zaak(conn, aanvraag_id, gemeenten)
        w = await _lees(conn, aanvraag_id, nummer, slot=True)
        if w.status is not WijzigingStatus.te_beoordelen:
            raise Conflict(
                f"Deze wijziging heeft status '{w.status.value}'; beoordelen kan alleen bij 'te_beoordelen'."
            )
        if actor.sub == w.gemeld_door or actor.sub == w.gereviewd_door:
            raise VierOgen("U meldde of reviewde deze wijziging; een ander moet haar beoordelen (vier ogen).")
        waarden: dict[str, Any] = {"beoordeeld_door": actor.sub, "motivering": motivering}
        if not herzien:
            await _verplaats(
                conn, aanvraag_id, w, WijzigingStatus.niet_herzien, actor, "wijziging-beoordeeld", nu, waarden
            )
        elif nadelig(w):
            await _verplaats(
                conn, aanvraag_id, w, WijzigingStatus.te_reviewen, actor, "wijziging-beoordeeld", nu, waarden
            )
        else:
            waarden["beschikking_id"] = await _vaststellen(conn, aanvraag_id, w, motivering or "", nu)
            await _verplaats(
                conn, aanvraag_id, w, WijzigingStatus.vastgesteld, actor, "wijziging-beoordeeld", nu, waarden
            )
        return await _lees(conn, aanvraag_id, nummer)


async def review(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    nummer: int,
    gemeenten: Collection[str],
    actor: Actor,
    bevestigd: bool,
    reden: str | None,
    nu: datetime,
) -> Wijziging:
    """A third person confirms a herziening to the applicant's detriment, or sends it back."""
    reden = (reden or "").strip() or None
    if not bevestigd and reden is None:
        raise _fout("reden", "Zeg waarom het terug moet.", "required")
    async with engine.begin() as conn:
        await _zaak(conn, aanvraag_id, gemeenten)
        w = await _lees(conn, aanvraag_id, nummer, slot=True)
        if w.status is not WijzigingStatus.te_reviewen:
            raise Conflict(f"Deze wijziging heeft status '{w.status.value}'; reviewen kan alleen bij 'te_reviewen'.")
        if actor.sub in (w.gemeld_door, w.beoordeeld_door):
            raise VierOgen("U meldde of beoordeelde deze wijziging; een derde moet haar reviewen.")
        if bevestigd:
            beschikking_id = await _vaststellen(conn, aanvraag_id, w, w.motivering or "", nu)
            waarden = {"gereviewd_door": actor.sub, "beschikking_id": beschikking_id}
            await _verplaats(
                conn, aanvraag_id, w, WijzigingStatus.vastgesteld, actor, "wijziging-gereviewd", nu, waarden
            )
        else:
            waarden = {"gereviewd_door": actor.sub}
            await _verplaats(
                conn, aanvraag_id, w, WijzigingStatus.te_beoordelen, actor, "wijziging-gereviewd", nu, waarden
            )
        return await _lees(conn, aanvraag_id, nummer)
