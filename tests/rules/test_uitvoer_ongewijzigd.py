"""`Uitkomst.to_dict()` stays byte-for-byte what it was before the speed work on the engine.

`uitkomsten.json` holds the output of the engine as it was (commit d08ca9c) for a spread of
applications: every regulation, partner and Suwinet income, register facts that differ, history,
months outside the window, ages near the limits, a loan with a schedule, referrals. Regenerate it
only for an intended change of behaviour: `python -m tests.rules.test_uitvoer_ongewijzigd`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.rules import (
    BrpGegevens,
    EerdereLening,
    Historie,
    KvkGegevens,
    Maand,
    Registerfeiten,
    Rol,
    SuwinetInkomen,
    ToegekendeMaand,
    beoordeel,
)
from app.rules.uitkomst import _naar_json

from .helpers import ALLE_DOCUMENTEN, PARTNER, aanvraag, inkomen

FIXTURE = Path(__file__).with_name("uitkomsten.json")
PEIL = date(2026, 11, 23)
ZES = ["2020-10", "2020-11", "2020-12", "2021-01", "2021-02", "2021-03"]
KVK = Registerfeiten(kvk=KvkGegevens("69599084", date(2015, 6, 1), True))


def _bench(n: int) -> dict[str, Any]:
    """The benchmark's application number n (bench/rules/run.py)."""
    return aanvraag(
        aanvraagdatum=date.fromordinal(date(2020, 10, 1).toordinal() + n % 61).isoformat(),
        aanvrager={"geboortedatum": date.fromordinal(date(1960, 1, 1).toordinal() + 37 * n % 10_000).isoformat()},
        partner={
            **PARTNER,
            "geboortedatum": date.fromordinal(date(1962, 5, 1).toordinal() + 29 * n % 10_000).isoformat(),
        },
        huishouden={"aantalKinderen": 1},
        onderneming={"startdatum": "2015-06-01"},
        maanden=ZES,
        inkomsten=[
            inkomen(m, {"winst": (n * 977 + i * 3_331) % 120_000}, {"loon": (n * 613 + i * 1_777) % 90_000})
            for i, m in enumerate(ZES)
        ],
    )


