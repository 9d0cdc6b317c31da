"""Every letter kind renders to a real PDF/A-2b whose text states what the rules decided."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import DictionaryObject, IndirectObject

from app.decisions import voorbeelden
from app.decisions.letters import SOORTEN, BeslissingOpBezwaar, Brief, Herstelverzoek, Verdaging
from app.decisions.render import Renderer, render, sha256

Tekst = Callable[[bytes], str]
ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-artifacts" / "decisions"


@pytest.fixture(scope="module")
def pdfs(renderer: Renderer) -> dict[str, bytes]:
    return {soort: renderer.render(maak()) for soort, maak in voorbeelden.ALLE.items()}


def test_voorbeeld_per_soort() -> None:
    assert sorted(voorbeelden.ALLE) == sorted(SOORTEN)


@pytest.mark.parametrize("soort", SOORTEN)
def test_geldige_pdf_a_2b(pdfs: dict[str, bytes], soort: str) -> None:
    pdf = pdfs[soort]
    assert pdf.startswith(b"%PDF-")
    lezer = pypdf.PdfReader(io.BytesIO(pdf), strict=True)
    assert len(lezer.pages) >= 1
    xmp = lezer.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "<rdf:li>nl" in xmp  # document language, for screen readers and archives


@pytest.mark.parametrize("soort", SOORTEN)
def test_alle_fonts_ingebed(pdfs: dict[str, bytes], soort: str) -> None:
    # PDF/A requires every font to be embedded; a missing FontFile would fail archiving.
    lezer = pypdf.PdfReader(io.BytesIO(pdfs[soort]))
    gezien = 0
    for pagina in lezer.pages:
        fonts = pagina["/Resources"].get("/Font", DictionaryObject())
        for ref in fonts.values():
            font = ref.get_object() if isinstance(ref, IndirectObject) else ref
            for afstammeling in font.get("/DescendantFonts", [font]):
                beschrijving = afstammeling.get_object()["/FontDescriptor"].get_object()
                assert any(k in beschrijving for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                gezien += 1
    assert gezien > 0


@pytest.mark.parametrize("soort", SOORTEN)
def test_briefkop_adres_en_kenmerk(pdfs: dict[str, bytes], pdf_tekst: Tekst, soort: str) -> None:
    tekst = pdf_tekst(pdfs[soort])
    for verwacht in (
        "Almere",
        "Zelfstandigenloket Flevoland",
        "Postbus 200",
        "J. de Vries",
        "Stationsstraat 12 A",
        "1315 AA ALMERE",
        "Geachte heer De Vries,",
        "ZL-2021-004711-",
        "Welke regels gelden?",
        "mw. drs. A. Bakker",
    ):
        assert verwacht in tekst, verwacht


# A request for information and a notice of extension are no decisions (no remedy); a decision
# on an objection is appealed to the court instead (test_beslissing_op_bezwaar_heeft_beroepsclausule).
GEEN_BEZWAAR = ("herstelverzoek", "verdaging", "beslissing_op_bezwaar")


@pytest.mark.parametrize("soort", [s for s in SOORTEN if s not in GEEN_BEZWAAR])
def test_besluit_heeft_bezwaarclausule(soort: str, pdf_tekst: Tekst, renderer: Renderer) -> None:
    brief = voorbeelden.ALLE[soort]()
    assert not isinstance(brief, Herstelverzoek | Verdaging | BeslissingOpBezwaar)
    tekst = pdf_tekst(renderer.render(brief))
    dag = brief.laatste_dag_bezwaar
    assert "Bent u het niet eens met dit besluit?" in tekst
    assert f"uiterlijk op {_dag_tekst(dag)} bij ons binnen" in tekst
    assert "6:7" in tekst
    assert brief.motivering in tekst
    for grondslag in brief.grondslagen:
        assert grondslag in tekst


def test_beslissing_op_bezwaar_heeft_beroepsclausule(pdfs: dict[str, bytes], pdf_tekst: Tekst) -> None:
    tekst = pdf_tekst(pdfs["beslissing_op_bezwaar"])
    assert "niet-ontvankelijk" in tekst and "ZL-2021-004711-1" in tekst and "20 april 2021" in tekst
    assert "beroep instellen bij de rechtbank" in tekst and "maandag 14 juni 2021" in tekst
    assert "bezwaar maken" not in tekst  # no objection against a decision on an objection (Awb 7:1)


def test_herziening_per_maand(pdfs: dict[str, bytes], pdf_tekst: Tekst) -> None:
    # Spec §7 case 31: 192,90 becomes 92,90, € 100,00 recovered.
    tekst = pdf_tekst(pdfs["herziening"])
    assert "juli 2020 € 192,90 € 92,90 € 0,00 € 100,00" in tekst
    assert "Totaal € 50,00 € 100,00" in tekst
    assert "maandag 12 april 2021" in tekst


def test_toekenning_levensonderhoud_per_maand(pdfs: dict[str, bytes], pdf_tekst: Tekst) -> None:
    tekst = pdf_tekst(pdfs["toekenning_levensonderhoud"])
    # Read back row by row: month, norm, income counted, amount (spec §3.1 norms, Tozo 3).
    assert "oktober 2020 € 1.059,03 € 0,00 € 1.059,03" in tekst
    assert "november 2020 € 1.059,03 € 400,00 € 659,03" in tekst
    assert "januari 2021 € 1.075,44 € 0,00 € 1.075,44" in tekst
    assert "maart 2021 € 1.075,44 € 0,00 € 1.075,44" in tekst
    assert "Totaal € 6.003,41" in tekst
    assert "maandag 12 april 2021" in tekst  # spec §7 case 30
    assert "NL91 ABNA 0417 1643 00" in tekst
    assert "artikel 17 van de Participatiewet" in tekst


def test_toekenning_bedrijfskapitaal(pdfs: dict[str, bytes], pdf_tekst: Tekst) -> None:
    tekst = pdf_tekst(pdfs["toekenning_bedrijfskapitaal"])
    # Spec §7 case 26: € 10.157 at 2%, 52 × € 195,33 from July 2022, term ends 01-11-2026,
    # interest over 2020 € 135,43.
    assert "lening van € 10.157,00" in tekst
    assert "2% rente per jaar" in tekst
    assert "juli 2022 t/m oktober 2026 52 € 195,33" in tekst
    assert "tot 1 november 2026" in tekst
    assert "€ 135,43" in tekst
    assert "faillissement" in tekst
    assert "hoofdelijk aansprakelijk" in tekst
    assert "4:94" in tekst


def test_afwijzing_per_criterium(pdf_tekst: Tekst, renderer: Renderer) -> None:
    brief = voorbeelden.afwijzing()
    tekst = pdf_tekst(renderer.render(brief))
    assert "Wij wijzen uw aanvraag af" in tekst
    for criterium in brief.criteria:
        assert criterium.omschrijving in tekst
        assert criterium.reden in tekst
        assert f"Regel: {criterium.grondslag}" in tekst


def test_gedeeltelijke_toekenning(pdf_tekst: Tekst, renderer: Renderer) -> None:
    brief = voorbeelden.gedeeltelijke_toekenning()
    tekst = pdf_tekst(renderer.render(brief))
    for maand in ("maart 2020", "april 2020", "mei 2020"):
        assert f"{maand} € 1.052,32 € 400,00 € 652,32" in tekst
    assert "Totaal € 1.956,96" in tekst
    assert "juni 2020 U heeft al drie maanden Tozo 1" in tekst
    assert "artikel 2 Besluit Tozo" in tekst


def test_buiten_behandeling(pdf_tekst: Tekst, renderer: Renderer) -> None:
    tekst = pdf_tekst(renderer.render(voorbeelden.buiten_behandeling()))
    assert "Wij behandelen uw aanvraag niet" in tekst
    assert "artikel 4:5 Algemene wet bestuursrecht" in tekst
    assert "22 februari 2021" in tekst
    assert "maandag 8 maart 2021" in tekst
    assert "een kopie van uw identiteitsbewijs" in tekst


def test_herstelverzoek(pdf_tekst: Tekst, renderer: Renderer) -> None:
    tekst = pdf_tekst(renderer.render(voorbeelden.herstelverzoek()))
    assert "uiterlijk op maandag 8 maart 2021 hebben" in tekst
    assert "een kopie van uw identiteitsbewijs" in tekst
    assert "Een rijbewijs is niet genoeg." in tekst
    assert "Dan behandelen wij uw aanvraag niet" in tekst  # the consequence (Awb 4:5)
    # Not a decision, so no objection clause; the letter says why.
    assert "Bent u het niet eens met dit besluit?" not in tekst
    assert "geen bezwaar tegen maken" in tekst


def test_intrekking(pdf_tekst: Tekst, renderer: Renderer) -> None:
    tekst = pdf_tekst(renderer.render(voorbeelden.intrekking()))
    assert "Op 25 februari 2021 heeft u ons laten weten" in tekst
    assert "uw aanvraag is ingetrokken" in tekst


def test_zelfde_brief_zelfde_bytes() -> None:
    brief = voorbeelden.toekenning_levensonderhoud()
    eerste = Renderer().render(brief)
    # A second, fresh renderer (another worker process, another day) and the shared one agree.
    assert Renderer().render(brief) == eerste
    assert render(brief) == eerste
    assert sha256(eerste) == hashlib.sha256(eerste).hexdigest()


def test_andere_brief_andere_bytes(renderer: Renderer) -> None:
    brief = voorbeelden.toekenning_levensonderhoud()
    later = dataclasses.replace(brief, referentie=dataclasses.replace(brief.referentie, briefdatum=date(2021, 3, 2)))
    assert renderer.render_met_hash(brief).sha256 != renderer.render_met_hash(later).sha256


def test_geen_huidige_tijd_in_pdf(pdfs: dict[str, bytes]) -> None:
    lezer = pypdf.PdfReader(io.BytesIO(pdfs["afwijzing"]))
    assert lezer.metadata is not None
    assert lezer.metadata["/CreationDate"] == "D:20210301000000Z"  # the letter date


@pytest.mark.parametrize("soort", SOORTEN)
def test_pagina_als_afbeelding(renderer: Renderer, soort: str) -> None:
    """Writes each letter's pages as PNG to test-artifacts/decisions/ to look at in the report."""
    brief: Brief = voorbeelden.ALLE[soort]()
    paginas = renderer.render_png(brief)
    assert paginas and all(p.startswith(b"\x89PNG\r\n\x1a\n") for p in paginas)
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    for nr, png in enumerate(paginas, start=1):
        (ARTEFACTEN / f"{soort}-{nr}.png").write_bytes(png)


def _dag_tekst(d: date) -> str:
    from app.decisions.opmaak import datum_met_dag

    return datum_met_dag(d).replace("\u00a0", " ")
