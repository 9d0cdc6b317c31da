"""Fixtures for the register tests: the simulator as a real HTTP server on a free port.

The server runs in a background thread for the whole session; tests switch faults through the
shared `Storingen` object (or the HTTP control endpoint) and reset them after every test.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from app.registers.brp import BrpClient
from app.registers.kvk import KvkClient
from app.registers.raadpleging import RegisterClients
from app.registers.simulators import Storingen, create_app
from app.registers.suwinet import SuwinetClient
from app.registers.weerbaarheid import CircuitBreaker, RetryBeleid

# Retries without waiting: tests check behaviour (how many attempts, which error), not time.
SNEL = RetryBeleid(pogingen=3, totale_tijd=30.0, wacht_begin=0.0, wacht_max=0.0, jitter=0.0, max_retry_after=0.0)


@dataclass(frozen=True)
class Simulator:
    base_url: str
    storingen: Storingen

    @property
    def kvk_url(self) -> str:
        return f"{self.base_url}/kvk"

    @property
    def brp_url(self) -> str:
        return f"{self.base_url}/brp"

    @property
    def suwinet_url(self) -> str:
        return f"{self.base_url}/suwinet"


def _vrije_poort() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        poort: int = s.getsockname()[1]
        return poort


@pytest.fixture(scope="session")
def simulator() -> Iterator[Simulator]:
    storingen = Storingen()
    poort = _vrije_poort()
    config = uvicorn.Config(create_app(storingen), host="127.0.0.1", port=poort, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    draad = threading.Thread(target=server.run, name="register-simulator", daemon=True)
    draad.start()
    # Wait for start-up (not a timed assertion: we only poll until the socket accepts).
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.01)
    else:
        raise RuntimeError("simulator did not start")
    try:
        yield Simulator(f"http://127.0.0.1:{poort}", storingen)
    finally:
        server.should_exit = True
        draad.join(timeout=10)


@pytest.fixture(autouse=True)
def schone_simulator(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "simulator" in request.fixturenames:
        sim: Simulator = request.getfixturevalue("simulator")
        sim.storingen.herstel()
        sim.storingen.reset_tellers()


@pytest.fixture
async def kvk(simulator: Simulator) -> AsyncIterator[KvkClient]:
    async with KvkClient(simulator.kvk_url, "test-apikey", retry=SNEL, breaker=CircuitBreaker(drempel=100)) as client:
        yield client


@pytest.fixture
async def brp(simulator: Simulator) -> AsyncIterator[BrpClient]:
    async with BrpClient(simulator.brp_url, "test-key", retry=SNEL, breaker=CircuitBreaker(drempel=100)) as client:
        yield client


@pytest.fixture
async def suwinet(simulator: Simulator) -> AsyncIterator[SuwinetClient]:
    async with SuwinetClient(simulator.suwinet_url, retry=SNEL, breaker=CircuitBreaker(drempel=100)) as client:
        yield client


@pytest.fixture
def clients(kvk: KvkClient, brp: BrpClient, suwinet: SuwinetClient) -> RegisterClients:
    return RegisterClients(kvk=kvk, brp=brp, suwinet=suwinet)
