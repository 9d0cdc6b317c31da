"""Extending a Tozo benefit (spec §1.1): never automatic, always a new application that starts
from the previous case. When fewer than three months lie between the last month with benefit
and the first new month, the short form applies (only what changed); otherwise a full
application. The new months are evaluated like any application, with the earlier months as
history, so a month already granted is refused as overlap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.rules.kalender import Maand
from app.rules.parameters import geheel_getal, waarde_op


@dataclass(frozen=True, slots=True)
class Verlengingsvorm:
    verkort: bool
    tussenmaanden: int  # whole months without benefit between the last month and the first new one
    grondslag: str


def verlengingsvorm(laatste_maand: Maand, eerste_nieuwe_maand: Maand, aanvraagdatum: date) -> Verlengingsvorm:
    naam = "tozo.verkorte_verlenging_max_tussenmaanden"
    tussen = max(
        0,
        (eerste_nieuwe_maand.jaar - laatste_maand.jaar) * 12 + eerste_nieuwe_maand.maand - laatste_maand.maand - 1,
    )
    return Verlengingsvorm(tussen < geheel_getal(naam, aanvraagdatum), tussen, str(waarde_op(naam, aanvraagdatum).bron))
