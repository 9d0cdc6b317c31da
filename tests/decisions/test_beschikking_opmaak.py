from datetime import date

import pytest

from app.decisions import opmaak
from app.decisions.letters import Maand

NB = "\u00a0"


@pytest.mark.parametrize(
    ("cent", "verwacht"),
    [
        (105232, f"€{NB}1.052,32"),
        (0, f"€{NB}0,00"),
        (5, f"€{NB}0,05"),
        (1015700, f"€{NB}10.157,00"),
        (123456789, f"€{NB}1.234.567,89"),
        (-10000, f"-€{NB}100,00"),
    ],
)
def test_euro(cent: int, verwacht: str) -> None:
    assert opmaak.euro(cent) == verwacht


def test_datum_en_dag() -> None:
    assert opmaak.datum(date(2021, 4, 12)) == f"12{NB}april{NB}2021"
    # Spec §7 case 30: the last day to object, 12-04-2021, is a Monday.
    assert opmaak.datum_met_dag(date(2021, 4, 12)) == f"maandag 12{NB}april{NB}2021"
    assert opmaak.datum_met_dag(date(2021, 3, 7)).startswith("zondag")


def test_maand_procent_iban() -> None:
    assert opmaak.maand(Maand(2020, 10)) == "oktober 2020"
    assert opmaak.procent(200) == "2%"
    assert opmaak.procent(250) == "2,5%"
    assert opmaak.procent(825) == "8,25%"
    assert opmaak.iban("nl91abna0417164300") == "NL91 ABNA 0417 1643 00"
