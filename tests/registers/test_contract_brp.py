"""BRP simulator answers and our client's requests against Haal Centraal BRP Personen v2 (strict)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from app.registers.brp import FIELDS_PER_DOEL, Doel
from app.registers.contracten import brp_openapi
from app.registers.simulators.gegevens import laad_testgegevens
from app.registers.simulators.velden import AUTOMATISCH, veld_bestaat
from tests.registers.conftest import Simulator
from tests.registers.contractschema import fouten, strikte_registry, validator

URI = "urn:brp-personen"
REGISTRY = strikte_registry(brp_openapi(), URI)
ANTWOORD = validator(REGISTRY, URI, "PersonenQueryResponse")
VRAAG = validator(REGISTRY, URI, "PersonenQuery")
BAD_REQUEST = validator(REGISTRY, URI, "BadRequestFoutbericht")
FOUTBERICHT = validator(REGISTRY, URI, "Foutbericht")
PERSONEN = sorted(laad_testgegevens().personen)
# Every top-level field a stored person has (minus the automatic ones): asking for all of them
# validates the whole test person, not only the slice our client asks for.
ALLE_VELDEN = sorted({k for p in laad_testgegevens().personen.values() for k in p} - AUTOMATISCH)


async def _vraag(simulator: Simulator, body: dict[str, Any]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=simulator.brp_url) as http:
        return await http.post(
            "/personen",
            content=json.dumps(body),
            headers={"Content-Type": "application/json; charset=utf-8"},
        )


def _raadpleeg(bsn: str, velden: list[str]) -> dict[str, Any]:
    return {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [bsn], "fields": velden}


def test_strict_schema_rejects_drift() -> None:
    goed = {
        "type": "RaadpleegMetBurgerservicenummer",
        "personen": [
            {
                "burgerservicenummer": "999970124",
                "geboorte": {"datum": {"type": "Datum", "datum": "1988-02-01", "langFormaat": "1 februari 1988"}},
            }
        ],
    }
    assert fouten(ANTWOORD, goed) == []
    fout_type = json.loads(json.dumps(goed))
    fout_type["personen"][0]["geboorte"]["datum"] = {"type": "Datum", "jaar": 1988, "langFormaat": "1988"}
    assert fouten(ANTWOORD, fout_type)  # a Datum must carry `datum`, not `jaar`
    onbekend_veld = json.loads(json.dumps(goed))
    onbekend_veld["personen"][0]["geboortedatum"] = "1988-02-01"
    assert fouten(ANTWOORD, onbekend_veld)
    assert fouten(ANTWOORD, {**goed, "type": "ZoekMetIets"})


def test_client_request_fits_contract() -> None:
    for doel in Doel:
        body = _raadpleeg("999970124", list(FIELDS_PER_DOEL[doel]))
        assert fouten(VRAAG, body) == [], doel
        assert all(veld_bestaat(v) for v in FIELDS_PER_DOEL[doel]), doel
    assert fouten(VRAAG, {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["1"]})


@pytest.mark.parametrize("bsn", PERSONEN)
async def test_simulator_answer_fits_contract(simulator: Simulator, bsn: str) -> None:
    for velden in (list(FIELDS_PER_DOEL[Doel.VERIFICATIE]), ALLE_VELDEN):
        response = await _vraag(simulator, _raadpleeg(bsn, velden))
        assert response.status_code == 200
        assert fouten(ANTWOORD, response.json()) == []
        assert response.json()["personen"][0]["burgerservicenummer"] == bsn


async def test_fields_limits_the_answer(simulator: Simulator) -> None:
    response = await _vraag(simulator, _raadpleeg("999970124", ["partners.burgerservicenummer"]))
    assert response.json()["personen"] == [{"partners": [{"burgerservicenummer": "999970136"}]}]


async def test_unknown_person_is_empty_list(simulator: Simulator) -> None:
    response = await _vraag(simulator, _raadpleeg("111222333", ["burgerservicenummer"]))
    assert response.status_code == 200
    assert response.json() == {"type": "RaadpleegMetBurgerservicenummer", "personen": []}


@pytest.mark.parametrize("velden", [["bestaatNiet"], ["geboorte.tijd"], ["opschortingBijhouding"], []])
async def test_bad_fields_are_400_problem(simulator: Simulator, velden: list[str]) -> None:
    response = await _vraag(simulator, _raadpleeg("999970124", velden))
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert fouten(BAD_REQUEST, response.json()) == []


async def test_unavailable_is_503_foutbericht(simulator: Simulator) -> None:
    from app.registers.simulators import Storing

    simulator.storingen.zet("brp", Storing(modus="down"))
    response = await _vraag(simulator, _raadpleeg("999970124", ["burgerservicenummer"]))
    assert response.status_code == 503
    assert fouten(FOUTBERICHT, response.json()) == []
