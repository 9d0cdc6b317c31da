"""Render a letter to PDF/A-2b bytes, in process, with Typst.

One `Renderer` keeps one Typst compiler: fonts are loaded once and Typst's own memoisation
reuses parsed templates across letters, which is what makes a batch fast. Output is a pure
function of the letter: the PDF timestamp is the letter date and only the fonts embedded in the
typst package are used, so the same letter gives the same bytes on every machine (its SHA-256 is
stored and must never change).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Final, Literal

import typst

from app.decisions.letters import Brief
from app.decisions.sjablonen import Projectmap
from app.decisions.tekens import TekenFilter
from app.decisions.weergave import naar_json

PDF_STANDAARD: Final[Literal["a-2b"]] = "a-2b"


class RenderFout(RuntimeError):
    """A template could not be compiled; carries Typst's diagnostic."""


@dataclass(frozen=True, slots=True)
class GerenderdeBrief:
    pdf: bytes
    sha256: str


def sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


class Renderer:
    def __init__(self, overrides: Path | None = None, font_paths: Sequence[Path] = ()) -> None:
        """`overrides`: directory with `<gemeentecode>/briefhoofd.typ` etc. (see sjablonen.py).
        `font_paths`: extra font directories, e.g. a CJK font for names the default fonts
        cannot show; system fonts are ignored so that output does not depend on the host."""
        self._map = Projectmap(overrides)
        fonts = typst.Fonts(
            include_system_fonts=False,
            include_embedded_fonts=True,
            font_paths=[str(p) for p in font_paths],
        )
        self._compiler = typst.Compiler(root=str(self._map.root), font_paths=fonts, ignore_system_fonts=True)
        # The compiler keeps state between calls; batches use processes, not threads, but a
        # lock keeps an accidental shared instance correct.
        self._slot = threading.Lock()
        self.tekens = TekenFilter(self._kan_tonen)

    def render(self, brief: Brief) -> bytes:
        data = naar_json(brief, self.tekens)
        hoofd = self._map.hoofdbestand(brief.soort, brief.gemeente.code)
        briefdatum = brief.referentie.briefdatum
        tijdstempel = datetime(briefdatum.year, briefdatum.month, briefdatum.day, tzinfo=UTC)
        return self._compileer(hoofd.bron(data), tijdstempel)

    def render_met_hash(self, brief: Brief) -> GerenderdeBrief:
        pdf = self.render(brief)
        return GerenderdeBrief(pdf=pdf, sha256=sha256(pdf))

    def render_png(self, brief: Brief, ppi: float = 72) -> list[bytes]:
        """One PNG per page, for looking at a letter (test reports, template work); the PNGs
        come from the same layout as the PDF, so no PDF rasteriser is needed."""
        data = naar_json(brief, self.tekens)
        hoofd = self._map.hoofdbestand(brief.soort, brief.gemeente.code)
        with self._slot:
            try:
                paginas = self._compiler.compile(input=hoofd.bron(data), format="png", ppi=ppi)
            except typst.TypstError as fout:
                raise RenderFout(fout.diagnostic or fout.message) from fout
        if isinstance(paginas, bytes):
            return [paginas]
        return list(paginas or [])

    def overschreven_delen(self, brief: Brief) -> tuple[str, ...]:
        """Which parts of this letter come from the municipality's overrides."""
        return self._map.hoofdbestand(brief.soort, brief.gemeente.code).overschreven

    def _compileer(self, bron: bytes, tijdstempel: datetime) -> bytes:
        with self._slot:
            try:
                pdf = self._compiler.compile(
                    input=bron,
                    format="pdf",
                    pdf_standards=PDF_STANDAARD,
                    timestamp=tijdstempel,
                )
            except typst.TypstError as fout:
                raise RenderFout(fout.diagnostic or fout.message) from fout
        if not isinstance(pdf, bytes):
            raise RenderFout("Typst gaf geen PDF terug")
        return pdf

    def _kan_tonen(self, teken: str) -> bool:
        # PDF/A refuses a glyph no font has, so compiling the character alone under PDF/A is an
        # exact test of the fonts this renderer really uses (including fallback).
        # The character goes in as a Typst escape, not through sys.inputs (see Hoofdbestand.bron).
        proef = f'#set text(font: "Libertinus Serif")\n#"\\u{{{ord(teken):x}}}"'.encode()
        with self._slot:
            try:
                self._compiler.compile(input=proef, format="pdf", pdf_standards=PDF_STANDAARD)
            except typst.TypstError:
                return False
        return True


@cache
def renderer(overrides: Path | None = None) -> Renderer:
    """One renderer per process and override directory, so templates and fonts load once."""
    return Renderer(overrides)


def render(brief: Brief, *, overrides: Path | None = None) -> bytes:
    """PDF/A-2b bytes of `brief`; identical input gives identical bytes."""
    return renderer(overrides).render(brief)
