"""Faults injected at the simulator: retries, timeouts, garbage, 429, and the circuit breaker."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from app.registers.brp import BrpClient
from app.registers.fouten import CircuitOpen, OngeldigAntwoord, RegisterTijdelijkOnbeschikbaar
from app.registers.kvk import KvkClient
from app.registers.resultaat import Opvraging
from app.registers.simulators import Storing
from app.registers.simulators.storingen import Register, storingen_uit_omgeving
from app.registers.suwinet import SuwinetClient
from app.registers.weerbaarheid import CircuitBreaker, RetryBeleid, retry_after_seconden
from tests.registers.conftest import SNEL, Simulator

REGISTERS: tuple[Register, ...] = ("kvk", "brp", "suwinet")


class NepKlok:
    """A clock the test moves by hand: the breaker's cool-down without waiting."""

    def __init__(self) -> None:
        self.nu = 1000.0

    def __call__(self) -> float:
        return self.nu


@dataclass
class Opvrager:
    client: KvkClient | BrpClient | SuwinetClient

    async def opvragen(self) -> Opvraging[Any]:
        c = self.client
        if isinstance(c, KvkClient):
            return await c.basisprofiel("69599084")
        if isinstance(c, BrpClient):
            return await c.raadpleeg("999970124")
        return await c.bijstandsregelingen("999991061")

    async def aclose(self) -> None:
        await self.client.aclose()


def maak(
    simulator: Simulator,
    register: Register,
    *,
    retry: RetryBeleid = SNEL,
    breaker: CircuitBreaker | None = None,
    timeout: float = 10.0,
) -> Opvrager:
    breaker = breaker or CircuitBreaker(drempel=100)
    if register == "kvk":
        return Opvrager(KvkClient(simulator.kvk_url, "k", retry=retry, breaker=breaker, timeout=timeout))
    if register == "brp":
        return Opvrager(BrpClient(simulator.brp_url, retry=retry, breaker=breaker, timeout=timeout))
    return Opvrager(SuwinetClient(simulator.suwinet_url, retry=retry, breaker=breaker, timeout=timeout))


Maker = Callable[..., Opvrager]


@pytest.fixture
async def opvrager_voor(simulator: Simulator) -> Any:
    gemaakt: list[Opvrager] = []

    def _maak(register: Register, **kw: Any) -> Opvrager:
        o = maak(simulator, register, **kw)
        gemaakt.append(o)
        return o

    yield _maak
    for o in gemaakt:
        await o.aclose()


@pytest.mark.parametrize("register", REGISTERS)
async def test_5xx_is_retried_then_succeeds(simulator: Simulator, opvrager_voor: Any, register: Register) -> None:
    simulator.storingen.zet(register, Storing(modus="fout", aantal=2))
    opvraging = await opvrager_voor(register).opvragen()
    assert opvraging.gevonden
    assert opvraging.verwerking.pogingen == 3
    assert simulator.storingen.tellers[register].verzoeken == 3


@pytest.mark.parametrize("register", REGISTERS)
async def test_down_gives_up_after_all_attempts(simulator: Simulator, opvrager_voor: Any, register: Register) -> None:
    simulator.storingen.zet(register, Storing(modus="down"))
    with pytest.raises(RegisterTijdelijkOnbeschikbaar) as info:
        await opvrager_voor(register).opvragen()
    assert not isinstance(info.value, (CircuitOpen, OngeldigAntwoord))
    verwerking = info.value.verwerking
    assert verwerking is not None and verwerking.status == "fout" and verwerking.pogingen == 3
    assert simulator.storingen.tellers[register].verzoeken == 3


@pytest.mark.parametrize("register", REGISTERS)
async def test_garbage_is_retried(simulator: Simulator, opvrager_voor: Any, register: Register) -> None:
    simulator.storingen.zet(register, Storing(modus="onzin", aantal=1))
    opvraging = await opvrager_voor(register).opvragen()
    assert opvraging.gevonden and opvraging.verwerking.pogingen == 2


@pytest.mark.parametrize("register", REGISTERS)
async def test_garbage_that_persists_is_ongeldig_antwoord(
    simulator: Simulator, opvrager_voor: Any, register: Register
) -> None:
    simulator.storingen.zet(register, Storing(modus="onzin"))
    with pytest.raises(OngeldigAntwoord):
        await opvrager_voor(register).opvragen()


@pytest.mark.parametrize("register", REGISTERS)
async def test_429_is_retried(simulator: Simulator, opvrager_voor: Any, register: Register) -> None:
    simulator.storingen.zet(register, Storing(modus="druk", aantal=1))
    opvraging = await opvrager_voor(register).opvragen()
    assert opvraging.verwerking.pogingen == 2


