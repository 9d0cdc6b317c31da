"""Errors of register look-ups.

Two families, because the workflow reacts differently: a temporary fault leaves the case waiting
and is tried again later; a refused request (bad configuration, 4xx) needs a person. A person or
business that does not exist is NOT an error: clients return `NietGevonden` for that.
"""

from __future__ import annotations

from app.registers.verwerking import Verwerking


class RegisterFout(Exception):
    """Base class; carries the processing-log data of the failed look-up."""

    def __init__(self, register: str, melding: str, verwerking: Verwerking | None = None) -> None:
        super().__init__(f"{register}: {melding}")
        self.register = register
        self.melding = melding
        self.verwerking = verwerking

    def met_verwerking(self, verwerking: Verwerking) -> RegisterFout:
        self.verwerking = verwerking
        return self


class RegisterTijdelijkOnbeschikbaar(RegisterFout):
    """Timeouts, connection errors, 5xx, 429 or an unreadable answer, after all retries.

    The case waits for the register and is verified again later.
    """


class CircuitOpen(RegisterTijdelijkOnbeschikbaar):
    """The circuit breaker is open: we did not even try, to spare a register that is down."""


class OngeldigAntwoord(RegisterTijdelijkOnbeschikbaar):
    """The register answered something that does not fit its contract (garbage, wrong shape).

    Treated as temporary (retried, case waits): a broken gateway page is the usual cause.
    """


class RegisterVerzoekGeweigerd(RegisterFout):
    """The register refused our request (401/403/400...): configuration or a bug, not retried."""

    def __init__(
        self,
        register: str,
        melding: str,
        http_status: int,
        verwerking: Verwerking | None = None,
    ) -> None:
        super().__init__(register, melding, verwerking)
        self.http_status = http_status
