"""The management figures over HTTP against the hand-counted data set in `dataset.py`, with their
small cells suppressed, as JSON and as CSV; access per role and municipality; bad input."""

import csv
import io
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx
import pytest

from tests.stuurinformatie import dataset

URL = "/api/v1/stuurinformatie"
APRIL = {"gemeente": dataset.GEMEENTE, "vanaf": "2020-04-01", "tot": "2020-04-30"}
TOZO = APRIL | {"regeling": dataset.TOZO}

Token = Callable[..., dict[str, str]]


async def _cijfers(si: httpx.AsyncClient, headers: dict[str, str], **params: str) -> dict[str, Any]:
    r = await si.get(URL, params=params, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _zonder_vlag(rijen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "onderdrukt"} for r in rijen]


async def test_instroom_en_besluiten(si: httpx.AsyncClient, teamleider: dict[str, str]) -> None:
    c = await _cijfers(si, teamleider, **TOZO)
    assert c["drempel"] == 5 and c["gemeente"] == dataset.GEMEENTE
    # W15: 5 awarded + 1 rejected + 1 under assessment; W16: 1 withdrawn + 2 + 5. The case of
    # 1 May, the Bbz cases and the other municipality's cases are not counted.
    assert c["instroomPerWeek"] == [
        {"week": "2020-W15", "weekBegin": "2020-04-06", "aantal": 7, "onderdrukt": False},
        {"week": "2020-W16", "weekBegin": "2020-04-13", "aantal": 8, "onderdrukt": False},
    ]
    assert c["instroomPerMaand"] == [{"maand": "2020-04", "aantal": 15, "onderdrukt": False}]
    # All decisions fell in W16: 5 awards shown; 1 rejection and 1 withdrawal suppressed.
    assert _zonder_vlag(c["besluitenPerWeek"]) == [
        {"week": "2020-W16", "weekBegin": "2020-04-13", "uitkomst": "toegekend", "aantal": 5},
        {"week": "2020-W16", "weekBegin": "2020-04-13", "uitkomst": "afgewezen", "aantal": None},
        {"week": "2020-W16", "weekBegin": "2020-04-13", "uitkomst": "ingetrokken", "aantal": None},
    ]
    assert [r["onderdrukt"] for r in c["besluitenPerWeek"]] == [False, True, True]
    # 5,000 euro awarded, less 100 by a herziening.
    assert c["bedragenPerMaand"] == [{"maand": "2020-04", "aantal": 5, "bedragCent": 490000, "onderdrukt": False}]


async def test_doorlooptijden(si: httpx.AsyncClient, teamleider: dict[str, str]) -> None:
    c = await _cijfers(si, teamleider, **TOZO)
    # Lead times 6, 6, 7, 7, 7 (awards) and 9 (rejection); the withdrawal is no decision.
    # Median (7+7)/2; p90 at position 0.9 * 5 = 4.5, halfway between 7 and 9. Target date 14-04
    # met by the awards, not by the rejection (15-04): 5/6. Legal term 04-05 met by all six.
    assert c["doorlooptijd"] == [
        {
            "aantal": 6,
            "mediaanDagen": 7.0,
            "p90Dagen": 8.0,
            "binnenStreeftermijn": 0.8333,
            "binnenWettelijkeTermijn": 1.0,
            "onderdrukt": False,
        }
    ]
    assert c["doorlooptijdVerdeling"] == [
        {"klasse": "0-7", "aantal": 5, "onderdrukt": False},
        {"klasse": "8-14", "aantal": None, "onderdrukt": True},
    ]


async def test_werkvoorraad_en_herstelverzoeken(si: httpx.AsyncClient, teamleider: dict[str, str]) -> None:
    c = await _cijfers(si, teamleider, **TOZO)
    # The backlog is counted today, whatever the period: every open case is months old. The
    # case of 1 May is in it; only the 5 cases in hersteltermijn make a cell big enough.
    assert c["werkvoorraad"] == [
        {"fase": "ontvangen", "aantal": None, "voorbijBeslistermijn": None, "onderdrukt": True},
        {"fase": "te_controleren", "aantal": None, "voorbijBeslistermijn": None, "onderdrukt": True},
        {"fase": "hersteltermijn", "aantal": 5, "voorbijBeslistermijn": 0, "onderdrukt": False},
        {"fase": "te_beoordelen", "aantal": None, "voorbijBeslistermijn": None, "onderdrukt": True},
    ]
    assert {(r["fase"], r["leeftijd"], r["aantal"]) for r in c["werkvoorraadPerLeeftijd"]} == {
        ("ontvangen", "57+", None),
        ("te_controleren", "57+", None),
        ("hersteltermijn", "57+", 5),
        ("te_beoordelen", "57+", None),
    }
    # 7 cases with a request: 2 answered (too few to show, and so is the response rate), 5 whose
    # period ended unanswered, none still open.
    assert c["herstelverzoeken"] == [
        {
            "aanvragen": 7,
            "verzoeken": 7,
            "aangevuld": None,
            "open": 0,
            "verlopen": 5,
            "responspercentage": None,
            "onderdrukt": True,
        }
    ]


