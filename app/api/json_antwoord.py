"""A JSON answer from plain values (UUIDs, dates and times as pydantic writes them), for hot
paths: a route returning its response model has it validated and serialised again by FastAPI,
which cost more than the database work of a claim or a case read (bench/werkvoorraad). The
routes keep their `response_model` for the OpenAPI document; tests check the bodies against it."""

from typing import Any

from pydantic_core import to_json
from starlette.responses import Response


class JsonAntwoord(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return to_json(content)
