"""Procedure dates under the Awb and the Bbz, computed only from dates given as input.

A term of N weeks starting on the day after an event ends on event + N×7 days (e.g. bezwaar:
made known 01-03-2021, term runs from 02-03-2021, last day 12-04-2021; Awb 6:8 lid 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from app.rules.invoer import Regeling
from app.rules.parameters import geheel_getal
from app.rules.uitkomst import Procedure

TOZO_STREEFTERMIJN_WEKEN = 4  # policy target for Tozo (spec §5, product decision), not law


def _na_weken(dag: date, weken: int) -> date:
    return dag + timedelta(weeks=weken)


@lru_cache(maxsize=4096)
def beslistermijn(regeling: Regeling | str, ontvangen: date, *, hersteltermijn_dagen: int | None = None) -> Procedure:
    """Decision deadlines for an application received on `ontvangen`.

    Tozo: the service aims at 4 weeks (target, with an alert); no statutory Tozo term was found, so
    the Awb 4:13 outer limit of 8 weeks applies. Bbz: 13 weeks, once extendable by 13 weeks with
    notice (Bbz art. 35 lid 2-3); the Tozo loan is decided like Tozo levensonderhoud (product
    decision, spec §5 marks its term UNCONFIRMED).
    """
    regeling = Regeling(regeling)
    herstel = (
        hersteltermijn_dagen
        if hersteltermijn_dagen is not None
        else geheel_getal("awb.hersteltermijn_dagen", ontvangen)
    )
    if regeling.is_tozo:
        return Procedure(
            ontvangen=ontvangen,
            streefdatum_beslissing=_na_weken(ontvangen, TOZO_STREEFTERMIJN_WEKEN),
            beslistermijn_einde=redelijke_termijn_einde(ontvangen),
            beslistermijn_na_verdaging=None,
            hersteltermijn_dagen=herstel,
            grondslag="Awb art. 4:13 (uiterlijk 8 weken); streeftermijn Tozo 4 weken; Awb art. 4:5",
        )
    termijn = _na_weken(ontvangen, geheel_getal("bbz.beslistermijn_weken", ontvangen))
    return Procedure(
        ontvangen=ontvangen,
        streefdatum_beslissing=None,
        beslistermijn_einde=termijn,
        beslistermijn_na_verdaging=_na_weken(termijn, geheel_getal("bbz.verdaging_weken", ontvangen)),
        hersteltermijn_dagen=herstel,
        grondslag="Bbz 2004 art. 35 lid 2 en 3; Awb art. 4:5",
    )


def redelijke_termijn_einde(ontvangen: date) -> date:
    """Awb 4:13 lid 2: without a statutory term, a decision is in any case late after 8 weeks."""
    return _na_weken(ontvangen, geheel_getal("awb.beslistermijn_redelijk_weken", ontvangen))


def hersteltermijn_einde(verzonden: date, dagen: int) -> date:
    """Last day to supply missing data: the term starts the day after the letter is sent."""
    if dagen < 1:
        raise ValueError("een hersteltermijn is minstens 1 dag")
    return verzonden + timedelta(days=dagen)


def opschorting_dagen(verzocht: date, termijn_einde: date, aangevuld: date | None) -> int:
    """Awb 4:15 lid 1 sub a: the beslistermijn is suspended from the day after the request to
    supply missing data until the day the data is supplied or the term expired unused (the day
    after its last day); the deadline moves by that many days. Not yet supplied: None."""
    verstreken = termijn_einde + timedelta(days=1)
    einde = verstreken if aangevuld is None else min(aangevuld, verstreken)
    return max((einde - verzocht).days, 0)


def buiten_behandeling_uiterlijk(hersteltermijn_verstreken: date) -> date:
    """Awb 4:5 lid 4: the decision not to process must be made known within 4 weeks after the
    supplement was received or the term expired unused. Give the last day of the term (or the
    day the supplement arrived)."""
    weken = geheel_getal("awb.buiten_behandeling_binnen_weken", hersteltermijn_verstreken)
    return _na_weken(hersteltermijn_verstreken, weken)


def bezwaartermijn_laatste_dag(bekendgemaakt: date, *, algemene_termijnenwet: bool = True) -> date:
    """Awb 6:7 and 6:8 lid 1: six weeks, starting the day after the decision was made known.

    A last day on a Saturday, Sunday or public holiday moves to the next working day (Algemene
    termijnenwet art. 1 and 3), unless `algemene_termijnenwet` is False.
    """
    laatste = _na_weken(bekendgemaakt, geheel_getal("awb.bezwaartermijn_weken", bekendgemaakt))
    if algemene_termijnenwet:
        while not is_werkdag(laatste):
            laatste += timedelta(days=1)
    return laatste


@dataclass(frozen=True, slots=True)
class Bezwaar:
    """What the Awb says about one objection: its term, whether it came in time, and by when the
    municipality must decide on it."""

    laatste_dag: date
    tijdig: bool
    beslissen_uiterlijk: date
    grondslag: str


def bezwaar(
    bekendgemaakt: date, ontvangen: date, *, verzonden: date | None = None, adviescommissie: bool = False
) -> Bezwaar:
    """Awb 6:7, 6:8: the term; 6:9: in time when received within it, or posted within it and
    received at most a week after it; 7:10 lid 1: decide within 6 weeks (12 with an advisory
    committee) counted from the day after the term ended, for a late objection from receipt."""
    laatste = bezwaartermijn_laatste_dag(bekendgemaakt)
    post = timedelta(days=geheel_getal("awb.bezwaar_postregel_dagen", bekendgemaakt))
    tijdig = ontvangen <= laatste or (verzonden is not None and verzonden <= laatste and ontvangen <= laatste + post)
    naam = "awb.bezwaar_beslistermijn_commissie_weken" if adviescommissie else "awb.bezwaar_beslistermijn_weken"
    uiterlijk = _na_weken(max(laatste, ontvangen), geheel_getal(naam, ontvangen))
    grondslag = "Awb art. 6:7, 6:8, 6:9" + ("" if tijdig else " en 6:11") + " en 7:10"
    return Bezwaar(laatste, tijdig, uiterlijk, grondslag)


def _pasen(jaar: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    maand, dag = divmod(h + m - 7 * n + 114, 31)
    return date(jaar, maand, dag + 1)


def algemeen_erkende_feestdagen(jaar: int) -> frozenset[date]:
    """Algemene termijnenwet art. 3 lid 1."""
    pasen = _pasen(jaar)
    koningsdag = date(jaar, 4, 27) if jaar >= 2014 else date(jaar, 4, 30)
    if koningsdag.weekday() == 6:  # on a Sunday the King's birthday is celebrated a day earlier
        koningsdag -= timedelta(days=1)
    return frozenset(
        {
            date(jaar, 1, 1),
            pasen + timedelta(days=1),
            pasen + timedelta(days=39),  # Hemelvaartsdag
            pasen + timedelta(days=50),  # tweede Pinksterdag
            koningsdag,
            date(jaar, 5, 5),
            date(jaar, 12, 25),
            date(jaar, 12, 26),
        }
    )


def is_werkdag(dag: date) -> bool:
    return dag.weekday() < 5 and dag not in algemeen_erkende_feestdagen(dag.year)
