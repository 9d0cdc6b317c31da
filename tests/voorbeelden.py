"""Valid application bodies per regulation, to vary in tests. BSNs are the BRP test persons."""

import copy
from typing import Any

AANVRAGER_BSN = "999970124"
PARTNER_BSN = "999970136"
ANDER_BSN = "999999709"


def _basis(gemeente: str) -> dict[str, Any]:
    return {
        "gemeente": gemeente,
        "aanvraagdatum": "2020-04-20",
        "aanvrager": {
            "bsn": AANVRAGER_BSN,
            "geboortedatum": "1985-06-15",
            "naam": {"voornamen": "Jan", "geslachtsnaam": "Jansen"},
            "email": "jan@example.nl",
        },
        "huishouden": {"samenstelling": "alleenstaand", "aantalKinderen": 0},
        "onderneming": {
            "kvkNummer": "69599084",
            "rechtsvorm": "eenmanszaak",
            "startdatum": "2015-01-01",
            "urenPerJaar": 1800,
        },
        "iban": "NL91ABNA0417164300",
        "verklaringen": {"naarWaarheidIngevuld": True, "inlichtingenplichtBekend": True},
    }


def tozo_levensonderhoud(gemeente: str = "0363", **wijzig: Any) -> dict[str, Any]:
    body = _basis(gemeente) | {
        "regeling": "tozo-levensonderhoud",
        "maanden": ["2020-04", "2020-05"],
        "inkomsten": [
            {"maand": "2020-04", "aanvrager": {"winst": 40000}},
            {"maand": "2020-05", "aanvrager": {"winst": 20000}},
        ],
    }
    body.update(wijzig)
    return copy.deepcopy(body)


def met_partner(body: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    body["huishouden"] = {"samenstelling": "met-partner", "aantalKinderen": 2}
    body["partner"] = {
        "bsn": PARTNER_BSN,
        "geboortedatum": "1986-02-01",
        "naam": {"voornamen": "Els", "geslachtsnaam": "Jansen"},
    }
    return body


def tozo_bedrijfskapitaal(gemeente: str = "0363") -> dict[str, Any]:
    return _basis(gemeente) | {
        "regeling": "tozo-bedrijfskapitaal",
        "lening": {"bedrag": 500000, "doel": "Voorraad en huur van de werkplaats"},
        "verklaringen": {
            "naarWaarheidIngevuld": True,
            "inlichtingenplichtBekend": True,
            "liquiditeitsprobleem": True,
            "geenHerfinanciering": True,
            "deMinimis": True,
        },
    }


def bbz_levensonderhoud(gemeente: str = "0363") -> dict[str, Any]:
    return _basis(gemeente) | {
        "regeling": "bbz-levensonderhoud",
        "aanvraagdatum": "2021-11-01",
        "bbz": {"categorie": "gevestigde"},
        "maanden": ["2021-10", "2021-11"],
    }


def bbz_bedrijfskapitaal(gemeente: str = "0363") -> dict[str, Any]:
    return _basis(gemeente) | {
        "regeling": "bbz-bedrijfskapitaal",
        "aanvraagdatum": "2021-11-01",
        "bbz": {"categorie": "starter"},
        "lening": {"bedrag": 2000000, "doel": "Bestelbus"},
    }


ALLE = {
    "tozo-levensonderhoud": tozo_levensonderhoud,
    "tozo-bedrijfskapitaal": tozo_bedrijfskapitaal,
    "bbz-levensonderhoud": bbz_levensonderhoud,
    "bbz-bedrijfskapitaal": bbz_bedrijfskapitaal,
}
