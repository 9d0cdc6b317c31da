"""Helpers for the human stages: cases brought to `te_controleren` through the real register
simulators, and the calls of checker, assessor and reviewer over the API."""

import itertools
import secrets
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.config import Settings
from app.registers import RegisterClients
from app.workflows import verificatie
from tests.workflows.test_verificatie import _jansen

Token = Callable[..., dict[str, str]]
URL = "/api/v1/aanvragen"


_volgnummers = itertools.count()


def nieuwe_gemeente() -> str:
    """A municipality of its own per call (9000-9999; the database is fresh per run), so each
    test has its own queues."""
    return f"9{next(_volgnummers) % 1000:03d}"


async def dien_in(client: httpx.AsyncClient, token: Token, gemeente: str) -> str:
    body = _jansen() | {"gemeente": gemeente}
    r = await client.post(
        URL, json=body, headers=token("loket", gemeenten=(gemeente,)) | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def te_controleren(
    client: httpx.AsyncClient,
    token: Token,
    engine: AsyncEngine,
    clients: RegisterClients,
    settings: Settings,
    gemeente: str,
    aantal: int = 1,
) -> list[str]:
    ids = [await dien_in(client, token, gemeente) for _ in range(aantal)]
    while await verificatie.verifieer_volgende(engine, clients, settings):
        pass
    return ids


class Medewerker:
    """One person with a role in one municipality, talking to the API."""

    def __init__(self, client: httpx.AsyncClient, token: Token, gemeente: str, *rollen: str, sub: str = "") -> None:
        self.client = client
        self.sub = sub or f"{rollen[0]}-{secrets.token_hex(3)}"
        self.headers = token(*rollen, gemeenten=(gemeente,), sub=self.sub)

    async def claim(self, rol: str) -> httpx.Response:
        return await self.client.post(f"/api/v1/werkvoorraad/{rol}/claims", headers=self.headers)

    async def vrij(self, rol: str, aanvraag: str) -> httpx.Response:
        return await self.client.delete(f"/api/v1/werkvoorraad/{rol}/claims/{aanvraag}", headers=self.headers)

    async def post(self, aanvraag: str, stap: str, body: dict[str, Any], **headers: str) -> httpx.Response:
        return await self.client.post(f"{URL}/{aanvraag}/{stap}", json=body, headers=self.headers | headers)

    async def get(self, pad: str) -> httpx.Response:
        return await self.client.get(pad, headers=self.headers)

    async def controle(self, aanvraag: str, **headers: str) -> httpx.Response:
        """Confirm every finding that needs an answer; evidence sufficient."""
        v = (await self.get(f"{URL}/{aanvraag}/verificatie")).json()
        oordelen = [
            {"code": b["code"], "oordeel": "bevestigd"} for b in v["bevindingen"] if b["soort"] in ("conflict", "taak")
        ]
        return await self.post(aanvraag, "controles", {"bevindingen": oordelen, "bewijsVoldoende": True}, **headers)
