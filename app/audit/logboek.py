"""Logboek dataverwerkingen (Logius 0.7): one record per processing of personal data per data
subject, tied to the request's trace, with the subject's BSN encrypted and no user identity."""

import base64
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from uuid import UUID

import asyncpg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from app.tables import verwerkingen

REGISTREREN = "aanvraag-registreren"
RAADPLEGEN = "aanvraag-raadplegen"


@dataclass(frozen=True)
class Trace:
    """W3C trace context of the request that causes the processing."""

    trace_id: str
    parent_id: str | None = None

    @staticmethod
    def nieuw() -> "Trace":
        return Trace(secrets.token_hex(16))


@lru_cache(maxsize=2)
def _aead(sleutel: str) -> AESGCM:
    # The key is 32 bytes, url-safe base64; AES-GCM authenticates as well as encrypts, and at
    # two BSNs per submitted application it is measurably cheaper than Fernet.
    return AESGCM(base64.urlsafe_b64decode(sleutel))


def versleutel(bsn: str, sleutel: str) -> str:
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(nonce + _aead(sleutel).encrypt(nonce, bsn.encode(), None)).decode()


def ontsleutel(token: str, sleutel: str) -> str:
    ruw = base64.urlsafe_b64decode(token)
    return _aead(sleutel).decrypt(ruw[:12], ruw[12:], None).decode()


def records(
    trace: Trace,
    operatie: str,
    activiteit: str,
    betrokkenen: Iterable[str],
    start: datetime,
    einde: datetime,
    sleutel: str,
    aanvraag_id: UUID | None = None,
    status: str = "OK",
) -> list[dict[str, object]]:
    operatie_id = secrets.token_hex(8)
    return [
        {
            "trace_id": trace.trace_id,
            "operatie_id": operatie_id,
            "operatie": operatie,
            "status": status,
            "start": start,
            "einde": einde,
            "activiteit_id": activiteit,
            "betrokkene_versleuteld": versleutel(bsn, sleutel),
            "aanvraag_id": aanvraag_id,
        }
        for bsn in dict.fromkeys(betrokkenen)
    ]


async def schrijf(conn: AsyncConnection, rows: list[dict[str, object]]) -> None:
    if rows:
        await conn.execute(insert(verwerkingen), rows)


# Reading a case writes nothing but these records, so their transaction commits asynchronously
# (`synchronous_commit = off` for that one transaction, as SET LOCAL: `set_config(..., true)`).
# What that keeps: the records are committed, visible and in WAL order before the caller gets the
# data (a read whose records cannot be written is answered with an error, not with the data),
# and any later durable commit, such as the next state change, flushes them along with it. What
# it gives up: on a crash of the database server (not of this service) the records of reads in
# the last moments before it (at most 3 x wal_writer_delay, 600 ms by default) can be lost,
# while the read itself has changed nothing. In exchange a read does not wait for the disk
# flush (2-6 ms here, more under load, bench/werkvoorraad). State changes never do this: their
# audit events and processing-log records stay in their own durable transaction.
_RAADPLEGING = """
    INSERT INTO verwerkingen (trace_id, operatie_id, operatie, status, start, einde,
                              activiteit_id, betrokkene_versleuteld, aanvraag_id)
    SELECT $1, $2, $3, 'OK', $4, $5, $6, b, $7
    FROM unnest($8::text[]) AS b, (SELECT set_config('synchronous_commit', 'off', true)) AS asynchroon
"""


async def schrijf_raadpleging(
    driver: asyncpg.Connection,
    trace: Trace,
    operatie: str,
    betrokkenen: Iterable[str],
    start: datetime,
    einde: datetime,
    sleutel: str,
    aanvraag_id: UUID | None = None,
) -> None:
    """The records of a read, as one statement in its own transaction (the driver connection
    must not be inside a transaction: the asynchronous commit would then apply to all of it)."""
    if driver.is_in_transaction():
        raise RuntimeError("schrijf_raadpleging in een lopende transactie")
    versleuteld = [versleutel(bsn, sleutel) for bsn in dict.fromkeys(betrokkenen)]
    await driver.execute(
        _RAADPLEGING, trace.trace_id, secrets.token_hex(8), operatie, start, einde, RAADPLEGEN, aanvraag_id, versleuteld
    )
