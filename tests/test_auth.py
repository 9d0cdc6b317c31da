"""Production verifies tokens against the identity provider's JWKS; served here over real HTTP."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app.auth import TokenOngeldig, maak_ontwikkeltoken, verifieer
from app.config import Settings

SLEUTEL = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    publiek = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(SLEUTEL.public_key()))
    body = json.dumps({"keys": [publiek | {"kid": "idp-1", "use": "sig", "alg": "RS256"}]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()


def _idp_token(settings: Settings, **extra: Any) -> str:
    claims = {
        "sub": "medewerker-9",
        "roles": ["controleur"],
        "gemeenten": ["0995"],
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "exp": int(time.time()) + 600,
    } | extra
    return jwt.encode(claims, SLEUTEL, algorithm="RS256", headers={"kid": "idp-1"})


def test_jwks_token_geaccepteerd(jwks_url: str) -> None:
    settings = Settings(database_url="postgresql://x@localhost/x", jwks_url=jwks_url)
    gebruiker = verifieer(_idp_token(settings), settings)
    assert gebruiker.sub == "medewerker-9" and gebruiker.gemeenten == {"0995"}


def test_jwks_weigert_ontwikkeltoken_en_verlopen(jwks_url: str) -> None:
    settings = Settings(database_url="postgresql://x@localhost/x", jwks_url=jwks_url)
    with pytest.raises(TokenOngeldig):
        verifieer(maak_ontwikkeltoken(settings, "x", ["loket"], ["0363"]), settings)
    with pytest.raises(TokenOngeldig):
        verifieer(_idp_token(settings, exp=int(time.time()) - 5), settings)
    with pytest.raises(TokenOngeldig):
        verifieer(_idp_token(settings, aud="iets-anders"), settings)


def test_onthouden_token_verloopt_toch() -> None:
    """The cache of verified tokens never outlives a token's own expiry."""
    settings = Settings(database_url="postgresql://x@localhost/x")
    token = maak_ontwikkeltoken(settings, "x", ["loket"], ["0363"], geldig_seconden=2)
    assert verifieer(token, settings).sub == "x"
    time.sleep(2.1)
    with pytest.raises(TokenOngeldig):
        verifieer(token, settings)