@pytest.mark.parametrize("register", REGISTERS)
async def test_timeout_is_temporary(simulator: Simulator, opvrager_voor: Any, register: Register) -> None:
    simulator.storingen.zet(register, Storing(modus="traag", vertraging=0.3))
    eenmaal = RetryBeleid(pogingen=1, wacht_begin=0, wacht_max=0, jitter=0)
    with pytest.raises(RegisterTijdelijkOnbeschikbaar) as info:
        await opvrager_voor(register, retry=eenmaal, timeout=0.05).opvragen()
    assert "timeout" in info.value.melding
    # Let the abandoned request finish inside the simulator before the counters are reset, so it
    # cannot be counted in the next test (synchronisation, not a timing assertion).
    simulator.storingen.herstel(register)
    for _ in range(1000):
        if simulator.storingen.tellers[register].verzoeken >= 1:
            break
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("register", REGISTERS)
async def test_circuit_breaker_fails_fast_and_recovers(
    simulator: Simulator, opvrager_voor: Any, register: Register
) -> None:
    klok = NepKlok()
    breaker = CircuitBreaker(drempel=3, afkoeltijd=30.0, klok=klok)
    opvrager = opvrager_voor(register, breaker=breaker)
    simulator.storingen.zet(register, Storing(modus="down"))
    with pytest.raises(RegisterTijdelijkOnbeschikbaar):
        await opvrager.opvragen()
    assert breaker.toestand == "open"
    with pytest.raises(CircuitOpen):
        await opvrager.opvragen()
    assert simulator.storingen.tellers[register].verzoeken == 3  # the register was left alone
    simulator.storingen.herstel(register)
    with pytest.raises(CircuitOpen):
        await opvrager.opvragen()  # still cooling down, even though the register is back
    klok.nu += 30.0
    assert breaker.toestand == "half-open"
    assert (await opvrager.opvragen()).gevonden
    assert breaker.toestand == "gesloten"


def test_breaker_half_open_allows_one_trial_and_reopens_on_failure() -> None:
    klok = NepKlok()
    breaker = CircuitBreaker(drempel=2, afkoeltijd=10.0, klok=klok)
    breaker.mislukt()
    assert breaker.toestand == "gesloten" and breaker.mag_proberen()
    breaker.mislukt()
    assert breaker.toestand == "open" and not breaker.mag_proberen()
    klok.nu += 10.0
    assert breaker.mag_proberen()  # the one trial
    assert not breaker.mag_proberen()  # concurrent callers still fail fast
    breaker.mislukt()
    assert breaker.toestand == "open"
    klok.nu += 10.0
    assert breaker.mag_proberen()
    breaker.succes()
    assert breaker.toestand == "gesloten" and breaker.mag_proberen()


def test_retry_after_header() -> None:
    assert retry_after_seconden("3") == 3.0
    assert retry_after_seconden(None) is None
    assert retry_after_seconden("morgen") is None
    assert retry_after_seconden("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


async def test_control_endpoint_switches_faults(simulator: Simulator) -> None:
    async with httpx.AsyncClient(base_url=simulator.base_url) as http:
        # Counted per key: a request a previous test abandoned (timeout) may still be counted
        # as a whole, but never under this KvK number.
        zet = await http.post("/_beheer/storingen", json={"register": "kvk", "modus": "down"})
        assert zet.status_code == 204
        down = await http.get("/kvk/v1/basisprofielen/90005555", headers={"apikey": "x"})
        assert down.status_code == 503
        assert (await http.get("/_beheer/storingen")).json()["kvk"]["modus"] == "down"
        assert (await http.delete("/_beheer/storingen")).status_code == 204
        weer = await http.get("/kvk/v1/basisprofielen/90005555", headers={"apikey": "x"})
        assert weer.status_code == 200
        tellers = (await http.get("/_beheer/tellers")).json()
        assert tellers["kvk"]["per_sleutel"]["90005555"] == 2
        fout = await http.post("/_beheer/storingen", json={"register": "x", "modus": "down"})
        assert fout.status_code == 422


def test_environment_flag_sets_faults_at_start() -> None:
    storingen = storingen_uit_omgeving("brp=down,kvk=traag:2,suwinet=fout:3")
    assert storingen.huidig("brp").modus == "down"
    assert storingen.huidig("kvk").vertraging == 2.0
    assert storingen.huidig("suwinet").aantal == 3
    with pytest.raises(ValueError):
        storingen_uit_omgeving("brp=kapot")
