"""Bearer tokens: who is calling, in which roles, for which municipalities.

Development signs HS256 tokens with a local secret (printed by the CLI); production verifies the
identity provider's tokens against its JWKS. Either way the claims are the same: `sub`, `name`,
`roles` and `gemeenten` (CBS municipality codes), and for an external adviser (`adviseur`, no
staff member of the municipality) `organisatie`: the adviser organisation it works for."""

import time
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import jwt

from app.config import Settings


class Rol(StrEnum):
    loket = "loket"
    balie = "balie"
    controleur = "controleur"
    consulent = "consulent"
    reviewer = "reviewer"
    teamleider = "teamleider"
    batch = "batch"
    beheer = "beheer"
    adviseur = "adviseur"  # an external adviser organisation: only its own viability studies


MEDEWERKERS = frozenset({Rol.balie, Rol.controleur, Rol.consulent, Rol.reviewer, Rol.teamleider, Rol.beheer})


@dataclass(frozen=True)
class Gebruiker:
    sub: str
    naam: str
    rollen: frozenset[Rol]
    gemeenten: frozenset[str]
    organisatie: str | None = None

    def mag_gemeente(self, gemeente: str) -> bool:
        return gemeente in self.gemeenten


class TokenOngeldig(Exception):
    """The token is missing, malformed, expired, for another audience or badly signed."""


@lru_cache(maxsize=4)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True)


def verifieer(token: str, settings: Settings) -> Gebruiker:
    """The caller behind a token. A loket sends the same service token with every request, so a
    verified token is remembered (until it expires) instead of checking its signature again."""
    gebruiker, verloopt = _verifieer(
        token, settings.jwks_url, settings.jwt_secret.get_secret_value(), settings.jwt_audience, settings.jwt_issuer
    )
    if verloopt <= time.time():
        _verifieer.cache_clear()
        raise TokenOngeldig("token verlopen")
    return gebruiker


@lru_cache(maxsize=4096)
def _verifieer(token: str, jwks_url: str | None, geheim: str, audience: str, issuer: str) -> tuple[Gebruiker, float]:
    try:
        if jwks_url:
            key: Any = _jwks_client(jwks_url).get_signing_key_from_jwt(token).key
            algorithms = ["RS256", "ES256", "PS256"]
        else:
            key = geheim
            algorithms = ["HS256"]
        claims = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "sub", "aud", "iss"]},
        )
    except (jwt.PyJWTError, ValueError) as err:
        raise TokenOngeldig(str(err)) from err
    rollen = claims.get("roles", [])
    gemeenten = claims.get("gemeenten", [])
    if not isinstance(rollen, list) or not isinstance(gemeenten, list):
        raise TokenOngeldig("claims roles en gemeenten moeten lijsten zijn")
    organisatie = claims.get("organisatie")
    if organisatie is not None and (not isinstance(organisatie, str) or not organisatie.strip()):
        raise TokenOngeldig("claim organisatie moet een naam zijn")
    bekende = {r.value for r in Rol}
    gebruiker = Gebruiker(
        sub=str(claims["sub"]),
        naam=str(claims.get("name", claims["sub"])),
        rollen=frozenset(Rol(r) for r in rollen if r in bekende),
        gemeenten=frozenset(str(g) for g in gemeenten),
        organisatie=organisatie,
    )
    return gebruiker, float(claims["exp"])


def maak_ontwikkeltoken(
    settings: Settings,
    sub: str,
    rollen: list[str],
    gemeenten: list[str],
    naam: str | None = None,
    geldig_seconden: int = 8 * 3600,
    organisatie: str | None = None,
) -> str:
    """A token signed with the development secret; refused when the service uses JWKS."""
    nu = int(time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "name": naam or sub,
        "roles": rollen,
        "gemeenten": gemeenten,
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "iat": nu,
        "exp": nu + geldig_seconden,
    }
    if organisatie is not None:
        claims["organisatie"] = organisatie
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")
