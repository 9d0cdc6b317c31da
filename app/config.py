"""All settings in one place, read from the environment (prefix ZL_) or a .env file."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZL_", env_file=".env", extra="ignore")

    # Unset means: start the embedded PostgreSQL below. DATABASE_URL without prefix is the
    # convention every platform uses, so it is accepted as is.
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    embedded_pg_dir: Path = ROOT / "var" / "pg"
    embedded_pg_port: int = 54329
    db_pool_size: int = 20
    migrations_dir: Path = ROOT / "migrations"

    api_version: str = "1.0.0"
    # Development signs tokens with this secret (HS256); production sets jwks_url and verifies
    # the identity provider's RS256/ES256 signatures instead.
    jwt_secret: SecretStr = SecretStr("ontwikkel-geheim-niet-voor-productie-0123456789abcdef")
    jwks_url: str | None = None
    jwt_audience: str = "zelfstandigenloket"
    jwt_issuer: str = "zelfstandigenloket-dev"

    # Key for the encrypted BSN in the processing log (AES-256-GCM, urlsafe base64 of 32 bytes).
    logboek_sleutel: SecretStr = SecretStr("bG9nYm9lay1vbnR3aWtrZWwtc2xldXRlbC0wMDAwMDA=")

    # `/metrics` answers a bearer token with the role `beheer`, or this static token when set: the
    # one Prometheus sends from a file (`authorization: {credentials_file: ...}`), as a scraper
    # cannot log in. Unset: only `beheer` tokens.
    metrics_token: SecretStr | None = None

    max_request_bytes: int = 1_000_000
    # Per bearer token (per client address without one), per API process: sustained rate and
    # burst; 0 switches the limit off. A loket's service token is the busiest caller there is.
    verzoeken_per_seconde: float = 1000.0
    verzoeken_burst: int = 2000
    # Slow clients: the request head must be complete within kop_timeout, each part of the body
    # must arrive within body_timeout; an idle keep-alive connection closes after keep_alive.
    kop_timeout_seconden: float = 10.0
    body_timeout_seconden: float = 30.0
    keep_alive_seconden: int = 5
    max_document_bytes: int = 10 * 1024 * 1024
    cors_origins: list[str] = []
    # FastAPI's own OpenTelemetry instrumentation. Off: the service writes its own trace context,
    # metrics and request log (api/middleware.py), and with it on but no OpenTelemetry provider
    # configured FastAPI still looks the providers up in the environment on every request (3% of
    # the API's time in bench/werkvoorraad). On for an operator who configures OpenTelemetry.
    fastapi_telemetrie: bool = False

    # Development and tests: `serve` starts our simulators of the three register contracts.
    start_simulatoren: bool = True
    kvk_base_url: str = "http://127.0.0.1:8099/kvk"
    kvk_api_key: SecretStr = SecretStr("simulator")
    brp_base_url: str = "http://127.0.0.1:8099/brp"
    brp_api_key: SecretStr = SecretStr("simulator")
    suwinet_base_url: str = "http://127.0.0.1:8099/suwinet"
    register_timeout_seconds: float = 5.0
    verificatie_poll_seconden: float = 1.0
    verificatie_werkers: int = 8
    termijnbewaking_seconden: float = 300.0
    # How often the worker folds the stuurinformatie deltas into the summary (migration 0022).
    samenvatting_seconden: float = 2.0

    # The account payment files (pain.001) pay from, unless the municipality set its own
    # (gemeente_instellingen.betaal_iban); municipalities bank with BNG Bank.
    betaal_iban: str = "NL14BNGH0285001234"
    betaal_bic: str | None = "BNGHNL2G"
    # Per municipality a CSV `{gemeente}.csv` (postcode4,wijk) for the figures by district.
    wijkindelingen_map: Path = ROOT / "app" / "stuurinformatie" / "wijkindelingen"

    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"


@lru_cache
def get_settings() -> Settings:
    return Settings()
