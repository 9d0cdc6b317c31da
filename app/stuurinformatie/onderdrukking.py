"""Small cells are suppressed so that no person can be recognised: a count that concerns 1 to 4
people is not shown, and neither is any figure computed from those people (an amount, a median, a
share). People, not applications: 7 applications of 2 people are a small cell. Zero stays visible:
it describes nobody.

Per table: which fields count people, and which figures depend on each count."""

from typing import Any

DREMPEL = 5

TELLINGEN: dict[str, dict[str, tuple[str, ...]]] = {
    "instroomPerWeek": {"aantal": ()},
    "instroomPerMaand": {"aantal": ()},
    "besluitenPerWeek": {"aantal": ()},
    "bedragenPerMaand": {"aantal": ("bedragCent",)},
    "doorlooptijd": {"aantal": ("mediaanDagen", "p90Dagen", "binnenStreeftermijn", "binnenWettelijkeTermijn")},
    "doorlooptijdVerdeling": {"aantal": ()},
    "werkvoorraad": {"aantal": ("voorbijBeslistermijn",), "voorbijBeslistermijn": ()},
    "werkvoorraadPerLeeftijd": {"aantal": ("voorbijBeslistermijn",), "voorbijBeslistermijn": ()},
    "herstelverzoeken": {
        "aanvragen": ("verzoeken", "aangevuld", "open", "verlopen", "responspercentage"),
        "aangevuld": ("responspercentage",),
        "open": (),
        "verlopen": ("responspercentage",),
    },
    "perWijk": {"aantal": ("toegekend",), "toegekend": ()},
    "perSector": {"aantal": ("toegekend",), "toegekend": ()},
    "perLeeftijd": {"aantal": ("toegekend",), "toegekend": ()},
    "verwijzingen": {"aantal": ("metToestemming",), "metToestemming": ()},
}


def klein(waarde: Any) -> bool:
    return isinstance(waarde, int) and 0 < waarde < DREMPEL


def onderdruk(tabel: str, rij: dict[str, Any], personen: dict[str, int]) -> dict[str, Any]:
    """The row with its small cells and what depends on them set to None, and `onderdrukt` set;
    `personen` gives per count the number of people it concerns."""
    uit = dict(rij)
    weg: set[str] = set()
    for veld, afhankelijk in TELLINGEN[tabel].items():
        if klein(personen[veld]):
            weg |= {veld, *afhankelijk}
    for veld in weg:
        uit[veld] = None
    uit["onderdrukt"] = bool(weg)
    return uit
