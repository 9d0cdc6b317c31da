"""Dutch display formatting: the ONE place where amounts, dates and months become text.

Templates receive only the strings produced here, so a letter never shows an amount formatted
two different ways.
"""

from __future__ import annotations

from datetime import date

from app.decisions.letters import Maand

# A non-breaking space keeps "€" and the amount (and day, month, year) on one line.
NBSP = "\u00a0"

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def euro(cent: int) -> str:
    """105232 → "€ 1.052,32"; negative amounts get a minus before the euro sign."""
    teken = "-" if cent < 0 else ""
    euros, rest = divmod(abs(cent), 100)
    groepen = f"{euros:,}".replace(",", ".")
    return f"{teken}€{NBSP}{groepen},{rest:02d}"


def datum(d: date) -> str:
    """date(2021, 4, 12) → "12 april 2021"."""
    return f"{d.day}{NBSP}{MAANDEN[d.month - 1]}{NBSP}{d.year}"


def datum_met_dag(d: date) -> str:
    """date(2021, 4, 12) → "maandag 12 april 2021": a deadline reads best with its weekday."""
    return f"{WEEKDAGEN[d.weekday()]} {datum(d)}"


def maand(m: Maand) -> str:
    """Maand(2020, 4) → "april 2020"."""
    return f"{MAANDEN[m.maand - 1]} {m.jaar}"


def procent(basispunten: int) -> str:
    """200 → "2%", 250 → "2,5%", 825 → "8,25%"."""
    geheel, rest = divmod(basispunten, 100)
    if rest == 0:
        return f"{geheel}%"
    return f"{geheel},{rest:02d}".rstrip("0") + "%"


def iban(nummer: str) -> str:
    """ "nl91abna0417164300" → "NL91 ABNA 0417 1643 00" (groups of four, as on a bank card)."""
    compact = "".join(nummer.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
