"""Bbz art. 11-13: the interest-free loan for levensonderhoud after the boekjaar, worked cases."""

from __future__ import annotations

from datetime import date

import pytest

from app.rules.bbz.omzetting import omzetting

DAG = date(2022, 6, 1)
GRENS = 18363800  # bbz.vermogensgrens (2014 value, unconfirmed for 2020-2021)


def test_inkomen_zoals_geschat_alles_om_niet() -> None:
    # 6 months of € 1.000 paid, year norm over those months € 6.000, no income: all a gift.
    o = omzetting(600000, 600000, 0, 0, DAG)
    assert (o.recht, o.nabetaling, o.terugvordering, o.om_niet, o.lening_blijft) == (600000, 0, 0, 600000, 0)


def test_inkomen_hoger_dan_gedacht_verschil_terug() -> None:
    # Paid € 6.000, income turned out € 1.500, norm € 6.000: € 1.500 recovered, € 4.500 a gift.
    o = omzetting(600000, 600000, 150000, 0, DAG)
    assert (o.terugvordering, o.om_niet, o.nabetaling) == (150000, 450000, 0)
    assert "€ 1.500,00 terug" in o.toelichting


def test_inkomen_lager_dan_gedacht_nabetaling() -> None:
    # Paid € 4.000 on an expected income; actual income € 1.000, norm € 6.000: € 1.000 extra.
    o = omzetting(400000, 600000, 100000, 0, DAG)
    assert (o.nabetaling, o.recht, o.om_niet, o.terugvordering) == (100000, 500000, 500000, 0)


def test_vermogen_boven_de_grens_blijft_lening() -> None:
    # € 2.500 above the limit: that part stays a loan, at least 10% a year repaid (art. 13).
    o = omzetting(600000, 600000, 0, GRENS + 250000, DAG)
    assert (o.om_niet, o.lening_blijft, o.aflossing_per_jaar) == (350000, 250000, 25000)
    # Far above the limit: everything stays a loan.
    o = omzetting(600000, 600000, 0, GRENS * 2, DAG)
    assert (o.om_niet, o.lening_blijft) == (0, 600000)


def test_nooit_meer_terug_dan_verstrekt() -> None:
    o = omzetting(100000, 600000, 900000, 0, DAG)
    assert (o.terugvordering, o.om_niet, o.recht) == (100000, 0, 0)


def test_negatief_is_fout() -> None:
    with pytest.raises(ValueError):
        omzetting(-1, 0, 0, 0, DAG)
