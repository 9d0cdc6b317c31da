"""Build applications for tests from the JSON shape, so tests also exercise the builder."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from app.rules import Aanvraag, aanvraag_uit_dict

BASIS: dict[str, Any] = {
    "regeling": "tozo-levensonderhoud",
    "gemeente": "0363",
    "aanvraagdatum": "2020-05-20",
    "aanvrager": {
        "bsn": "999993653",
        "geboortedatum": "1985-01-15",
        "naam": {"voornamen": "Jan", "geslachtsnaam": "Jansen"},
        "woonland": "NL",
        "rechtmatigVerblijf": True,
        "ontvangtStudiefinanciering": False,
        "gedetineerd": False,
        "ontvangtBbz": False,
        "verzekerdVolksverzekeringen": True,
    },
    "huishouden": {"samenstelling": "alleenstaand", "aantalKinderen": 0},
    "partner": None,
    "onderneming": {
        "kvkNummer": "69599084",
        "rechtsvorm": "eenmanszaak",
        "startdatum": "2019-06-01",
        "inschrijvingsdatumKvk": "2019-06-01",
        "urenPerJaar": 1500,
        "vestigingsland": "NL",
        "volledigeZeggenschap": True,
        "surseanceOfFaillissement": False,
    },
    "maanden": ["2020-04"],
    "inkomsten": [],
    "lening": None,
    "iban": "NL91ABNA0417164300",
    "verklaringen": {
        "naarWaarheidIngevuld": True,
        "inlichtingenplichtBekend": True,
        "getroffenDoorCoronacrisis": True,
        "inkomenOnderSociaalMinimum": True,
        "liquiditeitsprobleem": True,
        "geenHerfinanciering": True,
        "deMinimis": True,
        "voldoetAanDefinitieZelfstandige": True,
    },
}

PARTNER = {"bsn": "999990019", "geboortedatum": "1986-03-03", "naam": {"voornamen": "Els", "geslachtsnaam": "Jansen"}}

ALLE_DOCUMENTEN = (
    "identiteitsbewijs-aanvrager",
    "identiteitsbewijs-partner",
    "bankafschrift",
    "kvk-uittreksel",
    "jaarrekening",
    "aangifte-inkomstenbelasting",
    "liquiditeitsbegroting",
    "loonstrook-aanvrager",
    "loonstrook-partner",
    "uitkeringsspecificatie-aanvrager",
    "uitkeringsspecificatie-partner",
    "ondernemingsplan",
    "beeindigingsplan",
    "investeringsbegroting",
    "vermogensoverzicht",
)


def inkomen(maand: str, eigen: dict[str, int] | None = None, partner: dict[str, int] | None = None) -> dict[str, Any]:
    regel: dict[str, Any] = {"maand": maand, "aanvrager": eigen or {}}
    if partner is not None:
        regel["partner"] = partner
    return regel


def aanvraag(**wijzigingen: Any) -> Aanvraag:
    """BASIS with top-level keys replaced; nested dicts are merged one level deep."""
    return aanvraag_uit_dict(json_aanvraag(**wijzigingen))


def json_aanvraag(**wijzigingen: Any) -> dict[str, Any]:
    d = deepcopy(BASIS)
    for sleutel, waarde in wijzigingen.items():
        if isinstance(waarde, dict) and isinstance(d.get(sleutel), dict):
            d[sleutel] = {**d[sleutel], **waarde}
        else:
            d[sleutel] = waarde
    if "partner" in wijzigingen and wijzigingen["partner"] is not None:
        d["huishouden"] = {**d["huishouden"], "samenstelling": "met-partner"}
    return d
