"""Text from registers and applicants is printed literally: Typst syntax in a name neither
breaks the letter nor changes it, and characters no font has do not stop a batch."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable

import pypdf
import pytest

from app.decisions import voorbeelden
from app.decisions.letters import Adres, Criterium
from app.decisions.render import Renderer
from app.decisions.tekens import VERVANGING

Tekst = Callable[[bytes], str]

MARKUP = [
    "#set text(fill: red)",
    "$x^2$",
    "*vet*",
    "_schuin_",
    "[haak]",
    "back\\slash",
    "@label",
    "<label>",
    "// geen commentaar",
    '#import "/sjablonen/brief.typ": brief',
    '#read("/etc/passwd")',
    '#eval("1+1")',
    "`code`",
    "= Kop",
    "- lijst",
    "~tilde~",
    '"quote"',
    # The letter's JSON travels inside a Typst string literal (Hoofdbestand.bron): text that
    # tries to end that literal, or to end it with an escape, stays text.
    '"))#panic("uit de string")#("',
    '\\"))#set page(width: 1cm)//',
    "\\\\",
    "\\u{41}",
]


def _met_naam(naam: str, aanhef: str | None = None) -> voorbeelden.ToekenningLevensonderhoud:
    brief = voorbeelden.toekenning_levensonderhoud()
    adres = dataclasses.replace(brief.adres, naam=naam, aanhef=aanhef or f"Geachte {naam}")
    return dataclasses.replace(brief, adres=adres)


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_in_naam_letterlijk(renderer: Renderer, pdf_tekst: Tekst, markup: str) -> None:
    tekst = pdf_tekst(renderer.render(_met_naam(f"A. {markup} Jansen")))
    # Interpreted markup would lose its syntax characters ("*vet*" → bold "vet").
    assert f"A. {markup} Jansen" in tekst
    assert "€ 6.003,41" in tekst  # and the rest of the letter is intact


def test_markup_in_alle_vrije_tekst(renderer: Renderer, pdf_tekst: Tekst) -> None:
    kwaad = "] #set page(width: 1cm) [ $ * _ \\ @x <y> #"
    brief = voorbeelden.afwijzing()
    brief = dataclasses.replace(
        brief,
        motivering=kwaad,
        criteria=(Criterium(omschrijving=kwaad, reden=kwaad, grondslag=kwaad),),
        grondslagen=(kwaad,),
    )
    pdf = renderer.render(brief)
    tekst = pdf_tekst(pdf)
    assert tekst.count(kwaad) >= 4
    pagina = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(pagina.mediabox.width)) == 595  # still A4: `#set page` was not obeyed


def test_zeer_lange_naam(renderer: Renderer, pdf_tekst: Tekst) -> None:
    lang = " ".join(["Wilhelmina-Alexandrina"] * 30)
    zonder_spaties = "X" * 300
    pdf = renderer.render(_met_naam(f"{lang} {zonder_spaties}", aanhef="Geachte mevrouw"))
    tekst = pdf_tekst(pdf)
    lezer = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(lezer.pages) <= 3
    assert "Wilhelmina-Alexandrina" in tekst
    # The address block is clipped to the envelope window, so the letter itself stays intact.
    assert "Totaal € 6.003,41" in tekst
    assert "maandag 12 april 2021" in tekst


@pytest.mark.parametrize(
    "naam",
    [
        "Ömer Şahin Ağaoğlu",
        "Łukasz Żółć",
        "Ærøskøbing Ðorđević",
        "Νίκος Παπαδόπουλος",
        "Дмитрий Иванов",
        "Nguyễn Văn Đức",
        "José María Núñez",
    ],
)
def test_niet_latijnse_tekens(renderer: Renderer, pdf_tekst: Tekst, naam: str) -> None:
    assert naam in pdf_tekst(renderer.render(_met_naam(naam)))


def test_tekens_zonder_font_worden_vervangen(renderer: Renderer, pdf_tekst: Tekst) -> None:
    # The bundled fonts have no CJK; PDF/A would refuse the whole letter. Replace, don't fail.
    tekst = pdf_tekst(renderer.render(_met_naam("王秀英 Wang")))
    assert f"{VERVANGING * 3} Wang" in tekst
    assert "王" not in tekst


def test_stuurtekens_verdwijnen(renderer: Renderer, pdf_tekst: Tekst) -> None:
    # A bidi override would make the printed name read differently from the stored one.
    tekst = pdf_tekst(renderer.render(_met_naam("Jan\u202eneslaV\u202c\x00\x07 Bos")))
    assert "JanneslaV Bos" in tekst


def test_adresregels_vreemde_tekens(renderer: Renderer, pdf_tekst: Tekst) -> None:
    brief = voorbeelden.herstelverzoek()
    adres = Adres(
        naam="#[x]",
        aanhef="Geachte heer/mevrouw",
        adresregel1="Straat $1$ #2",
        adresregel2="1234 AB *PLAATS*",
        adresregel3="\\ nieuwe regel",
        land="Belgi\u00eb",
    )
    tekst = pdf_tekst(renderer.render(dataclasses.replace(brief, adres=adres)))
    for regel in ("#[x]", "Straat $1$ #2", "1234 AB *PLAATS*", "\\ nieuwe regel", "België"):
        assert regel in tekst
