"""Instructions per round (claim + read + release) of one API process, counted by callgrind: a
figure that does not move with other load on the machine, unlike latency. The server runs under
`valgrind --tool=callgrind` with instrumentation off; after a warm-up it is switched on for the
measured rounds only (`callgrind_control -i on/off`). Needs a database `bench.werkvoorraad.run`
loaded (`--hergebruik`). `--code DIR` serves another checkout of the service (for example a
`git worktree` of main) with the same client, to compare before and after.

    .venv/bin/python -m bench.werkvoorraad.instructies --hergebruik URL [--code DIR] [--rondes 200]
"""

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.config import ROOT, Settings
from bench.submit.run import vrije_poort
from bench.werkvoorraad.run import via_api


def _start(code: Path, port: int, url: str, uitvoer: Path) -> subprocess.Popen[bytes]:
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={uitvoer}",
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "app.main:create_app",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    env = {**os.environ, "DATABASE_URL": url, "ZL_LOG_LEVEL": "warning", "UVICORN_TIMEOUT_KEEP_ALIVE": "3000"}
    proc = subprocess.Popen(cmd, env=env, cwd=code, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            asyncio.run(_verbind(port))
            return proc
        except OSError:
            time.sleep(1)
    proc.kill()
    raise RuntimeError("the server did not start under valgrind")


async def _verbind(port: int) -> None:
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()
    await writer.wait_closed()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hergebruik", required=True, help="URL of a database bench.werkvoorraad.run loaded")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose app/ is served")
    parser.add_argument("--werkers", type=int, default=8)
    parser.add_argument("--rondes", type=int, default=25, help="measured rounds per worker")
    args = parser.parse_args()

    settings = Settings(database_url=args.hergebruik)
    port = vrije_poort()
    with tempfile.TemporaryDirectory() as tmp:
        uitvoer = Path(tmp) / "callgrind.out"
        proc = _start(args.code, port, args.hergebruik, uitvoer)
        try:
            asyncio.run(via_api(port, settings, args.werkers, 5, 0.0))  # warm-up: pool, caches, statements
            subprocess.run(["callgrind_control", "-i", "on", str(proc.pid)], check=True, capture_output=True)
            asyncio.run(via_api(port, settings, args.werkers, args.rondes, 0.0))
            subprocess.run(["callgrind_control", "-i", "off", str(proc.pid)], check=True, capture_output=True)
            subprocess.run(["callgrind_control", "-d", str(proc.pid)], check=True, capture_output=True)
        finally:
            proc.terminate()
            proc.wait(120)
        totaal = 0
        for bestand in Path(tmp).glob("callgrind.out*"):
            for regel in bestand.read_text(errors="replace").splitlines():
                m = re.match(r"^(?:summary|totals): (\d+)", regel)
                if m:
                    totaal += int(m.group(1))
    # The measured rounds plus each worker's one warm-up round inside via_api.
    rondes = args.werkers * (args.rondes + 1)
    print(f"{'code':>12}: {args.code}")
    print(f"{'instructies':>12}: {totaal / rondes / 1e6:.2f} M per ronde (claim + lezen + vrijgeven), {rondes} rondes")


if __name__ == "__main__":
    main()
