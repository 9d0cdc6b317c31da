"""What a municipality arranged with its partners for Bbz and support: which adviser does the
viability study, at what fee and within how many days, and which kinds of referral it offers.
Small TOML files in `gemeenten/` (a default and one per CBS code with what differs), so a
municipality changes partners without touching code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

GEMEENTEN = Path(__file__).parent / "gemeenten"


@dataclass(frozen=True, slots=True)
class Adviseur:
    naam: str
    kosten: int  # euro cents per study
    termijn_dagen: int


@dataclass(frozen=True, slots=True)
class Gemeenteprofiel:
    code: str
    adviseur: Adviseur
    verwijzingssoorten: tuple[str, ...]


def _lees(pad: Path) -> dict[str, Any]:
    return tomllib.loads(pad.read_text(encoding="utf-8")) if pad.is_file() else {}


@cache
def profiel(code: str) -> Gemeenteprofiel:
    waarden = _lees(GEMEENTEN / "standaard.toml") | _lees(GEMEENTEN / f"{code}.toml")
    lvo = waarden["levensvatbaarheid"]
    adviseur = Adviseur(str(lvo["adviseur"]), int(lvo["kosten"]), int(lvo["termijn_dagen"]))
    if adviseur.kosten < 0 or adviseur.termijn_dagen < 1:
        raise ValueError(f"gemeente {code}: kosten ≥ 0 en termijn_dagen ≥ 1")
    return Gemeenteprofiel(code, adviseur, tuple(str(s) for s in waarden["verwijzingen"]["soorten"]))
