"""The data of every letter kind, as typed, frozen dataclasses.

The rules engine and the workflow compute everything a letter states (amounts, dates, reasons,
legal bases); these classes only carry those values to the templates. Amounts are integer euro
cents, as everywhere in the service; they are formatted for display in exactly one place,
`app/decisions/opmaak.py`.

Validation here is limited to what would produce a wrong or unsafe letter: a gemeentecode is
used to find override templates on disk, so it must be four digits and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar

_GEMEENTECODE = re.compile(r"[0-9]{4}")


def _eis(voorwaarde: bool, melding: str) -> None:
    if not voorwaarde:
        raise ValueError(melding)


def _geen_negatief(**bedragen: int) -> None:
    for naam, cent in bedragen.items():
        _eis(isinstance(cent, int) and cent >= 0, f"{naam} moet een geheel aantal centen ≥ 0 zijn")


# --- shared parts -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Gemeente:
    """The sender: letterhead, contact details, signatory and where objections go."""

    code: str
    """CBS gemeentecode, four digits ("0363"); also the name of the override directory."""
    naam: str
    """Name without "Gemeente", e.g. "Amsterdam"."""
    afdeling: str
    postadres: tuple[str, ...]
    telefoon: str
    website: str
    ondertekenaar: str
    functie_ondertekenaar: str
    bezwaar_adres: tuple[str, ...] = ()
    """Postal address for objections; the postadres when empty."""
    bezwaar_online: str | None = None
    """Where to object online (with DigiD), if the municipality offers it."""
    email: str | None = None

    def __post_init__(self) -> None:
        _eis(_GEMEENTECODE.fullmatch(self.code) is not None, "gemeentecode moet 4 cijfers zijn")
        _eis(bool(self.postadres), "postadres ontbreekt")


@dataclass(frozen=True, slots=True, kw_only=True)
class Adres:
    """The address block, taken as-is from BRP `adressering` (Haal Centraal BRP Personen)."""

    naam: str
    """`aanschrijfwijze.naam`, e.g. "J. de Vries"."""
    aanhef: str
    """`aanhef`, e.g. "Geachte heer De Vries"."""
    adresregel1: str
    adresregel2: str
    adresregel3: str | None = None
    land: str | None = None
    """`land.omschrijving`, only for an address abroad."""
    aanspreekvorm: str | None = None
    """`aanschrijfwijze.aanspreekvorm`: a separate line above the name (titles, predicates)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Referentie:
    zaaknummer: str
    beschikkingnummer: int
    briefdatum: date
    aanvraagdatum: date
    vervangt: str | None = None
    """Kenmerk of an earlier letter this one corrects; a correction is always a new letter."""

    @property
    def kenmerk(self) -> str:
        return f"{self.zaaknummer}-{self.beschikkingnummer}"

    def __post_init__(self) -> None:
        _eis(self.beschikkingnummer >= 1, "beschikkingnummer begint bij 1")
        _eis(self.aanvraagdatum <= self.briefdatum, "aanvraagdatum ligt na de briefdatum")


@dataclass(frozen=True, slots=True, order=True)
class Maand:
    jaar: int
    maand: int

    def __post_init__(self) -> None:
        _eis(1 <= self.maand <= 12, "maand moet 1 tot en met 12 zijn")


class Voorziening(StrEnum):
    LEVENSONDERHOUD = "levensonderhoud"
    BEDRIJFSKAPITAAL = "bedrijfskapitaal"


