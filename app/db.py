"""Database engine and the one place that decides which PostgreSQL the service talks to."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util import greenlet_spawn

from app import pgembedded
from app.config import Settings


def database_url(settings: Settings) -> str:
    """The configured database, or the embedded server started on demand."""
    if settings.database_url:
        return settings.database_url
    return pgembedded.ensure_running(settings.embedded_pg_dir, settings.embedded_pg_port)


def met_database(url: str, database: str) -> str:
    """The same server and credentials, another database."""
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def async_url(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("database URL must be a postgresql:// URL")


def create_engine(url: str, pool_size: int = 20) -> AsyncEngine:
    return create_async_engine(
        async_url(url),
        # At most 2 × pool_size connections as before, but each one opened is kept: overflow
        # connections are closed when they come back, so under load requests past the pool size
        # kept paying a new connection (TCP, TLS attempt, authentication, preparing the submit
        # statement again); bench/submit showed that as about 5% of the server's time.
        pool_size=2 * pool_size,
        max_overflow=0,
        # No pre-ping: it costs a round trip per checkout on the hot path; asyncpg raises on a
        # dead connection and the pool discards it.
        pool_recycle=3600,
        # The idempotent submit relies on READ COMMITTED: a second INSERT .. ON CONFLICT waits
        # for the first transaction and then sees its row.
        isolation_level="READ COMMITTED",
    )


@asynccontextmanager
async def driver(engine: AsyncEngine) -> AsyncIterator[asyncpg.Connection]:
    """An asyncpg connection from the engine's pool, outside any transaction: each statement on
    it is its own implicit transaction, committed when it completes. For the hot paths that are
    one or two statements (claim, release, case read): checking out through `AsyncConnection`
    and `get_raw_connection` cost three times as much CPU (176 µs against 57 µs per request,
    bench/werkvoorraad), more than the statements themselves."""
    fairy = await greenlet_spawn(engine.sync_engine.raw_connection)
    conn: asyncpg.Connection = fairy.driver_connection
    try:
        yield conn
    except BaseException as exc:
        # An error of ours or a refused statement leaves the connection as it was; a lost
        # connection, one left in a transaction, or an interrupted call (cancellation) does not:
        # the pool replaces it instead of handing it to the next request.
        if not isinstance(exc, Exception) or conn.is_closed() or conn.is_in_transaction():
            await greenlet_spawn(fairy.invalidate)
        raise
    finally:
        await greenlet_spawn(fairy.close)


def verbinding_verloren(exc: Exception) -> bool:
    """The database went away or is not back yet (a restart, a failover): connection refused,
    reset or timed out, the server's socket file gone (a `FileNotFoundError` without a file name
    comes from connecting, not from opening a file), the connection closed mid-statement, or
    PostgreSQL's own connection-exception (08) and shutdown/starting-up states (57P01-57P03); from
    SQLAlchemy or straight from asyncpg (the hot paths of `driver`). Another try may succeed; any
    other error would fail the same way again."""
    if isinstance(exc, ConnectionError | TimeoutError) or (isinstance(exc, FileNotFoundError) and not exc.filename):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        exc = exc.orig if isinstance(exc.orig, Exception) else exc
    sqlstate = getattr(exc, "sqlstate", None) or ""
    if sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03"):
        return True
    # asyncpg's own words for a connection found closed; SQLAlchemy's `is_disconnect` reads them too.
    return isinstance(exc, asyncpg.InterfaceError) and "connection is closed" in str(exc)
