"""Instructions per `beoordeel()`, counted by callgrind: a figure that does not move with the load.

Run from the repo root: `.venv/bin/python -m bench.rules.instructies` (needs valgrind). Runs this
module twice under `valgrind --tool=callgrind`, once with N evaluations of the benchmark's
applications (`bench/rules/run.py`) after one warm-up pass over them, once with none, and prints
the difference divided by N: start-up, imports and building the inputs cancel out. `--to-dict`
counts `beoordeel()` + `to_dict()`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path


def _binnen(aantal: int, met_json: bool) -> None:
    """The measured part, run under valgrind."""
    from app.rules import KvkGegevens, Registerfeiten, aanvraag_uit_dict, beoordeel
    from bench.rules.run import DOCUMENTEN, PEIL, POOL, _varianten

    aanvragen = [aanvraag_uit_dict(b) for b in _varianten()]
    feiten = Registerfeiten(kvk=KvkGegevens("69599084", date(2015, 6, 1), True))
    for aanvraag in aanvragen:  # warm-up, as the timed benchmark has: memos filled once
        beoordeel(aanvraag, PEIL, feiten=feiten, documenten=DOCUMENTEN).to_dict()
    for n in range(aantal):
        uitkomst = beoordeel(aanvragen[n % POOL], PEIL, feiten=feiten, documenten=DOCUMENTEN)
        if met_json:
            uitkomst.to_dict()


def _instructies(aantal: int, met_json: bool) -> int:
    with tempfile.TemporaryDirectory() as map_:
        uit = Path(map_) / "callgrind.out"
        opdracht = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={uit}",
            sys.executable,
            "-m",
            "bench.rules.instructies",
            "--binnen",
            str(aantal),
        ] + (["--to-dict"] if met_json else [])
        subprocess.run(opdracht, check=True, capture_output=True)
        totaal = re.search(r"^summary:\s*(\d+)", uit.read_text(), re.MULTILINE)
        assert totaal is not None, "no summary line in the callgrind output"
        return int(totaal.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aantal", type=int, default=2000)
    parser.add_argument("--to-dict", action="store_true")
    parser.add_argument("--binnen", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.binnen is not None:
        _binnen(args.binnen, args.to_dict)
        return
    met = _instructies(args.aantal, args.to_dict)
    zonder = _instructies(0, args.to_dict)
    wat = "beoordeel() + to_dict()" if args.to_dict else "beoordeel()"
    print(
        f"{wat}: {(met - zonder) / args.aantal:,.0f} instructions per evaluation "
        f"({args.aantal:,} evaluations under callgrind)"
    )


if __name__ == "__main__":
    main()
