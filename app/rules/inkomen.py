"""Net income counted in a month (spec §3.3): profit × (1 − 18%) plus net wages, benefits, other.

Toeslagen and kinderbijslag are never counted. Wages and benefits come from Suwinet where it has a
record for that person and month, else from what the applicant declared.
"""

from __future__ import annotations

from app.rules.feiten import Bron, SuwinetInkomen
from app.rules.invoer import Inkomen
from app.rules.uitkomst import Inkomensdelen, record

GEEN_INKOMEN = Inkomen()
NUL = Inkomensdelen(0, 0, 0, 0, 0, 0, 0, Bron.AANVRAGER)
# Enum members read from the class cost ~0.5 µs each on Python 3.11 (see tozo/amounts.py).
_AANVRAGER, _SUWINET = Bron.AANVRAGER, Bron.SUWINET


def netto_winst(winst: int, forfait_procent: int) -> int:
    """Round-half-up(profit × (100 − forfait)%): the product decision on rounding.

    `geld.rond_half_op(winst × (100 − forfait), 100)` written out, to save a call in the month loop
    (a loss, negative profit, rounds half away from zero just the same)."""
    teller = winst * (100 - forfait_procent)
    if teller >= 0:
        return (2 * teller + 100) // 200
    return -((-2 * teller + 100) // 200)


def inkomensdelen(opgave: Inkomen | None, suwinet: SuwinetInkomen | None, forfait_procent: int) -> Inkomensdelen:
    if opgave is None:
        if suwinet is None:
            return NUL  # nothing declared and nothing in Suwinet: one shared immutable value
        opgave = GEEN_INKOMEN
    if suwinet is not None:
        loon, uitkering, bron = suwinet.loon, suwinet.uitkering, _SUWINET
    else:
        loon, uitkering, bron = opgave.loon, opgave.uitkering, _AANVRAGER
    # netto_winst(winst, forfait) written out: it runs twice per month, and a call costs more than
    # the arithmetic (a test holds this to netto_winst for losses and halves too).
    teller = opgave.winst * (100 - forfait_procent)
    winst_netto = (2 * teller + 100) // 200 if teller >= 0 else -((-2 * teller + 100) // 200)
    overig = opgave.overig
    return record(
        Inkomensdelen,
        (
            opgave.winst,
            winst_netto,
            loon,
            uitkering,
            overig,
            opgave.toeslagen + opgave.kinderbijslag,  # niet_meegeteld
            winst_netto + loon + uitkering + overig,  # totaal
            bron,
        ),
    )
