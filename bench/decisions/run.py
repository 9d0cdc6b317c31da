"""Letters per second: our renderer against bare Typst loops, measured in the same run.

    .venv/bin/python -m bench.decisions.run [--aantal 2000]

- "ons": `Renderer.render` of a toekenning levensonderhoud with 6 months (dataclass → JSON →
  templates → PDF/A-2b); per letter another name, address, case number, IBAN and income (so
  other amounts and total), as in a real batch;
- "zelfde compile": a bare loop of the same Typst compile (same templates, same fonts, main file
  with the JSON made before the clock starts): the issue's baseline; ons/zelfde is the cost of
  our Python layer;
- "kaal": a bare loop of `typst.Compiler.compile` (one compiler, reused) of a static one-page
  document with the same fonts and PDF/A-2b, its name and kenmerk varying per letter as string
  literals in the source (as ours); ons/kaal also includes what the richer letter (two pages,
  letterhead, tables, objection clause) costs in Typst;
- "kaal sys.inputs": the same document with name and kenmerk through `sys_inputs`, as our
  renderer did before: new inputs are a new standard library for Typst, which then memoises
  nothing from one letter to the next;
- "typst.compile": the module-level function, which loads fonts on every call: what not caching
  the compiler would cost (run on a tenth of the letters).
The variants run interleaved in chunks, so that other load on the machine hits all of them
alike. Memory is the process RSS at start and end, to see that it stays flat.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import typst

from app.decisions import voorbeelden
from app.decisions.letters import ToekenningLevensonderhoud
from app.decisions.render import Renderer
from app.decisions.sjablonen import Projectmap
from app.decisions.weergave import naar_json

KAAL = """
#set page(paper: "a4", margin: 22mm)
#set text(font: "Libertinus Serif", size: 11pt, lang: "nl")
#text(size: 20pt, weight: "bold")[Gemeente Almere]
#v(20mm)
#sys.inputs.naam \\ Stationsstraat 12 A \\ 1315 AA ALMERE
#v(10mm)
*U krijgt een Tozo 3-uitkering* \\ Kenmerk #sys.inputs.kenmerk

Geachte heer De Vries, u heeft een uitkering voor levensonderhoud aangevraagd. In deze brief leest
u ons besluit. U krijgt een uitkering voor levensonderhoud. Hieronder ziet u per maand hoeveel.

