"""Server instructions per submit under callgrind, for before/after comparisons that do not move
with the load of a shared machine (requests/s does, by ±20–50 %).

    .venv/bin/python -m bench.submit.instructies [--aantal 200] [--opwarmen 60] [--server ons|kaal|beide]

Each server runs as one uvicorn process under `valgrind --tool=callgrind --instr-atstart=no`;
instrumentation is switched on (`callgrind_control -i on`) only around the measured submits, after
a warm-up that fills caches, the pool and the prepared statements. Needs valgrind."""

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app import pgembedded
from app.auth import maak_ontwikkeltoken
from app.cli import migreer
from app.config import ROOT, Settings
from bench.submit.run import _maak_database, _ronde, _verbind, _verzoek, vrije_poort
from tests import voorbeelden


def _start(module: str, port: int, env: dict[str, str], uitvoer: Path) -> subprocess.Popen[bytes]:
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={uitvoer}",
        sys.executable,
        "-m",
        "uvicorn",
        *(["--factory", module[:-2]] if module.endswith(")") else [module]),
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            asyncio.run(_verbind(port))
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"{module} did not start under valgrind")


def _instructies(uitvoer: Path) -> int:
    totaal = 0
    for pad in uitvoer.parent.glob(uitvoer.name + "*"):
        # `summary:` in the head is 0 when instrumentation started switched off; `totals:` at the end counts.
        m = re.search(r"^totals: (\d+)", pad.read_text(errors="replace"), re.MULTILINE)
        if m:
            totaal += int(m.group(1))
    return totaal


def meet(naam: str, module: str, env: dict[str, str], token: str, aantal: int, opwarmen: int) -> float:
    body = json.dumps(voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud())).encode()
    with tempfile.TemporaryDirectory() as tmp:
        uitvoer = Path(tmp) / f"callgrind.{naam}"
        port = vrije_poort()
        proc = _start(module, port, env, uitvoer)
        try:
            statussen = asyncio.run(_ronde(port, [_verzoek(port, body, token) for _ in range(opwarmen)], 8))
            subprocess.run(["callgrind_control", "-i", "on", str(proc.pid)], check=True, capture_output=True)
            statussen += asyncio.run(_ronde(port, [_verzoek(port, body, token) for _ in range(aantal)], 8))
            subprocess.run(["callgrind_control", "-i", "off", str(proc.pid)], check=True, capture_output=True)
        finally:
            proc.terminate()
            proc.wait(120)
        if any(s != 201 for s in statussen):
            raise SystemExit(f"{naam}: antwoorden zonder 201: {sorted(set(statussen))}")
        if os.environ.get("BENCH_CALLGRIND_BEWAAR"):
            for pad in uitvoer.parent.glob(uitvoer.name + "*"):
                doel = Path(os.environ["BENCH_CALLGRIND_BEWAAR"]) / pad.name
                doel.write_bytes(pad.read_bytes())
        return _instructies(uitvoer) / aantal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aantal", type=int, default=200)
    parser.add_argument("--opwarmen", type=int, default=60)
    parser.add_argument("--server", choices=("ons", "kaal", "beide"), default="beide")
    args = parser.parse_args()

    server = os.environ.get("DATABASE_URL") or pgembedded.ensure_running(
        ROOT / "var" / "bench-pg", vrije_poort(), durable=True
    )
    url = asyncio.run(_maak_database(server))
    migreer(url)
    token = maak_ontwikkeltoken(Settings(database_url=url), "bench-loket", ["loket"], ["0363"])
    servers = {
        "kaal": ("bench.submit.baseline:app", {"BENCH_DATABASE_URL": url}),
        "zelfstandigenloket": ("app.main:create_app()", {"DATABASE_URL": url, "ZL_LOG_LEVEL": "warning"}),
    }
    if args.server == "ons":
        del servers["kaal"]
    elif args.server == "kaal":
        del servers["zelfstandigenloket"]
    uitslag = {}
    for naam, (module, env) in servers.items():
        uitslag[naam] = meet(naam, module, env, token, args.aantal, args.opwarmen)
        print(f"{naam:>20}: {uitslag[naam] / 1e6:6.3f} M instructies per aanvraag (server, {args.aantal} aanvragen)")
    if len(uitslag) == 2:
        print(f"{'ratio':>20}: {uitslag['kaal'] / uitslag['zelfstandigenloket']:6.3f}  (kaal / ons)")


if __name__ == "__main__":
    main()
