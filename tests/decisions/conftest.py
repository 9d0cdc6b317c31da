"""Fixtures for the letter tests: one renderer for the session (as a batch worker would have)
and a helper that reads a PDF back as normalised text."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pypdf
import pytest

from app.decisions.render import Renderer


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer()


def _pdf_tekst(pdf: bytes) -> str:
    lezer = pypdf.PdfReader(io.BytesIO(pdf))
    tekst = " ".join(pagina.extract_text() for pagina in lezer.pages)
    # Amounts and dates use non-breaking spaces; line breaks fall anywhere. Compare on words.
    return re.sub(r"\s+", " ", tekst.replace("\u00a0", " "))


@pytest.fixture(scope="session")
def pdf_tekst() -> Callable[[bytes], str]:
    return _pdf_tekst