GEVALLEN: dict[str, Callable[[], Any]] = {
    "bench-0": lambda: beoordeel(
        _bench(0),
        date(2021, 1, 15),
        feiten=KVK,
        documenten=(
            "identiteitsbewijs-aanvrager",
            "identiteitsbewijs-partner",
            "bankafschrift",
            "jaarrekening",
            "aangifte-inkomstenbelasting",
            "loonstrook-partner",
        ),
    ),
    "bench-137-zonder-documenten": lambda: beoordeel(_bench(137), date(2021, 1, 15)),
    "bench-401": lambda: beoordeel(_bench(401), PEIL, feiten=KVK, documenten=ALLE_DOCUMENTEN),
    "tozo1-alleenstaand": lambda: beoordeel(aanvraag(inkomsten=[inkomen("2020-04")]), PEIL),
    "tozo1-paar-drie-maanden-en-een-te-veel": lambda: beoordeel(
        aanvraag(
            aanvraagdatum="2020-04-10",
            partner=PARTNER,
            maanden=["2020-03", "2020-04", "2020-05", "2020-06", "2020-08"],
            inkomsten=[
                inkomen("2020-04", {"winst": 50000, "toeslagen": 3000}, {"loon": 90000}),
                inkomen("2020-05", {"overig": 250000}),
            ],
        ),
        PEIL,
        documenten=ALLE_DOCUMENTEN,
    ),
    "tozo2-suwinet-brp-historie": lambda: beoordeel(
        aanvraag(
            aanvraagdatum="2020-07-01",
            partner={**PARTNER, "geboortedatum": "1954-02-01"},
            maanden=["2020-06", "2020-07", "2020-08"],
            inkomsten=[
                inkomen("2020-07", {"winst": 20000, "loon": 10000}, {"uitkering": 30000}),
                inkomen("2020-08", {"winst": 5000, "kinderbijslag": 2000}),
            ],
        ),
        PEIL,
        feiten=Registerfeiten(
            kvk=KvkGegevens("69599084", datetime(2020, 3, 17, 12, 0), True),
            brp=BrpGegevens("0363", date(1985, 1, 15), "123456782", date(1954, 2, 1)),
            inkomen=(
                SuwinetInkomen(Rol.PARTNER, Maand(2020, 7), 45000, 0),
                SuwinetInkomen(Rol.AANVRAGER, Maand(2020, 8), 0, 12000),
            ),
        ),
        historie=Historie(toegekende_maanden=(ToegekendeMaand(Maand(2020, 6), "tozo-levensonderhoud"),)),
        documenten=("identiteitsbewijs-aanvrager",),
    ),
    "tozo3-jong-en-kinderen": lambda: beoordeel(
        aanvraag(
            aanvraagdatum="2020-11-02",
            aanvrager={"geboortedatum": "2002-11-20"},
            partner={**PARTNER, "geboortedatum": "2001-01-01"},
            huishouden={"aantalKinderen": 2},
            maanden=["2020-10", "2020-11", "2020-12"],
            inkomsten=[inkomen(m, {"winst": 1}) for m in ("2020-10", "2020-11")],
        ),
        PEIL,
        documenten=ALLE_DOCUMENTEN,
    ),
    "tozo5-ondersteuning-bv": lambda: beoordeel(
        aanvraag(
            aanvraagdatum="2021-07-20",
            maanden=["2021-07", "2021-08", "2021-09"],
            onderneming={"rechtsvorm": "bv", "aandelenPercentage": 40, "startdatum": "2021-01-01"},
            inkomsten=[inkomen("2021-07", {"winst": 333333})],
            ondersteuning={"behoefte": ["coaching"], "betalingsachterstanden": ["huur", "energie"]},
        ),
        PEIL,
    ),
    "tozo-afgewezen-studiefinanciering": lambda: beoordeel(
        aanvraag(aanvrager={"ontvangtStudiefinanciering": True}, inkomsten=[inkomen("2020-04")]),
        PEIL,
        documenten=ALLE_DOCUMENTEN,
    ),
    "tozo-aow": lambda: beoordeel(
        aanvraag(aanvrager={"geboortedatum": "1950-01-01"}, inkomsten=[inkomen("2020-04")]), PEIL
    ),
    "tozo-gesloten": lambda: beoordeel(
        aanvraag(aanvraagdatum="2021-10-05", maanden=["2021-10"], inkomsten=[inkomen("2021-10")]), PEIL
    ),
    "tozo-lening-plafond": lambda: beoordeel(
        aanvraag(
            regeling="tozo-bedrijfskapitaal",
            aanvraagdatum="2020-10-15",
            maanden=[],
            lening={"bedrag": 500000, "doel": "voorraad", "eerdereTozoLeningen": 100000},
        ),
        PEIL,
        historie=Historie(tozo_leningen=(EerdereLening("69599084", 600000),)),
        documenten=ALLE_DOCUMENTEN,
    ),
    "tozo-lening-grensondernemer": lambda: beoordeel(
        aanvraag(
            regeling="tozo-bedrijfskapitaal",
            aanvraagdatum="2020-04-01",
            gemeente="0935",
            aanvrager={"woonland": "BE"},
            maanden=[],
            lening={"bedrag": 1015700, "doel": "liquiditeit"},
        ),
        PEIL,
        uitbetaaldatum_lening=date(2020, 4, 15),
        hersteltermijn_dagen=14,
    ),
    "bbz-versoepeld": lambda: beoordeel(
        aanvraag(
            regeling="bbz-levensonderhoud",
            aanvraagdatum="2021-11-15",
            maanden=["2021-09", "2021-10", "2021-11"],
            inkomsten=[inkomen(m, {"winst": 25000}) for m in ("2021-09", "2021-10", "2021-11")],
            bbz={"categorie": "gevestigde", "levensvatbaarheid": "levensvatbaar"},
        ),
        date(2022, 1, 1),
    ),
    "bbz-gevestigde-2019-lening": lambda: beoordeel(
        aanvraag(
            regeling="bbz-levensonderhoud",
            aanvraagdatum="2019-05-01",
            partner=PARTNER,
            maanden=["2019-05", "2019-06", "2019-07", "2019-08", "2019-09"],
            inkomsten=[inkomen("2019-05", {"winst": 10000}, {"loon": 20000})],
            bbz={"categorie": "gevestigde", "levensvatbaarheid": "levensvatbaar"},
        ),
        PEIL,
        documenten=ALLE_DOCUMENTEN,
    ),
    "bbz-geen-norm": lambda: beoordeel(
        aanvraag(
            regeling="bbz-levensonderhoud",
            aanvraagdatum="2022-02-10",
            maanden=["2022-02"],
            inkomsten=[inkomen("2022-02")],
            bbz={"categorie": "starter", "levensvatbaarheid": "levensvatbaar-onder-voorwaarden"},
        ),
        PEIL,
    ),
    "bbz-bedrijfskapitaal-starter": lambda: beoordeel(
        aanvraag(
            regeling="bbz-bedrijfskapitaal",
            aanvraagdatum="2021-03-01",
            maanden=[],
            lening={"bedrag": 5_000_000, "doel": "machines"},
            bbz={"categorie": "starter"},
        ),
        date(2021, 6, 1),
    ),
}


def _alle() -> dict[str, Any]:
    return {naam: maak().to_dict() for naam, maak in GEVALLEN.items()}


def _als_json(waarde: Any) -> Any:
    """Through JSON and back, as the output is stored: also proves it serialises."""
    return json.loads(json.dumps(waarde, ensure_ascii=False))


@pytest.mark.parametrize("naam", sorted(GEVALLEN))
def test_to_dict_ongewijzigd(naam: str) -> None:
    verwacht = json.loads(FIXTURE.read_text(encoding="utf-8"))[naam]
    uitkomst = GEVALLEN[naam]().to_dict()
    assert _als_json(uitkomst) == verwacht
    # Key order, at every level, is part of the stored JSON too.
    assert json.dumps(uitkomst, ensure_ascii=False) == json.dumps(verwacht, ensure_ascii=False)


def _gelijk_en_zelfde_soort(a: Any, b: Any) -> bool:
    """Equal, and of exactly the same type at every level (a StrEnum is not a str here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_gelijk_en_zelfde_soort(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_gelijk_en_zelfde_soort(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@pytest.mark.parametrize("naam", sorted(GEVALLEN))
def test_to_dict_per_type_volgt_de_velden(naam: str) -> None:
    """The hand-written `to_dict()` of each record equals the generic converter built from the
    dataclass fields, so a new field cannot be forgotten in the JSON."""
    uitkomst = GEVALLEN[naam]()
    assert _gelijk_en_zelfde_soort(uitkomst.to_dict(), _naar_json(uitkomst))


def test_to_dict_is_herhaalbaar() -> None:
    assert _alle() == _alle()


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(_als_json(_alle()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
