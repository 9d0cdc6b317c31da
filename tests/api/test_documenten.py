"""Evidence uploads: PDF, PNG and JPEG by content; size limit; list and download."""

import hashlib
import uuid
from collections.abc import Callable

import httpx
import pytest

from tests import voorbeelden

URL = "/api/v1/aanvragen"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 32


@pytest.fixture
async def aanvraag(client: httpx.AsyncClient, token: Callable[..., dict[str, str]]) -> str:
    r = await client.post(
        URL,
        json=voorbeelden.tozo_levensonderhoud(),
        headers=token("loket") | {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201
    return f"{URL}/{r.json()['id']}"


@pytest.mark.parametrize(("inhoud", "type_"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")])
async def test_upload_lijst_download(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], aanvraag: str, inhoud: bytes, type_: str
) -> None:
    # The name lies on purpose: only the content decides.
    r = await client.post(
        aanvraag + "/documenten",
        headers=token("loket"),
        files={"bestand": ("bewijs.txt", inhoud, "text/plain")},
        data={"soort": "identiteitsbewijs-aanvrager"},
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["mediatype"] == type_
    assert doc["sha256"] == hashlib.sha256(inhoud).hexdigest()
    lijst = (await client.get(aanvraag + "/documenten", headers=token("controleur"))).json()
    assert [d["id"] for d in lijst["documenten"]] == [doc["id"]]
    download = await client.get(doc["_links"]["inhoud"]["href"], headers=token("controleur"))
    assert download.status_code == 200
    assert download.content == inhoud
    assert download.headers["content-type"] == type_


@pytest.mark.parametrize(
    "inhoud",
    [b"MZ\x90\x00 windows executable", b"<html><script>alert(1)</script></html>", b"GIF89a\x01\x00\x01\x00"],
)
async def test_ander_type_geweigerd(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], aanvraag: str, inhoud: bytes
) -> None:
    r = await client.post(
        aanvraag + "/documenten",
        headers=token("loket"),
        files={"bestand": ("bewijs.pdf", inhoud, "application/pdf")},
        data={"soort": "overig"},
    )
    assert r.status_code == 415
    assert r.headers["content-type"] == "application/problem+json"
    assert (await client.get(aanvraag + "/documenten", headers=token("loket"))).json()["documenten"] == []


async def test_te_groot_en_leeg_en_onbekende_soort(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], aanvraag: str
) -> None:
    groot = PDF + b"0" * (10 * 1024 * 1024)
    r = await client.post(
        aanvraag + "/documenten",
        headers=token("loket"),
        files={"bestand": ("groot.pdf", groot, "application/pdf")},
        data={"soort": "overig"},
    )
    assert r.status_code == 413
    r = await client.post(
        aanvraag + "/documenten",
        headers=token("loket"),
        files={"bestand": ("leeg.pdf", b"", "application/pdf")},
        data={"soort": "overig"},
    )
    assert r.status_code == 400
    r = await client.post(
        aanvraag + "/documenten",
        headers=token("loket"),
        files={"bestand": ("a.pdf", PDF, "application/pdf")},
        data={"soort": "paspoortfoto"},
    )
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["name"] == "soort"
    r = await client.post(aanvraag + "/documenten", headers=token("loket"), json={"bestand": "x"})
    assert r.status_code == 400


async def test_onbekend_document(
    client: httpx.AsyncClient, token: Callable[..., dict[str, str]], aanvraag: str
) -> None:
    r = await client.get(f"{aanvraag}/documenten/{uuid.uuid4()}/inhoud", headers=token("loket"))
    assert r.status_code == 404
