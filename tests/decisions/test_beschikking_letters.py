"""The dataclasses refuse what would make a wrong or unsafe letter."""

import dataclasses
import json
from datetime import date

import pytest

from app.decisions import voorbeelden
from app.decisions.letters import Aflosperiode, Gemeente, Maand, MaandBedrag
from app.decisions.tekens import TekenFilter
from app.decisions.weergave import naar_json


def test_gemeentecode_is_vier_cijfers() -> None:
    # The code names a directory on disk: "../x" must never reach a path.
    for fout in ("../0034", "34", "0034/", "abcd", "00345"):
        with pytest.raises(ValueError):
            dataclasses.replace(voorbeelden.GEMEENTE, code=fout)


def test_bezwaartermijn_na_briefdatum() -> None:
    brief = voorbeelden.afwijzing()
    with pytest.raises(ValueError):
        dataclasses.replace(brief, laatste_dag_bezwaar=brief.referentie.briefdatum)


def test_besluit_zonder_grondslag_of_motivering() -> None:
    brief = voorbeelden.afwijzing()
    with pytest.raises(ValueError):
        dataclasses.replace(brief, grondslagen=())
    with pytest.raises(ValueError):
        dataclasses.replace(brief, motivering="  ")


def test_negatieve_bedragen_geweigerd() -> None:
    with pytest.raises(ValueError):
        MaandBedrag(maand=Maand(2021, 1), norm_cent=107544, inkomen_cent=-1, bedrag_cent=0)


def test_aflosperiode_telt_maanden() -> None:
    # Spec §7 case 26: repayment 07-2022 … 10-2026 is 52 months.
    periode = Aflosperiode(omschrijving="Aflossing", van=Maand(2022, 7), tot_en_met=Maand(2026, 10), per_maand_cent=1)
    assert periode.aantal_maanden == 52


def test_weergave_formatteert_op_een_plek() -> None:
    data = json.loads(naar_json(voorbeelden.toekenning_bedrijfskapitaal(), TekenFilter(str.isascii)))
    nb = "\u00a0"
    assert data["bedrag"] == f"€{nb}10.157,00"
    assert data["rente"] == "2%"
    assert data["laatste_dag_bezwaar"] == f"dinsdag 26{nb}mei{nb}2020"
    assert data["aflosschema"][2]["aantal_maanden"] == 52
    assert data["eerste_aflossing"]["van"] == "juli 2022"
    assert data["soort"] == "toekenning_bedrijfskapitaal"
    assert "bedrag_cent" not in data


def test_gemeente_zonder_postadres() -> None:
    with pytest.raises(ValueError):
        Gemeente(
            code="0034",
            naam="X",
            afdeling="Y",
            postadres=(),
            telefoon="1",
            website="w",
            ondertekenaar="o",
            functie_ondertekenaar="f",
        )


def test_referentie_datumvolgorde() -> None:
    with pytest.raises(ValueError):
        voorbeelden.referentie(briefdatum=date(2021, 1, 1), aanvraagdatum=date(2021, 2, 1))
