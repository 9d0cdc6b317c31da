"""Submitting an application: idempotent, audited and logged in one statement, so the caller
gets its 201 only after everything is committed and a retry never makes a second case."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import Text

from app.audit import logboek
from app.audit.trail import Actor
from app.workflows.fouten import Conflict
from app.workflows.levenscyclus import Status


@dataclass(frozen=True)
class Ingediend:
    id: UUID
    referentie: str
    status: str
    regeling: str
    gemeente: str
    aanvraagdatum: date
    ontvangen_op: datetime
    herhaald: bool


def verzoek_hash(body: bytes) -> str:
    """Fingerprint of the submitted body, to tell a retry from a different request."""
    try:
        canoniek = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canoniek.encode()).hexdigest()
    except ValueError:
        return hashlib.sha256(body).hexdigest()


_INDIENEN = text(
    """
    WITH sleutel AS (
        INSERT INTO idempotentie (client, sleutel, verzoek_hash, aanvraag_id, aangemaakt_op)
        VALUES (:client, :sleutel, :hash, :id, :nu)
        ON CONFLICT DO NOTHING
        RETURNING aanvraag_id
    ), nieuw AS (
        INSERT INTO aanvragen (id, referentie, gemeente, regeling, status, kanaal, ingediend_door,
                               medewerker, aanvraagdatum, ontvangen_op, bsn, partner_bsn,
                               gegevens, versie, gewijzigd_op)
        SELECT aanvraag_id,
               :prefix || '-' || :gemeente || '-' || lpad(nextval('aanvraag_volgnummer')::text, 7, '0'),
               :gemeente, :regeling, :status, :kanaal, :actor, :medewerker, :aanvraagdatum, :nu,
               :bsn, :partner_bsn, :gegevens, 1, :nu
        FROM sleutel
        RETURNING id, referentie
    ), audit AS (
        INSERT INTO audit_gebeurtenissen (aanvraag_id, tijdstip, actor, rol, kanaal, actie,
                                          van_status, naar_status, details)
        SELECT id, :nu, :actor, :rol, :kanaal, 'ingediend', NULL, :status, :details FROM nieuw
    ), log AS (
        INSERT INTO verwerkingen (trace_id, operatie_id, operatie, status, start, einde,
                                  activiteit_id, betrokkene_versleuteld, aanvraag_id)
        SELECT :trace_id, :operatie_id, 'aanvraag indienen', 'OK', :nu, clock_timestamp(),
               :activiteit, b, id
        FROM nieuw CROSS JOIN unnest(:betrokkenen) AS b
    )
    SELECT id, referentie FROM nieuw
    """
).bindparams(
    bindparam("gegevens", type_=JSONB),
    bindparam("details", type_=JSONB),
    bindparam("betrokkenen", type_=ARRAY(Text)),
)

_BESTAAND = text(
    """
    SELECT i.verzoek_hash, a.id, a.referentie, a.status, a.regeling, a.gemeente,
           a.aanvraagdatum, a.ontvangen_op
    FROM idempotentie i JOIN aanvragen a ON a.id = i.aanvraag_id
    WHERE i.client = :client AND i.sleutel = :sleutel
    """
)


async def dien_in(
    engine: AsyncEngine,
    gegevens: dict[str, Any],
    aanvraagdatum: date,
    actor: Actor,
    idempotency_key: str,
    hash_: str,
    nu: datetime,
    trace: logboek.Trace,
    logboek_sleutel: str,
) -> Ingediend:
    regeling = str(gegevens["regeling"])
    gemeente = str(gegevens["gemeente"])
    bsn = str(gegevens["aanvrager"]["bsn"])
    partner = gegevens.get("partner")
    partner_bsn = str(partner["bsn"]) if partner else None
    medewerker = actor.sub if actor.kanaal == "balie" else None
    betrokkenen = [logboek.versleutel(b, logboek_sleutel) for b in (bsn, partner_bsn) if b]
    params = {
        "client": actor.sub,
        "sleutel": idempotency_key,
        "hash": hash_,
        "id": uuid.uuid4(),
        "nu": nu,
        "prefix": regeling.split("-", 1)[0].upper(),
        "gemeente": gemeente,
        "regeling": regeling,
        "status": Status.ontvangen.value,
        "kanaal": actor.kanaal,
        "actor": actor.sub,
        "rol": actor.rol,
        "medewerker": medewerker,
        "aanvraagdatum": aanvraagdatum,
        "bsn": bsn,
        "partner_bsn": partner_bsn,
        "gegevens": gegevens,
        "details": {"kanaal": actor.kanaal, "medewerker": medewerker},
        "trace_id": trace.trace_id,
        "operatie_id": uuid.uuid4().hex[:16],
        "activiteit": logboek.REGISTREREN,
        "betrokkenen": betrokkenen,
    }
    async with engine.begin() as conn:
        row = (await conn.execute(_INDIENEN, params)).first()
    if row is not None:
        return Ingediend(
            row.id,
            row.referentie,
            Status.ontvangen.value,
            regeling,
            gemeente,
            aanvraagdatum,
            nu,
            herhaald=False,
        )
    async with engine.connect() as conn:
        bestaand = (await conn.execute(_BESTAAND, {"client": actor.sub, "sleutel": idempotency_key})).first()
    if bestaand is None:  # pragma: no cover - the key row exists once ON CONFLICT saw it
        raise Conflict("De Idempotency-Key is in gebruik; probeer het opnieuw.")
    if bestaand.verzoek_hash != hash_:
        raise Conflict(
            "Deze Idempotency-Key is al gebruikt voor een andere aanvraag. "
            "Gebruik een nieuwe sleutel voor een nieuwe aanvraag."
        )
    return Ingediend(
        bestaand.id,
        bestaand.referentie,
        bestaand.status,
        bestaand.regeling,
        bestaand.gemeente,
        bestaand.aanvraagdatum,
        bestaand.ontvangen_op,
        herhaald=True,
    )
