"""Build an `Aanvraag` from the JSON body (camelCase), so the API's mapping is one call.

All problems are collected and raised together, each with the field's path, so the API can answer
400 with every invalid parameter at once (Haal Centraal `invalidParams`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from app.rules.invoer import (
    Aanvraag,
    Aanvrager,
    BbzCategorie,
    BbzGegevens,
    Huishouden,
    Inkomen,
    LeningAanvraag,
    Levensvatbaarheid,
    MaandInkomsten,
    Naam,
    Onderneming,
    Partner,
    Rechtsvorm,
    Regeling,
    Samenstelling,
    Verklaringen,
)
from app.rules.kalender import Maand

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Probleem:
    naam: str
    reden: str


class OngeldigeInvoer(ValueError):
    def __init__(self, problemen: list[Probleem]) -> None:
        super().__init__("; ".join(f"{p.naam}: {p.reden}" for p in problemen))
        self.problemen = tuple(problemen)


class _Lezer:
    def __init__(self) -> None:
        self.problemen: list[Probleem] = []

    def fout(self, pad: str, reden: str) -> None:
        self.problemen.append(Probleem(pad, reden))

    def onderdeel(self, d: Mapping[str, Any], sleutel: str, pad: str) -> Mapping[str, Any] | None:
        waarde = d.get(sleutel)
        if waarde is None:
            return None
        if not isinstance(waarde, Mapping):
            self.fout(pad + sleutel, "moet een object zijn")
            return None
        return waarde

    def verplicht_object(self, d: Mapping[str, Any], sleutel: str, pad: str) -> Mapping[str, Any]:
        waarde = self.onderdeel(d, sleutel, pad)
        if waarde is None:
            if sleutel not in d:
                self.fout(pad + sleutel, "ontbreekt")
            return {}
        return waarde

    def tekst(self, d: Mapping[str, Any], sleutel: str, pad: str, verplicht: bool = True) -> str:
        waarde = d.get(sleutel)
        if isinstance(waarde, str):
            return waarde
        if waarde is not None or verplicht:
            self.fout(pad + sleutel, "ontbreekt" if waarde is None else "moet tekst zijn")
        return ""

    def optionele_tekst(self, d: Mapping[str, Any], sleutel: str, pad: str) -> str | None:
        return self.tekst(d, sleutel, pad, verplicht=False) if d.get(sleutel) is not None else None

    def ja_nee(self, d: Mapping[str, Any], sleutel: str, pad: str) -> bool:
        waarde = d.get(sleutel)
        if isinstance(waarde, bool):
            return waarde
        self.fout(pad + sleutel, "ontbreekt" if waarde is None else "moet true of false zijn")
        return False

    def optioneel_ja_nee(self, d: Mapping[str, Any], sleutel: str, pad: str) -> bool | None:
        return None if d.get(sleutel) is None else self.ja_nee(d, sleutel, pad)

    def geheel(
        self,
        d: Mapping[str, Any],
        sleutel: str,
        pad: str,
        *,
        minimum: int = 0,
        maximum: int | None = None,
        standaard: int | None = None,
    ) -> int:
        waarde = d.get(sleutel)
        if waarde is None and standaard is not None:
            return standaard
        if isinstance(waarde, bool) or not isinstance(waarde, int):
            self.fout(pad + sleutel, "ontbreekt" if waarde is None else "moet een geheel getal zijn")
            return minimum
        if waarde < minimum or (maximum is not None and waarde > maximum):
            grens = f"tussen {minimum} en {maximum}" if maximum is not None else f">= {minimum}"
            self.fout(pad + sleutel, f"moet {grens} zijn")
            return minimum
        return waarde

    def datum(self, d: Mapping[str, Any], sleutel: str, pad: str, verplicht: bool = True) -> date:
        waarde = d.get(sleutel)
        if isinstance(waarde, date):
            return waarde
        if isinstance(waarde, str):
            try:
                return date.fromisoformat(waarde)
            except ValueError:
                pass
        if waarde is not None or verplicht:
            self.fout(pad + sleutel, "ontbreekt" if waarde is None else "moet een datum JJJJ-MM-DD zijn")
        return date.min

    def optionele_datum(self, d: Mapping[str, Any], sleutel: str, pad: str) -> date | None:
        return None if d.get(sleutel) is None else self.datum(d, sleutel, pad)

    def keuze(self, soort: type[E], d: Mapping[str, Any], sleutel: str, pad: str) -> E | None:
        waarde = d.get(sleutel)
        try:
            return soort(str(waarde))
        except ValueError:
            toegestaan = ", ".join(lid.value for lid in soort)
            self.fout(pad + sleutel, f"moet een van {toegestaan} zijn")
            return None

    def maand(self, waarde: object, pad: str) -> Maand | None:
        if isinstance(waarde, str):
            try:
                return Maand.uit_tekst(waarde)
            except ValueError:
                pass
        self.fout(pad, "moet een maand JJJJ-MM zijn")
        return None

    def lijst(self, d: Mapping[str, Any], sleutel: str, pad: str) -> list[Any]:
        waarde = d.get(sleutel)
        if waarde is None:
            return []
        if not isinstance(waarde, list):
            self.fout(pad + sleutel, "moet een lijst zijn")
            return []
        return waarde


def _naam(lezer: _Lezer, d: Mapping[str, Any], pad: str) -> Naam:
    return Naam(
        voornamen=lezer.tekst(d, "voornamen", pad),
        geslachtsnaam=lezer.tekst(d, "geslachtsnaam", pad),
        voorvoegsel=lezer.optionele_tekst(d, "voorvoegsel", pad),
    )


def _inkomen(lezer: _Lezer, d: Mapping[str, Any], pad: str) -> Inkomen:
    def bedrag(sleutel: str) -> int:
        return lezer.geheel(d, sleutel, pad, standaard=0)

    return Inkomen(
        winst=bedrag("winst"),
        loon=bedrag("loon"),
        uitkering=bedrag("uitkering"),
        overig=bedrag("overig"),
        toeslagen=bedrag("toeslagen"),
        kinderbijslag=bedrag("kinderbijslag"),
    )


def _vereist(waarde: T | None, standaard: T) -> T:
    return standaard if waarde is None else waarde


def aanvraag_uit_dict(d: Mapping[str, Any]) -> Aanvraag:
    """The JSON body of an application (camelCase keys) as an `Aanvraag`.

    Raises `OngeldigeInvoer` listing every problem with its path (e.g. `aanvrager.geboortedatum`).
    """
    lezer = _Lezer()
    regeling = lezer.keuze(Regeling, d, "regeling", "")
    aanvrager_d = lezer.verplicht_object(d, "aanvrager", "")
    huishouden_d = lezer.verplicht_object(d, "huishouden", "")
    onderneming_d = lezer.verplicht_object(d, "onderneming", "")
    verklaringen_d = lezer.verplicht_object(d, "verklaringen", "")
    partner_d = lezer.onderdeel(d, "partner", "")

    aanvrager = Aanvrager(
        bsn=lezer.tekst(aanvrager_d, "bsn", "aanvrager."),
        geboortedatum=lezer.datum(aanvrager_d, "geboortedatum", "aanvrager."),
        naam=_naam(lezer, lezer.verplicht_object(aanvrager_d, "naam", "aanvrager."), "aanvrager.naam."),
        email=lezer.optionele_tekst(aanvrager_d, "email", "aanvrager."),
        telefoon=lezer.optionele_tekst(aanvrager_d, "telefoon", "aanvrager."),
        woonland=lezer.tekst(aanvrager_d, "woonland", "aanvrager.").upper(),
        rechtmatig_verblijf=lezer.ja_nee(aanvrager_d, "rechtmatigVerblijf", "aanvrager."),
        ontvangt_studiefinanciering=lezer.ja_nee(aanvrager_d, "ontvangtStudiefinanciering", "aanvrager."),
        gedetineerd=lezer.ja_nee(aanvrager_d, "gedetineerd", "aanvrager."),
        ontvangt_bbz=lezer.ja_nee(aanvrager_d, "ontvangtBbz", "aanvrager."),
        verzekerd_volksverzekeringen=lezer.ja_nee(aanvrager_d, "verzekerdVolksverzekeringen", "aanvrager."),
    )
    samenstelling = lezer.keuze(Samenstelling, huishouden_d, "samenstelling", "huishouden.")
    huishouden = Huishouden(
        samenstelling=_vereist(samenstelling, Samenstelling.ALLEENSTAAND),
        aantal_kinderen=lezer.geheel(huishouden_d, "aantalKinderen", "huishouden.", standaard=0),
    )
    partner = None
    if partner_d is not None:
        partner = Partner(
            bsn=lezer.tekst(partner_d, "bsn", "partner."),
            geboortedatum=lezer.datum(partner_d, "geboortedatum", "partner."),
            naam=_naam(lezer, lezer.verplicht_object(partner_d, "naam", "partner."), "partner.naam."),
        )
    if (samenstelling is Samenstelling.MET_PARTNER) != (partner is not None):
        lezer.fout("partner", "partner is verplicht bij samenstelling met-partner en anders leeg")

    rechtsvorm = lezer.keuze(Rechtsvorm, onderneming_d, "rechtsvorm", "onderneming.")
    onderneming = Onderneming(
        kvk_nummer=lezer.tekst(onderneming_d, "kvkNummer", "onderneming."),
        naam=lezer.optionele_tekst(onderneming_d, "naam", "onderneming."),
        rechtsvorm=_vereist(rechtsvorm, Rechtsvorm.EENMANSZAAK),
        startdatum=lezer.datum(onderneming_d, "startdatum", "onderneming."),
        inschrijvingsdatum_kvk=lezer.optionele_datum(onderneming_d, "inschrijvingsdatumKvk", "onderneming."),
        uren_per_jaar=lezer.geheel(onderneming_d, "urenPerJaar", "onderneming."),
        vestigingsland=lezer.tekst(onderneming_d, "vestigingsland", "onderneming.").upper(),
        volledige_zeggenschap=lezer.ja_nee(onderneming_d, "volledigeZeggenschap", "onderneming."),
        aandelen_percentage=(
            None
            if onderneming_d.get("aandelenPercentage") is None
            else lezer.geheel(onderneming_d, "aandelenPercentage", "onderneming.", maximum=100)
        ),
        surseance_of_faillissement=lezer.ja_nee(onderneming_d, "surseanceOfFaillissement", "onderneming."),
    )

    maanden: list[Maand] = []
    for index, ruw in enumerate(lezer.lijst(d, "maanden", "")):
        maand = lezer.maand(ruw, f"maanden.{index}")
        if maand is not None:
            maanden.append(maand)
    if len(set(maanden)) != len(maanden):
        lezer.fout("maanden", "een maand komt meer dan eens voor")

    inkomsten: list[MaandInkomsten] = []
    for index, ruw in enumerate(lezer.lijst(d, "inkomsten", "")):
        pad = f"inkomsten.{index}."
        if not isinstance(ruw, Mapping):
            lezer.fout(pad.rstrip("."), "moet een object zijn")
            continue
        maand = lezer.maand(ruw.get("maand"), pad + "maand")
        eigen = _inkomen(lezer, lezer.verplicht_object(ruw, "aanvrager", pad), pad + "aanvrager.")
        partner_ruw = lezer.onderdeel(ruw, "partner", pad)
        van_partner = None if partner_ruw is None else _inkomen(lezer, partner_ruw, pad + "partner.")
        if maand is not None:
            inkomsten.append(MaandInkomsten(maand, eigen, van_partner))
    if len({i.maand for i in inkomsten}) != len(inkomsten):
        lezer.fout("inkomsten", "een maand komt meer dan eens voor")

    lening_d = lezer.onderdeel(d, "lening", "")
    lening = None
    if lening_d is not None:
        lening = LeningAanvraag(
            bedrag=lezer.geheel(lening_d, "bedrag", "lening."),
            doel=lezer.tekst(lening_d, "doel", "lening."),
            eerdere_tozo_leningen=lezer.geheel(lening_d, "eerdereTozoLeningen", "lening.", standaard=0),
        )

    verklaringen = Verklaringen(
        naar_waarheid_ingevuld=lezer.ja_nee(verklaringen_d, "naarWaarheidIngevuld", "verklaringen."),
        inlichtingenplicht_bekend=lezer.ja_nee(verklaringen_d, "inlichtingenplichtBekend", "verklaringen."),
        getroffen_door_coronacrisis=lezer.optioneel_ja_nee(
            verklaringen_d, "getroffenDoorCoronacrisis", "verklaringen."
        ),
        inkomen_onder_sociaal_minimum=lezer.optioneel_ja_nee(
            verklaringen_d, "inkomenOnderSociaalMinimum", "verklaringen."
        ),
        liquiditeitsprobleem=lezer.optioneel_ja_nee(verklaringen_d, "liquiditeitsprobleem", "verklaringen."),
        geen_herfinanciering=lezer.optioneel_ja_nee(verklaringen_d, "geenHerfinanciering", "verklaringen."),
        de_minimis=lezer.optioneel_ja_nee(verklaringen_d, "deMinimis", "verklaringen."),
        voldoet_aan_definitie_zelfstandige=lezer.optioneel_ja_nee(
            verklaringen_d, "voldoetAanDefinitieZelfstandige", "verklaringen."
        ),
    )

    # `ondersteuning` (support needs, arrears) is deliberately not read: those answers go to the
    # referral list (app.workflows.verwijzingen) and can never change an outcome.

    bbz_d = lezer.onderdeel(d, "bbz", "")
    bbz = None
    if bbz_d is not None:
        categorie = lezer.keuze(BbzCategorie, bbz_d, "categorie", "bbz.")
        levensvatbaarheid = (
            None
            if bbz_d.get("levensvatbaarheid") is None
            else lezer.keuze(Levensvatbaarheid, bbz_d, "levensvatbaarheid", "bbz.")
        )
        bbz = BbzGegevens(_vereist(categorie, BbzCategorie.GEVESTIGDE), levensvatbaarheid)

    if regeling is not None and regeling.is_levensonderhoud and not maanden:
        lezer.fout("maanden", "kies minstens één maand")
    if regeling is not None and not regeling.is_levensonderhoud and lening is None:
        lezer.fout("lening", "vul het gevraagde bedrag in")
    if regeling is not None and not regeling.is_tozo and bbz is None:
        lezer.fout("bbz", "vul de categorie in (gevestigde, starter of beeindiger)")

    aanvraag = Aanvraag(
        regeling=_vereist(regeling, Regeling.TOZO_LEVENSONDERHOUD),
        gemeente=lezer.tekst(d, "gemeente", ""),
        aanvraagdatum=lezer.datum(d, "aanvraagdatum", ""),
        aanvrager=aanvrager,
        huishouden=huishouden,
        partner=partner,
        onderneming=onderneming,
        maanden=tuple(sorted(maanden)),
        inkomsten=tuple(sorted(inkomsten, key=lambda i: i.maand)),
        lening=lening,
        iban=lezer.tekst(d, "iban", "").replace(" ", "").upper(),
        verklaringen=verklaringen,
        bbz=bbz,
        beschikbare_geldmiddelen=(
            None if d.get("beschikbareGeldmiddelen") is None else lezer.geheel(d, "beschikbareGeldmiddelen", "")
        ),
    )
    if lezer.problemen:
        raise OngeldigeInvoer(lezer.problemen)
    return aanvraag