async def test_verdeling_naar_wijk_sector_leeftijd(si: httpx.AsyncClient, teamleider: dict[str, str]) -> None:
    c = await _cijfers(si, teamleider, **TOZO)
    # Binnenstad: 5 awards and the rejection; Keizerslanden: 5, none awarded (zero is shown);
    # unknown: 2 postcodes outside the table and 2 cases never verified.
    assert c["perWijk"] == [
        {"categorie": "Binnenstad", "aantal": 6, "toegekend": 5, "onderdrukt": False},
        {"categorie": "Keizerslanden", "aantal": 5, "toegekend": 0, "onderdrukt": False},
        {"categorie": "onbekend", "aantal": None, "toegekend": None, "onderdrukt": True},
    ]
    # SBI 9001 -> R (arts), 5610 -> I (restaurants), 4120 -> F (construction), no KvK answer -> ?.
    assert _zonder_vlag(c["perSector"]) == [
        {"categorie": "F", "aantal": None, "toegekend": None},
        {"categorie": "I", "aantal": 6, "toegekend": 0},
        {"categorie": "R", "aantal": 5, "toegekend": 5},
        {"categorie": "?", "aantal": None, "toegekend": None},
    ]
    assert _zonder_vlag(c["perLeeftijd"]) == [
        {"categorie": "t/m 25", "aantal": None, "toegekend": None},
        {"categorie": "26 t/m 30", "aantal": 5, "toegekend": 5},
        {"categorie": "36 t/m 45", "aantal": 5, "toegekend": 0},
        {"categorie": "56 t/m 65", "aantal": None, "toegekend": None},
    ]


async def test_verwijzingen(si: httpx.AsyncClient, teamleider: dict[str, str]) -> None:
    c = await _cijfers(si, teamleider, **TOZO)
    # 5 to schuldhulp, 4 of them with consent (too few to show); 2 to coaching; the one of May is
    # outside the period.
    assert c["verwijzingen"] == [
        {"soort": "coaching", "aantal": None, "metToestemming": None, "onderdrukt": True},
        {"soort": "schuldhulp", "aantal": 5, "metToestemming": None, "onderdrukt": True},
    ]
    mei = await _cijfers(si, teamleider, **TOZO | {"vanaf": "2020-05-01", "tot": "2020-05-31"})
    assert [(v["soort"], v["aantal"]) for v in mei["verwijzingen"]] == [("schuldhulp", None)]


async def test_filters_regeling_en_periode(si: httpx.AsyncClient, teamleider: dict[str, str]) -> None:
    alle = await _cijfers(si, teamleider, **APRIL)
    # plus the 5 Bbz cases, and 6 + 5 bedrijfskapitaal applications
    assert [r["aantal"] for r in alle["instroomPerWeek"]] == [18, 13]
    bbz = await _cijfers(si, teamleider, **APRIL | {"regeling": "bbz-levensonderhoud"})
    assert [r["aantal"] for r in bbz["instroomPerWeek"]] == [5]
    assert bbz["besluitenPerWeek"] == [] and bbz["doorlooptijd"][0]["aantal"] == 0
    week16 = await _cijfers(si, teamleider, **TOZO | {"vanaf": "2020-04-13"})
    assert [r["aantal"] for r in week16["instroomPerWeek"]] == [8]
    mei = await _cijfers(si, teamleider, **TOZO | {"vanaf": "2020-05-01", "tot": "2020-05-31"})
    assert mei["instroomPerWeek"] == [
        {"week": "2020-W18", "weekBegin": "2020-04-27", "aantal": None, "onderdrukt": True}
    ]


