"""Generated register data for runs at scale: every BSN that passes the eleven-test and starts with
99 but not 999 (the hand-made test persons keep 999...) is a person of Lelystad, every KvK
number 7 + the BSN's last 7 digits that person's eenmanszaak. Who they are follows from the number
alone (CRC-32), so the simulator, the bench that applies for them and a reader of a log agree on
it without sharing a file:

- 15% have a partner in the BRP (BSN `partner_van`), half of those partners earn a wage (Suwinet);
- 5% moved to Almere on 2020-05-01;
- their business: 5% registered after the Tozo cut-off (2020-03-18), 3% ended on 2020-02-29.

Applicants are numbered from 990000000 upwards (`aanvragers`), their partners from 995000000."""

import copy
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from app.registers.simulators.gegevens import Testgegevens

AANVRAGERS_VANAF = 990_000_000
PARTNERS_VANAF = 995_000_000


def elfproef(bsn: str) -> bool:
    som = sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])
    return som % 11 == 0


def is_gegenereerd(bsn: str) -> bool:
    return len(bsn) == 9 and bsn.isdigit() and bsn.startswith("99") and not bsn.startswith("999") and elfproef(bsn)


def _geldig_vanaf(n: int) -> str:
    while not elfproef(f"{n:09d}"):
        n += 1
    return f"{n:09d}"


def aanvragers(vanaf: int = AANVRAGERS_VANAF) -> Iterator[str]:
    """Applicants' BSNs in order; only those whose partner number (below) exists."""
    n = vanaf
    while n < PARTNERS_VANAF:
        bsn = _geldig_vanaf(n)
        if bsn[7] != "0":
            yield bsn
        n = int(bsn) + 1


def _lot(sleutel: str) -> int:
    return zlib.crc32(sleutel.encode()) % 100


def partner_van(bsn: str) -> str | None:
    """One partner per applicant and never shared: digit 3 + 5 and digit 8 - 1 changes the
    eleven-test sum by 7*5 - 2 = 33, so the partner's number passes it too."""
    if not AANVRAGERS_VANAF <= int(bsn) < PARTNERS_VANAF or bsn[7] == "0" or _lot(bsn) >= 15:
        return None
    return f"{bsn[:2]}{int(bsn[2]) + 5}{bsn[3:7]}{int(bsn[7]) - 1}{bsn[8]}"


def partner_verdient(partner: str) -> bool:
    return _lot("loon" + partner) < 50


def verhuisd(bsn: str) -> bool:
    return 15 <= _lot(bsn) < 20


def kvk_van(bsn: str) -> str:
    return "7" + bsn[2:]


def bedrijf(kvk: str) -> str:
    """normaal, na-peildatum (registered after the cut-off) or beeindigd."""
    lot = _lot("kvk" + kvk)
    return "na-peildatum" if lot < 5 else "beeindigd" if lot < 8 else "normaal"


def geboortedatum(bsn: str) -> str:
    lot = zlib.crc32(("geboren" + bsn).encode())
    return f"{1960 + lot % 40}-{1 + lot % 12:02d}-{1 + lot % 28:02d}"


def _datum(iso: str) -> dict[str, str]:
    return {"type": "Datum", "datum": iso}


def persoon(bsn: str, sjabloon: dict[str, Any], partner_sjabloon: dict[str, Any]) -> dict[str, Any]:
    p = copy.deepcopy(sjabloon)
    p["burgerservicenummer"] = bsn
    p["naam"] = {"voornamen": "Test", "geslachtsnaam": f"Persoon {bsn[-4:]}", "voorletters": "T."}
    p["geboorte"] = {"datum": _datum(geboortedatum(bsn))}
    p["adressering"]["aanschrijfwijze"] = {"naam": f"T. Persoon {bsn[-4:]}"}
    partner = partner_van(bsn)
    if partner is not None:
        entry = copy.deepcopy(partner_sjabloon)
        entry["burgerservicenummer"] = partner
        entry["geboorte"] = {"datum": _datum(geboortedatum(partner))}
        p["partners"] = [entry]
    if verhuisd(bsn):
        p["gemeenteVanInschrijving"] = {"code": "0034", "omschrijving": "Almere"}
        p["datumInschrijvingInGemeente"] = _datum("2020-05-01")
        p["verblijfplaats"]["datumVan"] = _datum("2020-05-01")
        p["verblijfplaats"]["verblijfadres"] |= {"woonplaats": "Almere", "postcode": "1315AA"}
    return p


def basisprofiel(kvk: str, sjabloon: dict[str, Any]) -> dict[str, Any]:
    b = copy.deepcopy(sjabloon)
    soort = bedrijf(kvk)
    registratie = {"na-peildatum": "20200318"}.get(soort, f"{2005 + _lot('jaar' + kvk) % 14}0401")
    naam = f"Bedrijf {kvk}"
    b |= {"kvkNummer": kvk, "naam": naam, "formeleRegistratiedatum": registratie}
    b["handelsnamen"] = [{"naam": naam, "volgorde": 0}]
    b["materieleRegistratie"] = {"datumAanvang": registratie}
    if soort == "beeindigd":
        b["materieleRegistratie"]["datumEinde"] = "20200229"
    vestiging = b["_embedded"]["hoofdvestiging"]
    vestiging |= {
        "kvkNummer": kvk,
        "vestigingsnummer": f"0000{kvk}",
        "eersteHandelsnaam": naam,
        "formeleRegistratiedatum": registratie,
        "materieleRegistratie": b["materieleRegistratie"],
    }
    b["links"] = [{"rel": "self", "href": f"https://api.kvk.nl/api/v1/basisprofielen/{kvk}"}]
    return b


class _Aangevuld(dict[str, dict[str, Any]]):
    """The hand-made entries, and for any other key the generator's answer (None: not known)."""

    def __init__(self, basis: dict[str, dict[str, Any]], maak: Callable[[str], dict[str, Any] | None]) -> None:
        super().__init__(basis)
        self._maak = maak

    def __contains__(self, sleutel: object) -> bool:
        return super().__contains__(sleutel) or (isinstance(sleutel, str) and self._maak(sleutel) is not None)

    def __missing__(self, sleutel: str) -> dict[str, Any]:
        waarde = self._maak(sleutel)
        if waarde is None:
            raise KeyError(sleutel)
        return waarde

    def get(self, sleutel: str, default: Any = None) -> Any:
        try:
            return self[sleutel]
        except KeyError:
            return default


def met_gegenereerd(g: Testgegevens) -> Testgegevens:
    """The test data plus the generated persons, businesses and incomes."""
    persoon_sjabloon = g.personen["999991012"]
    partner_sjabloon = g.personen["999991036"]["partners"][0]
    kvk_sjabloon = g.basisprofielen["90004444"]
    loon = g.suwinet["999970136"]

    def brp(bsn: str) -> dict[str, Any] | None:
        return persoon(bsn, persoon_sjabloon, partner_sjabloon) if is_gegenereerd(bsn) else None

    def kvk(nummer: str) -> dict[str, Any] | None:
        if len(nummer) == 8 and nummer.startswith("7") and is_gegenereerd("99" + nummer[1:]):
            return basisprofiel(nummer, kvk_sjabloon)
        return None

    def suwinet(bsn: str) -> dict[str, Any] | None:
        if is_gegenereerd(bsn) and int(bsn) >= PARTNERS_VANAF and partner_verdient(bsn):
            return loon
        return None

    return Testgegevens(
        basisprofielen=_Aangevuld(g.basisprofielen, kvk),
        personen=_Aangevuld(g.personen, brp),
        suwinet=_Aangevuld(g.suwinet, suwinet),
    )
