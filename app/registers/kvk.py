"""Client for the KvK Handelsregister API Basisprofiel (`GET /v1/basisprofielen/{kvkNummer}`).

The Basisprofiel tells when a business was registered and whether it still exists; it does NOT
name the owner of an eenmanszaak, so ownership stays a task for the checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any

import httpx

from app.registers._http import json_object, maak_async_client
from app.registers.resultaat import NietGevonden, Opvraging
from app.registers.verwerking import TraceContext
from app.registers.weerbaarheid import (
    CircuitBreaker,
    RegisterVerbinding,
    RetryBeleid,
    TijdelijkeFout,
    controleer_http_status,
)

REGISTER = "KvK Handelsregister"
OPERATIE = "kvk.basisprofiel.raadplegen"
_KVK_NUMMER = re.compile(r"^[0-9]{8}$")
_NIET_GEVONDEN_CODES = frozenset({"IPD0005"})


@dataclass(frozen=True)
class Basisprofiel:
    kvk_nummer: str
    naam: str | None
    rechtsvorm: str | None
    uitgebreide_rechtsvorm: str | None
    formele_registratiedatum: date | None
    datum_aanvang: date | None
    datum_einde: date | None
    handelsnamen: tuple[str, ...]
    hoofdactiviteit_sbi: str | None
    vestigingsplaats: str | None

    @property
    def is_beeindigd(self) -> bool:
        return self.datum_einde is not None

    def actief_op(self, dag: date) -> bool:
        begonnen = self.datum_aanvang is None or self.datum_aanvang <= dag
        return begonnen and (self.datum_einde is None or self.datum_einde >= dag)


def parse_kvk_datum(waarde: Any) -> date | None:
    """KvK dates are 'YYYYMMDD' strings; zeros mark unknown parts, which we treat as unknown."""
    if waarde is None or waarde == "":
        return None
    if not isinstance(waarde, str) or not re.fullmatch(r"[0-9]{8}", waarde):
        raise TijdelijkeFout(f"KvK date not YYYYMMDD: {waarde!r}", ongeldig=True)
    try:
        return date(int(waarde[:4]), int(waarde[4:6]), int(waarde[6:]))
    except ValueError:
        return None


def _str(obj: dict[str, Any], key: str) -> str | None:
    waarde = obj.get(key)
    return waarde if isinstance(waarde, str) else None


def parse_basisprofiel(body: dict[str, Any], gevraagd: str) -> Basisprofiel:
    if body.get("kvkNummer") != gevraagd:
        raise TijdelijkeFout(f"answer is for kvkNummer {body.get('kvkNummer')!r}, asked {gevraagd}", ongeldig=True)
    materieel = body.get("materieleRegistratie") or {}
    embedded = body.get("_embedded") or {}
    if not isinstance(materieel, dict) or not isinstance(embedded, dict):
        raise TijdelijkeFout("materieleRegistratie/_embedded not objects", ongeldig=True)
    eigenaar = embedded.get("eigenaar") or {}
    hoofdvestiging = embedded.get("hoofdvestiging") or {}
    handelsnamen = body.get("handelsnamen") or []
    sbi = body.get("sbiActiviteiten") or []
    if not all(isinstance(x, dict) for x in (eigenaar, hoofdvestiging)) or not all(
        isinstance(x, list) for x in (handelsnamen, sbi)
    ):
        raise TijdelijkeFout("unexpected shape in Basisprofiel", ongeldig=True)
    namen = tuple(
        h["naam"]
        for h in sorted(
            (h for h in handelsnamen if isinstance(h, dict) and isinstance(h.get("naam"), str)),
            key=lambda h: h.get("volgorde", 0) if isinstance(h.get("volgorde"), int) else 0,
        )
    )
    hoofd = next(
        (s.get("sbiCode") for s in sbi if isinstance(s, dict) and s.get("indHoofdactiviteit") == "Ja"),
        None,
    )
    plaats = None
    for adres in hoofdvestiging.get("adressen") or []:
        if isinstance(adres, dict) and adres.get("type") == "bezoekadres":
            plaats = _str(adres, "plaats")
    return Basisprofiel(
        kvk_nummer=gevraagd,
        naam=_str(body, "naam"),
        rechtsvorm=_str(eigenaar, "rechtsvorm"),
        uitgebreide_rechtsvorm=_str(eigenaar, "uitgebreideRechtsvorm"),
        formele_registratiedatum=parse_kvk_datum(body.get("formeleRegistratiedatum")),
        datum_aanvang=parse_kvk_datum(materieel.get("datumAanvang")),
        datum_einde=parse_kvk_datum(materieel.get("datumEinde")),
        handelsnamen=namen,
        hoofdactiviteit_sbi=hoofd if isinstance(hoofd, str) else None,
        vestigingsplaats=plaats,
    )


def _kvk_foutcodes(response: httpx.Response) -> set[str]:
    try:
        body = response.json()
    except ValueError:
        return set()
    fouten = body.get("fout") if isinstance(body, dict) else None
    if not isinstance(fouten, list):
        return set()
    return {f["code"] for f in fouten if isinstance(f, dict) and isinstance(f.get("code"), str)}


class KvkClient:
    """Async client; one instance per process, shared by all look-ups (it holds the breaker)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 10.0,
        retry: RetryBeleid | None = None,
        breaker: CircuitBreaker | None = None,
        verify: bool | str = True,
        cert: tuple[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = maak_async_client(
            base_url,
            timeout,
            {"apikey": api_key, "Accept": "application/hal+json, application/json"},
            verify,
            cert,
            transport,
        )
        self.verbinding = RegisterVerbinding(REGISTER, retry, breaker)

    async def basisprofiel(
        self,
        kvk_nummer: str,
        *,
        betrokkene_bsn: str | None = None,
        traceparent: str | None = None,
    ) -> Opvraging[Basisprofiel]:
        """Look up one business. `betrokkene_bsn` is the applicant, for the processing log."""
        if not _KVK_NUMMER.match(kvk_nummer):
            raise ValueError(f"kvkNummer must be 8 digits: {kvk_nummer!r}")

        async def verzoek(trace: TraceContext) -> Basisprofiel | NietGevonden:
            response = await self._http.get(
                f"/v1/basisprofielen/{kvk_nummer}", headers={"traceparent": trace.traceparent}
            )
            if response.status_code == 404 and _kvk_foutcodes(response) & _NIET_GEVONDEN_CODES:
                return NietGevonden(REGISTER, kvk_nummer, "IPD0005: product kan niet worden geleverd")
            controleer_http_status(REGISTER, response)
            return parse_basisprofiel(json_object(response), kvk_nummer)

        resultaat, verwerking = await self.verbinding.uitvoeren(OPERATIE, betrokkene_bsn, traceparent, verzoek)
        return Opvraging(
            resultaat=resultaat,
            bron=f"{REGISTER}, API Basisprofiel v1 ({self.base_url}/v1/basisprofielen)",
            tijdstip=datetime.now(UTC),
            verwerking=verwerking,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> KvkClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
