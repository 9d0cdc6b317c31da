"""Cross-cutting HTTP concerns as plain ASGI middleware: trace context, request size limit and
body read timeout, API-Version and security headers, metrics and one structured log line per
request; and a request rate limit per token."""

import asyncio
import hashlib
import json
import math
import re
import time
from collections import OrderedDict
from typing import Any

import structlog
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.audit.logboek import Trace

VERZOEKEN = Counter("zl_http_requests_total", "HTTP requests", ["method", "route", "status"])
DUUR = Histogram("zl_http_request_seconds", "HTTP request duration", ["method", "route"])

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]

log = structlog.get_logger("http")
_MAX_AFVOER = 64 * 1024 * 1024


class TeGroot(Exception):
    """The body grew past its limit while streaming (no or a false Content-Length)."""


class TeTraag(Exception):
    """The client sent its body too slowly (a slow-body attack, or a connection that died)."""


def _trace(scope: Scope) -> Trace:
    for naam, waarde in scope.get("headers", []):
        if naam == b"traceparent":
            m = _TRACEPARENT.match(waarde.decode("latin-1"))
            if m and m.group(1) != "0" * 32:
                return Trace(m.group(1), m.group(2))
    return Trace.nieuw()


class HttpMiddleware:
    def __init__(
        self, app: ASGIApp, api_version: str, max_bytes: int, max_upload_bytes: int, body_timeout: float
    ) -> None:
        self.app = app
        self.api_version = api_version.encode()
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes
        self.body_timeout = body_timeout
        # Keyed by method, route template and status: bounded by the routes, not by the URLs.
        self._meters: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        trace = _trace(scope)
        scope.setdefault("state", {})["trace"] = trace
        start = time.perf_counter()
        status = 500
        limiet = self.max_upload_bytes if scope["path"].endswith("/documenten") else self.max_bytes

        async def send_met_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                bestaand = {k for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in bestaand]
                headers.append((b"api-version", self.api_version))
                headers.append((b"traceparent", f"00-{trace.trace_id}-{'0' * 15}1-01".encode()))
                message["headers"] = headers
            await send(message)

        lengte = _content_length(scope)
        if lengte is not None and lengte > limiet:
            if lengte <= _MAX_AFVOER:
                # Read and discard the body so the client hears the answer instead of a reset.
                while (await receive()).get("more_body", False):
                    pass
            await _te_groot(scope, send_met_headers, limiet)
            self._meet(scope, 413, start)
            return

        ontvangen = 0

        async def receive_begrensd() -> Message:
            nonlocal ontvangen
            try:
                # asyncio.timeout rather than wait_for: wait_for wraps every receive in a new Task.
                async with asyncio.timeout(self.body_timeout):
                    message = await receive()
            except TimeoutError as err:
                raise TeTraag() from err
            if message["type"] == "http.request":
                ontvangen += len(message.get("body", b""))
                if ontvangen > limiet:
                    raise TeGroot()
            return message

        try:
            await self.app(scope, receive_begrensd, send_met_headers)
        finally:
            self._meet(scope, status, start)

    def _meet(self, scope: Scope, status: int, start: float) -> None:
        route = scope.get("route")
        pad = getattr(route, "path", "onbekend")
        duur = time.perf_counter() - start
        sleutel = (scope["method"], pad, status)
        meters = self._meters.get(sleutel)
        if meters is None:
            # A labelled child lives as long as its metric; looking it up per request takes a lock.
            meters = self._meters[sleutel] = (
                VERZOEKEN.labels(scope["method"], pad, str(status)),
                DUUR.labels(scope["method"], pad),
            )
        meters[0].inc()
        meters[1].observe(duur)
        # The route template, never the concrete URL: no identifiers or query strings in logs.
        log.info("verzoek", method=scope["method"], route=pad, status=status, ms=round(duur * 1000, 1))


def _content_length(scope: Scope) -> int | None:
    for naam, waarde in scope.get("headers", []):
        if naam == b"content-length":
            try:
                return int(waarde)
            except ValueError:
                return None
    return None


async def _te_groot(scope: Scope, send: Any, limiet: int) -> None:
    detail = f"Het verzoek mag hoogstens {limiet} bytes zijn."
    await _probleem(scope, send, 413, "Het verzoek is te groot.", detail, [(b"connection", b"close")])


async def _probleem(
    scope: Scope, send: Any, status: int, titel: str, detail: str, headers: list[tuple[bytes, bytes]]
) -> None:
    """A problem+json answer written before the app is reached (no exception handlers here)."""
    body = json.dumps(
        {
            "type": f"https://zelfstandigenloket.nl/problemen/{status}",
            "title": titel,
            "status": status,
            "detail": detail,
            "instance": scope["path"],
        }
    ).encode()
    kop = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": kop + headers})
    await send({"type": "http.response.body", "body": body})


class Verzoeklimiet:
    """A token bucket per bearer token (per client address without one): `per_seconde` on
    average, bursts up to `burst`; beyond that 429 with Retry-After. Keyed on a hash of the token
    as sent, never on its unverified claims, which anyone could forge to drain another's bucket.
    Per process: with several uvicorn workers each has its own buckets."""

    def __init__(self, app: ASGIApp, per_seconde: float, burst: int, max_sleutels: int = 100_000) -> None:
        self.app = app
        self.per_seconde = per_seconde
        self.burst = float(burst)
        self.max_sleutels = max_sleutels
        self.emmers: OrderedDict[bytes, tuple[float, float]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.per_seconde <= 0 or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        sleutel = _sleutel(scope)
        nu = time.monotonic()
        tegoed, toen = self.emmers.pop(sleutel, (self.burst, nu))
        tegoed = min(self.burst, tegoed + (nu - toen) * self.per_seconde)
        if tegoed < 1.0:
            self.emmers[sleutel] = (tegoed, nu)
            wacht = str(max(1, math.ceil((1.0 - tegoed) / self.per_seconde))).encode()
            detail = f"Hoogstens {self.per_seconde:g} verzoeken per seconde per token; probeer het straks opnieuw."
            await _probleem(scope, send, 429, "Te veel verzoeken.", detail, [(b"retry-after", wacht)])
            return
        self.emmers[sleutel] = (tegoed - 1.0, nu)
        if len(self.emmers) > self.max_sleutels:
            self.emmers.popitem(last=False)  # the longest unused bucket; it would be full by now anyway
        await self.app(scope, receive, send)


def _sleutel(scope: Scope) -> bytes:
    for naam, waarde in scope.get("headers", []):
        if naam == b"authorization":
            return hashlib.blake2b(waarde, digest_size=16).digest()
    client = scope.get("client")
    return f"adres:{client[0] if client else '?'}".encode()
