"""Command line: serve the API, migrate, print development tokens."""

import os
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
import uvicorn
from alembic import command
from alembic.config import Config

from app.auth import maak_ontwikkeltoken
from app.config import ROOT, get_settings
from app.db import database_url
from app.hulpprocessen import Hulpprocessen
from app.webserver import uvicorn_opties

cli = typer.Typer(help="Zelfstandigenloket: Tozo en Bbz.", no_args_is_help=True)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(get_settings().migrations_dir))
    config.attributes["url"] = url
    return config


def migreer(url: str, revisie: str = "head") -> None:
    command.upgrade(alembic_config(url), revisie)


@cli.command()
def migrate(revisie: str = "head") -> None:
    """Bring the database schema to REVISIE (default: the newest)."""
    migreer(database_url(get_settings()), revisie)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    workers: int = 1,
) -> None:
    """Migrate, start the verification worker (and the register simulators in development), then
    serve the API. Starts the embedded PostgreSQL when DATABASE_URL is unset."""
    settings = get_settings()
    url = database_url(settings)
    migreer(url)
    typer.echo(f"database: {url}", err=True)
    env = {**os.environ, "DATABASE_URL": url}
    os.environ["DATABASE_URL"] = url
    hulpprocessen = Hulpprocessen(env)
    if settings.start_simulatoren:
        # On the port the register URLs name, so a second instance (bench, tests) can run beside `make run`.
        hulpprocessen.start("app.registers.simulators", str(urlsplit(settings.kvk_base_url).port or 80))
    hulpprocessen.start("app.cli", "worker")
    hulpprocessen.start("app.cli", "brieven-worker")
    hulpprocessen.bewaak()
    try:
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=workers,
            log_level=settings.log_level,
            access_log=False,
            **uvicorn_opties(settings),
        )
    finally:
        hulpprocessen.stop()


@cli.command()
def worker() -> None:
    """Verify received applications against the registers, and close expired hersteltermijnen
    (Awb 4:5) and remind advisers of late viability studies every `termijnbewaking_seconden`, and
    fold the stuurinformatie deltas every `samenvatting_seconden`, until stopped (SIGTERM or Ctrl-C)."""
    import asyncio
    import signal

    import uvloop

    from app.db import create_engine
    from app.main import configureer_logging, freeze_startup_objects
    from app.stuurinformatie.bijwerken import samenvattingbewaking
    from app.workflows.herstel import termijnbewaking
    from app.workflows.levensvatbaarheid import herinneringsbewaking
    from app.workflows.verificatie import werker

    settings = get_settings()
    configureer_logging(settings.log_level)

    async def draai() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        engine = create_engine(database_url(settings), settings.verificatie_werkers + 2)
        freeze_startup_objects()
        try:
            await asyncio.gather(
                werker(engine, settings, stop, settings.verificatie_werkers),
                termijnbewaking(engine, stop, settings.termijnbewaking_seconden),
                herinneringsbewaking(engine, stop, settings.termijnbewaking_seconden),
                samenvattingbewaking(engine, stop, settings.samenvatting_seconden),
            )
        finally:
            await engine.dispose()

    # uvicorn's event loop, as the API has: a fifth less CPU per verified case than asyncio's own
    # (bench.registers --werker: 13.2-14.4 → 10.8-11.3 ms per application).
    uvloop.run(draai())


@cli.command("brieven-worker")
def brieven_worker(
    heartbeat: Annotated[float, typer.Option(help="Seconds without heartbeat before a job is re-picked.")] = 30.0,
    leeg_stoppen: Annotated[bool, typer.Option("--leeg-stoppen", help="Stop when the queue is empty.")] = False,
) -> None:
    """Render decision letters (beschikkingen) from the pgqueuer queue until stopped; run as many
    as you like, on as many machines as you like."""
    import asyncio
    import signal
    from datetime import timedelta

    import uvloop

    from app.db import create_engine
    from app.main import configureer_logging, freeze_startup_objects
    from app.workflows.brievenwerker import werker

    settings = get_settings()
    configureer_logging(settings.log_level)
    url = database_url(settings)

    async def draai() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        engine = create_engine(url, 4)
        freeze_startup_objects()
        try:
            await werker(engine, url, stop, heartbeat=timedelta(seconds=heartbeat), leeg_stoppen=leeg_stoppen)
        finally:
            await engine.dispose()

    uvloop.run(draai())


