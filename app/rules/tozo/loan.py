"""Tozo lening bedrijfskapitaal (spec §3.4): the cap over all Tozo loans, 2% interest and the
repayment schedule of the regime in force on the evaluation date.

Worked example (rsddeliemers.nl): € 10.157 paid 15-04-2020; term from 01-05-2020; interest 2020 =
10.157 × 2% × 8/12 = € 135,43; no interest 2021 - June 2022; 52 repayments 07-2022 .. 10-2026 of
€ 195,33; term ends 01-11-2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.rules.geld import rond_half_op
from app.rules.kalender import Maand, plus_maanden
from app.rules.parameters import datum, tabel
from app.rules.uitkomst import Aflossing


@dataclass(frozen=True, slots=True)
class Regime:
    geldig_vanaf: date
    naam: str
    aflossing_vanaf: date
    looptijd_maanden: int
    renteloos: tuple[tuple[date, date], ...]
    bron: str
    bevestigd: bool


REGIMES: tuple[Regime, ...] = tuple(
    Regime(
        geldig_vanaf=datum(rij["geldig_vanaf"]),
        naam=str(rij["naam"]),
        aflossing_vanaf=datum(rij["aflossing_vanaf"]),
        looptijd_maanden=int(rij["looptijd_maanden"]),
        renteloos=tuple((datum(p["vanaf"]), datum(p["tot_en_met"])) for p in rij["renteloos"]),
        bron=str(rij["bron"]),
        bevestigd=bool(rij.get("bevestigd", True)),
    )
    for rij in sorted(tabel("tozo.lening_regime"), key=lambda r: r["geldig_vanaf"])
)


def regime_op(peildatum: date) -> Regime:
    """Each amendment applied to existing loans too, so the regime in force on the evaluation date
    governs every loan."""
    gekozen = REGIMES[0]
    for regime in REGIMES:
        if regime.geldig_vanaf <= peildatum:
            gekozen = regime
    return gekozen


@dataclass(frozen=True, slots=True)
class Leenruimte:
    toegekend: int
    eerder: int
    plafond_toegepast: bool


def leenruimte(gevraagd: int, eerder_verstrekt: int, maximum: int) -> Leenruimte:
    """A later loan only tops up to the cap per business (spec case 23: 6.000 + 5.000 → 4.157)."""
    ruimte = max(0, maximum - eerder_verstrekt)
    return Leenruimte(min(gevraagd, ruimte), eerder_verstrekt, gevraagd > ruimte)


@dataclass(frozen=True, slots=True)
class Schema:
    looptijd_vanaf: date
    looptijd_einde: date
    aflossing_vanaf: Maand
    aantal: int
    maandaflossing: int
    rente_voor_aflossing: int
    termijnen: tuple[Aflossing, ...]


def _renteloos(maand: Maand, renteloos: tuple[tuple[date, date], ...]) -> bool:
    return any(vanaf <= maand.eerste_dag <= tot for vanaf, tot in renteloos)


def aflosschema(
    bedrag: int,
    uitbetaald: date,
    looptijd_maanden: int,
    aflossing_vanaf: date,
    renteloos: tuple[tuple[date, date], ...],
    rente_basispunten: int,
) -> Schema:
    """Linear repayment with interest on the outstanding principal, per month.

    The term starts on the first of the month after disbursement; interest runs from then, except
    in interest-free months. Interest accrued before repayment starts is due on top, rounded once
    (as the worked example rounds 135,4266… once, not per month).
    """
    start = Maand.van(uitbetaald).plus(1)
    einde = start.plus(looptijd_maanden)
    eerste_aflossing = max(Maand.van(aflossing_vanaf), start)
    aantal = max(1, einde.volgnummer - eerste_aflossing.volgnummer)
    rentemaanden = sum(
        1 for i in range(eerste_aflossing.volgnummer - start.volgnummer) if not _renteloos(start.plus(i), renteloos)
    )
    rente_voor = rond_half_op(bedrag * rente_basispunten * rentemaanden, 10_000 * 12)
    per_maand = rond_half_op(bedrag, aantal)
    termijnen: list[Aflossing] = []
    rest = bedrag
    for i in range(aantal):
        maand = eerste_aflossing.plus(i)
        rente = 0 if _renteloos(maand, renteloos) else rond_half_op(rest * rente_basispunten, 10_000 * 12)
        aflossing = rest if i == aantal - 1 else min(per_maand, rest)
        rest -= aflossing
        termijnen.append(Aflossing(maand, aflossing, rente, rest))
    return Schema(start.eerste_dag, einde.eerste_dag, eerste_aflossing, aantal, per_maand, rente_voor, tuple(termijnen))


def einde_looptijd(uitbetaald: date, looptijd_maanden: int) -> date:
    return plus_maanden(Maand.van(uitbetaald).plus(1).eerste_dag, looptijd_maanden)
