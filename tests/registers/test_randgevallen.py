"""Edge cases of parsing, trace context and the resilience envelope."""

from __future__ import annotations

import pytest

from app.registers.brp import parse_persoon
from app.registers.fouten import RegisterVerzoekGeweigerd
from app.registers.kvk import KvkClient, parse_basisprofiel, parse_kvk_datum
from app.registers.verwerking import TraceContext, nieuwe_trace_context
from app.registers.weerbaarheid import CircuitBreaker, RegisterVerbinding, TijdelijkeFout
from tests.registers.conftest import SNEL, Simulator


def test_answer_for_another_business_is_garbage() -> None:
    with pytest.raises(TijdelijkeFout) as info:
        parse_basisprofiel({"kvkNummer": "68750110"}, "69599084")
    assert info.value.ongeldig


def test_kvk_dates() -> None:
    assert parse_kvk_datum("20200317") is not None
    assert parse_kvk_datum("20200000") is None  # unknown month and day: no invented date
    assert parse_kvk_datum(None) is None
    with pytest.raises(TijdelijkeFout):
        parse_kvk_datum("17-03-2020")


def test_brp_person_without_bsn_or_with_bad_date_is_garbage() -> None:
    with pytest.raises(TijdelijkeFout):
        parse_persoon({"naam": {"voornamen": "X"}})
    with pytest.raises(TijdelijkeFout):
        parse_persoon({"burgerservicenummer": "999991012", "geboorte": {"datum": {"type": "Datum"}}})
    with pytest.raises(TijdelijkeFout):
        parse_persoon({"burgerservicenummer": "999991012", "partners": {"niet": "een lijst"}})


def test_trace_context() -> None:
    ouder = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    kind = nieuwe_trace_context(ouder)
    assert kind.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert kind.parent_span_id == "00f067aa0ba902b7" and kind.span_id != "00f067aa0ba902b7"
    for ongeldig in (None, "onzin", "00-" + "0" * 32 + "-00f067aa0ba902b7-01"):
        nieuw = nieuwe_trace_context(ongeldig)
        assert nieuw.parent_span_id is None and len(nieuw.trace_id) == 32
        assert nieuw.trace_id != "0" * 32


async def test_unexpected_error_releases_the_half_open_trial() -> None:
    klok = [0.0]
    breaker = CircuitBreaker(drempel=1, afkoeltijd=5.0, klok=lambda: klok[0])
    breaker.mislukt()
    klok[0] = 5.0
    verbinding = RegisterVerbinding("test", SNEL, breaker)

    async def stuk(_: TraceContext) -> int:
        raise KeyError("bug in our parser")

    with pytest.raises(KeyError):
        await verbinding.uitvoeren("op", None, None, stuk)
    assert breaker.mag_proberen()  # the trial was given back, not lost


async def test_gateway_404_without_kvk_body_is_a_refusal(simulator: Simulator) -> None:
    """A 404 that is not KvK's IPD0005 means a wrong base URL: a person must look, no retry."""
    async with KvkClient(f"{simulator.base_url}/verkeerd", "k", retry=SNEL) as client:
        with pytest.raises(RegisterVerzoekGeweigerd) as info:
            await client.basisprofiel("69599084")
    assert info.value.http_status == 404
