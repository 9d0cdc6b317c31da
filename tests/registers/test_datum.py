"""BRP dates: all four contract shapes, and garbage refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.registers.datum import BrpDatum, OngeldigeDatum, parse_brp_datum


def test_four_shapes() -> None:
    volledig = parse_brp_datum({"type": "Datum", "datum": "1989-04-01", "langFormaat": "1 april 1989"})
    assert volledig.datum == date(1989, 4, 1) and volledig.soort == "volledig"
    onbekend = parse_brp_datum({"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"})
    assert onbekend.is_onbekend and onbekend.datum is None and onbekend.vroegst() is None
    jaar = parse_brp_datum({"type": "JaarDatum", "jaar": 1961, "langFormaat": "1961"})
    assert jaar.alleen_jaar and jaar.datum is None
    assert (jaar.vroegst(), jaar.laatst()) == (date(1961, 1, 1), date(1961, 12, 31))
    jm = parse_brp_datum({"type": "JaarMaandDatum", "jaar": 2020, "maand": 2, "langFormaat": "februari 2020"})
    assert (jm.vroegst(), jm.laatst()) == (date(2020, 2, 1), date(2020, 2, 29))


@pytest.mark.parametrize(
    "obj",
    [
        None,
        "1989-04-01",
        {"type": "Datum"},
        {"type": "Datum", "datum": "01-04-1989"},
        {"type": "JaarDatum", "jaar": "1961"},
        {"type": "JaarDatum", "jaar": True},
        {"type": "JaarMaandDatum", "jaar": 2020, "maand": 13},
        {"type": "Tijdstip", "datum": "1989-04-01"},
    ],
)
def test_garbage_is_refused(obj: Any) -> None:
    with pytest.raises(OngeldigeDatum):
        parse_brp_datum(obj)


@given(st.integers(1, 9999), st.integers(1, 12))
def test_partial_dates_bound_every_possible_day(jaar: int, maand: int) -> None:
    jm = parse_brp_datum({"type": "JaarMaandDatum", "jaar": jaar, "maand": maand, "langFormaat": "x"})
    j = parse_brp_datum({"type": "JaarDatum", "jaar": jaar, "langFormaat": "x"})
    for d in (jm, j):
        vroegst, laatst = d.vroegst(), d.laatst()
        assert vroegst is not None and laatst is not None and vroegst <= laatst
    assert j.vroegst() <= jm.vroegst() <= jm.laatst() <= j.laatst()  # type: ignore[operator]


@given(st.dates())
def test_full_dates_round_trip(d: date) -> None:
    parsed = parse_brp_datum({"type": "Datum", "datum": d.isoformat(), "langFormaat": "x"})
    assert parsed == BrpDatum("volledig", d.year, d.month, d.day, "x")
    assert parsed.vroegst() == parsed.laatst() == d
