"""Small helpers shared by the REST clients."""

from __future__ import annotations

from typing import Any

import httpx

from app.registers.weerbaarheid import TijdelijkeFout


def json_object(response: httpx.Response) -> dict[str, Any]:
    """The body as a JSON object, or a retryable 'garbage answer' fault."""
    try:
        body = response.json()
    except ValueError as exc:
        raise TijdelijkeFout(f"no JSON in answer (HTTP {response.status_code})", ongeldig=True) from exc
    if not isinstance(body, dict):
        raise TijdelijkeFout("JSON answer is not an object", ongeldig=True)
    return body


def maak_async_client(
    base_url: str,
    timeout: float,
    headers: dict[str, str],
    verify: bool | str,
    cert: tuple[str, str] | None,
    transport: httpx.AsyncBaseTransport | None,
) -> httpx.AsyncClient:
    # Connect quickly or not at all; reading may take the full timeout (BRP can be slow).
    tijd = httpx.Timeout(timeout, connect=min(timeout, 5.0))
    return httpx.AsyncClient(
        base_url=base_url.rstrip("/"),
        timeout=tijd,
        headers=headers,
        verify=verify,
        cert=cert,
        transport=transport,
    )
