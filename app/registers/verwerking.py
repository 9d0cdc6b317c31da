"""What the lead needs to write one Logboek dataverwerkingen record per register look-up.

The register layer has no database: it hands back a `Verwerking` for every look-up (also for a
failed one) and the workflow writes it, encrypted BSN and all, in its own transaction.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")

VerwerkingStatus = Literal["ok", "fout"]


@dataclass(frozen=True)
class TraceContext:
    """W3C trace context of one look-up (https://www.w3.org/TR/trace-context/)."""

    trace_id: str
    span_id: str
    parent_span_id: str | None
    flags: str = "01"

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-{self.flags}"


def nieuwe_trace_context(ouder_traceparent: str | None = None) -> TraceContext:
    """A child span of the caller's trace, or a new trace when the caller has none.

    The register look-up is its own span so the Logboek record can point at exactly this
    operation while sharing the trace id of the request or job that caused it.
    """
    span_id = secrets.token_hex(8)
    if ouder_traceparent is not None:
        match = _TRACEPARENT.match(ouder_traceparent.strip().lower())
        if match and match.group(1) != "0" * 32 and match.group(2) != "0" * 16:
            return TraceContext(match.group(1), span_id, match.group(2), match.group(3))
    return TraceContext(secrets.token_hex(16), span_id, None)


@dataclass(frozen=True)
class Verwerking:
    """One processing of personal data: the fields of a Logboek dataverwerkingen record.

    `betrokkene_bsn` is in clear text here; the lead encrypts it when writing the record.
    No user identity: who asked lives in the audit trail, not in the processing log.
    """

    operatie: str
    register: str
    betrokkene_bsn: str | None
    trace: TraceContext
    start: datetime
    eind: datetime
    status: VerwerkingStatus
    pogingen: int
    foutmelding: str | None = None
    # Other people whose data came back in the same answer (BRP partner and children): the
    # Logboek wants one record per data subject, so the lead writes one for each of these too.
    meeverwerkte_bsns: tuple[str, ...] = ()

    @property
    def betrokkenen(self) -> tuple[str, ...]:
        eerste = (self.betrokkene_bsn,) if self.betrokkene_bsn else ()
        return eerste + tuple(b for b in self.meeverwerkte_bsns if b != self.betrokkene_bsn)

    @property
    def traceparent(self) -> str:
        return self.trace.traceparent
