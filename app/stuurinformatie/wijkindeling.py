"""Which district (wijk, stadsdeel) a postcode area belongs to, per municipality: a CSV file
`{gemeente}.csv` with the columns `postcode4,wijk` in the configured folder, so a municipality
changes its division without a release. The figures join on it at query time, so a new division
also applies to cases already received."""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ONBEKEND = "onbekend"


@dataclass(frozen=True)
class Wijkindeling:
    postcodes: tuple[str, ...]
    wijken: tuple[str, ...]


class OngeldigeWijkindeling(ValueError):
    pass


def laad(map_: Path, gemeente: str) -> Wijkindeling:
    pad = map_ / f"{gemeente}.csv"
    if not pad.is_file():
        return Wijkindeling((), ())
    return _lees(pad, pad.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _lees(pad: Path, _gewijzigd: int) -> Wijkindeling:
    postcodes: list[str] = []
    wijken: list[str] = []
    with pad.open(newline="", encoding="utf-8") as f:
        for nr, rij in enumerate(csv.DictReader(f), start=2):
            pc4 = (rij.get("postcode4") or "").strip()
            wijk = (rij.get("wijk") or "").strip()
            if len(pc4) != 4 or not pc4.isdigit() or not wijk:
                raise OngeldigeWijkindeling(f"{pad.name} regel {nr}: verwacht postcode4 (4 cijfers) en wijk")
            if pc4 in postcodes:
                raise OngeldigeWijkindeling(f"{pad.name} regel {nr}: postcode {pc4} staat er twee keer in")
            postcodes.append(pc4)
            wijken.append(wijk)
    return Wijkindeling(tuple(postcodes), tuple(wijken))
