"""Make free text safe to print in a PDF/A letter.

Data never reaches Typst as markup (it travels as JSON strings, see `weergave.py`), so Typst
syntax in a name is harmless by construction. What remains are characters that would break the
PDF itself: PDF/A forbids a glyph the embedded fonts do not have (Typst then refuses the whole
letter), control characters have no glyph at all, and bidi overrides can make a printed name read
differently from the stored one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

VERVANGING = "?"
"""Printed instead of a character no embedded font can show (e.g. CJK without a CJK font)."""

_BIDI_STUURTEKENS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALTIJD_GOED = frozenset(chr(c) for c in range(0x20, 0x7F))


class TekenFilter:
    """Cleans text; remembers per character whether the fonts can show it.

    `kan_tonen` is asked once per distinct non-ASCII character (the renderer probes its own
    fonts), so a batch of many letters pays for a probe only the first time it meets a character.
    """

    def __init__(self, kan_tonen: Callable[[str], bool]) -> None:
        self._kan_tonen = kan_tonen
        self._bekend: dict[str, bool] = {}

    def schoon(self, tekst: str) -> str:
        # NFC first: a decomposed "é" (e + combining accent) becomes the one glyph fonts have.
        tekst = unicodedata.normalize("NFC", tekst)
        # Printable ASCII (0x20-0x7E, `_ALTIJD_GOED`) in one C call instead of a test per character.
        if tekst.isascii() and tekst.isprintable():
            return tekst
        return "".join(self._teken(t) for t in tekst)

    def _teken(self, teken: str) -> str:
        if teken in _ALTIJD_GOED:
            return teken
        if teken in "\t\r\n":
            return " "
        if teken in _BIDI_STUURTEKENS or unicodedata.category(teken) in ("Cc", "Cs", "Co", "Cn"):
            return ""
        bekend = self._bekend.get(teken)
        if bekend is None:
            bekend = self._bekend[teken] = self._kan_tonen(teken)
        return teken if bekend else VERVANGING
