"""The sender of a letter per municipality (letterhead data), from small TOML files: a default
(`gemeenten/standaard.toml`) and per CBS code `gemeenten/<code>.toml` with what differs. An extra
directory (a setting) may hold files that take precedence, so a municipality changes its
letterhead data without touching code; its templates are overridden via `sjablonen.py`."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from app.decisions.letters import Gemeente

GEMEENTEN = Path(__file__).parent / "gemeenten"
_TUPELS = ("postadres", "bezwaar_adres")


def _lees(pad: Path) -> dict[str, Any]:
    return tomllib.loads(pad.read_text(encoding="utf-8")) if pad.is_file() else {}


@cache
def gemeente(code: str, extra: Path | None = None) -> Gemeente:
    waarden: dict[str, Any] = {"naam": f"gemeente {code}"}
    for map_ in (GEMEENTEN, extra):
        if map_ is not None:
            waarden |= _lees(map_ / "standaard.toml") | _lees(map_ / f"{code}.toml")
    waarden = {k: tuple(v) if k in _TUPELS else v for k, v in waarden.items()}
    return Gemeente(code=code, **waarden)
