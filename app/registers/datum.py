"""BRP dates: a full date, a year and month, only a year, or nothing at all.

The BRP records what is known, so a birth date may be "00-00-1961". Code that needs a date must
see that it has only a year, never a silently invented 1 January.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

DatumSoort = Literal["volledig", "jaar-maand", "jaar", "onbekend"]


class OngeldigeDatum(ValueError):
    """The date object does not match any of the four contract shapes."""


@dataclass(frozen=True)
class BrpDatum:
    soort: DatumSoort
    jaar: int | None = None
    maand: int | None = None
    dag: int | None = None
    lang_formaat: str | None = None

    @property
    def datum(self) -> date | None:
        """The exact date, only when the BRP knows it exactly."""
        if self.soort == "volledig" and self.jaar and self.maand and self.dag:
            return date(self.jaar, self.maand, self.dag)
        return None

    @property
    def is_onbekend(self) -> bool:
        return self.soort == "onbekend"

    @property
    def alleen_jaar(self) -> bool:
        return self.soort == "jaar"

    def vroegst(self) -> date | None:
        """Earliest date consistent with what is known (None when nothing is known)."""
        if self.jaar is None:
            return None
        return date(self.jaar, self.maand or 1, self.dag or 1)

    def laatst(self) -> date | None:
        """Latest date consistent with what is known."""
        if self.jaar is None:
            return None
        if self.soort == "volledig":
            return self.datum
        if self.maand is None or self.maand == 12:
            return date(self.jaar, 12, 31)  # also avoids year 10000 for 9999-12
        volgende = date(self.jaar + (self.maand == 12), self.maand % 12 + 1, 1)
        return date.fromordinal(volgende.toordinal() - 1)

    def __str__(self) -> str:
        if self.soort == "volledig" and self.datum:
            return self.datum.isoformat()
        if self.soort == "jaar-maand":
            return f"{self.jaar:04d}-{self.maand:02d} (dag onbekend)"
        if self.soort == "jaar":
            return f"{self.jaar:04d} (maand en dag onbekend)"
        return "onbekend"


def _int(waarde: Any, veld: str) -> int:
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise OngeldigeDatum(f"{veld} must be an integer, got {waarde!r}")
    return waarde


def parse_brp_datum(obj: Any) -> BrpDatum:
    """Parse an AbstractDatum (Datum, DatumOnbekend, JaarDatum, JaarMaandDatum)."""
    if not isinstance(obj, dict):
        raise OngeldigeDatum(f"date must be an object, got {type(obj).__name__}")
    soort = obj.get("type")
    lang = obj.get("langFormaat")
    lang_formaat = lang if isinstance(lang, str) else None
    if soort == "Datum":
        waarde = obj.get("datum")
        if not isinstance(waarde, str):
            raise OngeldigeDatum("Datum without datum")
        try:
            d = date.fromisoformat(waarde)
        except ValueError as exc:
            raise OngeldigeDatum(f"not an ISO date: {waarde!r}") from exc
        return BrpDatum("volledig", d.year, d.month, d.day, lang_formaat)
    if soort == "DatumOnbekend":
        return BrpDatum("onbekend", lang_formaat=lang_formaat)
    if soort == "JaarDatum":
        jaar = _int(obj.get("jaar"), "jaar")
        if not 1 <= jaar <= 9999:
            raise OngeldigeDatum(f"jaar out of range: {jaar}")
        return BrpDatum("jaar", jaar, lang_formaat=lang_formaat)
    if soort == "JaarMaandDatum":
        jaar = _int(obj.get("jaar"), "jaar")
        maand = _int(obj.get("maand"), "maand")
        if not (1 <= jaar <= 9999 and 1 <= maand <= 12):
            raise OngeldigeDatum(f"jaar/maand out of range: {jaar}-{maand}")
        return BrpDatum("jaar-maand", jaar, maand, lang_formaat=lang_formaat)
    raise OngeldigeDatum(f"unknown date type {soort!r}")
