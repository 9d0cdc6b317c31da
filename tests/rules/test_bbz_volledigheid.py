"""The Bbz completeness lists (Awb 4:2 lid 2) per category and provision: the figures of the
last boekjaar except for a starter, the plan that fits the category, what business capital is
for, and the assets wherever the vermogenstoets applies (not in the relaxed Bbz for
levensonderhoud)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.rules import beoordeel
from tests.rules.helpers import ALLE_DOCUMENTEN, aanvraag

BASIS = {"onderneming": {"startdatum": "2015-03-01", "inschrijvingsdatumKvk": "2015-03-01"}}


def _soorten(regeling: str, categorie: str, dag: str, **extra: Any) -> set[str]:
    lening = {"bedrag": 1500000, "doel": "Machines"} if regeling == "bbz-bedrijfskapitaal" else None
    maanden = [dag[:7]] if regeling == "bbz-levensonderhoud" else []
    a = aanvraag(
        **(BASIS | extra),
        regeling=regeling,
        aanvraagdatum=dag,
        maanden=maanden,
        lening=lening,
        bbz={"categorie": categorie},
    )
    uitkomst = beoordeel(a, date.fromisoformat(dag))
    return {o.soort for o in uitkomst.ontbrekend if not o.soort.startswith(("verklaring", "inkomensopgave"))}


ALGEMEEN = {"identiteitsbewijs-aanvrager", "bankafschrift", "kvk-uittreksel", "aangifte-inkomstenbelasting"}


@pytest.mark.parametrize(
    ("regeling", "categorie", "dag", "verwacht"),
    (
        # Relaxed Bbz, levensonderhoud: no vermogenstoets, so no overview of assets.
        ("bbz-levensonderhoud", "gevestigde", "2021-11-10", ALGEMEEN | {"jaarrekening"}),
        ("bbz-levensonderhoud", "beeindiger", "2021-11-10", ALGEMEEN | {"jaarrekening", "beeindigingsplan"}),
        ("bbz-levensonderhoud", "starter", "2021-11-10", ALGEMEEN | {"ondernemingsplan"}),
        # Regular Bbz: the assets count.
        ("bbz-levensonderhoud", "gevestigde", "2022-05-02", ALGEMEEN | {"jaarrekening", "vermogensoverzicht"}),
        (
            "bbz-levensonderhoud",
            "beeindiger",
            "2021-09-01",
            ALGEMEEN | {"jaarrekening", "beeindigingsplan", "vermogensoverzicht"},
        ),
        # Business capital: always the assets, and why and for what the money is needed.
        (
            "bbz-bedrijfskapitaal",
            "starter",
            "2021-11-10",
            ALGEMEEN | {"ondernemingsplan", "liquiditeitsbegroting", "investeringsbegroting", "vermogensoverzicht"},
        ),
        (
            "bbz-bedrijfskapitaal",
            "gevestigde",
            "2021-11-10",
            ALGEMEEN | {"jaarrekening", "liquiditeitsbegroting", "investeringsbegroting", "vermogensoverzicht"},
        ),
    ),
)
def test_lijst_per_categorie(regeling: str, categorie: str, dag: str, verwacht: set[str]) -> None:
    assert _soorten(regeling, categorie, dag) == verwacht


def test_alles_geleverd_is_compleet() -> None:
    a = aanvraag(
        **BASIS,
        regeling="bbz-bedrijfskapitaal",
        aanvraagdatum="2021-11-10",
        maanden=[],
        lening={"bedrag": 1500000, "doel": "Machines"},
        bbz={"categorie": "starter"},
    )
    assert beoordeel(a, date(2021, 11, 10), documenten=ALLE_DOCUMENTEN).ontbrekend == ()


def test_een_bedrijf_van_dit_jaar_heeft_nog_geen_jaarrekening() -> None:
    soorten = _soorten(
        "bbz-levensonderhoud",
        "gevestigde",
        "2021-11-10",
        onderneming={"startdatum": "2021-02-01", "inschrijvingsdatumKvk": "2021-02-01"},
    )
    assert "jaarrekening" not in soorten and "aangifte-inkomstenbelasting" not in soorten
