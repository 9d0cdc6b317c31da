"""The benchmarks are code too: each module imports (a renamed function or a changed signature in
app/ shows here, not months later in `make bench`), the e2e applications pass the API's own
validation, and the register benchmark runs end to end at a tiny size. The large runs are not
tests (`make bench`); nothing here looks at time."""

import importlib
import pkgutil
from datetime import date
from typing import Any

from pydantic import TypeAdapter

import bench
from app.api.schemas.aanvraag import AanvraagGegevens
from app.workflows import intake_controles


def test_elke_benchmarkmodule_laadt() -> None:
    namen = [m.name for m in pkgutil.walk_packages(bench.__path__, "bench.")]
    for naam in namen:
        importlib.import_module(naam)
    from bench.__main__ import BENCHMARKS

    assert set(BENCHMARKS) <= set(namen)
    assert {"bench.e2e.run", "bench.e2e.medewerkers", "bench.dienst"} <= set(namen)


def test_e2e_aanvragen_zijn_geldig_voor_de_api() -> None:
    from bench.e2e import aanvragen

    model: TypeAdapter[Any] = TypeAdapter(AanvraagGegevens)
    plannen = aanvragen.maak(300)
    assert len({p.persoon for p in plannen}) == 300
    assert any(p.onvolledig for p in plannen) and any(not p.registers_eens for p in plannen)
    for plan in plannen:
        ruw = model.validate_python(plan.body).model_dump(mode="json", exclude_none=True)
        assert intake_controles.controleer(ruw, date(2020, 5, 1)) == [], plan.body


def test_registerbenchmark_klein() -> None:
    from bench.registers import run

    uitkomst = run.main(6, 3)
    assert uitkomst["aanvragen"] == 6
    # Every application was looked up in full by both paths (4 requests each, 5 with a partner).
    assert uitkomst["http_verzoeken"]["basislijn"] == 4 * 6
    assert uitkomst["http_verzoeken"]["ons"] >= 4 * 6
