"""Retries, circuit breaker and the processing-log envelope shared by the three clients.

Every look-up goes through `RegisterVerbinding.uitvoeren`, so the three registers behave the same
way under faults: transient faults (transport errors, timeouts, 5xx, 429, unreadable answers) are
retried with exponential backoff by `stamina`; 4xx is never retried; after `drempel` failed
attempts in a row the breaker opens and look-ups fail fast until the cool-down has passed.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal, TypeVar

import httpx
import stamina

from app.registers.fouten import (
    CircuitOpen,
    OngeldigAntwoord,
    RegisterFout,
    RegisterTijdelijkOnbeschikbaar,
    RegisterVerzoekGeweigerd,
)
from app.registers.verwerking import TraceContext, Verwerking, nieuwe_trace_context

T = TypeVar("T")


@dataclass(frozen=True)
class RetryBeleid:
    """How hard to try one look-up before the case is left waiting for the register."""

    pogingen: int = 4
    totale_tijd: float = 30.0
    wacht_begin: float = 0.2
    wacht_max: float = 5.0
    jitter: float = 0.5
    # A register asking us to come back much later (Retry-After) is better served by the
    # workflow's "waiting for register" state than by a coroutine sleeping for minutes.
    max_retry_after: float = 10.0


class TijdelijkeFout(Exception):
    """Internal signal from a request function: this attempt failed, another may succeed."""

    def __init__(self, melding: str, *, retry_after: float | None = None, ongeldig: bool = False) -> None:
        super().__init__(melding)
        self.melding = melding
        self.retry_after = retry_after
        self.ongeldig = ongeldig


BreakerToestand = Literal["gesloten", "open", "half-open"]


class CircuitBreaker:
    """Consecutive-failure breaker with one trial request after the cool-down.

    State lives in process memory on purpose: it only protects the register from this process's
    hammering; nothing about a case depends on it.
    """

    def __init__(
        self,
        drempel: int = 5,
        afkoeltijd: float = 30.0,
        klok: Callable[[], float] = time.monotonic,
    ) -> None:
        if drempel < 1:
            raise ValueError("drempel must be at least 1")
        self.drempel = drempel
        self.afkoeltijd = afkoeltijd
        self._klok = klok
        self._opeenvolgende_fouten = 0
        self._open_sinds: float | None = None
        self._proef_bezig = False

    @property
    def toestand(self) -> BreakerToestand:
        if self._open_sinds is None:
            return "gesloten"
        if self._klok() - self._open_sinds >= self.afkoeltijd:
            return "half-open"
        return "open"

    def mag_proberen(self) -> bool:
        toestand = self.toestand
        if toestand == "gesloten":
            return True
        if toestand == "half-open" and not self._proef_bezig:
            # Exactly one trial: concurrent look-ups keep failing fast until it reports back.
            self._proef_bezig = True
            return True
        return False

    def succes(self) -> None:
        self._opeenvolgende_fouten = 0
        self._open_sinds = None
        self._proef_bezig = False

    def mislukt(self) -> None:
        self._opeenvolgende_fouten += 1
        if self._proef_bezig or self._opeenvolgende_fouten >= self.drempel:
            self._open_sinds = self._klok()
        self._proef_bezig = False

    def proef_vrijgeven(self) -> None:
        """A trial that ended without a verdict (cancelled) must not block the breaker."""
        self._proef_bezig = False


def retry_after_seconden(waarde: str | None, nu: datetime | None = None) -> float | None:
    """Parse a Retry-After header: delta-seconds or an HTTP date."""
    if not waarde:
        return None
    waarde = waarde.strip()
    if waarde.isdigit():
        return float(waarde)
    try:
        moment = parsedate_to_datetime(waarde)
    except (TypeError, ValueError):
        return None
    referentie = nu or datetime.now(UTC)
    return max(0.0, (moment - referentie).total_seconds())


def controleer_http_status(register: str, response: httpx.Response) -> None:
    """Map a non-2xx answer onto retry (5xx, 429) or refusal (other 4xx)."""
    status = response.status_code
    if status < 400:
        return
    if status == 429 or status >= 500:
        raise TijdelijkeFout(f"HTTP {status}", retry_after=retry_after_seconden(response.headers.get("Retry-After")))
    raise RegisterVerzoekGeweigerd(register, f"HTTP {status}: {response.text[:200]}", status)


def _nu() -> datetime:
    return datetime.now(UTC)


class RegisterVerbinding:
    """Runs one look-up with retries, breaker and a `Verwerking` for the processing log."""

    def __init__(
        self,
        register: str,
        retry: RetryBeleid | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.register = register
        self.retry = retry or RetryBeleid()
        self.breaker = breaker or CircuitBreaker()

    async def uitvoeren(
        self,
        operatie: str,
        betrokkene_bsn: str | None,
        traceparent: str | None,
        verzoek: Callable[[TraceContext], Awaitable[T]],
    ) -> tuple[T, Verwerking]:
        trace = nieuwe_trace_context(traceparent)
        start = _nu()
        pogingen = 0

        def verwerking(status: Literal["ok", "fout"], fout: str | None = None) -> Verwerking:
            return Verwerking(
                operatie=operatie,
                register=self.register,
                betrokkene_bsn=betrokkene_bsn,
                trace=trace,
                start=start,
                eind=_nu(),
                status=status,
                pogingen=pogingen,
                foutmelding=fout,
            )

        def opnieuw(exc: Exception) -> bool | float:
            if not isinstance(exc, TijdelijkeFout):
                return False
            if exc.retry_after is not None:
                return min(exc.retry_after, self.retry.max_retry_after)
            return True

        laatste: TijdelijkeFout | None = None
        try:
            async for poging in stamina.retry_context(
                on=opnieuw,
                attempts=self.retry.pogingen,
                timeout=self.retry.totale_tijd,
                wait_initial=self.retry.wacht_begin,
                wait_max=self.retry.wacht_max,
                wait_jitter=self.retry.jitter,
            ):
                with poging:
                    pogingen += 1
                    if not self.breaker.mag_proberen():
                        raise CircuitOpen(self.register, "circuit breaker open")
                    resultaat = await self._een_poging(trace, verzoek)
        except TijdelijkeFout as exc:
            laatste = exc
        except RegisterFout as exc:
            raise exc.met_verwerking(verwerking("fout", exc.melding)) from exc
        if laatste is not None:
            soort = OngeldigAntwoord if laatste.ongeldig else RegisterTijdelijkOnbeschikbaar
            fout = soort(self.register, f"na {pogingen} pogingen: {laatste.melding}")
            raise fout.met_verwerking(verwerking("fout", fout.melding)) from laatste
        return resultaat, verwerking("ok")

    async def _een_poging(self, trace: TraceContext, verzoek: Callable[[TraceContext], Awaitable[T]]) -> T:
        beslist = False
        try:
            try:
                resultaat = await verzoek(trace)
            except httpx.TimeoutException as exc:
                raise TijdelijkeFout(f"timeout ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                raise TijdelijkeFout(f"transport ({type(exc).__name__}: {exc})") from exc
        except TijdelijkeFout:
            self.breaker.mislukt()
            beslist = True
            raise
        except RegisterVerzoekGeweigerd:
            # The register is up and answering; the fault is ours.
            self.breaker.succes()
            beslist = True
            raise
        finally:
            if not beslist:
                self.breaker.proef_vrijgeven()
        self.breaker.succes()
        return resultaat
