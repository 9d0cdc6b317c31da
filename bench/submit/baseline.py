"""The baseline: a bare FastAPI endpoint that stores the same JSON with one asyncpg INSERT."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request, Response

TABEL = "CREATE TABLE IF NOT EXISTS bench_ruw (id bigserial PRIMARY KEY, body jsonb NOT NULL)"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(os.environ["BENCH_DATABASE_URL"], min_size=10, max_size=20)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/api/v1/aanvragen", status_code=201)
async def opslaan(request: Request) -> Response:
    body = await request.body()
    async with request.app.state.pool.acquire() as conn:
        ident = await conn.fetchval("INSERT INTO bench_ruw (body) VALUES ($1::jsonb) RETURNING id", body.decode())
    return Response(f'{{"id": {ident}}}', status_code=201, media_type="application/json")
