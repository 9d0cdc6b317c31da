"""The people around the service, talking to its public HTTP API only: the loket that submits and
supplies what was asked, staff in pairs working the queues, and the batch operator.

Every call retries what a client should retry (connection lost, 5xx, 429 with Retry-After, 503)
with the same Idempotency-Key, so a restart of the API or the database costs time, not cases.

The client is aiohttp, not the service's httpx: on this 2-core machine the load generator takes
its CPU from the service it measures, and httpx costs 1.1-2.1 ms per request against aiohttp's
0.19-0.22 (one JSON POST, 28 at a time, keep-alive; 1.1 with a connection per task, 2.1 sharing a pool)."""

import asyncio
import json
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.e2e.aanvragen import Plan

URL = "/api/v1/aanvragen"
OPNIEUW = {408, 429, 500, 502, 503, 504}
ROLLEN = ("reviewer", "consulent", "controleur")


@dataclass
class Tellers:
    verzoeken: int = 0
    herhaald: int = 0
    conflicten: int = 0
    herstelverzoeken: int = 0
    aanvullingen: int = 0
    controles: int = 0
    beoordelingen: int = 0
    reviews: int = 0
    teruggestuurd: int = 0


@dataclass
class Staat:
    plannen: list[Plan]
    ids: dict[str, int] = field(default_factory=dict)  # aanvraag id -> index in plannen
    hersteld: set[str] = field(default_factory=set)
    # The herstelverzoek letter reaching the applicant, who answers through the loket.
    herstel_post: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    teruggestuurd: set[str] = field(default_factory=set)
    tellers: Tellers = field(default_factory=Tellers)
    klaar: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass(frozen=True)
class Antwoord:
    """A response read in full, so its connection is free again."""

    status_code: int
    headers: Mapping[str, str]
    inhoud: bytes

    def json(self) -> Any:
        return json.loads(self.inhoud)

    @property
    def text(self) -> str:
        return self.inhoud.decode(errors="replace")


async def verzoek(http: aiohttp.ClientSession, staat: Staat, methode: str, url: str, **kw: Any) -> Antwoord:
    wacht = 0.2
    for _ in range(600):
        staat.tellers.verzoeken += 1
        r: Antwoord | None
        try:
            async with http.request(methode, url, **kw) as antwoord:
                r = Antwoord(antwoord.status, antwoord.headers, await antwoord.read())
        except (aiohttp.ClientError, TimeoutError):
            r = None
        if r is not None and r.status_code not in OPNIEUW:
            return r
        staat.tellers.herhaald += 1
        na = float(r.headers.get("retry-after", wacht)) if r is not None else wacht
        await asyncio.sleep(min(na, 5.0))
        wacht = min(wacht * 2, 2.0)
    raise RuntimeError(f"{methode} {url}: blijft mislukken")


async def loket(http: aiohttp.ClientSession, staat: Staat, headers: dict[str, str], gelijktijdig: int) -> None:
    """Submits every plan once; a retry after a lost answer carries the same Idempotency-Key."""
    rij: asyncio.Queue[int] = asyncio.Queue()
    for i in range(len(staat.plannen)):
        rij.put_nowait(i)

    async def loop() -> None:
        while not rij.empty():
            i = rij.get_nowait()
            sleutel = {"Idempotency-Key": str(uuid.uuid5(uuid.NAMESPACE_URL, f"e2e-{i}"))}
            r = await verzoek(http, staat, "POST", URL, json=staat.plannen[i].body, headers=headers | sleutel)
            if r.status_code != 201:
                raise RuntimeError(f"indienen {i}: {r.status_code} {r.text[:300]}")
            staat.ids[r.json()["id"]] = i

    await asyncio.gather(*(loop() for _ in range(gelijktijdig)))


async def aanvuller(http: aiohttp.ClientSession, staat: Staat, headers: dict[str, str]) -> None:
    """The applicant answers a herstelverzoek through the loket: the missing declaration."""
    while True:
        a = await staat.herstel_post.get()
        body = {"toelichting": "De ontbrekende verklaring is alsnog gegeven."}
        r = await verzoek(http, staat, "POST", f"{URL}/{a}/aanvullingen", json=body, headers=headers)
        if r.status_code != 201:
            raise RuntimeError(f"aanvulling {a}: {r.status_code} {r.text[:300]}")
        staat.tellers.aanvullingen += 1


