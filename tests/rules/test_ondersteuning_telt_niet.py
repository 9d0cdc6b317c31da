"""The support and arrears answers (Tozo 5, seed 004) never influence the outcome: the rules
outcome is identical, byte for byte, with and without them, for every regulation."""

from __future__ import annotations

from datetime import date

import pytest

from app.rules import beoordeel
from tests.rules.helpers import aanvraag

ANTWOORDEN = (
    {"behoefte": ["coaching", "schuldhulp", "heroriëntatie"], "betalingsachterstanden": ["huur", "energie"]},
    {"behoefte": ["geen"], "betalingsachterstanden": []},
    {"behoefte": [], "betalingsachterstanden": ["belasting", "zorgverzekering", "overig"]},
)
GEVALLEN = {
    "tozo-levensonderhoud": {"aanvraagdatum": "2021-08-15", "maanden": ["2021-07", "2021-08"]},
    "tozo-bedrijfskapitaal": {
        "regeling": "tozo-bedrijfskapitaal",
        "aanvraagdatum": "2021-08-15",
        "maanden": [],
        "lening": {"bedrag": 500000, "doel": "Voorraad"},
    },
    "bbz-levensonderhoud": {
        "regeling": "bbz-levensonderhoud",
        "aanvraagdatum": "2021-11-10",
        "maanden": ["2021-10", "2021-11"],
        "bbz": {"categorie": "gevestigde", "levensvatbaarheid": "levensvatbaar"},
    },
    "bbz-bedrijfskapitaal": {
        "regeling": "bbz-bedrijfskapitaal",
        "aanvraagdatum": "2022-05-02",
        "maanden": [],
        "lening": {"bedrag": 2000000, "doel": "Bestelbus"},
        "bbz": {"categorie": "starter"},
    },
}


@pytest.mark.parametrize("regeling", sorted(GEVALLEN))
@pytest.mark.parametrize("antwoorden", ANTWOORDEN)
def test_uitkomst_gelijk_met_en_zonder_antwoorden(regeling: str, antwoorden: dict[str, list[str]]) -> None:
    peildatum = date(2022, 6, 1)
    zonder = beoordeel(aanvraag(**GEVALLEN[regeling]), peildatum).to_dict()
    met = beoordeel(aanvraag(**GEVALLEN[regeling], ondersteuning=antwoorden), peildatum).to_dict()
    assert met == zonder
    assert zonder["criteria"]  # a real evaluation, not an empty one
