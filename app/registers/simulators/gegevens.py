"""Loads the simulators' test data from `data/` (JSON, readable and editable by hand)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_MAP = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Testgegevens:
    basisprofielen: dict[str, dict[str, Any]]
    personen: dict[str, dict[str, Any]]
    suwinet: dict[str, dict[str, Any]]


def _lees(pad: Path) -> dict[str, Any]:
    with pad.open(encoding="utf-8") as f:
        inhoud: dict[str, Any] = json.load(f)
    return inhoud


def laad_testgegevens(map_: Path = DATA_MAP) -> Testgegevens:
    return Testgegevens(
        basisprofielen=_lees(map_ / "kvk.json")["basisprofielen"],
        personen=_lees(map_ / "brp.json")["personen"],
        suwinet=_lees(map_ / "suwinet.json")["personen"],
    )
