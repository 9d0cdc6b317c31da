"""Instructions per letter, counted by callgrind: a figure that does not move with the load.

Run from the repo root: `.venv/bin/python -m bench.decisions.instructies [--aantal 20]` (needs
valgrind). Runs this module twice under `valgrind --tool=callgrind`, once rendering N varied
letters (`bench.decisions.run.brieven_maken`: another name, address, case number, IBAN and income
per letter) after warming up on five others, once with none, and prints the difference divided by
N: start-up, imports, fonts and the warm-up cancel out. `--alleen-compile` times the Typst compile
of prepared main files only (no dataclass → JSON); `--kaal` the bare one-page document.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

WARM = 5
MAX = 100
"""Letters built in every run (measured or not), so that building them cancels out."""
TIJD = datetime(2021, 3, 1, tzinfo=UTC)


def _binnen(aantal: int, variant: str) -> None:
    """The measured part, run under valgrind."""
    from app.decisions.render import Renderer
    from app.decisions.weergave import naar_json
    from bench.decisions.run import brieven_maken, kaal_bron

    assert aantal <= MAX
    brieven = brieven_maken(WARM + MAX)
    renderer = Renderer()
    if variant == "kaal":
        bronnen = [kaal_bron(i) for i in range(len(brieven))]
    else:
        hoofd = renderer._map.hoofdbestand(brieven[0].soort, brieven[0].gemeente.code)
        bronnen = [hoofd.bron(naar_json(b, renderer.tekens)) for b in brieven]

    def een(i: int) -> None:
        if variant == "ons":
            renderer.render(brieven[i])
        else:
            renderer._compileer(bronnen[i], TIJD)

    for i in range(WARM):  # fonts, parsed templates, glyph probes: once per process
        een(i)
    for i in range(WARM, WARM + aantal):
        een(i)


def _instructies(aantal: int, variant: str) -> int:
    with tempfile.TemporaryDirectory() as map_:
        uit = Path(map_) / "callgrind.out"
        opdracht = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={uit}",
            sys.executable,
            "-m",
            "bench.decisions.instructies",
            "--binnen",
            str(aantal),
            "--variant",
            variant,
        ]
        subprocess.run(opdracht, check=True, capture_output=True)
        totaal = re.search(r"^summary:\s*(\d+)", uit.read_text(), re.MULTILINE)
        assert totaal is not None, "no summary line in the callgrind output"
        return int(totaal.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aantal", type=int, default=20)
    parser.add_argument("--variant", choices=("ons", "compile", "kaal"), default="ons")
    parser.add_argument("--binnen", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.binnen is not None:
        _binnen(args.binnen, args.variant)
        return
    met = _instructies(args.aantal, args.variant)
    zonder = _instructies(0, args.variant)
    print(
        f"{args.variant}: {(met - zonder) / args.aantal:,.0f} instructions per letter "
        f"({args.aantal} letters under callgrind)"
    )


if __name__ == "__main__":
    main()
