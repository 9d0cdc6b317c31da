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
