"""Every register answer for one application, with source and time, and what failed.

Pure data: the lead stores it with the case, `bepaal_bevindingen` reads it, and a look-up that
failed for a temporary reason tells the workflow to leave the case waiting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.registers.brp import Persoon
from app.registers.kvk import Basisprofiel
from app.registers.resultaat import Opvraging
from app.registers.suwinet import Bijstandsregelingen, Inkomsten
from app.registers.verwerking import Verwerking


@dataclass(frozen=True)
class MisluktOpvraging:
    register: str
    operatie: str
    sleutel: str
    fout: str
    tijdelijk: bool  # True: try again later (case waits); False: needs a person (config, 4xx)
    verwerking: Verwerking | None


@dataclass(frozen=True)
class RegisterSnapshot:
    aanvrager_bsn: str
    kvk: Opvraging[Basisprofiel] | None = None
    brp: Opvraging[Persoon] | None = None
    inkomsten: Mapping[str, Opvraging[Inkomsten]] = field(default_factory=dict)
    bijstand: Mapping[str, Opvraging[Bijstandsregelingen]] = field(default_factory=dict)
    mislukt: tuple[MisluktOpvraging, ...] = ()

    @property
    def compleet(self) -> bool:
        return not self.mislukt

    @property
    def wacht_op_register(self) -> bool:
        """At least one register was temporarily unavailable: verify again later."""
        return any(m.tijdelijk for m in self.mislukt)

    def verwerkingen(self) -> tuple[Verwerking, ...]:
        """Every look-up, succeeded or failed: one Logboek record per entry per data subject."""
        gelukt: list[Verwerking] = []
        if self.kvk:
            gelukt.append(self.kvk.verwerking)
        if self.brp:
            gelukt.append(self.brp.verwerking)
        gelukt.extend(o.verwerking for o in self.inkomsten.values())
        gelukt.extend(o.verwerking for o in self.bijstand.values())
        gelukt.extend(m.verwerking for m in self.mislukt if m.verwerking is not None)
        return tuple(gelukt)
