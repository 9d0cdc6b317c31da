"""What the applicant declared, as far as the registers can confirm or contradict it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class OpgegevenMaandinkomen:
    """Declared net income of one calendar month, in cents, by kind."""

    maand: str  # YYYY-MM
    loon_cent: int = 0
    uitkering_cent: int = 0


@dataclass(frozen=True)
class Aangifte:
    bsn: str
    gemeente_code: str  # CBS code (4 digits) of the municipality the application is made to
    peildatum: date  # the application date: where must the applicant live, is the business active
    geboortedatum: date | None = None
    heeft_partner: bool = False
    partner_bsn: str | None = None
    kvk_nummer: str | None = None
    inkomen_aanvrager: tuple[OpgegevenMaandinkomen, ...] = field(default_factory=tuple)
    inkomen_partner: tuple[OpgegevenMaandinkomen, ...] = field(default_factory=tuple)
