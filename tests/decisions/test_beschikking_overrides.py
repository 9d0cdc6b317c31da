"""A municipality replaces letterhead and closing by dropping files in a directory."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from app.decisions import voorbeelden
from app.decisions.render import Renderer, RenderFout

Tekst = Callable[[bytes], str]

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#c00"/></svg>'
)


@pytest.fixture
def overrides(tmp_path: Path) -> Path:
    almere = tmp_path / "0034"
    almere.mkdir()
    (almere / "logo.svg").write_text(LOGO)
    (almere / "briefhoofd.typ").write_text(
        "#let briefhoofd(g) = grid(columns: (auto, 1fr), column-gutter: 4mm,\n"
        '  image("logo.svg", width: 14mm),\n'
        "  [#text(size: 18pt)[Stad #g.naam] \\ Sociaal Domein – Eigen briefhoofd])\n"
    )
    (almere / "afsluiting.typ").write_text(
        "#let afsluiting(g) = [Met hartelijke groet,\\\nde burgemeester van #g.naam (eigen afsluiting)]\n"
    )
    # Only a letterhead for Lelystad: its closing stays the default.
    lelystad = tmp_path / "0995"
    lelystad.mkdir()
    (lelystad / "briefhoofd.typ").write_text("#let briefhoofd(g) = [Lelystad eigen kop]\n")
    return tmp_path


def test_override_vervangt_briefhoofd_en_afsluiting(overrides: Path, pdf_tekst: Tekst) -> None:
    renderer = Renderer(overrides=overrides)
    brief = voorbeelden.toekenning_levensonderhoud()
    tekst = pdf_tekst(renderer.render(brief))
    assert "Stad Almere" in tekst
    assert "Eigen briefhoofd" in tekst
    assert "de burgemeester van Almere (eigen afsluiting)" in tekst
    assert "namens dezen" not in tekst  # the default closing is gone
    assert "€ 6.003,41" in tekst  # the letter itself is unchanged
    assert renderer.overschreven_delen(brief) == ("briefhoofd", "afsluiting")


def test_deels_overschreven(overrides: Path, pdf_tekst: Tekst) -> None:
    renderer = Renderer(overrides=overrides)
    gemeente = dataclasses.replace(voorbeelden.GEMEENTE, code="0995", naam="Lelystad")
    brief = dataclasses.replace(voorbeelden.afwijzing(), gemeente=gemeente)
    tekst = pdf_tekst(renderer.render(brief))
    assert "Lelystad eigen kop" in tekst
    assert "namens dezen" in tekst  # default closing
    assert renderer.overschreven_delen(brief) == ("briefhoofd",)


def test_gemeente_zonder_override_krijgt_standaard(overrides: Path, pdf_tekst: Tekst) -> None:
    renderer = Renderer(overrides=overrides)
    gemeente = dataclasses.replace(voorbeelden.GEMEENTE, code="0363", naam="Amsterdam")
    brief = dataclasses.replace(voorbeelden.herstelverzoek(), gemeente=gemeente)
    tekst = pdf_tekst(renderer.render(brief))
    assert "GEMEENTE Amsterdam" in tekst
    assert "Eigen briefhoofd" not in tekst
    assert renderer.overschreven_delen(brief) == ()


def test_zonder_overridemap_standaard(renderer: Renderer, pdf_tekst: Tekst) -> None:
    tekst = pdf_tekst(renderer.render(voorbeelden.toekenning_levensonderhoud()))
    assert "Eigen briefhoofd" not in tekst
    assert "namens dezen" in tekst


def test_override_deterministisch(overrides: Path) -> None:
    brief = voorbeelden.toekenning_levensonderhoud()
    assert Renderer(overrides=overrides).render(brief) == Renderer(overrides=overrides).render(brief)


def test_kapotte_override_geeft_duidelijke_fout(tmp_path: Path) -> None:
    (tmp_path / "0034").mkdir()
    (tmp_path / "0034" / "briefhoofd.typ").write_text("#let briefhoofd(g) = [#g.bestaat_niet]\n")
    with pytest.raises(RenderFout, match="bestaat_niet"):
        Renderer(overrides=tmp_path).render(voorbeelden.afwijzing())
