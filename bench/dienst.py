"""The service as an operator runs it: `zelfstandigenloket serve` in a process of its own (API,
verification worker, letter worker), on free ports and its own database, with every line it
writes kept in a log file; the register simulators in a process of their own beside it, as the
real registers are: restarting the service (`herstart`) leaves them running. Used by bench/e2e
and by the security tests."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app.config import ROOT


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Dienst:
    def __init__(self, database_url: str, log: Path, **instellingen: str) -> None:
        self.database_url = database_url
        self.log = log
        self.poort = vrije_poort()
        self.simulator = f"http://127.0.0.1:{vrije_poort()}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "ZL_KVK_BASE_URL": f"{self.simulator}/kvk",
            "ZL_BRP_BASE_URL": f"{self.simulator}/brp",
            "ZL_SUWINET_BASE_URL": f"{self.simulator}/suwinet",
            "ZL_START_SIMULATOREN": "false",
            **instellingen,
        }
        self.proces: subprocess.Popen[bytes] | None = None
        self.simulators: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.poort}"

    def start(self, timeout: float = 120.0) -> None:
        with self.log.open("ab") as uit:
            if self.simulators is None or self.simulators.poll() is not None:
                poort = self.simulator.rsplit(":", 1)[1]
                self.simulators = subprocess.Popen(
                    [sys.executable, "-m", "app.registers.simulators", poort],
                    env=self.env,
                    cwd=ROOT,
                    stdout=uit,
                    stderr=subprocess.STDOUT,
                )
            self.proces = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "serve", "--port", str(self.poort)],
                env=self.env,
                cwd=ROOT,
                stdout=uit,
                stderr=subprocess.STDOUT,
            )
        self._wacht_tot_klaar(timeout)

    def _wacht_tot_klaar(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proces is not None
            for naam, p in (("serve", self.proces), ("de simulators", self.simulators)):
                if p is not None and p.poll() is not None:
                    raise RuntimeError(f"{naam} stopte met code {p.returncode}; zie {self.log}")
            try:
                api = httpx.get(f"{self.url}/health/ready", timeout=2).status_code == 200
                sim = httpx.get(f"{self.simulator}/_beheer/tellers", timeout=2).status_code == 200
                if api and sim:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"serve was niet klaar binnen {timeout}s; zie {self.log}")

    def kinderen(self) -> dict[str, int]:
        """The helper processes of serve by role: worker, brieven-worker."""
        assert self.proces is not None
        uit: dict[str, int] = {}
        pad = Path(f"/proc/{self.proces.pid}/task/{self.proces.pid}/children")
        for pid in pad.read_text().split():
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except FileNotFoundError:
                continue
            naam = "simulators" if b"app.registers.simulators" in cmd else cmd[3].decode() if len(cmd) > 3 else "?"
            uit[naam] = int(pid)
        return uit

    def herstart(self) -> None:
        """The service restarted (SIGTERM, start again); the registers stay up."""
        _stop(self.proces)
        self.start()

    def stop(self) -> None:
        """The service and the simulators."""
        _stop(self.proces)
        _stop(self.simulators)

    def __enter__(self) -> "Dienst":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _stop(proces: "subprocess.Popen[bytes] | None") -> None:
    if proces is None or proces.poll() is not None:
        return
    proces.send_signal(signal.SIGTERM)
    try:
        proces.wait(60)
    except subprocess.TimeoutExpired:
        proces.kill()
        proces.wait()