async def test_personen_niet_aanvragen(si: httpx.AsyncClient, teamleider: dict[str, str]) -> None:
    """Jansen's 6 applications of W15 are one person: suppressed although 6 >= 5; W16 holds 5
    applications of 5 people (Jansen once more, 4 others) and is shown."""
    c = await _cijfers(si, teamleider, **APRIL | {"regeling": dataset.KAPITAAL})
    assert c["instroomPerWeek"] == [
        {"week": "2020-W15", "weekBegin": "2020-04-06", "aantal": None, "onderdrukt": True},
        {"week": "2020-W16", "weekBegin": "2020-04-13", "aantal": 5, "onderdrukt": False},
    ]
    # April: 11 applications of 5 people.
    assert c["instroomPerMaand"] == [{"maand": "2020-04", "aantal": 11, "onderdrukt": False}]
    # Jansen's 6 rejections, lead time 8 days: one person, so no figure about them shows.
    assert _zonder_vlag(c["besluitenPerWeek"]) == [
        {"week": "2020-W16", "weekBegin": "2020-04-13", "uitkomst": "afgewezen", "aantal": None}
    ]
    assert c["doorlooptijd"] == [
        {
            "aantal": None,
            "mediaanDagen": None,
            "p90Dagen": None,
            "binnenStreeftermijn": None,
            "binnenWettelijkeTermijn": None,
            "onderdrukt": True,
        }
    ]
    assert c["doorlooptijdVerdeling"] == [{"klasse": "8-14", "aantal": None, "onderdrukt": True}]
    # Binnenstad: Jansen's 6 verified applications; unknown: the 5 unverified ones of 5 people.
    assert c["perWijk"] == [
        {"categorie": "Binnenstad", "aantal": None, "toegekend": None, "onderdrukt": True},
        {"categorie": "onbekend", "aantal": 5, "toegekend": 0, "onderdrukt": False},
    ]
    assert _zonder_vlag(c["perSector"]) == [
        {"categorie": "F", "aantal": None, "toegekend": None},
        {"categorie": "?", "aantal": 5, "toegekend": 0},
    ]
    assert _zonder_vlag(c["perLeeftijd"]) == [{"categorie": "31 t/m 35", "aantal": 11, "toegekend": 0}]
    # 6 applications with a request, all answered: one person, so nothing about them shows.
    assert c["herstelverzoeken"] == [
        {
            "aanvragen": None,
            "verzoeken": None,
            "aangevuld": None,
            "open": None,
            "verlopen": None,
            "responspercentage": None,
            "onderdrukt": True,
        }
    ]
    assert c["verwijzingen"] == [{"soort": "schuldhulp", "aantal": None, "metToestemming": None, "onderdrukt": True}]
    # The backlog: 5 applications received on 14-04, of 5 people.
    assert c["werkvoorraad"] == [{"fase": "ontvangen", "aantal": 5, "voorbijBeslistermijn": 0, "onderdrukt": False}]


