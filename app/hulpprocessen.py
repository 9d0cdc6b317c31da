"""The processes `serve` runs beside the API (register simulators, verification worker, letter
worker), kept alive: one that exits while serve runs (kill -9, a database restart it did not
survive, a crash) is started again, after a pause that grows while it keeps failing. They die
with serve, even when serve is killed with SIGKILL."""

import signal
import subprocess
import sys
import threading
import time

import structlog

log = structlog.get_logger("hulpprocessen")

if sys.platform == "linux":
    import ctypes

    # Looked up here, not in the child: between fork and exec only the call itself may run.
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
else:  # pragma: no cover
    _PRCTL = None


def _stop_met_ouder() -> None:
    # A `serve` killed with SIGKILL cannot stop its helpers itself; without this they would keep
    # polling a database that may be gone, and a restarted `serve` would start a second set.
    if _PRCTL is not None:
        pr_set_pdeathsig = 1
        _PRCTL(pr_set_pdeathsig, signal.SIGTERM)


class Hulpprocessen:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.processen: dict[tuple[str, ...], subprocess.Popen[bytes]] = {}
        self._stop = threading.Event()
        self._wachter = threading.Thread(target=self._bewaak, name="hulpprocessen", daemon=True)

    def start(self, *module: str) -> None:
        self.processen[module] = self._start(module)

    def _start(self, module: tuple[str, ...]) -> subprocess.Popen[bytes]:
        # Only our own fixed module names (and the simulators' port, an int setting) reach here.
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", *module], env=self.env, preexec_fn=_stop_met_ouder
        )

    def bewaak(self) -> None:
        self._wachter.start()

    def _bewaak(self) -> None:
        pauze = {m: 1.0 for m in self.processen}
        gestart = {m: time.monotonic() for m in self.processen}
        while not self._stop.wait(1.0):
            for module, proces in list(self.processen.items()):
                code = proces.poll()
                if code is None or self._stop.is_set():
                    continue
                if time.monotonic() - gestart[module] > 60:
                    pauze[module] = 1.0  # it ran a good while: this is a new failure, not the same one
                log.warning("hulpproces gestopt; opnieuw gestart", proces=" ".join(module), code=code)
                if self._stop.wait(pauze[module]):
                    return
                self.processen[module] = self._start(module)
                gestart[module] = time.monotonic()
                pauze[module] = min(pauze[module] * 2, 30.0)

    def stop(self) -> None:
        self._stop.set()
        for proces in self.processen.values():
            proces.terminate()
        for proces in self.processen.values():
            proces.wait(30)
