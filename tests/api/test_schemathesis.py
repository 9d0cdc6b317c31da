"""Generated requests over every operation of our OpenAPI: no 5xx, no response that breaks the
schema. Bounded per operation so the suite stays fast; `make fuzz` (issue 11) runs it large."""

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks

from app.auth import maak_ontwikkeltoken
from app.config import Settings
from app.main import create_app

VOORBEELDEN = int(os.environ.get("ZL_FUZZ_VOORBEELDEN", "15"))
FUZZ_BATCHGEMEENTE = "0998"


# The document does not depend on the database; the requests go to the running test server.
schema = schemathesis.openapi.from_dict(
    create_app(Settings(database_url="postgresql://niet-gebruikt@localhost/x")).openapi()
)


@schema.parametrize()
@settings(max_examples=VOORBEELDEN, deadline=None, suppress_health_check=list(HealthCheck))
def test_api(case: Any, base_url: str, settings: Settings) -> None:
    rollen = ["loket", "balie", "controleur", "consulent", "reviewer", "teamleider", "beheer"]
    gemeenten = ["0363"]
    if "batch" in case.operation.definition.raw.get("x-rollen", []):
        # Batches and payment files act on everything open in the token's municipalities: with a
        # municipality no other test uses they are fuzzed past the 403 without touching others' cases.
        rollen, gemeenten = [*rollen, "batch"], [FUZZ_BATCHGEMEENTE]
    token = maak_ontwikkeltoken(settings, "fuzz", rollen, gemeenten)
    headers = {"Authorization": f"Bearer {token}"}
    if case.meta is not None and case.meta.generation.mode.is_negative and "Authorization" not in (case.headers or {}):
        headers = {}  # this case is about a missing token: sending ours would turn its 401 into a 200
    case.call_and_validate(
        base_url=base_url,
        headers=headers,
        # Schema-valid bodies may still be refused for reasons across fields (a month outside
        # the window, a municipality outside the token): that is a 400/403, not a defect.
        excluded_checks=[checks.positive_data_acceptance],
    )