@cli.command()
def batch(
    gemeente: Annotated[
        list[str], typer.Option("--gemeente", help="CBS-code, herhaalbaar: de batch blijft daarbinnen.")
    ],
    soort: Annotated[
        str, typer.Argument(help="openstaande-brieven of herziening-na-normwijziging")
    ] = "openstaande-brieven",
    door: str = "cli",
) -> None:
    """Start a batch within the given municipalities: enqueue every letter without a PDF, or
    re-issue decided awards whose amount changed after a norm change (the brieven-workers plan,
    evaluate and render it; follow it with GET /api/v1/batches/{id}); prints the id and total."""
    import asyncio
    from datetime import UTC, datetime

    from app.db import create_engine
    from app.workflows.batches import start_batch

    async def draai() -> None:
        engine = create_engine(database_url(get_settings()), 2)
        try:
            b = await start_batch(engine, soort, door, datetime.now(UTC), gemeente)
            if b.status == "plannen":
                typer.echo(f"batch {b.id} ({soort}): aangemaakt, de brieven-workers berekenen opnieuw")
            else:
                typer.echo(f"batch {b.id} ({soort}): {b.totaal} brieven gepland")
        finally:
            await engine.dispose()

    asyncio.run(draai())


@cli.command()
def betaalbestand(
    gemeente: Annotated[str, typer.Option(help="CBS-code van de gemeente.")],
    datum: Annotated[str | None, typer.Option(help="Uitvoerdatum JJJJ-MM-DD; standaard vandaag.")] = None,
    uit: Annotated[Path | None, typer.Option(help="Schrijf het pain.001-bestand hierheen.")] = None,
    door: str = "cli",
) -> None:
    """Make (or fetch) the SEPA transfer file of one day: everything still to pay."""
    import asyncio
    from datetime import UTC, date, datetime

    from app.db import create_engine
    from app.workflows import betaalbestanden

    settings = get_settings()

    async def draai() -> None:
        engine = create_engine(database_url(settings), 2)
        try:
            nu = datetime.now(UTC)
            dag = date.fromisoformat(datum) if datum else nu.astimezone(betaalbestanden.AMSTERDAM).date()
            bestand, nieuw = await betaalbestanden.maak(
                engine, gemeente, dag, door, nu, settings.betaal_iban, settings.betaal_bic
            )
            if bestand is None:
                typer.echo("niets te betalen")
                return
            _, xml = await betaalbestanden.lees(engine, bestand.id, [gemeente])
            if uit is not None:
                uit.write_bytes(xml)
            typer.echo(
                f"betaalbestand {bestand.id} ({'nieuw' if nieuw else 'bestond al'}): {bestand.aantal} betalingen, "
                f"{bestand.totaal_cent} cent"
            )
        finally:
            await engine.dispose()

    asyncio.run(draai())


@cli.command()
def token(
    rol: Annotated[list[str], typer.Option("--rol", help="Rol, herhaalbaar.")],
    gemeente: Annotated[list[str], typer.Option("--gemeente", help="CBS-code, herhaalbaar.")],
    sub: str = "ontwikkelaar",
    naam: str | None = None,
    uren: int = 8,
    organisatie: Annotated[
        str | None, typer.Option("--organisatie", help="Adviesbureau, voor de rol adviseur (zoals IMK).")
    ] = None,
) -> None:
    """Print a development token (HS256, the local secret)."""
    typer.echo(maak_ontwikkeltoken(get_settings(), sub, rol, gemeente, naam, uren * 3600, organisatie))


@cli.command()
def openapi(uit: Path = ROOT / "openapi" / "openapi.json") -> None:
    """Write the OpenAPI document the code produces to the committed file."""
    import json

    from app.main import create_app

    uit.parent.mkdir(parents=True, exist_ok=True)
    uit.write_text(json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
