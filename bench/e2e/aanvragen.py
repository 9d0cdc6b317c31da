"""A municipality's intake with the variety of a real week, deterministic per seed: the register
simulator's own test persons of Lelystad (app/registers/simulators/data/README.md) with varied
households, months, incomes and loans; some leave out a declaration (the checker asks for it:
hersteltermijn), some declare what the registers contradict.

The simulator knows a fixed set of persons, so the same persons apply many times; nothing in the
chain treats a repeat as special, and the outcome per application depends on what it declares."""

import random
from dataclasses import dataclass
from typing import Any

LELYSTAD = "0995"
TOZO1 = ["2020-03", "2020-04", "2020-05"]


@dataclass(frozen=True)
class Persoon:
    naam: str
    bsn: str
    geboortedatum: str
    kvk: str
    partner: tuple[str, str] | None  # (bsn, geboortedatum) as the BRP has it
    gewicht: int
    registers_eens: bool  # the registers confirm what a truthful applicant of this person declares


PERSONEN = [
    Persoon("Jansen", "999991012", "1985-03-14", "90004444", None, 55, True),
    Persoon("De Vries", "999991036", "1979-06-01", "90005555", ("999991048", "1980-01-01"), 12, False),
    Persoon("Bakker", "999991024", "1983-05-05", "90006666", None, 8, False),
    Persoon("Mulder", "999991073", "1990-01-01", "90001111", None, 5, False),
    Persoon("Bos", "999991085", "1975-09-09", "90002222", None, 5, False),
    Persoon("Smits", "999991097", "1988-08-08", "90003333", None, 5, False),
    Persoon("Hendriks", "999991061", "1970-01-01", "90007777", None, 5, False),
    Persoon("Van Paassen", "999970124", "1985-06-15", "69599084", ("999970136", "1986-02-01"), 5, False),
]


@dataclass(frozen=True)
class Plan:
    body: dict[str, Any]
    persoon: str
    onvolledig: bool  # a declaration left out: the checker asks for it, the loket supplies it
    registers_eens: bool


def _verklaringen(rng: random.Random, lening: bool) -> tuple[dict[str, bool], bool]:
    v = {
        "naarWaarheidIngevuld": True,
        "inlichtingenplichtBekend": True,
        "getroffenDoorCoronacrisis": True,
        "voldoetAanDefinitieZelfstandige": True,
    }
    if lening:
        v |= {"liquiditeitsprobleem": True, "geenHerfinanciering": True, "deMinimis": True}
    else:
        v["inkomenOnderSociaalMinimum"] = True
    onvolledig = rng.random() < 0.12
    if onvolledig:
        del v["liquiditeitsprobleem" if lening else "inkomenOnderSociaalMinimum"]
    return v, onvolledig


def maak(n: int, seed: int = 2020) -> list[Plan]:
    rng = random.Random(seed)
    gewichten = [p.gewicht for p in PERSONEN]
    uit = []
    for i in range(n):
        p = rng.choices(PERSONEN, gewichten)[0]
        lening = rng.random() < 0.1
        verklaringen, onvolledig = _verklaringen(rng, lening)
        body: dict[str, Any] = {
            "gemeente": LELYSTAD,
            "aanvraagdatum": f"2020-04-{rng.randint(1, 30):02d}",
            "aanvrager": {
                "bsn": p.bsn,
                "geboortedatum": p.geboortedatum,
                "naam": {"voornamen": "Test", "geslachtsnaam": p.naam},
                "email": f"aanvrager{i}@example.nl",
            },
            "huishouden": {"samenstelling": "alleenstaand", "aantalKinderen": 0},
            "onderneming": {
                "kvkNummer": p.kvk,
                "rechtsvorm": "eenmanszaak",
                "startdatum": "2012-01-01",
                "urenPerJaar": rng.choice([1225, 1400, 1800, 2200]),
            },
            "iban": "NL91ABNA0417164300",
            "verklaringen": verklaringen,
        }
        eens = p.registers_eens
        if p.partner is not None:
            body["huishouden"] = {"samenstelling": "met-partner", "aantalKinderen": rng.choice([0, 0, 1, 2, 3])}
            body["partner"] = {
                "bsn": p.partner[0],
                "geboortedatum": p.partner[1],
                "naam": {"voornamen": "Partner", "geslachtsnaam": p.naam},
            }
        elif rng.random() < 0.15:
            # Declares children the BRP does not know of.
            body["huishouden"] = {"samenstelling": "alleenstaand", "aantalKinderen": rng.randint(1, 3)}
            eens = False
        if lening:
            body["regeling"] = "tozo-bedrijfskapitaal"
            body["lening"] = {"bedrag": rng.choice([100000, 250000, 500000, 1000000]), "doel": "Voorraad en huur"}
        else:
            body["regeling"] = "tozo-levensonderhoud"
            start = rng.randint(0, len(TOZO1) - 1)
            maanden = TOZO1[start : start + rng.randint(1, len(TOZO1) - start)]
            body["maanden"] = maanden
            body["inkomsten"] = []
            for m in maanden:
                inkomen: dict[str, Any] = {"maand": m, "aanvrager": {"winst": rng.choice([0, 0, 20000, 60000, 150000])}}
                if p.partner is not None:
                    inkomen["partner"] = {"loon": rng.choice([0, 0, 120000, 245000])}
                body["inkomsten"].append(inkomen)
        uit.append(Plan(body, p.naam, onvolledig, eens))
    return uit
