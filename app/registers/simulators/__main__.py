"""Run the register simulators: `python -m app.registers.simulators [port] [--host HOST]`."""

from __future__ import annotations

import argparse

import uvicorn

from app.registers.simulators.app import create_app

# Matches the default register URLs in app.config (http://127.0.0.1:8099/kvk, /brp, /suwinet).
STANDAARD_POORT = 8099


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app.registers.simulators")
    parser.add_argument("port", nargs="?", type=int, default=STANDAARD_POORT)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
