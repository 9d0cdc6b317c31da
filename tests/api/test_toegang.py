"""Authentication, roles and municipality scope: 401, 403, and 404 for another municipality."""

import time
import uuid
from collections.abc import Callable

import httpx
import jwt
import pytest

from app.config import Settings
from tests import voorbeelden
from tests.conftest import UTRECHT

URL = "/api/v1/aanvragen"


@pytest.fixture(scope="module")
async def aanvraag_id(base_url: str, token: Callable[..., dict[str, str]]) -> str:
    async with httpx.AsyncClient(base_url=base_url) as c:
        r = await c.post(
            URL,
            json=voorbeelden.tozo_levensonderhoud(),
            headers=token("loket") | {"Idempotency-Key": str(uuid.uuid4())},
        )
    assert r.status_code == 201
    return str(r.json()["id"])


def _ongeldige_tokens(settings: Settings) -> dict[str, str]:
    nu = int(time.time())
    basis = {
        "sub": "x",
        "roles": ["loket"],
        "gemeenten": ["0363"],
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "exp": nu + 600,
    }
    geheim = settings.jwt_secret.get_secret_value()
    return {
        "verlopen": jwt.encode(basis | {"exp": nu - 10}, geheim, algorithm="HS256"),
        "andere-audience": jwt.encode(basis | {"aud": "iets-anders"}, geheim, algorithm="HS256"),
        "verkeerde-handtekening": jwt.encode(basis, "een-ander-geheim-van-voldoende-lengte!!", algorithm="HS256"),
        "geen-jwt": "dit.is.geen.token",
        "none-algoritme": jwt.encode(basis, None, algorithm="none"),
    }


async def test_ongeldige_tokens(client: httpx.AsyncClient, settings: Settings) -> None:
    for naam, t in _ongeldige_tokens(settings).items():
        r = await client.get(URL, headers={"Authorization": f"Bearer {t}"})
        assert r.status_code == 401, naam
        assert r.headers["content-type"] == "application/problem+json"
    assert (await client.get(URL)).status_code == 401


async def test_andere_gemeente_is_404(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], aanvraag_id: str
) -> None:
    utrecht = token("controleur", "loket", gemeenten=(UTRECHT,))
    for pad in ("", "/historie", "/documenten"):
        r = await client.get(f"{URL}/{aanvraag_id}{pad}", headers=utrecht)
        assert r.status_code == 404, pad
        assert r.headers["content-type"] == "application/problem+json"
    r = await client.post(f"{URL}/{aanvraag_id}/intrekkingen", json={}, headers=utrecht)
    assert r.status_code == 404
    r = await client.post(
        f"{URL}/{aanvraag_id}/documenten",
        headers=utrecht,
        files={"bestand": ("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        data={"soort": "overig"},
    )
    assert r.status_code == 404
    lijst = await client.get(URL, headers=utrecht)
    assert aanvraag_id not in {a["id"] for a in lijst.json()["aanvragen"]}
    onbekend = await client.get(f"{URL}/{uuid.uuid4()}", headers=token("controleur"))
    assert onbekend.status_code == 404


async def test_verkeerde_rol_is_403(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], aanvraag_id: str
) -> None:
    batch = token("batch")
    assert (await client.get(f"{URL}/{aanvraag_id}", headers=batch)).status_code == 403
    assert (await client.get(URL, headers=token("loket"))).status_code == 403
    r = await client.post(
        URL,
        json=voorbeelden.tozo_levensonderhoud(),
        headers=token("consulent") | {"Idempotency-Key": "k"},
    )
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    r = await client.post(URL + "/_zoek", json={"bsn": voorbeelden.AANVRAGER_BSN}, headers=token("loket"))
    assert r.status_code == 403
