"""The fast path of POST /aanvragen (app/api/snel_indienen.py) answers exactly as the declared
FastAPI route does: every request below is sent once with the fast path and once with it switched
off, and the two answers must be the same apart from the new case's id, reference and time;
headers included (security headers, API-Version, traceparent, Location), and the metrics count
both under the same labels."""

import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import fastapi.routing
import httpx
import pytest
from prometheus_client import REGISTRY

from app.api import snel_indienen
from app.workflows import intake
from tests import voorbeelden

URL = "/api/v1/aanvragen"
Token = Callable[..., dict[str, str]]


@pytest.fixture
def afgehandeld_door_fastapi(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the requests FastAPI's own handler solved (the server runs in this process)."""
    teller: list[int] = []
    echt = fastapi.routing.solve_dependencies

    async def tellend(*args: Any, **kwargs: Any) -> Any:
        teller.append(1)
        return await echt(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", tellend)
    yield teller


async def test_goed_verzoek_neemt_het_snelle_pad(
    client: httpx.AsyncClient, token: Token, afgehandeld_door_fastapi: list[int]
) -> None:
    r = await client.post(
        URL, json=voorbeelden.tozo_levensonderhoud(), headers=token("loket") | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    assert afgehandeld_door_fastapi == []
    fout = await client.post(
        URL + "?x=1",
        json=voorbeelden.tozo_levensonderhoud(),
        headers=token("loket") | {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert fout.status_code == 400
    assert afgehandeld_door_fastapi == [1]


_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-0{15}1-01$")
_LOCATION = re.compile(r"^/api/v1/aanvragen/[0-9a-f-]{36}$")


def _normaal(r: httpx.Response) -> dict[str, Any]:
    """The answer without what differs between two new cases (id, reference, time, a new trace
    id): every header is kept, those four by their shape."""
    body: Any = r.content
    if r.headers.get("content-type", "").endswith("json"):
        body = r.json()
        if isinstance(body, dict) and r.status_code == 201:
            assert body["_links"] == {"self": {"href": r.headers["location"]}}
            for veld in ("id", "referentie", "ontvangenOp", "_links"):
                body.pop(veld, None)
    headers = [(k, v) for k, v in r.headers.multi_items() if k != "date"]
    for i, (k, v) in enumerate(headers):
        if k == "traceparent":
            m = _TRACEPARENT.match(v)
            assert m, v
            if m.group(1) not in r.request.headers.get("traceparent", ""):
                headers[i] = (k, "nieuw")
        elif k == "location":
            assert _LOCATION.match(v), v
            headers[i] = (k, "aanvraag")
        elif k == "content-length" and r.status_code == 201:
            headers[i] = (k, "n")  # the reference and time differ in length
    return {"status": r.status_code, "headers": headers, "body": body}


def _varianten(token: Token) -> list[tuple[str, dict[str, Any]]]:
    goed = voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud())
    tekst = json.dumps(goed).encode()
    loket = token("loket", sub="loket-snel")
    json_ct = {"Content-Type": "application/json"}
    return [
        ("goed", {"content": tekst, "headers": loket | json_ct}),
        (
            "traceparent",
            {
                "content": tekst,
                "headers": loket | json_ct | {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
            },
        ),
        ("in delen", {"content": InDelen(tekst), "headers": loket | json_ct}),
        ("te groot in delen", {"content": InDelen(b" " * 1_100_000 + tekst), "headers": loket | json_ct}),
        ("balie", {"content": tekst, "headers": token("balie", sub="balie-snel") | json_ct}),
        ("charset", {"content": tekst, "headers": loket | {"Content-Type": "application/json; charset=utf-8"}}),
        ("hoofdletters", {"content": tekst, "headers": loket | {"Content-Type": "Application/JSON"}}),
        ("plus-json", {"content": tekst, "headers": loket | {"Content-Type": "application/problem+json"}}),
        (
            "bearer klein",
            {"content": tekst, "headers": json_ct | {"Authorization": "bearer " + loket["Authorization"][7:]}},
        ),
        ("geen token", {"content": tekst, "headers": json_ct}),
        ("kapot token", {"content": tekst, "headers": json_ct | {"Authorization": "Bearer abc.def.ghi"}}),
        ("ander schema", {"content": tekst, "headers": json_ct | {"Authorization": "Basic dXNlcjpwdw=="}}),
        ("verkeerde rol", {"content": tekst, "headers": token("controleur") | json_ct}),
        ("andere gemeente", {"content": tekst, "headers": token("loket", gemeenten=("0344",)) | json_ct}),
        ("formulier", {"content": b"regeling=tozo", "headers": loket | {"Content-Type": "text/plain"}}),
        ("queryparameter", {"content": tekst, "headers": loket | json_ct, "params": {"regeling": "x"}}),
        ("kapotte json", {"content": b'{"regeling": ', "headers": loket | json_ct}),
        ("lege body", {"content": b"", "headers": loket | json_ct}),
        ("geen object", {"content": b"[1, 2]", "headers": loket | json_ct}),
        ("utf-16", {"content": tekst.decode().encode("utf-16"), "headers": loket | json_ct}),
        ("veldfout", {"content": tekst.replace(b"999970124", b"123456789"), "headers": loket | json_ct}),
        (
            "samenhang",
            {
                "content": json.dumps(voorbeelden.tozo_levensonderhoud(maanden=["2020-04", "2020-10"])).encode(),
                "headers": loket | json_ct,
            },
        ),
    ]


class InDelen:
    """A body sent in chunks without Content-Length (chunked transfer encoding): the server reads
    it as several messages, and one past the size limit fails while it is being read."""

    def __init__(self, tekst: bytes) -> None:
        self.tekst = tekst

    async def __aiter__(self) -> Any:
        for i in range(0, len(self.tekst), 65536):
            yield self.tekst[i : i + 65536]


async def _stuur(client: httpx.AsyncClient, variant: dict[str, Any], sleutel: str | None) -> httpx.Response:
    headers = dict(variant["headers"])
    if sleutel is not None:
        headers["Idempotency-Key"] = sleutel
    return await client.post(URL, content=variant["content"], headers=headers, params=variant.get("params"))


async def _telling_na(client: httpx.AsyncClient, status: str) -> tuple[float, float]:
    """The request counter and the duration histogram's count for POST /aanvragen, read after one
    more request: the server counts a request in the same event loop step as it writes the end of
    the answer, so once it has answered a later request the earlier one is counted."""
    assert (await client.get("/health/live")).status_code == 200
    return _telling(status)


def _telling(status: str) -> tuple[float, float]:
    """The request counter and the duration histogram's count for POST /aanvragen."""
    route = {"method": "POST", "route": "/aanvragen"}
    return (
        REGISTRY.get_sample_value("zl_http_requests_total", route | {"status": status}) or 0.0,
        REGISTRY.get_sample_value("zl_http_request_seconds_count", route) or 0.0,
    )


@pytest.mark.parametrize("sleutel", ["gewoon", "geen", "te lang", "leeg"])
async def test_snel_en_volledig_antwoorden_gelijk(
    client: httpx.AsyncClient, token: Token, monkeypatch: pytest.MonkeyPatch, sleutel: str
) -> None:
    def nieuwe_sleutel() -> str | None:
        return {"gewoon": str(uuid.uuid4()), "geen": None, "te lang": "k" * 201, "leeg": ""}[sleutel]

    for naam, variant in _varianten(token):
        voor = await _telling_na(client, "201")
        snel = await _stuur(client, variant, nieuwe_sleutel())
        na_snel = await _telling_na(client, str(snel.status_code))
        with monkeypatch.context() as m:
            m.setattr(snel_indienen, "_koppen", lambda scope: None)  # every request to FastAPI's router
            volledig = await _stuur(client, variant, nieuwe_sleutel())
        assert _normaal(snel) == _normaal(volledig), naam
        # Both counted once under the route template, in the same counter and histogram.
        assert (await _telling_na(client, str(volledig.status_code)))[1] == na_snel[1] + 1, naam
        if snel.status_code == 201:
            assert na_snel == (voor[0] + 1, voor[1] + 1), naam
            assert _telling("201") == (voor[0] + 2, voor[1] + 2), naam


async def test_onverwachte_fout_gelijk(
    base_url: str, token: Token, monkeypatch: pytest.MonkeyPatch, afgehandeld_door_fastapi: list[int]
) -> None:
    """An error no handler knows (here the database step failing) is the same 500 on both paths.
    uvicorn closes the connection after it, so each request has a connection of its own."""

    async def stuk(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database weg")

    monkeypatch.setattr(intake, "dien_in", stuk)
    variant = _varianten(token)[0][1]
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as eigen:
        snel = await _stuur(eigen, variant, str(uuid.uuid4()))
    assert afgehandeld_door_fastapi == []
    with monkeypatch.context() as m:
        m.setattr(snel_indienen, "_koppen", lambda scope: None)
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as eigen:
            volledig = await _stuur(eigen, variant, str(uuid.uuid4()))
    assert afgehandeld_door_fastapi == [1]
    assert snel.status_code == 500
    assert _normaal(snel) == _normaal(volledig)


async def test_herhaling_en_conflict_gelijk(
    client: httpx.AsyncClient, token: Token, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replay and a reused key with another body, first answered by one path, then by the other."""
    loket = token("loket", sub="loket-snel-herhaling")
    body = voorbeelden.tozo_levensonderhoud()
    anders = voorbeelden.tozo_levensonderhoud(maanden=["2020-04"], inkomsten=[])
    for eerst_snel in (True, False):
        sleutel = {"Idempotency-Key": str(uuid.uuid4())}
        antwoorden = []
        for snel, inhoud in (
            (eerst_snel, body),
            (not eerst_snel, body),
            (eerst_snel, anders),
            (not eerst_snel, anders),
        ):
            with monkeypatch.context() as m:
                if not snel:
                    m.setattr(snel_indienen, "_koppen", lambda scope: None)
                antwoorden.append(await client.post(URL, json=inhoud, headers=loket | sleutel))
        eerste, replay, conflict, conflict2 = antwoorden
        assert eerste.status_code == replay.status_code == 201
        assert replay.json() == eerste.json()
        assert replay.headers["Idempotent-Replayed"] == "true"
        assert conflict.status_code == conflict2.status_code == 409
        assert _normaal(conflict) == _normaal(conflict2)


async def test_dubbele_kop_telt_de_eerste(client: httpx.AsyncClient, token: Token) -> None:
    """Two Idempotency-Key headers: both paths use the first, as FastAPI reads headers."""
    eerste, tweede = str(uuid.uuid4()), str(uuid.uuid4())
    body = json.dumps(voorbeelden.tozo_levensonderhoud()).encode()
    headers = [
        *token("loket", sub="loket-dubbel").items(),
        ("Content-Type", "application/json"),
        ("Idempotency-Key", eerste),
        ("Idempotency-Key", tweede),
    ]
    r = await client.post(URL, content=body, headers=headers)
    assert r.status_code == 201, r.text
    nogmaals = await client.post(
        URL,
        content=body,
        headers=token("loket", sub="loket-dubbel") | {"Idempotency-Key": eerste, "Content-Type": "application/json"},
    )
    assert nogmaals.headers.get("Idempotent-Replayed") == "true"
    assert nogmaals.json()["id"] == r.json()["id"]
