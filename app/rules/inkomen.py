"""Net income counted in a month (spec §3.3): profit × (1 − 18%) plus net wages, benefits, other.

Toeslagen and kinderbijslag are never counted. Wages and benefits come from Suwinet where it has a
record for that person and month, else from what the applicant declared.
"""

from __future__ import annotations

from app.rules.feiten import Bron, SuwinetInkomen
from app.rules.geld import rond_half_op
from app.rules.invoer import Inkomen
from app.rules.uitkomst import Inkomensdelen

GEEN_INKOMEN = Inkomen()
NUL = Inkomensdelen(0, 0, 0, 0, 0, 0, 0, Bron.AANVRAGER)


def netto_winst(winst: int, forfait_procent: int) -> int:
    """Round-half-up(profit × (100 − forfait)%): the product decision on rounding."""
    return rond_half_op(winst * (100 - forfait_procent), 100)


def inkomensdelen(opgave: Inkomen | None, suwinet: SuwinetInkomen | None, forfait_procent: int) -> Inkomensdelen:
    if opgave is None:
        if suwinet is None:
            return NUL  # nothing declared and nothing in Suwinet: one shared immutable value
        opgave = GEEN_INKOMEN
    if suwinet is not None:
        loon, uitkering, bron = suwinet.loon, suwinet.uitkering, Bron.SUWINET
    else:
        loon, uitkering, bron = opgave.loon, opgave.uitkering, Bron.AANVRAGER
    winst_netto = netto_winst(opgave.winst, forfait_procent)
    # Positional, in the order of the fields: keywords make building a NamedTuple twice as slow.
    return Inkomensdelen(
        opgave.winst,
        winst_netto,
        loon,
        uitkering,
        opgave.overig,
        opgave.toeslagen + opgave.kinderbijslag,  # niet_meegeteld
        winst_netto + loon + uitkering + opgave.overig,  # totaal
        bron,
    )
