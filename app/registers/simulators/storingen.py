"""Switchable faults and counters, so tests and the lead can make a register slow, failing or down.

Control over HTTP (`/_beheer/...`) works for a simulator in another process (`make run`); the
`SIMULATOR_STORINGEN` environment variable sets faults at start-up, e.g. `brp=down,kvk=traag:2`.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from typing import Literal

Register = Literal["kvk", "brp", "suwinet"]
REGISTERS: tuple[Register, ...] = ("kvk", "brp", "suwinet")

# down: 503 until reset · fout: 503 for the next `aantal` requests, then normal · traag: sleep
# `vertraging` s first · onzin: 200 with a body that is not the contract · druk: 429 Retry-After
Modus = Literal["normaal", "down", "fout", "traag", "onzin", "druk"]
MODI: tuple[Modus, ...] = ("normaal", "down", "fout", "traag", "onzin", "druk")


@dataclass
class Storing:
    modus: Modus = "normaal"
    aantal: int | None = None  # for fout/onzin/druk: only the next N requests; None = until reset
    vertraging: float = 0.0


@dataclass
class Teller:
    verzoeken: int = 0
    verstoord: int = 0
    per_sleutel: dict[str, int] = field(default_factory=dict)
    # Time spent inside the simulator's own handlers: the benchmark subtracts it from the
    # client-side time to show our overhead.
    eigen_tijd_s: float = 0.0
    # Lets tests check that the client sent a W3C trace context to the register.
    traceparents: list[str] = field(default_factory=list)


class Storingen:
    def __init__(self) -> None:
        self._storing: dict[Register, Storing] = {r: Storing() for r in REGISTERS}
        self.tellers: dict[Register, Teller] = {r: Teller() for r in REGISTERS}

    def zet(self, register: Register, storing: Storing) -> None:
        self._storing[register] = storing

    def herstel(self, register: Register | None = None) -> None:
        for r in (register,) if register else REGISTERS:
            self._storing[r] = Storing()

    def reset_tellers(self) -> None:
        self.tellers = {r: Teller() for r in REGISTERS}

    def huidig(self, register: Register) -> Storing:
        return self._storing[register]

    async def toepassen(self, register: Register) -> Modus:
        """Decide what this request suffers; consumes one of a limited number of faults."""
        storing = self._storing[register]
        if storing.modus == "normaal":
            return "normaal"
        if storing.modus == "traag":
            await asyncio.sleep(storing.vertraging)
            return "normaal"
        if storing.aantal is not None:
            if storing.aantal <= 0:
                self._storing[register] = Storing()
                return "normaal"
            storing.aantal -= 1
        self.tellers[register].verstoord += 1
        return storing.modus

    def tel(self, register: Register, sleutel: str | None, start: float, traceparent: str | None = None) -> None:
        teller = self.tellers[register]
        teller.verzoeken += 1
        if traceparent:
            teller.traceparents.append(traceparent)
        teller.eigen_tijd_s += time.perf_counter() - start
        if sleutel:
            teller.per_sleutel[sleutel] = teller.per_sleutel.get(sleutel, 0) + 1


def storingen_uit_omgeving(waarde: str | None = None) -> Storingen:
    """Parse `brp=down,kvk=traag:2,suwinet=fout:3` (modus[:getal])."""
    storingen = Storingen()
    tekst = waarde if waarde is not None else os.environ.get("SIMULATOR_STORINGEN", "")
    for deel in filter(None, (d.strip() for d in tekst.split(","))):
        register, _, rest = deel.partition("=")
        modus, _, getal = rest.partition(":")
        if register not in REGISTERS or modus not in MODI:
            raise ValueError(f"SIMULATOR_STORINGEN: cannot read {deel!r}")
        storing = Storing(modus=modus)
        if getal:
            if modus == "traag":
                storing.vertraging = float(getal)
            else:
                storing.aantal = int(getal)
        storingen.zet(register, storing)
    return storingen
