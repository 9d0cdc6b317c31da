"""Evidence (bewijsstukken) attached to an application: accepted by content, never by name."""

import hashlib
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

import filetype
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit import logboek, trail
from app.audit.trail import Actor
from app.tables import aanvragen, documenten
from app.workflows.aanvragen import controleer_toegang
from app.workflows.fouten import AanvraagFout, NietGevonden
from app.workflows.levenscyclus import EINDSTATUSSEN, Status

TOEGESTANE_TYPES = {"application/pdf", "image/png", "image/jpeg"}


class Documentsoort(StrEnum):
    """The kinds of evidence, in the words the completeness rules use (app.rules.completeness)."""

    identiteitsbewijs_aanvrager = "identiteitsbewijs-aanvrager"
    identiteitsbewijs_partner = "identiteitsbewijs-partner"
    verblijfsvergunning = "verblijfsvergunning"
    kvk_uittreksel = "kvk-uittreksel"
    loonstrook_aanvrager = "loonstrook-aanvrager"
    loonstrook_partner = "loonstrook-partner"
    uitkeringsspecificatie_aanvrager = "uitkeringsspecificatie-aanvrager"
    uitkeringsspecificatie_partner = "uitkeringsspecificatie-partner"
    jaarrekening = "jaarrekening"
    aangifte_inkomstenbelasting = "aangifte-inkomstenbelasting"
    bankafschrift = "bankafschrift"
    liquiditeitsbegroting = "liquiditeitsbegroting"
    ondernemingsplan = "ondernemingsplan"
    levensvatbaarheidsrapport = "levensvatbaarheidsrapport"  # the adviser's report (Bbz)
    beeindigingsplan = "beeindigingsplan"
    investeringsbegroting = "investeringsbegroting"
    vermogensoverzicht = "vermogensoverzicht"
    overig = "overig"


class OnbekendBestandstype(AanvraagFout):
    code = "bestandstype"
    status = 415


class AanvraagAfgesloten(AanvraagFout):
    code = "aanvraag-afgesloten"


@dataclass(frozen=True)
class Document:
    id: UUID
    aanvraag_id: UUID
    soort: str
    bestandsnaam: str
    mediatype: str
    grootte: int
    sha256: str
    geupload_op: datetime


def herken_type(inhoud: bytes) -> str:
    soort = filetype.guess_mime(inhoud)
    if soort not in TOEGESTANE_TYPES:
        raise OnbekendBestandstype("Alleen PDF, PNG en JPEG worden geaccepteerd.")
    return str(soort)


async def voeg_toe(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    soort: Documentsoort,
    bestandsnaam: str,
    inhoud: bytes,
    nu: datetime,
) -> Document:
    mediatype = herken_type(inhoud)
    doc = Document(
        uuid.uuid4(),
        aanvraag_id,
        soort.value,
        bestandsnaam[:255],
        mediatype,
        len(inhoud),
        hashlib.sha256(inhoud).hexdigest(),
        nu,
    )
    async with engine.begin() as conn:
        status = await controleer_toegang(conn, aanvraag_id, gemeenten)
        # Lock the case row so a withdrawal cannot slip in between check and insert.
        await conn.execute(select(aanvragen.c.id).where(aanvragen.c.id == aanvraag_id).with_for_update())
        if Status(status) in EINDSTATUSSEN:
            raise AanvraagAfgesloten("Bij een afgesloten aanvraag kunt u geen documenten meer toevoegen.")
        await conn.execute(
            insert(documenten).values(
                id=doc.id,
                aanvraag_id=aanvraag_id,
                soort=doc.soort,
                bestandsnaam=doc.bestandsnaam,
                mediatype=mediatype,
                grootte=doc.grootte,
                sha256=doc.sha256,
                inhoud=inhoud,
                geupload_op=nu,
                geupload_door=actor.sub,
            )
        )
        await trail.schrijf(
            conn,
            aanvraag_id,
            actor,
            "document-toegevoegd",
            nu,
            details={"document": str(doc.id), "soort": doc.soort},
        )
    return doc


_METADATA = (
    documenten.c.id,
    documenten.c.aanvraag_id,
    documenten.c.soort,
    documenten.c.bestandsnaam,
    documenten.c.mediatype,
    documenten.c.grootte,
    documenten.c.sha256,
    documenten.c.geupload_op,
)


async def lijst(engine: AsyncEngine, aanvraag_id: UUID, gemeenten: Collection[str]) -> list[Document]:
    async with engine.connect() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        rows = await conn.execute(
            select(*_METADATA)
            .where(documenten.c.aanvraag_id == aanvraag_id)
            .order_by(documenten.c.geupload_op, documenten.c.id)
        )
        return [Document(*r) for r in rows]


async def download(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    document_id: UUID,
    gemeenten: Collection[str],
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> tuple[Document, bytes]:
    async with engine.begin() as conn:
        await controleer_toegang(conn, aanvraag_id, gemeenten)
        row = (
            await conn.execute(
                select(*_METADATA, documenten.c.inhoud, aanvragen.c.bsn)
                .join(aanvragen, aanvragen.c.id == documenten.c.aanvraag_id)
                .where(documenten.c.id == document_id, documenten.c.aanvraag_id == aanvraag_id)
            )
        ).first()
        if row is None:
            raise NietGevonden("Er is geen document met dit id bij deze aanvraag.")
        await logboek.schrijf(
            conn,
            logboek.records(
                trace, "bewijsstuk downloaden", logboek.RAADPLEGEN, [row.bsn], nu, nu, sleutel, aanvraag_id
            ),
        )
    return Document(*row[: len(_METADATA)]), bytes(row.inhoud)
