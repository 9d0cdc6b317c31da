"""KvK simulator answers against the Basisprofiel contract (strict), so simulator and client agree."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from app.registers.contracten import kvk_openapi
from app.registers.simulators.gegevens import laad_testgegevens
from tests.registers.conftest import Simulator
from tests.registers.contractschema import fouten, strikte_registry, validator

URI = "urn:kvk-basisprofiel"
# KvK's live API (1.5, HAL) sends `_links` objects where the vendored 1.3 document has a `links`
# array; the recorded answers show it. Allowed explicitly, and nothing else.
HAL = {"_links": {"type": "object"}}
REGISTRY = strikte_registry(kvk_openapi(), URI, extra={"Basisprofiel": HAL, "Eigenaar": HAL, "Vestiging": HAL})
BASISPROFIEL = validator(REGISTRY, URI, "Basisprofiel")
FOUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["fout"],
    "additionalProperties": False,
    "properties": {
        "fout": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "omschrijving"],
                "additionalProperties": False,
                "properties": {"code": {"type": "string"}, "omschrijving": {"type": "string"}},
            },
        }
    },
}
ALLE = sorted(laad_testgegevens().basisprofielen)


def test_strict_schema_rejects_drift() -> None:
    """The validator can fail: an unknown field or a wrong type is caught."""
    goed = laad_testgegevens().basisprofielen["69599084"]
    assert fouten(BASISPROFIEL, goed) == []
    assert fouten(BASISPROFIEL, {**goed, "registratieDatum": "20200101"})
    assert fouten(BASISPROFIEL, {**goed, "totaalWerkzamePersonen": "1"})
    fout_embedded = json.loads(json.dumps(goed))
    fout_embedded["_embedded"]["eigenaar"]["naamEigenaar"] = "Dagobert"
    assert fouten(BASISPROFIEL, fout_embedded)


@pytest.mark.parametrize("kvk_nummer", ALLE)
async def test_simulator_answer_fits_contract(simulator: Simulator, kvk_nummer: str) -> None:
    async with httpx.AsyncClient(base_url=simulator.kvk_url, headers={"apikey": "x"}) as http:
        response = await http.get(f"/v1/basisprofielen/{kvk_nummer}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/hal+json")
    assert fouten(BASISPROFIEL, response.json()) == []
    assert response.json()["kvkNummer"] == kvk_nummer


async def test_recorded_answers_are_served_unchanged(simulator: Simulator) -> None:
    """69599084 is KvK's own recorded test answer; the simulator must not embellish it."""
    async with httpx.AsyncClient(base_url=simulator.kvk_url, headers={"apikey": "x"}) as http:
        response = await http.get("/v1/basisprofielen/69599084")
    profiel = response.json()
    assert profiel["naam"] == "Test EMZ Dagobert"
    assert profiel["_embedded"]["eigenaar"]["rechtsvorm"] == "Eenmanszaak"
    assert "naam" not in profiel["_embedded"]["eigenaar"]  # the owner is not named


async def test_not_found_is_kvk_error_body(simulator: Simulator) -> None:
    async with httpx.AsyncClient(base_url=simulator.kvk_url, headers={"apikey": "x"}) as http:
        response = await http.get("/v1/basisprofielen/12345678")
    assert response.status_code == 404
    assert list(Draft202012Validator(FOUT_SCHEMA).iter_errors(response.json())) == []
    assert response.json()["fout"][0]["code"] == "IPD0005"
