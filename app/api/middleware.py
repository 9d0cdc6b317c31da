"""Cross-cutting HTTP concerns as plain ASGI middleware: trace context, request size limit,
API-Version and security headers, metrics and one structured log line per request."""

import re
import time
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


def _trace(scope: Scope) -> Trace:
    for naam, waarde in scope.get("headers", []):
        if naam == b"traceparent":
            m = _TRACEPARENT.match(waarde.decode("latin-1"))
            if m and m.group(1) != "0" * 32:
                return Trace(m.group(1), m.group(2))
    return Trace.nieuw()


class HttpMiddleware:
    def __init__(self, app: ASGIApp, api_version: str, max_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.api_version = api_version.encode()
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes

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
            message = await receive()
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
        VERZOEKEN.labels(scope["method"], pad, str(status)).inc()
        DUUR.labels(scope["method"], pad).observe(duur)
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
    import json

    body = json.dumps(
        {
            "type": "https://zelfstandigenloket.nl/problemen/413",
            "title": "Het verzoek is te groot.",
            "status": 413,
            "detail": f"Het verzoek mag hoogstens {limiet} bytes zijn.",
            "instance": scope["path"],
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