async def test_samenvatting_gelijk_aan_opbouw(si_database: str) -> None:
    """What the triggers kept, change by change, equals the summaries rebuilt from the read model."""
    conn = await asyncpg.connect(si_database.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        async with conn.transaction():
            voor = await _samenvatting(conn)
            await conn.execute("SELECT si_samenvatting_opbouwen()")
            na = await _samenvatting(conn)
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    finally:
        await conn.close()
    assert voor == na and len(voor["si_ontvangen"]) > 50 and len(voor["si_besloten"]) > 10


async def test_csv_per_tabel_en_geheel(si: httpx.AsyncClient, teamleider: dict[str, str]) -> None:
    r = await si.get(f"{URL}/perWijk.csv", params=TOZO, headers=teamleider)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines() == [
        "categorie,aantal,toegekend,onderdrukt",
        "Binnenstad,6,5,false",
        "Keizerslanden,5,0,false",
        "onbekend,,,true",
    ]
    # Content negotiation on the same resource gives the same CSV.
    r2 = await si.get(f"{URL}/perWijk", params=TOZO, headers=teamleider | {"Accept": "text/csv"})
    assert r2.status_code == 200 and r2.text == r.text
    r3 = await si.get(URL, params=TOZO, headers=teamleider | {"Accept": "text/csv"})
    rijen = list(csv.DictReader(io.StringIO(r3.text)))
    bedragen = [x for x in rijen if x["tabel"] == "bedragenPerMaand"]
    assert bedragen == [
        {k: "" for k in rijen[0]}
        | {"tabel": "bedragenPerMaand", "maand": "2020-04", "aantal": "5"}
        | {"bedragCent": "490000", "onderdrukt": "false"}
    ]
    assert (await si.get(f"{URL}.csv", params=TOZO, headers=teamleider)).text == r3.text
    json_tabel = (await si.get(f"{URL}/perWijk", params=TOZO, headers=teamleider)).json()
    assert json_tabel["tabel"] == "perWijk" and len(json_tabel["rijen"]) == 3


async def test_toegang(si: httpx.AsyncClient, token: Token) -> None:
    # Another municipality's figures: refused; a role without management information: refused.
    r = await si.get(URL, params=APRIL | {"gemeente": dataset.ANDERE}, headers=token("teamleider", gemeenten=("8801",)))
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    r = await si.get(URL, params=APRIL, headers=token("loket", gemeenten=("8801",)))
    assert r.status_code == 403
    assert (await si.get(URL, params=APRIL)).status_code == 401
    # With one municipality in the token the parameter may be left out; with two it may not.
    een = await _cijfers(si, token("consulent", gemeenten=("8801",)), vanaf="2020-04-01", tot="2020-04-30")
    assert een["gemeente"] == "8801" and een["instroomPerMaand"][0]["aantal"] == 31
    r = await si.get(URL, params={"vanaf": "2020-04-01"}, headers=token("teamleider", gemeenten=("8801", "8802")))
    assert r.status_code == 400  # all problems at once: the period (to today) too long, and which municipality
    assert {p["name"] for p in r.json()["invalidParams"]} == {"vanaf", "gemeente"}
    tweede = await _cijfers(si, token("beheer", gemeenten=("8801", "8802")), **APRIL | {"gemeente": "8802"})
    assert tweede["instroomPerWeek"][0]["aantal"] == 6


@pytest.mark.parametrize(
    ("params", "veld"),
    [
        ({"vanaf": "2020-05-01", "tot": "2020-04-01"}, "vanaf"),
        ({"vanaf": "2015-01-01", "tot": "2020-04-01"}, "vanaf"),
        ({"vanaf": "1 april"}, "vanaf"),
        ({"tot": "2020-02-30"}, "tot"),
        ({"tot": "0001-01-03"}, "tot"),
        ({"vanaf": "9999-12-31", "tot": "9999-12-31"}, "vanaf"),
        ({"gemeente": "88"}, "gemeente"),
        ({"regeling": "Tozo 1!"}, "regeling"),
        ({"wijk": "West"}, "wijk"),
        ({"regeling": ["tozo-levensonderhoud", "bbz-levensonderhoud"]}, "regeling"),
    ],
)
async def test_ongeldige_invoer(
    si: httpx.AsyncClient, teamleider: dict[str, str], params: dict[str, Any], veld: str
) -> None:
    r = await si.get(URL, params=params, headers=teamleider)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert veld in {p["name"] for p in r.json()["invalidParams"]}


async def test_onbekende_tabel_en_ongeldige_wijkindeling(si: httpx.AsyncClient, token: Token) -> None:
    headers = token("teamleider", gemeenten=("8801", "8803"))
    r = await si.get(f"{URL}/geheim", params=APRIL, headers=headers)
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    r = await si.get(URL, params=APRIL | {"gemeente": "8803"}, headers=headers)
    assert r.status_code == 503 and "8803.csv regel 2" in r.json()["detail"]


class _Terugdraaien(Exception):
    pass


async def _samenvatting(conn: asyncpg.Connection) -> dict[str, list[tuple[object, ...]]]:
    uit = {}
    for tabel, tellers in (
        ("si_ontvangen", "aantal, toegekend, met_verzoek, verzoeken, aangevuld, met_aangevuld, onbeantwoord"),
        ("si_besloten", "aantal, bedrag_cent, met_streef, binnen_streef, met_termijn, binnen_termijn"),
        ("si_personen", "aantal"),
    ):
        sleutel = "gemeente, persoon" if tabel == "si_personen" else "gemeente, korrel, dag, regeling, soort, waarde"
        sommen = ", ".join(f"sum({t})" for t in tellers.split(", "))
        rijen = await conn.fetch(
            f"SELECT {sleutel}, {sommen} FROM {tabel} GROUP BY {sleutel} "
            f"HAVING {' OR '.join(f'sum({t}) <> 0' for t in tellers.split(', '))} ORDER BY {sleutel}"
        )
        uit[tabel] = [tuple(r) for r in rijen]
    return uit
