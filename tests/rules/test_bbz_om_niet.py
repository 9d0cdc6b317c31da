"""Bbz art. 22: bedrijfskapitaal as a gift for a gevestigde zelfstandige only up to the maximum,
at the boundary, with its legal basis and its value by the application date."""

from datetime import date

import pytest

from app.rules.bbz.loan import om_niet
from app.rules.parameters import ParameterOntbreekt, gewijzigd

DAG = date(2021, 11, 1)
MAXIMUM = 954100  # € 9.541 per 1-1-2014 (spec §4; 2020-2021 value unconfirmed)


@pytest.mark.parametrize(("bedrag", "toegestaan"), [(MAXIMUM - 1, True), (MAXIMUM, True), (MAXIMUM + 1, False)])
def test_grens_op_de_cent(bedrag: int, toegestaan: bool) -> None:
    uitkomst = om_niet(bedrag, DAG)
    assert uitkomst.toegestaan is toegestaan and uitkomst.maximum == MAXIMUM
    assert uitkomst.grondslag.startswith("Bbz 2004 art. 22") and uitkomst.bevestigd is False
    assert "€ 9.541,00" in uitkomst.toelichting.replace("\u00a0", " ")


def test_waarde_per_geldigheidsdatum() -> None:
    rij = {"geldig_vanaf": date(2022, 1, 1), "waarde": 1000000, "bron": "test: nieuwe waarde per 1-1-2022"}
    with gewijzigd({"bbz.bedrijfskapitaal_om_niet_max_gevestigde": [rij]}):
        assert om_niet(MAXIMUM + 1, date(2021, 12, 31)).toegestaan is False
        nieuw = om_niet(MAXIMUM + 1, date(2022, 1, 1))
        assert nieuw.toegestaan is True and nieuw.maximum == 1000000 and "nieuwe waarde" in nieuw.grondslag
    with pytest.raises(ParameterOntbreekt):
        om_niet(1, date(2013, 12, 31))


def test_negatief_is_fout() -> None:
    with pytest.raises(ValueError):
        om_niet(-1, DAG)
