"""Each norm switches exactly on its change date; every parameter carries a source."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.rules import Maand
from app.rules.aow import aow_datum
from app.rules.norm import norm_in_maand
from app.rules.parameters import ParameterOntbreekt, alle_parameters, parameter, waarde_op

NORMEN = [p.naam for p in alle_parameters() if p.naam.startswith("participatiewet.norm_")]
WISSELDATA = [date(2020, 7, 1), date(2021, 1, 1), date(2021, 7, 1)]


@pytest.mark.parametrize("naam", NORMEN)
@pytest.mark.parametrize("wisseldag", WISSELDATA)
def test_norm_wisselt_precies_op_de_wisseldatum(naam: str, wisseldag: date) -> None:
    voor = waarde_op(naam, wisseldag - timedelta(days=1))
    op = waarde_op(naam, wisseldag)
    assert voor.geldig_vanaf < wisseldag
    assert op.geldig_vanaf == wisseldag
    assert voor.waarde != op.waarde
    soort = naam.removeprefix("participatiewet.")
    vorige_maand = Maand.van(wisseldag).plus(-1)
    assert norm_in_maand(soort, vorige_maand).bedrag == voor.waarde
    assert norm_in_maand(soort, Maand.van(wisseldag)).bedrag == op.waarde


@pytest.mark.parametrize("naam", NORMEN)
def test_geen_norm_na_bekende_periode(naam: str) -> None:
    with pytest.raises(ParameterOntbreekt):
        waarde_op(naam, date(2022, 1, 1))


def test_elke_parameter_heeft_bron_en_datum() -> None:
    for p in alle_parameters():
        assert p.waarden, p.naam
        for w in p.waarden:
            assert w.bron.strip(), p.naam
            assert isinstance(w.geldig_vanaf, date)


@pytest.mark.parametrize(
    ("wisseldag", "naam"),
    [
        (date(2020, 6, 1), "tozo.partnerinkomen_telt_mee"),
        (date(2020, 6, 1), "tozo.surseance_toets"),
        (date(2021, 3, 20), "tozo.verklaring_definitie_zelfstandige"),
        (date(2021, 10, 1), "bbz.versoepeling"),
        (date(2022, 4, 1), "bbz.versoepeling"),
    ],
)
def test_ja_nee_parameters_wisselen_op_hun_datum(wisseldag: date, naam: str) -> None:
    assert waarde_op(naam, wisseldag - timedelta(days=1)).waarde != waarde_op(naam, wisseldag).waarde


def test_vermogenstoets_nooit_in_werking() -> None:
    assert all(w.waarde is False for w in parameter("tozo.vermogenstoets_in_werking").waarden)
    assert waarde_op("tozo.vermogensgrens", date(2020, 10, 1)).waarde == 4652000


@pytest.mark.parametrize(
    ("geboren", "aow"),
    [
        (date(1954, 3, 1), date(2020, 7, 1)),  # reached in 2020: 66y4m
        (date(1955, 6, 15), date(2021, 10, 15)),  # 2021: 66y4m
        (date(1955, 9, 1), date(2022, 4, 1)),  # 2022: 66y7m
        (date(1956, 6, 1), date(2023, 4, 1)),  # 2023: 66y10m
        (date(1957, 3, 1), date(2024, 3, 1)),
    ],  # from 2024: 67y
)
def test_aow_leeftijd_naar_geboortedatum(geboren: date, aow: date) -> None:
    assert aow_datum(geboren)[0] == aow
