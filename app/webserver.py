"""uvicorn as we run it. uvicorn waits forever for the head of a request (a slowloris client
holds a connection with a byte now and then); this protocol gives the head `kop_timeout_seconden`
from the first byte, then answers 408 and closes. Bodies have their own timeout (HttpMiddleware)."""

import asyncio
import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.config import Settings, get_settings


class KopTimeoutProtocol(HttpToolsProtocol):
    # Tests set a short one on a subclass; the service reads its settings.
    kop_timeout: float | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kop_timeout = self.kop_timeout or get_settings().kop_timeout_seconden
        self._kopklok: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_kopklok()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_kopklok()

    def on_headers_complete(self) -> None:
        self._stop_kopklok()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_kopklok()
        super().connection_lost(exc)

    def _start_kopklok(self) -> None:
        self._stop_kopklok()
        self._kopklok = self.loop.call_later(self._kop_timeout, self._te_traag)

    def _stop_kopklok(self) -> None:
        if self._kopklok is not None:
            self._kopklok.cancel()
            self._kopklok = None

    def _te_traag(self) -> None:
        self._kopklok = None
        if self.transport.is_closing():
            return
        body = json.dumps(
            {
                "type": "https://zelfstandigenloket.nl/problemen/408",
                "title": "Het verzoek kwam te langzaam binnen.",
                "status": 408,
            }
        ).encode()
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/problem+json\r\n"
            + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
            + body
        )
        self.transport.close()


def uvicorn_opties(settings: Settings) -> dict[str, Any]:
    """What `serve` and the test server pass to uvicorn besides the app, host and port."""
    return {"http": KopTimeoutProtocol, "timeout_keep_alive": settings.keep_alive_seconden}
