"""Submitting an application: idempotent, audited and logged in one statement (shared with the
submits that arrive at the same moment, `intake_bundel`), so the caller gets its 201 only after
everything is committed and a retry never makes a second case."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic_core import to_json
from sqlalchemy.ext.asyncio import AsyncEngine

from app import db
from app.audit import logboek
from app.audit.trail import Actor
from app.workflows import intake_bundel
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
        return verzoek_hash_json(json.loads(body))
    except ValueError:
        return hashlib.sha256(body).hexdigest()


def verzoek_hash_json(body: Any) -> str:
    """`verzoek_hash` of a body already parsed from JSON: the same JSON with its keys in another
    order or other spacing is the same request."""
    canoniek = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canoniek.encode()).hexdigest()


_BESTAAND = """
    SELECT i.verzoek_hash, a.id, a.referentie, a.status, a.regeling, a.gemeente,
           a.aanvraagdatum, a.ontvangen_op
    FROM idempotentie i JOIN aanvragen a ON a.id = i.aanvraag_id
    WHERE i.client = $1 AND i.sleutel = $2
"""


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
    aanvraag_id = uuid.uuid4()
    indiening = intake_bundel.Indiening(
        actor.sub,
        idempotency_key,
        hash_,
        aanvraag_id,
        nu,
        regeling.split("-", 1)[0].upper(),
        gemeente,
        regeling,
        actor.kanaal,
        medewerker,
        actor.rol,
        aanvraagdatum,
        bsn,
        partner_bsn,
        to_json(gegevens).decode(),  # pydantic-core's encoder: a quarter of json.dumps' time
        json.dumps({"kanaal": actor.kanaal, "medewerker": medewerker}),
        trace.trace_id,
        uuid.uuid4().hex[:16],
        logboek.versleutel(bsn, logboek_sleutel),
        logboek.versleutel(partner_bsn, logboek_sleutel) if partner_bsn else None,
    )
    referentie = await intake_bundel.bundel(engine).schrijf(indiening)
    if referentie is not None:
        return Ingediend(
            aanvraag_id, referentie, Status.ontvangen.value, regeling, gemeente, aanvraagdatum, nu, herhaald=False
        )
    async with db.driver(engine) as driver:
        bestaand = await driver.fetchrow(_BESTAAND, actor.sub, idempotency_key)
    if bestaand is None:  # the key row exists once ON CONFLICT saw it; defensive only
        raise Conflict("De Idempotency-Key is in gebruik; probeer het opnieuw.")
    if bestaand["verzoek_hash"] != hash_:
        raise Conflict(
            "Deze Idempotency-Key is al gebruikt voor een andere aanvraag. "
            "Gebruik een nieuwe sleutel voor een nieuwe aanvraag."
        )
    return Ingediend(
        bestaand["id"],
        bestaand["referentie"],
        bestaand["status"],
        bestaand["regeling"],
        bestaand["gemeente"],
        bestaand["aanvraagdatum"],
        bestaand["ontvangen_op"],
        herhaald=True,
    )