#table(columns: 4, [Maand], [Norm], [Inkomen], [U krijgt],
  ..range(6).map(i => ([maand #i], [€ 1.075,44], [€ 0,00], [€ 1.075,44])).flatten())

Zo rekenen wij: de bijstandsnorm is het bedrag dat u per maand minimaal nodig heeft om van te
leven. Uw inkomen in die maand halen wij daarvan af. Het verschil krijgt u van ons.

Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. Uw bezwaar moet uiterlijk op
maandag 12 april 2021 bij ons binnen zijn. Zet in uw brief uw naam en adres, de datum, het
kenmerk, waarom u het niet eens bent en uw handtekening. Tijdens het bezwaar blijft dit besluit
gelden. Heeft u vragen? Bel ons dan op 14 036.

Met vriendelijke groet, het college van burgemeester en wethouders van Almere
""".encode()
TIJD = datetime(2021, 3, 1, tzinfo=UTC)
BLOK = 50


def rss_mb() -> float:
    """Current resident set size (Linux /proc), not the peak, to see whether memory stays flat."""
    pagina = resource.getpagesize()
    return int(Path("/proc/self/statm").read_text().split()[1]) * pagina / 2**20


@dataclasses.dataclass
class Variant:
    naam: str
    stap: Callable[[int], bytes]
    deel: int = 1
    """Run 1/deel of the letters (for the slow variant)."""
    seconden: float = 0.0
    brieven: int = 0
    bytes_: int = 0

    @property
    def per_s(self) -> float:
        return self.brieven / self.seconden


_NAMEN = ("J. de Vries", "A. Yılmaz", "M.E. van den Berg-Öztürk", "K. Bakker", "S. El Amrani", "P.J. Jansen")
_STRATEN = ("Stationsstraat", "Grote Markt", "Laan van Nieuw Oosterdijk", "Kerkweg", "Botter")


def brieven_maken(aantal: int) -> list[ToekenningLevensonderhoud]:
    """Letters that differ the way a real batch's do: name, address, case number, IBAN, and the
    income (hence the amounts and the total) of some months; same municipality and letter date."""
    basis = voorbeelden.toekenning_levensonderhoud(6)
    brieven = []
    for i in range(aantal):
        maanden = tuple(
            dataclasses.replace(m, inkomen_cent=(i * 7919 + k * 104729) % 60000 if (i + k) % 3 else 0)
            for k, m in enumerate(basis.maanden)
        )
        maanden = tuple(dataclasses.replace(m, bedrag_cent=m.norm_cent - m.inkomen_cent) for m in maanden)
        brieven.append(
            dataclasses.replace(
                basis,
                adres=dataclasses.replace(
                    basis.adres,
                    naam=f"{_NAMEN[i % len(_NAMEN)]} {i}",
                    adresregel1=f"{_STRATEN[i % len(_STRATEN)]} {i % 300 + 1}",
                    adresregel2=f"{1300 + i % 60} {chr(65 + i % 26)}{chr(65 + i // 26 % 26)}  ALMERE",
                ),
                referentie=dataclasses.replace(basis.referentie, zaaknummer=f"ZL-2021-{i:06d}"),
                maanden=maanden,
                iban=f"NL{i % 90 + 10:02d}ABNA{i:010d}",
            )
        )
    return brieven


def kaal_bron(i: int) -> bytes:
    # The varying values go in as string literals, as ours do (see Hoofdbestand.bron).
    return KAAL.replace(b"#sys.inputs.naam", f'#"J. de Vries {i}"'.encode()).replace(
        b"#sys.inputs.kenmerk", f'#"ZL-2021-{i:06d}-1"'.encode()
    )


def varianten(brieven: list[ToekenningLevensonderhoud]) -> list[Variant]:
    renderer = Renderer()
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)

    projectmap = Projectmap(None)
    hoofd = projectmap.hoofdbestand(brieven[0].soort, brieven[0].gemeente.code)
    zelfde_compiler = typst.Compiler(root=str(projectmap.root), font_paths=fonts, ignore_system_fonts=True)
    bronnen = [hoofd.bron(naar_json(b, renderer.tekens)) for b in brieven]
    kaal_compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
    kaal_bronnen = [kaal_bron(i) for i in range(len(brieven))]
    oud_compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)

    def zelfde(i: int) -> bytes:
        assert projectmap.root.is_dir()  # keeps the map (and its directory) alive
        pdf = zelfde_compiler.compile(input=bronnen[i], format="pdf", pdf_standards="a-2b", timestamp=TIJD)
        assert isinstance(pdf, bytes)
        return pdf

    def kaal(i: int) -> bytes:
        pdf = kaal_compiler.compile(input=kaal_bronnen[i], format="pdf", pdf_standards="a-2b", timestamp=TIJD)
        assert isinstance(pdf, bytes)
        return pdf

    def kaal_invoer(i: int) -> dict[str, str]:
        return {"naam": f"J. de Vries {i}", "kenmerk": f"ZL-2021-{i:06d}-1"}

    def kaal_sys_inputs(i: int) -> bytes:
        pdf = oud_compiler.compile(
            input=KAAL, format="pdf", sys_inputs=kaal_invoer(i), pdf_standards="a-2b", timestamp=TIJD
        )
        assert isinstance(pdf, bytes)
        return pdf

    def los(i: int) -> bytes:
        return typst.compile(
            KAAL,
            sys_inputs=kaal_invoer(i),
            pdf_standards="a-2b",
            timestamp=TIJD,
            ignore_system_fonts=True,
        )

    return [
        Variant("ons", lambda i: renderer.render(brieven[i])),
        Variant("zelfde compile", zelfde),
        Variant("kaal één pagina", kaal),
        Variant("kaal sys.inputs", kaal_sys_inputs),
        Variant("typst.compile", los, deel=10),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="Letters per second, ours against bare Typst.")
    parser.add_argument("--aantal", type=int, default=2000)
    aantal: int = parser.parse_args().aantal

    brieven = brieven_maken(aantal)
    print(f"RSS bij start: {rss_mb():.1f} MB")
    alle = varianten(brieven)
    for v in alle:  # warm up: fonts, parsed templates, glyph probes
        for i in range(5):
            v.stap(i)
    for begin in range(0, aantal, BLOK):
        for v in alle:
            reeks = range(begin, min(begin + BLOK, aantal), v.deel)
            t0 = time.perf_counter()
            for i in reeks:
                v.bytes_ += len(v.stap(i))
            v.seconden += time.perf_counter() - t0
            v.brieven += len(reeks)
    for v in alle:
        print(
            f"{v.naam:>16}: {v.per_s:7.1f} brieven/s  ({v.brieven} in {v.seconden:.2f} s, "
            f"gem. {v.bytes_ // v.brieven} bytes)"
        )
    print(f"RSS bij einde: {rss_mb():.1f} MB")
    ons, zelfde, kaal, kaal_sys, los = (v.per_s for v in alle)
    print(f"verhouding ons / zelfde compile:  {ons / zelfde:.2f}   (doel ≥ 0,8)")
    print(f"verhouding ons / kaal één pagina: {ons / kaal:.2f}")
    print(f"verhouding ons / kaal sys.inputs: {ons / kaal_sys:.2f}")
    print(f"verhouding ons / typst.compile:   {ons / los:.2f}")


if __name__ == "__main__":
    main()
