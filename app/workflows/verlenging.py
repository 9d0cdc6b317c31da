"""Extending a Tozo benefit (verlenging): a new application that starts from the previous case.

The applicant sends the new months (and their income estimate) and whatever changed. When fewer
than three months lie between the last month with benefit and the first new month, that is
enough (the short form, spec §1.1): everything else is taken from the previous case. Otherwise
the full application is required. The new case names the case it extends; verification and the
rules then run for the new months only, with the earlier months as history.

A month that already has benefit, or is asked for in another open application of the same
person, is refused (overlap). An advisory lock per BSN makes that check and the insert one step,
so two extensions sent at the same time cannot both take the same month."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app import rules
from app.audit import logboek, trail
from app.audit.trail import Actor
from app.rules.parameters import ParameterOntbreekt
from app.workflows.fouten import Conflict, NietGevonden, OngeldigeInvoer
from app.workflows.intake import Ingediend
from app.workflows.levenscyclus import BESLOTEN, Status

VERLENGBAAR = "tozo-levensonderhoud"
# What a full application must contain beyond the months; the short form may leave them out.
VOLLEDIG = ("aanvrager", "huishouden", "onderneming", "iban", "verklaringen")
WIJZIGBAAR = (*VOLLEDIG, "partner", "ondersteuning")
GEEN_AANVRAAG_MEER = ("afgewezen", "buiten_behandeling", "ingetrokken")


@dataclass(frozen=True)
class Voorbereid:
    """The new application's data and its form, before the API validates the data."""

    gegevens: dict[str, Any]
    vorm: rules.Verlengingsvorm
    laatste_maand: rules.Maand


async def _oud(conn: AsyncConnection, aanvraag_id: UUID, gemeenten: Collection[str]) -> Any:
    oud = (
        await conn.execute(
            text(
                "SELECT id, referentie, gemeente, regeling, status, bsn, gegevens FROM aanvragen "
                "WHERE id = :id AND gemeente = ANY(:g)"
            ),
            {"id": aanvraag_id, "g": list(gemeenten)},
        )
    ).first()
    if oud is None:
        raise NietGevonden("Er is geen aanvraag met dit id.")
    if oud.regeling != VERLENGBAAR:
        raise Conflict("Alleen een Tozo-uitkering voor levensonderhoud kan verlengd worden.")
    if Status(oud.status) not in BESLOTEN:
        raise Conflict("Over deze aanvraag is nog niet beslist; verlengen kan daarna.")
    return oud


async def _maanden_met_uitkering(conn: AsyncConnection, bsn: str) -> set[date]:
    rows = await conn.execute(
        text(
            "SELECT b.maand FROM betalingen b JOIN aanvragen a ON a.id = b.aanvraag_id "
            "WHERE a.bsn = :bsn AND b.maand IS NOT NULL AND b.soort <> 'betaling' "
            "AND a.regeling IN ('tozo-levensonderhoud', 'bbz-levensonderhoud') "
            "GROUP BY a.id, b.maand HAVING sum(b.bedrag_cent) > 0"
        ),
        {"bsn": bsn},
    )
    return {r.maand for r in rows}


def _maand(tekst: str) -> rules.Maand:
    return rules.Maand.uit_tekst(tekst)


async def voorbereid(
    engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str], wijzigingen: dict[str, Any], vandaag: date
) -> Voorbereid:
    """The new application's data: the previous case's, with the new months and what changed.
    The full form is required when the gap is three months or more: 400 naming what is missing."""
    async with engine.connect() as conn:
        oud = await _oud(conn, aanvraag_id, gemeenten)
        met_uitkering = await _maanden_met_uitkering(conn, oud.bsn)
    if not met_uitkering:
        raise Conflict("Deze aanvraag heeft geen maand met uitkering; doe een nieuwe aanvraag.")
    laatste = max(met_uitkering)
    laatste_maand = rules.Maand(laatste.year, laatste.month)
    maanden = sorted(_maand(m) for m in wijzigingen["maanden"])
    aanvraagdatum = date.fromisoformat(wijzigingen["aanvraagdatum"]) if wijzigingen.get("aanvraagdatum") else vandaag
    try:
        vorm = rules.verlengingsvorm(laatste_maand, maanden[0], aanvraagdatum)
    except ParameterOntbreekt as err:
        raise OngeldigeInvoer(
            [{"name": "aanvraagdatum", "code": "window", "reason": "Op deze datum kan een Tozo niet verlengd worden."}]
        ) from err
    if not vorm.verkort:
        ontbreekt = [k for k in VOLLEDIG if k not in wijzigingen]
        if ontbreekt:
            raise OngeldigeInvoer(
                [
                    {
                        "name": k,
                        "code": "required",
                        "reason": f"Tussen uw laatste maand met uitkering en de eerste nieuwe maand zitten "
                        f"{vorm.tussenmaanden} maanden. Dan is een volledige aanvraag nodig.",
                    }
                    for k in ontbreekt
                ]
            )
    gegevens = {k: v for k, v in dict(oud.gegevens).items() if k not in ("maanden", "inkomsten", "ondersteuning")}
    gegevens |= {k: wijzigingen[k] for k in WIJZIGBAAR if k in wijzigingen}
    if "huishouden" in wijzigingen and "partner" not in wijzigingen:
        # A new household without a partner drops the old partner; with one, it must be named again.
        gegevens.pop("partner", None)
    gegevens |= {
        "aanvraagdatum": aanvraagdatum.isoformat(),
        "maanden": [str(m) for m in maanden],
        "inkomsten": wijzigingen.get("inkomsten") or [],
        "eerdereAanvragen": list(dict.fromkeys([*(gegevens.get("eerdereAanvragen") or []), oud.referentie]))[-20:],
    }
    return Voorbereid(gegevens, vorm, laatste_maand)


