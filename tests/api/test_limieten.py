"""Hostile traffic gets a 4xx and the service keeps serving others: a flood from one token (429
with Retry-After), slow heads and slow bodies (408), deeply nested JSON on every operation that
takes JSON (400). A server of its own with tight limits, so no other test is throttled."""

import socket
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from app.auth import maak_ontwikkeltoken
from app.config import Settings
from app.webserver import KopTimeoutProtocol
from tests import voorbeelden
from tests.conftest import AMSTERDAM, Server

REGELINGEN = "/api/v1/regelingen?peildatum=2020-04-20"


class SnelleKop(KopTimeoutProtocol):
    kop_timeout = 1.0


@pytest.fixture(scope="module")
def streng(settings: Settings) -> Settings:
    # One request per 1,000 seconds after a burst of 5: a refill never happens during the test,
    # so what is refused does not depend on how fast this machine is.
    return settings.model_copy(
        update={"verzoeken_per_seconde": 0.001, "verzoeken_burst": 5, "body_timeout_seconden": 1.0}
    )


@pytest.fixture(scope="module")
def strenge_server(streng: Settings) -> Iterator[str]:
    server = Server(streng)
    server.server.config.http = SnelleKop
    with server as url:
        yield url


def _kop(settings: Settings, sub: str, *rollen: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + maak_ontwikkeltoken(settings, sub, list(rollen), [AMSTERDAM])}


def test_vloed_van_een_token_is_429_en_anderen_gaan_door(strenge_server: str, streng: Settings) -> None:
    vloed = _kop(streng, "vloed", "controleur")
    ander = _kop(streng, "ander", "controleur")
    with httpx.Client(base_url=strenge_server) as c:
        statussen = [c.get(REGELINGEN, headers=vloed).status_code for _ in range(12)]
        assert statussen[:5] == [200] * 5
        assert set(statussen[5:]) == {429}
        r = c.get(REGELINGEN, headers=vloed)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == 429
        assert int(r.headers["retry-after"]) >= 1
        assert r.headers["x-content-type-options"] == "nosniff"  # still through the HTTP middleware
        # Another token, and callers without one (by address), are served meanwhile.
        assert c.get(REGELINGEN, headers=ander).status_code == 200
        assert c.get("/health/live").status_code == 200


def _lees_alles(s: socket.socket) -> bytes:
    uit = b""
    while True:
        deel = s.recv(65536)
        if not deel:
            return uit
        uit += deel


def test_trage_kop_is_408_en_anderen_gaan_door(strenge_server: str, streng: Settings) -> None:
    poort = int(strenge_server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", poort), timeout=60) as traag:
        traag.sendall(b"GET /api/v1/regelingen HTTP/1.1\r\nHost: x\r\n")  # and never the rest
        with httpx.Client(base_url=strenge_server) as c:
            assert c.get(REGELINGEN, headers=_kop(streng, "intussen", "balie")).status_code == 200
        antwoord = _lees_alles(traag)
    assert antwoord.startswith(b"HTTP/1.1 408 ")
    assert b"application/problem+json" in antwoord


def test_stille_verbinding_wordt_gesloten(strenge_server: str) -> None:
    poort = int(strenge_server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", poort), timeout=60) as stil:
        assert _lees_alles(stil).startswith(b"HTTP/1.1 408 ")


def test_trage_body_is_408(strenge_server: str, streng: Settings) -> None:
    poort = int(strenge_server.rsplit(":", 1)[1])
    token = _kop(streng, "traag-body", "balie")["Authorization"]
    with socket.create_connection(("127.0.0.1", poort), timeout=60) as traag:
        traag.sendall(
            b"POST /api/v1/proefberekeningen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Authorization: {token}\r\nContent-Length: 1000\r\n\r\n".encode()
            + b'{"regeling": '
        )
        antwoord = _lees_alles(traag)
    assert antwoord.startswith(b"HTTP/1.1 408 "), antwoord[:200]
    assert b"application/problem+json" in antwoord


def _json_operaties(document: dict[str, Any]) -> Iterator[tuple[str, str, list[str]]]:
    for pad, operaties in document["paths"].items():
        for methode, operatie in operaties.items():
            if "application/json" in operatie.get("requestBody", {}).get("content", {}):
                yield methode.upper(), pad, operatie.get("x-rollen", [])


def test_diep_geneste_json_is_400_overal(base_url: str, token: Callable[..., dict[str, str]]) -> None:
    diep = b'{"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    with httpx.Client(base_url=base_url, timeout=60) as c:
        document = c.get("/api/v1/openapi.json").json()
        operaties = list(_json_operaties(document))
        assert len(operaties) >= 10
        for methode, pad, rollen in operaties:
            url = pad.replace("{aanvraagId}", str(uuid.uuid4())).replace("{rol}", "controleur")
            headers = token(*rollen) | {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
            r = c.request(methode, url, content=diep, headers=headers)
            assert r.status_code == 400, f"{methode} {pad}: {r.status_code} {r.text[:200]}"
            assert r.headers["content-type"] == "application/problem+json"


def test_vloed_van_indieningen_is_429_ook_op_het_snelle_pad(strenge_server: str, streng: Settings) -> None:
    """Well-formed submits take the fast path (app/api/snel_indienen.py), which sits inside the
    rate limit: the sixth from one token is refused like any other request."""
    kop = _kop(streng, "vloed-indienen", "loket") | {"Content-Type": "application/json"}
    with httpx.Client(base_url=strenge_server) as c:
        statussen = [
            c.post(
                "/api/v1/aanvragen",
                json=voorbeelden.tozo_levensonderhoud(),
                headers=kop | {"Idempotency-Key": str(uuid.uuid4())},
            )
            for _ in range(7)
        ]
    assert [r.status_code for r in statussen] == [201] * 5 + [429] * 2
    geweigerd = statussen[-1]
    assert geweigerd.headers["content-type"] == "application/problem+json"
    assert int(geweigerd.headers["retry-after"]) >= 1
    assert geweigerd.headers["x-content-type-options"] == "nosniff"
