"""`serve` runs the verification and letter workers as child processes: they must not outlive it,
not even when it is killed with SIGKILL (a restarted `serve` would otherwise start a second set)."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.conftest import vrije_poort


def _kinderen(pid: int) -> set[int]:
    kinderen = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(velden[1]) == pid:
            kinderen.add(int(stat.parent.name))
    return kinderen


def _leeft(pid: int) -> bool:
    try:
        toestand = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return toestand != "Z"


def _wacht(voorwaarde: Callable[[], bool], seconden: float) -> bool:
    # A deadline for the machine to get there, not a speed requirement: loaded CI machines are slow.
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.2)
    return False


def test_workers_stop_when_serve_is_killed(database_url: str) -> None:
    poort = vrije_poort()
    env = {**os.environ, "DATABASE_URL": database_url, "ZL_START_SIMULATOREN": "false"}
    serve = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(poort)], env=env)
    try:
        assert _wacht(lambda: len(_kinderen(serve.pid)) >= 2, 120), "serve started no workers"
        assert _wacht(lambda: _gezond(poort), 120), "serve did not come up"
        kinderen = _kinderen(serve.pid)
        serve.send_signal(signal.SIGKILL)
        serve.wait()
        assert _wacht(lambda: not any(_leeft(k) for k in kinderen), 60), "workers outlived serve"
    finally:
        serve.kill()


def _gezond(poort: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{poort}/health/live", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_a_helper_that_dies_is_started_again(database_url: str) -> None:
    poort = vrije_poort()
    env = {**os.environ, "DATABASE_URL": database_url, "ZL_START_SIMULATOREN": "false"}
    serve = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(poort)], env=env)

    def brievenwerkers() -> set[int]:
        return {k for k in _kinderen(serve.pid) if "brieven-worker" in _cmdline(k) and _leeft(k)}

    try:
        assert _wacht(lambda: len(brievenwerkers()) == 1, 120), "serve started no letter worker"
        [eerste] = brievenwerkers()
        os.kill(eerste, signal.SIGKILL)
        assert _wacht(lambda: len(brievenwerkers() - {eerste}) == 1, 120), "the letter worker was not restarted"
        assert _gezond(poort) or _wacht(lambda: _gezond(poort), 120)
    finally:
        serve.terminate()
        serve.wait(60)
