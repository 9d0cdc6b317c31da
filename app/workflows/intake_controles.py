"""Checks across fields of an application that no single field type can make: the household
and the partner agree, incomes belong to months applied for, dates are possible, and the months
fall in the regulation's window on the application date.

They run on the raw JSON as well, so that an answer with field errors lists these too; every
read is defensive about types for that reason."""

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from app.rules.invoer import Regeling
from app.rules.kalender import Maand
from app.rules.regelingen import aanvraagbare_maanden, regelingen_open_op

Fout = dict[str, str]


def _datum(waarde: Any) -> date | None:
    if isinstance(waarde, date):
        return waarde
    if isinstance(waarde, str):
        try:
            return date.fromisoformat(waarde)
        except ValueError:
            return None
    return None


def _dict(waarde: Any) -> Mapping[str, Any]:
    return waarde if isinstance(waarde, Mapping) else {}


def _lijst(waarde: Any) -> list[Any]:
    return waarde if isinstance(waarde, list) else []


@lru_cache(maxsize=1024)
def _open_op(dag: date) -> frozenset[str]:
    """The regulations open on `dag`; memoised, as every submit asks this for its date."""
    return frozenset(r.code.value for r in regelingen_open_op(dag))


# The window is immutable (a frozen MaandVenster), so one per regulation and date can be shared.
_venster = lru_cache(maxsize=1024)(aanvraagbare_maanden)


_REGELINGEN = frozenset(r.value for r in Regeling)


def _fout(naam: str, code: str, reden: str) -> Fout:
    return {"name": naam, "code": code, "reason": reden}


def controleer(ruw: Any, vandaag: date) -> list[Fout]:
    if not isinstance(ruw, Mapping):
        return []
    fouten: list[Fout] = []
    fouten += _huishouden(ruw)
    fouten += _datums(ruw, vandaag)
    fouten += _maanden(ruw, vandaag)
    return fouten


def _huishouden(ruw: Mapping[str, Any]) -> list[Fout]:
    samenstelling = _dict(ruw.get("huishouden")).get("samenstelling")
    partner = ruw.get("partner")
    fouten: list[Fout] = []
    if samenstelling == "met-partner" and not partner:
        fouten.append(_fout("partner", "required", "U heeft een partner opgegeven: vul de gegevens van uw partner in."))
    if samenstelling in ("alleenstaand", "alleenstaande-ouder") and partner:
        fouten.append(
            _fout("partner", "notAllowed", "Zonder partner in het huishouden horen hier geen partnergegevens.")
        )
    if partner and _dict(partner).get("bsn") == _dict(ruw.get("aanvrager")).get("bsn"):
        fouten.append(_fout("partner.bsn", "invalid", "Het BSN van de partner is gelijk aan dat van de aanvrager."))
    for i, inkomen in enumerate(_lijst(ruw.get("inkomsten"))):
        if _dict(inkomen).get("partner") and samenstelling != "met-partner":
            fouten.append(
                _fout(f"inkomsten[{i}].partner", "notAllowed", "Partnerinkomen zonder partner in het huishouden.")
            )
    return fouten


def _datums(ruw: Mapping[str, Any], vandaag: date) -> list[Fout]:
    fouten: list[Fout] = []
    aanvraagdatum = _datum(ruw.get("aanvraagdatum"))
    if aanvraagdatum and aanvraagdatum > vandaag:
        fouten.append(_fout("aanvraagdatum", "maximum", "De aanvraagdatum kan niet in de toekomst liggen."))
    if aanvraagdatum and aanvraagdatum < date(2004, 1, 1):
        fouten.append(_fout("aanvraagdatum", "minimum", "De aanvraagdatum ligt te ver terug."))
    peildatum = aanvraagdatum or vandaag
    for pad, persoon in (("aanvrager", ruw.get("aanvrager")), ("partner", ruw.get("partner"))):
        geboren = _datum(_dict(persoon).get("geboortedatum"))
        if geboren and (geboren > peildatum or geboren < date(1900, 1, 1)):
            fouten.append(_fout(f"{pad}.geboortedatum", "range", "Deze geboortedatum is niet mogelijk."))
    onderneming = _dict(ruw.get("onderneming"))
    for veld in ("startdatum", "inschrijvingsdatumKvk"):
        d = _datum(onderneming.get(veld))
        if d and (d > peildatum or d < date(1900, 1, 1)):
            fouten.append(_fout(f"onderneming.{veld}", "range", "Deze datum kan niet na de aanvraagdatum liggen."))
    return fouten


def _maanden(ruw: Mapping[str, Any], vandaag: date) -> list[Fout]:
    regeling = ruw.get("regeling")
    maanden = [m for m in _lijst(ruw.get("maanden")) if isinstance(m, str)]
    fouten: list[Fout] = []
    gezien: set[str] = set()
    for i, m in enumerate(maanden):
        if m in gezien:
            fouten.append(_fout(f"maanden[{i}]", "unique", "Deze maand staat er twee keer in."))
        gezien.add(m)
    for i, inkomen in enumerate(_lijst(ruw.get("inkomsten"))):
        maand = _dict(inkomen).get("maand")
        if isinstance(maand, str) and maanden and maand not in maanden:
            fouten.append(
                _fout(f"inkomsten[{i}].maand", "invalid", "Geef alleen inkomen op voor maanden die u aanvraagt.")
            )
    if not isinstance(regeling, str) or regeling not in _REGELINGEN:
        return fouten  # reported by the field check
    aanvraagdatum = _datum(ruw.get("aanvraagdatum")) or vandaag
    if regeling not in _open_op(aanvraagdatum):
        fouten.append(
            _fout("regeling", "closed", f"Op {aanvraagdatum.isoformat()} kunt u deze regeling niet aanvragen.")
        )
        return fouten
    venster = _venster(regeling, aanvraagdatum)
    if venster is None:  # a loan: no months are asked
        return fouten
    for i, m in enumerate(maanden):
        try:
            maand = Maand.uit_tekst(m)
        except ValueError:
            continue  # reported by the field check as a pattern error
        if not venster.bevat(maand):
            fouten.append(
                _fout(
                    f"maanden[{i}]",
                    "outOfWindow",
                    f"U kunt op deze aanvraagdatum alleen maanden van {venster.eerste} tot en met "
                    f"{venster.laatste} aanvragen.",
                )
            )
    return fouten