async def dien_in(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    voorbereid_: Voorbereid,
    actor: Actor,
    idempotency_key: str,
    hash_: str,
    nu: datetime,
    trace: logboek.Trace,
    sleutel: str,
) -> Ingediend:
    g = voorbereid_.gegevens
    async with engine.begin() as conn:
        oud = await _oud(conn, aanvraag_id, gemeenten)
        bestaand = (
            await conn.execute(
                text(
                    "SELECT i.verzoek_hash, a.id, a.referentie, a.status, a.regeling, a.gemeente, a.aanvraagdatum, "
                    "a.ontvangen_op FROM idempotentie i JOIN aanvragen a ON a.id = i.aanvraag_id "
                    "WHERE i.client = :c AND i.sleutel = :k"
                ),
                {"c": actor.sub, "k": idempotency_key},
            )
        ).first()
        if bestaand is not None:
            if bestaand.verzoek_hash != hash_:
                raise Conflict("Deze Idempotency-Key is al gebruikt voor een ander verzoek.")
            b = bestaand
            return Ingediend(
                b.id, b.referentie, b.status, b.regeling, b.gemeente, b.aanvraagdatum, b.ontvangen_op, herhaald=True
            )
        await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('bsn-' || :bsn))"), {"bsn": oud.bsn})
        await _weiger_overlap(conn, oud.bsn, g["maanden"])
        nieuw_id = uuid.uuid4()
        aanvraagdatum = date.fromisoformat(g["aanvraagdatum"])
        partner_bsn = (g.get("partner") or {}).get("bsn")
        await conn.execute(
            text(
                "INSERT INTO idempotentie (client, sleutel, verzoek_hash, aanvraag_id, aangemaakt_op) "
                "VALUES (:c, :k, :h, :id, :nu)"
            ),
            {"c": actor.sub, "k": idempotency_key, "h": hash_, "id": nieuw_id, "nu": nu},
        )
        referentie = (
            await conn.execute(
                text(
                    "INSERT INTO aanvragen (id, referentie, gemeente, regeling, status, kanaal, ingediend_door, "
                    "medewerker, aanvraagdatum, ontvangen_op, bsn, partner_bsn, gegevens, versie, gewijzigd_op, "
                    "verlenging_van, verlengingsvorm) VALUES (:id, 'TOZO-' || :g || '-' || "
                    "lpad(nextval('aanvraag_volgnummer')::text, 7, '0'), :g, :regeling, 'ontvangen', :kanaal, :door, "
                    ":medewerker, :datum, :nu, :bsn, :partner, CAST(:gegevens AS jsonb), 1, :nu, :oud, :vorm) "
                    "RETURNING referentie"
                ),
                {
                    "id": nieuw_id,
                    "g": oud.gemeente,
                    "regeling": VERLENGBAAR,
                    "kanaal": actor.kanaal,
                    "door": actor.sub,
                    "medewerker": actor.sub if actor.kanaal == "balie" else None,
                    "datum": aanvraagdatum,
                    "nu": nu,
                    "bsn": oud.bsn,
                    "partner": partner_bsn,
                    "gegevens": json.dumps(g),
                    "oud": oud.id,
                    "vorm": "verkort" if voorbereid_.vorm.verkort else "volledig",
                },
            )
        ).scalar_one()
        details = {
            "verlengingVan": oud.referentie,
            "vorm": "verkort" if voorbereid_.vorm.verkort else "volledig",
            "tussenmaanden": voorbereid_.vorm.tussenmaanden,
        }
        await trail.schrijf(conn, nieuw_id, actor, "ingediend", nu, None, Status.ontvangen.value, details)
        await trail.schrijf(conn, oud.id, actor, "verlengd", nu, details={"verlenging": referentie})
        await logboek.schrijf(
            conn,
            logboek.records(
                trace,
                "aanvraag verlengen",
                logboek.REGISTREREN,
                [b for b in (oud.bsn, partner_bsn) if b],
                nu,
                nu,
                sleutel,
                nieuw_id,
            ),
        )
    return Ingediend(nieuw_id, referentie, Status.ontvangen.value, VERLENGBAAR, oud.gemeente, aanvraagdatum, nu, False)


async def _weiger_overlap(conn: AsyncConnection, bsn: str, maanden: list[str]) -> None:
    gevraagd = {_maand(m).eerste_dag: i for i, m in enumerate(maanden)}
    bezet = await _maanden_met_uitkering(conn, bsn)
    open_ = await conn.execute(
        text(
            "SELECT jsonb_array_elements_text(gegevens->'maanden') AS maand FROM aanvragen "
            "WHERE bsn = :bsn AND regeling = :r AND NOT (status = ANY(:klaar))"
        ),
        {"bsn": bsn, "r": VERLENGBAAR, "klaar": [*GEEN_AANVRAAG_MEER, *(s.value for s in BESLOTEN)]},
    )
    bezet |= {_maand(r.maand).eerste_dag for r in open_}
    overlap = sorted(m for m in gevraagd if m in bezet)
    if overlap:
        raise OngeldigeInvoer(
            [
                {
                    "name": f"maanden[{gevraagd[m]}]",
                    "code": "overlap",
                    "reason": f"Over {m:%m-%Y} heeft u al een uitkering of loopt al een aanvraag.",
                }
                for m in overlap
            ]
        )
