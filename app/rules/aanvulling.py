"""Aanvullende bijstand for one month: norm minus the net (household) income, never below zero.

bedrag = max(0, norm(huishouden, maand) − netto inkomen(maand))      (spec §3.3)
"""

from __future__ import annotations

from app.rules.feiten import Rol, SuwinetInkomen
from app.rules.inkomen import inkomensdelen
from app.rules.invoer import MaandInkomsten
from app.rules.kalender import Maand
from app.rules.uitkomst import Inkomensdelen

Aanvulling = tuple[Inkomensdelen, Inkomensdelen | None, int, int]
"""The applicant's and the partner's income, the income counted, and the amount. An intermediate
result, never stored: a plain tuple, as building a NamedTuple record (`tuple.__new__`) costs
several times a tuple display in the month loop."""


def aanvulling(
    norm: int,
    opgave: MaandInkomsten | None,
    suwinet: dict[tuple[Rol, Maand], SuwinetInkomen],
    maand: Maand,
    met_partner: bool,
    partner_telt_mee: bool,
    forfait_procent: int,
) -> Aanvulling:
    eigen = inkomensdelen(
        opgave.aanvrager if opgave else None,
        suwinet.get((Rol.AANVRAGER, maand)) if suwinet else None,
        forfait_procent,
    )
    partner = None
    if met_partner:
        # Shown even when it does not count (Tozo 1), so the letter can say it was ignored.
        partner = inkomensdelen(
            opgave.partner if opgave else None,
            suwinet.get((Rol.PARTNER, maand)) if suwinet else None,
            forfait_procent,
        )
    inkomen = eigen.totaal + (partner.totaal if partner is not None and partner_telt_mee else 0)
    bedrag = norm - inkomen if norm > inkomen else 0  # max(0, norm − inkomen)
    return eigen, partner, inkomen, bedrag
