"""The Participatiewet norm for a household in a month (PW art. 20-22), as Tozo applies it.

Ages are taken on the first day of the month: Tozo and the relaxed Bbz grant whole calendar months,
so one age per month keeps the amount of a month a single figure (product decision).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache

from app.rules.aow import heeft_aow_leeftijd
from app.rules.geld import percentage_van
from app.rules.kalender import Maand, leeftijd_op
from app.rules.parameters import ParameterOntbreekt, ParameterWaarde, geheel_getal, ja_nee, waarde_op


class Leeftijdsklasse(StrEnum):
    MINDERJARIG = "jonger-dan-18"
    JONG = "18-20"
    VOLWASSEN = "21-aow"
    AOW = "aow-leeftijd"


# Memoised per person and month: that hits when one application is evaluated again (each new
# document, each trial calculation). A first evaluation misses, so the miss is kept cheap too: the
# parameters are looked up per age and day, the AOW table only for people near AOW age.
@lru_cache(maxsize=65_536)
def leeftijdsklasse(geboortedatum: date, peildag: date) -> Leeftijdsklasse:
    klasse = _klasse_naar_leeftijd(leeftijd_op(geboortedatum, peildag), peildag)
    if klasse is Leeftijdsklasse.VOLWASSEN and heeft_aow_leeftijd(geboortedatum, peildag):
        return Leeftijdsklasse.AOW
    return klasse


@lru_cache(maxsize=4096)
def _klasse_naar_leeftijd(leeftijd: int, peildag: date) -> Leeftijdsklasse:
    """The class by age alone (PW art. 20-21), before the AOW check."""
    if leeftijd < geheel_getal("participatiewet.minimumleeftijd", peildag):
        return Leeftijdsklasse.MINDERJARIG
    if leeftijd < geheel_getal("participatiewet.jongerennorm_tot_leeftijd", peildag):
        return Leeftijdsklasse.JONG
    return Leeftijdsklasse.VOLWASSEN


@cache  # a few dozen combinations at most
def normsoort(aanvrager: Leeftijdsklasse, partner: Leeftijdsklasse | None, met_kinderen: bool) -> str | None:
    """The name of the PW norm for this household, or None when no Tozo norm fits (a person looks).

    The applicant himself is 18 to AOW age (checked as a criterion); the partner may be any age.
    """
    J, V, A = Leeftijdsklasse.JONG, Leeftijdsklasse.VOLWASSEN, Leeftijdsklasse.AOW
    kinderen = "met_kinderen" if met_kinderen else "zonder_kinderen"
    if partner is None:
        return {J: "norm_alleenstaande_18_20", V: "norm_alleenstaande_21_aow"}.get(aanvrager)
    paar = {aanvrager, partner}
    if paar == {V}:
        return "norm_gehuwden_21_aow"
    if paar == {V, A}:
        return "norm_gehuwden_een_aow"
    if paar == {J}:
        return f"norm_gehuwden_18_20_{kinderen}"
    if J in paar and paar <= {J, V, A}:
        return f"norm_gehuwden_18_20_en_21_{kinderen}"
    return None


@dataclass(frozen=True, slots=True)
class Norm:
    bedrag: int
    soort: str
    parameter: ParameterWaarde
    inclusief_vakantietoeslag: bool


@lru_cache(maxsize=2048)
def norm_in_maand(soort: str, maand: Maand) -> Norm:
    """The monthly norm; raises ParameterOntbreekt when no norm is known for that month."""
    dag = maand.eerste_dag
    rij = waarde_op(f"participatiewet.{soort}", dag)
    assert isinstance(rij.waarde, int)
    inclusief = ja_nee("tozo.norm_inclusief_vakantietoeslag", dag)
    bedrag = rij.waarde
    if not inclusief:
        bedrag -= percentage_van(bedrag, geheel_getal("participatiewet.vakantietoeslag_percentage", dag))
    return Norm(bedrag, soort, rij, inclusief)


@lru_cache(maxsize=65_536)
def huishoudnorm(
    eigen_geboren: date, partner_geboren: date | None, met_kinderen: bool, jaar: int, maandnummer: int
) -> tuple[Leeftijdsklasse, Norm | None]:
    """The applicant's age class and the household's norm in the month `jaar`-`maandnummer`. The
    norm is None when the applicant is under 18 or of AOW age, or when no norm is known for this
    household that month.

    Memoised per household and month, like `leeftijdsklasse`: one lookup per month instead of
    four (two ages, the kind of norm, its amount) when an application is evaluated again. The
    month comes as two ints, not a `Maand`: it is part of the memo key, and a Maand is hashed by
    a Python call."""
    maand = Maand(jaar, maandnummer)
    eerste_dag = maand.eerste_dag
    eigen = leeftijdsklasse(eigen_geboren, eerste_dag)
    if eigen is Leeftijdsklasse.MINDERJARIG or eigen is Leeftijdsklasse.AOW:
        return eigen, None
    partner = None if partner_geboren is None else leeftijdsklasse(partner_geboren, eerste_dag)
    soort = normsoort(eigen, partner, met_kinderen)
    if soort is None:
        return eigen, None
    try:
        return eigen, norm_in_maand(soort, maand)
    except ParameterOntbreekt:
        return eigen, None