@dataclass(frozen=True, slots=True, kw_only=True)
class MaandBedrag:
    """One month of income support: the norm, the income subtracted and what is paid."""

    maand: Maand
    norm_cent: int
    inkomen_cent: int
    bedrag_cent: int
    volgens_regels_cent: int | None = None
    """Set only when the assessor awarded another amount than the rules computed: the letter then
    names both and says why it deviates (the decision's motivation)."""

    def __post_init__(self) -> None:
        _geen_negatief(norm_cent=self.norm_cent, inkomen_cent=self.inkomen_cent, bedrag_cent=self.bedrag_cent)
        _geen_negatief(volgens_regels_cent=self.volgens_regels_cent or 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class AfgewezenMaand:
    maand: Maand
    reden: str
    grondslag: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterium:
    """One criterion the application did not meet, as the rules engine explains it."""

    omschrijving: str
    reden: str
    grondslag: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Aflosperiode:
    """A stretch of the repayment schedule with one monthly amount (0 for a pause)."""

    omschrijving: str
    van: Maand
    tot_en_met: Maand
    per_maand_cent: int

    def __post_init__(self) -> None:
        _geen_negatief(per_maand_cent=self.per_maand_cent)
        _eis(self.van <= self.tot_en_met, "aflosperiode eindigt voor het begin")

    @property
    def aantal_maanden(self) -> int:
        return (self.tot_en_met.jaar - self.van.jaar) * 12 + self.tot_en_met.maand - self.van.maand + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class RentePost:
    """Interest that is due over a period although repayment has not started (spec §3.4)."""

    van: date
    tot_en_met: date
    bedrag_cent: int

    def __post_init__(self) -> None:
        _geen_negatief(bedrag_cent=self.bedrag_cent)


@dataclass(frozen=True, slots=True, kw_only=True)
class OntbrekendStuk:
    omschrijving: str
    toelichting: str | None = None


# --- letter kinds -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Brief:
    soort: ClassVar[str]
    gemeente: Gemeente
    adres: Adres
    referentie: Referentie
    regeling: str
    """The regulation as the applicant knows it: "Tozo 3", "Bbz 2004"."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Besluit(_Brief):
    """A decision under the Awb: motivated (3:46), with legal basis and objection clause (3:45)."""

    motivering: str
    grondslagen: tuple[str, ...]
    laatste_dag_bezwaar: date
    """Computed by the rules engine (Awb 6:7, 6:8, Algemene termijnenwet); printed as given."""

    def __post_init__(self) -> None:
        _eis(bool(self.grondslagen), "een besluit noemt zijn wettelijke grondslag")
        _eis(bool(self.motivering.strip()), "een besluit heeft een motivering (Awb 3:46)")
        _eis(
            self.laatste_dag_bezwaar > self.referentie.briefdatum,
            "laatste dag bezwaar ligt niet na de briefdatum",
        )


class Vorm(StrEnum):
    """How Bbz money is given (Bbz art. 10-12, 15, 19, 22; the relaxed Bbz of 2021-2022)."""

    OM_NIET = "om-niet"  # a gift
    RENTELOZE_LENING = "renteloze-lening"  # levensonderhoud: converted into a gift after the boekjaar
    RENTEDRAGENDE_LENING = "rentedragende-lening"  # bedrijfskapitaal at the Bbz interest


@dataclass(frozen=True, slots=True, kw_only=True)
class ToekenningLevensonderhoud(_Besluit):
    soort: ClassVar[str] = "toekenning_levensonderhoud"
    maanden: tuple[MaandBedrag, ...]
    iban: str
    vorm: Vorm | None = None
    """Bbz only: a gift or an interest-free loan; None for the Tozo (always a gift)."""
    per_kalendermaand: bool = False
    """The relaxed Bbz after the Tozo: computed per calendar month, no vermogenstoets."""
    voorwaarden: tuple[str, ...] = ()
    """Conditions from the viability study (levensvatbaar onder voorwaarden)."""

    def __post_init__(self) -> None:
        _Besluit.__post_init__(self)
        _eis(bool(self.maanden), "een toekenning noemt minstens één maand")

    @property
    def totaal_cent(self) -> int:
        return sum(m.bedrag_cent for m in self.maanden)


@dataclass(frozen=True, slots=True, kw_only=True)
class ToekenningBedrijfskapitaal(_Besluit):
    soort: ClassVar[str] = "toekenning_bedrijfskapitaal"
    bedrag_cent: int
    rente_basispunten: int
    """Interest per year in hundredths of a percent: 200 is 2%."""
    uitbetaaldatum: date
    looptijd_van: date
    looptijd_tot: date
    aflosschema: tuple[Aflosperiode, ...]
    iban: str
    opgebouwde_rente: tuple[RentePost, ...] = ()
    eerder_geleend_cent: int | None = None
    """Earlier Tozo loans of this business; they count towards the cumulative maximum."""
    partner_medeschuldenaar: bool = False
    extra_voorwaarden: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _Besluit.__post_init__(self)
        _geen_negatief(
            bedrag_cent=self.bedrag_cent,
            rente_basispunten=self.rente_basispunten,
            eerder_geleend_cent=self.eerder_geleend_cent or 0,
        )
        _eis(bool(self.aflosschema), "een lening heeft een aflosschema")
        _eis(self.looptijd_van < self.looptijd_tot, "looptijd eindigt voor het begin")

    @property
    def eerste_aflossing(self) -> Aflosperiode:
        """The first period in which the applicant actually repays."""
        return next((p for p in self.aflosschema if p.per_maand_cent > 0), self.aflosschema[0])


@dataclass(frozen=True, slots=True, kw_only=True)
class ToekenningBedrijfskapitaalOmNiet(_Besluit):
    """Bbz bedrijfskapitaal given as a gift (Bbz art. 22), not as a loan."""

    soort: ClassVar[str] = "toekenning_bedrijfskapitaal_om_niet"
    bedrag_cent: int
    uitbetaaldatum: date
    iban: str
    voorwaarden: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _Besluit.__post_init__(self)
        _geen_negatief(bedrag_cent=self.bedrag_cent)


@dataclass(frozen=True, slots=True, kw_only=True)
class Afwijzing(_Besluit):
    soort: ClassVar[str] = "afwijzing"
    voorziening: Voorziening
    criteria: tuple[Criterium, ...]

    def __post_init__(self) -> None:
        _Besluit.__post_init__(self)
        _eis(bool(self.criteria), "een afwijzing noemt minstens één criterium")


@dataclass(frozen=True, slots=True, kw_only=True)
class GedeeltelijkeToekenning(_Besluit):
    soort: ClassVar[str] = "gedeeltelijke_toekenning"
    toegekend: tuple[MaandBedrag, ...]
    afgewezen: tuple[AfgewezenMaand, ...]
    iban: str
    vorm: Vorm | None = None
    per_kalendermaand: bool = False
    voorwaarden: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _Besluit.__post_init__(self)
        _eis(bool(self.toegekend) and bool(self.afgewezen), "gedeeltelijk: beide lijsten gevuld")

    @property
    def totaal_cent(self) -> int:
        return sum(m.bedrag_cent for m in self.toegekend)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuitenBehandeling(_Besluit):
    soort: ClassVar[str] = "buiten_behandeling"
    voorziening: Voorziening
    herstelverzoek_datum: date
    hersteltermijn_tot_en_met: date
    ontbrekend: tuple[OntbrekendStuk, ...]
    grondslagen: tuple[str, ...] = ("artikel 4:5 Algemene wet bestuursrecht",)

    def __post_init__(self) -> None:
        _Besluit.__post_init__(self)
        _eis(bool(self.ontbrekend), "buiten behandeling: noem wat ontbrak")


@dataclass(frozen=True, slots=True, kw_only=True)
class Herstelverzoek(_Brief):
    """A request to supply what is missing (Awb 4:5). Not a decision: no objection clause,
    because an objection against a preparatory act is not possible (Awb 6:3); the letter says
    so and explains the decision that follows if nothing arrives."""

    soort: ClassVar[str] = "herstelverzoek"
    voorziening: Voorziening
    ontbrekend: tuple[OntbrekendStuk, ...]
    uiterlijk: date
    aanleveren: str
    """How to supply the documents, e.g. "via Mijn Zaken op www.amsterdam.nl/mijnzaken"."""
    grondslagen: tuple[str, ...] = (
        "artikel 4:2 en 4:5 Algemene wet bestuursrecht",
        "artikel 17 Participatiewet",
    )

    def __post_init__(self) -> None:
        _eis(bool(self.ontbrekend), "herstelverzoek: noem wat ontbreekt")
        _eis(self.uiterlijk > self.referentie.briefdatum, "hersteltermijn ligt niet na de brief")


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdaging(_Brief):
    """Notice that the Bbz beslistermijn is extended once by 13 weeks (Bbz art. 35 lid 3,
    Awb 4:14). Not a decision, so no objection clause."""

    soort: ClassVar[str] = "verdaging"
    voorziening: Voorziening
    reden: str
    beslistermijn_oud: date
    beslistermijn_nieuw: date
    grondslagen: tuple[str, ...] = (
        "artikel 35 lid 2 en 3 Besluit bijstandverlening zelfstandigen 2004",
        "artikel 4:14 Algemene wet bestuursrecht",
    )

    def __post_init__(self) -> None:
        _eis(bool(self.reden.strip()), "een verdaging noemt de reden")
        _eis(self.beslistermijn_nieuw > self.beslistermijn_oud, "de nieuwe termijn ligt na de oude")


@dataclass(frozen=True, slots=True, kw_only=True)
class Intrekking(_Besluit):
    soort: ClassVar[str] = "intrekking"
    voorziening: Voorziening
    ingetrokken_op: date


@dataclass(frozen=True, slots=True, kw_only=True)
class HerzieneMaand:
    """One month recomputed: what the earlier decision gave, what it is now, and the difference
    as an extra payment or a recovery (one of the two is 0)."""

    maand: Maand
    was_cent: int
    wordt_cent: int
    nabetaling_cent: int
    terugvordering_cent: int

    def __post_init__(self) -> None:
        _geen_negatief(
            was_cent=self.was_cent,
            wordt_cent=self.wordt_cent,
            nabetaling_cent=self.nabetaling_cent,
            terugvordering_cent=self.terugvordering_cent,
        )
        _eis(
            self.nabetaling_cent - self.terugvordering_cent == self.wordt_cent - self.was_cent,
            "het verschil per maand klopt niet",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Herziening(_Besluit):
    """A decision that recomputes months already decided (PW art. 54 lid 3): after a change the
    applicant reported, or after an advance that the final decision did not cover. It states the
    extra payment and the recovery (PW art. 58) per month; the ledger books exactly these."""

    soort: ClassVar[str] = "herziening"
    aanleiding: str
    maanden: tuple[HerzieneMaand, ...]
    iban: str

    def __post_init__(self) -> None:
        _Besluit.__post_init__(self)
        _eis(bool(self.maanden), "een herziening noemt minstens één maand")

    @property
    def nabetaling_totaal_cent(self) -> int:
        return sum(m.nabetaling_cent for m in self.maanden)

    @property
    def terugvordering_totaal_cent(self) -> int:
        return sum(m.terugvordering_cent for m in self.maanden)

    @property
    def met_nabetaling(self) -> bool:
        return self.nabetaling_totaal_cent > 0

    @property
    def met_terugvordering(self) -> bool:
        return self.terugvordering_totaal_cent > 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Terugvordering(Herziening):
    """Recovery of an advance (PW art. 52 and 58) that the decision on the application did not
    cover, wholly or partly."""

    soort: ClassVar[str] = "terugvordering"


@dataclass(frozen=True, slots=True, kw_only=True)
class Omzetting(_Besluit):
    """The further decision after the boekjaar on Bbz levensonderhoud given as an interest-free
    loan (Bbz art. 11 lid 2, 12, 13): the year's income against the norm gives an extra payment
    or a recovery; what is then due becomes a gift, except the part the assets above the
    vermogensgrens keep a loan. The ledger books exactly these amounts."""

    soort: ClassVar[str] = "omzetting"
    boekjaar: int
    maanden: tuple[Maand, ...]
    """The months of the boekjaar paid as a loan."""
    verstrekt_cent: int
    jaarnorm_cent: int
    netto_inkomen_cent: int
    nabetaling_cent: int
    terugvordering_cent: int
    om_niet_cent: int
    lening_blijft_cent: int
    aflossing_per_jaar_cent: int
    vermogen_cent: int
    vermogensgrens_cent: int
    iban: str

    def __post_init__(self) -> None:
        _Besluit.__post_init__(self)
        _geen_negatief(
            verstrekt_cent=self.verstrekt_cent,
            jaarnorm_cent=self.jaarnorm_cent,
            netto_inkomen_cent=self.netto_inkomen_cent,
            nabetaling_cent=self.nabetaling_cent,
            terugvordering_cent=self.terugvordering_cent,
            om_niet_cent=self.om_niet_cent,
            lening_blijft_cent=self.lening_blijft_cent,
            aflossing_per_jaar_cent=self.aflossing_per_jaar_cent,
            vermogen_cent=self.vermogen_cent,
            vermogensgrens_cent=self.vermogensgrens_cent,
        )
        _eis(bool(self.maanden), "een omzetting noemt de maanden van de lening")
        _eis(not (self.nabetaling_cent and self.terugvordering_cent), "nabetaling of terugvordering, niet beide")
        _eis(
            self.om_niet_cent + self.lening_blijft_cent == self.recht_cent,
            "gift en lening samen zijn het recht",
        )

    @property
    def recht_cent(self) -> int:
        return self.verstrekt_cent + self.nabetaling_cent - self.terugvordering_cent

    @property
    def met_nabetaling(self) -> bool:
        return self.nabetaling_cent > 0

    @property
    def met_terugvordering(self) -> bool:
        return self.terugvordering_cent > 0

    @property
    def met_om_niet(self) -> bool:
        return self.om_niet_cent > 0

    @property
    def met_lening_blijft(self) -> bool:
        return self.lening_blijft_cent > 0


@dataclass(frozen=True, slots=True, kw_only=True)
class BeslissingOpBezwaar(_Brief):
    """The decision on an objection that is unfounded or not admissible (Awb 7:11, 6:6, 6:11).
    Its legal remedy is appeal to the court, not a new objection (Awb 8:1), so it carries the
    appeal term instead of the objection clause."""

    soort: ClassVar[str] = "beslissing_op_bezwaar"
    uitkomst: str
    """"ongegrond" or "niet-ontvankelijk"."""
    motivering: str
    grondslagen: tuple[str, ...]
    bestreden_kenmerk: str
    bestreden_datum: date
    bezwaar_ontvangen: date
    laatste_dag_beroep: date

    def __post_init__(self) -> None:
        _eis(self.uitkomst in ("ongegrond", "niet-ontvankelijk"), "uitkomst is ongegrond of niet-ontvankelijk")
        _eis(bool(self.motivering.strip()), "een beslissing op bezwaar is gemotiveerd (Awb 7:12)")
        _eis(self.laatste_dag_beroep > self.referentie.briefdatum, "laatste dag beroep ligt niet na de briefdatum")


Brief = (
    ToekenningLevensonderhoud
    | ToekenningBedrijfskapitaal
    | ToekenningBedrijfskapitaalOmNiet
    | Verdaging
    | Afwijzing
    | GedeeltelijkeToekenning
    | BuitenBehandeling
    | Herstelverzoek
    | Intrekking
    | Herziening
    | Terugvordering
    | BeslissingOpBezwaar
    | Omzetting
)

SOORTEN: tuple[str, ...] = (
    ToekenningLevensonderhoud.soort,
    ToekenningBedrijfskapitaal.soort,
    Afwijzing.soort,
    GedeeltelijkeToekenning.soort,
    BuitenBehandeling.soort,
    Herstelverzoek.soort,
    Intrekking.soort,
    Herziening.soort,
    Terugvordering.soort,
    ToekenningBedrijfskapitaalOmNiet.soort,
    Verdaging.soort,
    BeslissingOpBezwaar.soort,
    Omzetting.soort,
)

__all__ = [
    "SOORTEN",
    "Adres",
    "AfgewezenMaand",
    "Aflosperiode",
    "Afwijzing",
    "BeslissingOpBezwaar",
    "Brief",
    "BuitenBehandeling",
    "Criterium",
    "GedeeltelijkeToekenning",
    "Gemeente",
    "Herstelverzoek",
    "HerzieneMaand",
    "Herziening",
    "Intrekking",
    "Maand",
    "MaandBedrag",
    "Omzetting",
    "OntbrekendStuk",
    "Referentie",
    "RentePost",
    "Terugvordering",
    "ToekenningBedrijfskapitaal",
    "ToekenningBedrijfskapitaalOmNiet",
    "ToekenningLevensonderhoud",
    "Verdaging",
    "Voorziening",
    "Vorm",
]
