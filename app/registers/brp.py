"""Client for Haal Centraal BRP Personen v2 (`POST /personen`, RaadpleegMetBurgerservicenummer).

Only the `fields` a purpose needs are requested (data minimisation; the API requires `fields`).
The BRP returns only the current partner (married or registered) and never unmarried
cohabitants: whether someone lives with a partner without being married stays a checker task.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from types import TracebackType
from typing import Any

import httpx

from app.registers._http import json_object, maak_async_client
from app.registers.datum import BrpDatum, OngeldigeDatum, parse_brp_datum
from app.registers.resultaat import NietGevonden, Opvraging
from app.registers.verwerking import TraceContext
from app.registers.weerbaarheid import (
    CircuitBreaker,
    RegisterVerbinding,
    RetryBeleid,
    TijdelijkeFout,
    controleer_http_status,
)

REGISTER = "BRP"
_BSN = re.compile(r"^[0-9]{9}$")


class Doel(Enum):
    """Why we look someone up; decides which fields we may ask for."""

    VERIFICATIE = "verificatie"  # age, address, municipality, household
    ADRESSERING = "adressering"  # writing the decision letter


FIELDS_PER_DOEL: Mapping[Doel, tuple[str, ...]] = {
    Doel.VERIFICATIE: (
        "burgerservicenummer",
        "geboorte.datum",
        "verblijfplaats",
        "adressering",
        "gemeenteVanInschrijving",
        "datumInschrijvingInGemeente",
        "partners.burgerservicenummer",
        "partners.geboorte.datum",
        "partners.soortVerbintenis",
        "partners.aangaanHuwelijkPartnerschap.datum",
        "partners.ontbindingHuwelijkPartnerschap.datum",
        "kinderen.burgerservicenummer",
        "kinderen.geboorte.datum",
    ),
    Doel.ADRESSERING: ("burgerservicenummer", "naam", "adressering"),
}


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str | None


@dataclass(frozen=True)
class Verblijfplaats:
    soort: str  # Adres, VerblijfplaatsBuitenland, VerblijfplaatsOnbekend, Locatie
    straat: str | None
    huisnummer: int | None
    huisletter: str | None
    huisnummertoevoeging: str | None
    postcode: str | None
    woonplaats: str | None
    datum_van: BrpDatum | None


@dataclass(frozen=True)
class Partner:
    bsn: str | None
    geboortedatum: BrpDatum | None
    soort_verbintenis: str | None
    sinds: BrpDatum | None
    ontbonden_op: BrpDatum | None


@dataclass(frozen=True)
class Kind:
    bsn: str | None
    geboortedatum: BrpDatum | None


@dataclass(frozen=True)
class Persoon:
    bsn: str
    geboortedatum: BrpDatum | None
    gemeente_van_inschrijving: Gemeente | None
    datum_inschrijving_in_gemeente: BrpDatum | None
    verblijfplaats: Verblijfplaats | None
    adresregels: tuple[str, ...]
    partners: tuple[Partner, ...]
    kinderen: tuple[Kind, ...]
    opschorting_reden: str | None  # BRP code: O = overlijden, E = emigratie, ...

    @property
    def overleden(self) -> bool:
        return self.opschorting_reden == "O"

    @property
    def huidige_partner(self) -> Partner | None:
        return next((p for p in self.partners if p.ontbonden_op is None), None)


def _dict(obj: Any, pad: str) -> dict[str, Any]:
    if obj is None:
        return {}
    if not isinstance(obj, dict):
        raise TijdelijkeFout(f"{pad} is not an object", ongeldig=True)
    return obj


def _lijst(obj: Any, pad: str) -> list[Any]:
    if obj is None:
        return []
    if not isinstance(obj, list):
        raise TijdelijkeFout(f"{pad} is not a list", ongeldig=True)
    return obj


def _tekst(obj: dict[str, Any], key: str) -> str | None:
    waarde = obj.get(key)
    return waarde if isinstance(waarde, str) else None


def _datum(obj: Any, pad: str) -> BrpDatum | None:
    if obj is None:
        return None
    try:
        return parse_brp_datum(obj)
    except OngeldigeDatum as exc:
        raise TijdelijkeFout(f"{pad}: {exc}", ongeldig=True) from exc


def _verblijfplaats(obj: Any) -> Verblijfplaats | None:
    if obj is None:
        return None
    vp = _dict(obj, "verblijfplaats")
    adres = _dict(vp.get("verblijfadres"), "verblijfplaats.verblijfadres")
    nummer = adres.get("huisnummer")
    return Verblijfplaats(
        soort=str(vp.get("type")),
        straat=_tekst(adres, "officieleStraatnaam") or _tekst(adres, "korteStraatnaam"),
        huisnummer=nummer if isinstance(nummer, int) else None,
        huisletter=_tekst(adres, "huisletter"),
        huisnummertoevoeging=_tekst(adres, "huisnummertoevoeging"),
        postcode=_tekst(adres, "postcode"),
        woonplaats=_tekst(adres, "woonplaats"),
        datum_van=_datum(vp.get("datumVan"), "verblijfplaats.datumVan"),
    )


def parse_persoon(obj: Any) -> Persoon:
    p = _dict(obj, "persoon")
    bsn = p.get("burgerservicenummer")
    if not isinstance(bsn, str) or not _BSN.match(bsn):
        raise TijdelijkeFout("persoon without valid burgerservicenummer", ongeldig=True)
    gemeente = _dict(p.get("gemeenteVanInschrijving"), "gemeenteVanInschrijving")
    adressering = _dict(p.get("adressering"), "adressering")
    partners = []
    for i, raw in enumerate(_lijst(p.get("partners"), "partners")):
        partner = _dict(raw, f"partners[{i}]")
        aangaan = _dict(partner.get("aangaanHuwelijkPartnerschap"), "aangaan")
        ontbinding = _dict(partner.get("ontbindingHuwelijkPartnerschap"), "ontbinding")
        soort = _dict(partner.get("soortVerbintenis"), "soortVerbintenis")
        partners.append(
            Partner(
                bsn=_tekst(partner, "burgerservicenummer"),
                geboortedatum=_datum(_dict(partner.get("geboorte"), "geboorte").get("datum"), "geb"),
                soort_verbintenis=_tekst(soort, "code"),
                sinds=_datum(aangaan.get("datum"), f"partners[{i}].aangaan.datum"),
                ontbonden_op=_datum(ontbinding.get("datum"), f"partners[{i}].ontbinding.datum"),
            )
        )
    kinderen = tuple(
        Kind(
            bsn=_tekst(_dict(raw, "kind"), "burgerservicenummer"),
            geboortedatum=_datum(_dict(_dict(raw, "kind").get("geboorte"), "geb").get("datum"), "kind"),
        )
        for raw in _lijst(p.get("kinderen"), "kinderen")
    )
    opschorting = _dict(p.get("opschortingBijhouding"), "opschortingBijhouding")
    return Persoon(
        bsn=bsn,
        geboortedatum=_datum(_dict(p.get("geboorte"), "geboorte").get("datum"), "geboorte.datum"),
        gemeente_van_inschrijving=(
            Gemeente(str(gemeente["code"]), _tekst(gemeente, "omschrijving")) if gemeente.get("code") else None
        ),
        datum_inschrijving_in_gemeente=_datum(p.get("datumInschrijvingInGemeente"), "datumInschrijvingInGemeente"),
        verblijfplaats=_verblijfplaats(p.get("verblijfplaats")),
        adresregels=tuple(
            regel for key in ("adresregel1", "adresregel2", "adresregel3") if (regel := _tekst(adressering, key))
        ),
        partners=tuple(partners),
        kinderen=kinderen,
        opschorting_reden=_tekst(_dict(opschorting.get("reden"), "reden"), "code"),
    )


class BrpClient:
    """Async client; one instance per process, shared by all look-ups (it holds the breaker)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        api_key_header: str = "X-API-KEY",
        timeout: float = 10.0,
        retry: RetryBeleid | None = None,
        breaker: CircuitBreaker | None = None,
        verify: bool | str = True,
        cert: tuple[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"Accept": "application/json"}
        if api_key:
            headers[api_key_header] = api_key
        # Gateways of municipalities often want protocol headers (x-doelbinding, x-verwerking).
        headers.update(extra_headers or {})
        self._http = maak_async_client(base_url, timeout, headers, verify, cert, transport)
        self.verbinding = RegisterVerbinding(REGISTER, retry, breaker)

    async def raadpleeg(
        self,
        bsn: str,
        doel: Doel = Doel.VERIFICATIE,
        *,
        traceparent: str | None = None,
    ) -> Opvraging[Persoon]:
        if not _BSN.match(bsn):
            raise ValueError(f"burgerservicenummer must be 9 digits: {bsn!r}")
        body = {
            "type": "RaadpleegMetBurgerservicenummer",
            "burgerservicenummer": [bsn],
            "fields": list(FIELDS_PER_DOEL[doel]),
        }

        async def verzoek(trace: TraceContext) -> Persoon | NietGevonden:
            response = await self._http.post(
                "/personen",
                content=json.dumps(body).encode(),
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "traceparent": trace.traceparent,
                },
            )
            controleer_http_status(REGISTER, response)
            antwoord = json_object(response)
            if antwoord.get("type") != "RaadpleegMetBurgerservicenummer":
                raise TijdelijkeFout(f"unexpected answer type {antwoord.get('type')!r}", ongeldig=True)
            personen = _lijst(antwoord.get("personen"), "personen")
            if not personen:
                return NietGevonden(REGISTER, bsn, "persoon niet gevonden")
            if len(personen) > 1:
                raise TijdelijkeFout("more than one person for one BSN", ongeldig=True)
            persoon = parse_persoon(personen[0])
            if persoon.bsn != bsn:
                raise TijdelijkeFout(f"answer is for another BSN ({persoon.bsn})", ongeldig=True)
            return persoon

        resultaat, verwerking = await self.verbinding.uitvoeren(
            f"brp.personen.raadplegen.{doel.value}", bsn, traceparent, verzoek
        )
        if isinstance(resultaat, Persoon):
            anderen = tuple(b for b in [p.bsn for p in resultaat.partners] + [k.bsn for k in resultaat.kinderen] if b)
            verwerking = replace(verwerking, meeverwerkte_bsns=anderen)
        return Opvraging(
            resultaat=resultaat,
            bron=f"BRP, Haal Centraal BRP Personen v2 ({self.base_url}/personen)",
            tijdstip=datetime.now(UTC),
            verwerking=verwerking,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> BrpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