class Medewerker:
    """Checker, assessor and reviewer in one person; the queues never hand anyone a case they
    already touched (four-eyes), so one person may hold all three roles."""

    def __init__(self, http: aiohttp.ClientSession, staat: Staat, sub: str, headers: dict[str, str], seed: int) -> None:
        self.http = http
        self.staat = staat
        self.sub = sub
        self.headers = headers
        self.rng = random.Random(seed)

    async def werk(self) -> None:
        rust = 1.0
        # Someone who just finished a check takes the next check: the queue where work was found
        # last is tried first, then the others from the end of the chain back.
        rollen = list(ROLLEN)
        while not self.staat.klaar.is_set():
            for rol in rollen:
                # Checker and assessor read the verification first: the claim brings it along.
                expand = "" if rol == "reviewer" else "?expand=verificatie"
                r = await verzoek(
                    self.http, self.staat, "POST", f"/api/v1/werkvoorraad/{rol}/claims{expand}", headers=self.headers
                )
                if r.status_code == 201:
                    zaak = r.json()
                    kop = self.headers | {"If-Match": r.headers["ETag"]}
                    await getattr(self, rol)(zaak, kop)
                    rust = 1.0
                    rollen = [rol, *(andere for andere in ROLLEN if andere != rol)]
                    break
            else:
                # Every queue empty: look again in a moment, less often the longer it stays empty.
                await asyncio.sleep(rust)
                rust = min(rust * 2, 4.0)

    async def _post(self, aanvraag: str, stap: str, body: dict[str, Any], kop: dict[str, str]) -> bool:
        r = await verzoek(self.http, self.staat, "POST", f"{URL}/{aanvraag}/{stap}", json=body, headers=kop)
        if r.status_code == 201:
            return True
        if r.status_code in (409, 412):  # the lease ran out and someone else took it: fine
            self.staat.tellers.conflicten += 1
            return False
        raise RuntimeError(f"{stap} {aanvraag}: {r.status_code} {r.text[:300]}")

    async def _verificatie(self, zaak: dict[str, Any]) -> dict[str, Any]:
        ingebed = zaak.get("_embedded")
        if ingebed is not None:
            v: dict[str, Any] = ingebed["verificatie"]
            return v
        r = await verzoek(self.http, self.staat, "GET", f"{URL}/{zaak['id']}/verificatie", headers=self.headers)
        gelezen: dict[str, Any] = r.json()
        return gelezen

    async def controleur(self, zaak: dict[str, Any], kop: dict[str, str]) -> None:
        aanvraag = zaak["id"]
        v = await self._verificatie(zaak)
        ontbrekend = [
            o for o in (v["regeluitkomst"] or {}).get("ontbrekend", []) if o["soort"].startswith("verklaring-")
        ]
        if ontbrekend and aanvraag not in self.staat.hersteld:
            body = {"toelichting": "Een verklaring ontbreekt; geef die alsnog."}
            if await self._post(aanvraag, "herstelverzoeken", body, kop):
                self.staat.hersteld.add(aanvraag)
                self.staat.tellers.herstelverzoeken += 1
                self.staat.herstel_post.put_nowait(aanvraag)
            return
        oordelen = [
            {"code": b["code"], "oordeel": "bevestigd"} for b in v["bevindingen"] if b["soort"] in ("conflict", "taak")
        ]
        # The documents were seen at the counter: the evidence suffices.
        if await self._post(aanvraag, "controles", {"bevindingen": oordelen, "bewijsVoldoende": True}, kop):
            self.staat.tellers.controles += 1

    async def consulent(self, zaak: dict[str, Any], kop: dict[str, str]) -> None:
        uitkomst = (await self._verificatie(zaak))["regeluitkomst"] or {}
        maanden = uitkomst.get("maanden") or []
        body: dict[str, Any] = {"motivering": "Stukken gezien; besloten volgens de uitkomst van de regels per maand."}
        if maanden:
            body["maanden"] = [{"maand": m["maand"], "toegekend": bool(m["toegekend"])} for m in maanden]
        else:
            body["besluit"] = "afwijzing" if uitkomst.get("conclusie") == "afwijzing" else "toekenning"
        if await self._post(zaak["id"], "beoordelingen", body, kop):
            self.staat.tellers.beoordelingen += 1

    async def reviewer(self, zaak: dict[str, Any], kop: dict[str, str]) -> None:
        aanvraag = zaak["id"]
        if aanvraag not in self.staat.teruggestuurd and self.rng.random() < 0.05:
            body = {"oordeel": "teruggestuurd", "reden": "Kijk de maanden nog eens na."}
            if await self._post(aanvraag, "reviews", body, kop):
                self.staat.teruggestuurd.add(aanvraag)
                self.staat.tellers.teruggestuurd += 1
            return
        if await self._post(aanvraag, "reviews", {"oordeel": "bevestigd"}, kop):
            self.staat.tellers.reviews += 1
