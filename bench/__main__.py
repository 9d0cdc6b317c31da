"""Every benchmark, one after the other: `python -m bench` (or `make bench`).

Each prints its own figure next to a baseline measured in the same run; see bench/README.md."""

import subprocess
import sys

BENCHMARKS = (
    "bench.submit.run",
    "bench.rules.run",
    "bench.registers.run",
    "bench.decisions.run",
    "bench.batch.run",
    "bench.e2e.run",
    "bench.werkvoorraad.run",
    "bench.stuurinformatie.run",
)
# The whole chain at 20,000 takes long on two cores; `make bench` runs it smaller, alone it runs in full.
ARGUMENTEN = {"bench.e2e.run": ["--aantal", "1000"]}


def main() -> int:
    mislukt = []
    for module in BENCHMARKS:
        print(f"\n== {module}", flush=True)
        if subprocess.run([sys.executable, "-m", module, *ARGUMENTEN.get(module, [])], check=False).returncode != 0:
            mislukt.append(module)
    if mislukt:
        print(f"\nmislukt: {', '.join(mislukt)}")
    return 1 if mislukt else 0


if __name__ == "__main__":
    sys.exit(main())
