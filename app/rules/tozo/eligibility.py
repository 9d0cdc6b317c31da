"""Who may get Tozo (spec §2): Tozo art. 1 'zelfstandige', the cross-border regulation and the
general Participatiewet exclusions, criterion by criterion (E1-E18)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from app.rules import zelfstandige as z
from app.rules.feiten import Bron, Registerfeiten
from app.rules.invoer import Aanvraag, Regeling, Verklaringen
from app.rules.kalender import datum_in_woorden
from app.rules.parameters import geheel_getal, ja_nee, moment, tekst
from app.rules.tozo.periods import TOZO_OPEN_TOT, TozoVersie
from app.rules.uitkomst import Criterium, Status

ART1 = "Tozo art. 1 (definitie zelfstandige)"
# Built once rather than inside `criteria`: they are memo keys, and a fresh string would be built
# and hashed again on every evaluation.
_GRONDSLAG_LEEFTIJD = f"{ART1}; Tijdelijke regeling Tozo art. 2 lid 2 onder b"
_GRONDSLAG_VERBLIJF = f"{ART1}; Participatiewet art. 11"
_GRONDSLAG_KVK = f"{ART1} onderdeel a; Handelsregisterwet 2007 art. 20"
_GRONDSLAG_UREN = f"{ART1} onderdeel b"
_GRONDSLAG_ZEGGENSCHAP = f"{ART1} onderdeel c"
# Read on every evaluation: enum members from module constants, as a read from the class costs
# about half a microsecond on Python 3.11 (see beoordeling.py).
_TOZO_BK, _DOOR_AANVRAGER = Regeling.TOZO_BEDRIJFSKAPITAAL, Bron.AANVRAGER
V, N, B, NVT = Status.VOLDAAN, Status.NIET_VOLDAAN, Status.BEOORDELING_NODIG, Status.NIET_VAN_TOEPASSING


def aanvraagtermijn(aanvraag: Aanvraag, versie: TozoVersie | None) -> Criterium:
    return _aanvraagtermijn(aanvraag.aanvraagdatum, versie)


@lru_cache(maxsize=4096)
def _aanvraagtermijn(aanvraagdatum: date, versie: TozoVersie | None) -> Criterium:
    if versie is not None:
        return Criterium(
            "T0",
            "Aanvraagtermijn",
            V,
            f"U heeft de aanvraag gedaan op "
            f"{datum_in_woorden(aanvraagdatum)}. Dat valt in de aanvraagperiode "
            f"van Tozo {versie.versie}.",
            versie.bron,
            Bron.AANVRAGER,
        )
    if aanvraagdatum > TOZO_OPEN_TOT:
        tekst_ = (
            f"De Tozo kon u aanvragen tot en met {datum_in_woorden(TOZO_OPEN_TOT)}. Daarna "
            "kunt u bijstand aanvragen op grond van het Besluit bijstandverlening "
            "zelfstandigen (Bbz)."
        )
    else:
        tekst_ = "Op de datum van uw aanvraag kon u de Tozo nog niet aanvragen."
    return Criterium("T0", "Aanvraagtermijn", N, tekst_, "Tozo art. 3; spec §1.1", Bron.AANVRAGER)


def vestiging(aanvraag: Aanvraag, grensgemeente: str) -> Criterium:
    """Business in NL, with the cross-border exceptions of stcrt-2020-24833 art. 2 (E5, E6)."""
    return _vestiging(
        aanvraag.aanvrager.woonland,
        aanvraag.onderneming.vestigingsland,
        aanvraag.regeling is _TOZO_BK,
        aanvraag.aanvrager.verzekerd_volksverzekeringen,
        aanvraag.gemeente,
        grensgemeente,
    )


@lru_cache(maxsize=4096)
def _vestiging(
    woonland: str,
    vestigingsland: str,
    lening: bool,
    verzekerd: bool,
    gemeente: str,
    grensgemeente: str,
) -> Criterium:
    grondslag = "Tozo art. 1 ('hier te lande'); Tijdelijke regeling Tozo (stcrt-2020-24833) art. 2"
    if woonland == "NL" and vestigingsland == "NL":
        return Criterium(
            "E5",
            "Woon- en vestigingsland",
            V,
            "U woont in Nederland en uw bedrijf is in Nederland gevestigd.",
            grondslag,
            Bron.AANVRAGER,
        )
    if woonland == "NL":
        if vestigingsland in z.EU_EER_ZWITSERLAND and not lening:
            return Criterium(
                "E5",
                "Woon- en vestigingsland",
                V,
                "U woont in Nederland en uw "
                "bedrijf is gevestigd in een ander land van de EU, de EER of in "
                "Zwitserland. Dan kunt u een uitkering voor levensonderhoud krijgen.",
                grondslag,
                Bron.AANVRAGER,
            )
        return Criterium(
            "E5",
            "Woon- en vestigingsland",
            N,
            "Uw bedrijf is niet in Nederland "
            "gevestigd. Een lening voor bedrijfskapitaal is alleen mogelijk voor een "
            "bedrijf in Nederland."
            if lening
            else "Uw bedrijf is gevestigd buiten de EU, de EER en Zwitserland.",
            grondslag,
            Bron.AANVRAGER,
        )
    if woonland in z.EU_EER_ZWITSERLAND and vestigingsland == "NL":
        if not lening:
            return Criterium(
                "E6",
                "Woon- en vestigingsland",
                N,
                "U woont niet in Nederland. "
                "Grensondernemers kunnen geen uitkering voor levensonderhoud krijgen, "
                "alleen een lening voor bedrijfskapitaal via de gemeente Maastricht.",
                grondslag,
                Bron.AANVRAGER,
            )
        if not verzekerd:
            return Criterium(
                "E6",
                "Woon- en vestigingsland",
                N,
                "U bent niet verzekerd voor de "
                "Nederlandse volksverzekeringen. Dat is nodig voor een lening als "
                "grensondernemer.",
                grondslag,
                Bron.AANVRAGER,
            )
        if gemeente != grensgemeente:
            return Criterium(
                "E6",
                "Woon- en vestigingsland",
                N,
                "U woont niet in Nederland. Grensondernemers vragen de lening aan bij de gemeente Maastricht.",
                grondslag,
                Bron.AANVRAGER,
            )
        return Criterium(
            "E6",
            "Woon- en vestigingsland",
            V,
            "U woont in een ander land van de "
            "EU, de EER of in Zwitserland, uw bedrijf is in Nederland en u bent "
            "verzekerd voor de volksverzekeringen. U kunt een lening krijgen.",
            grondslag,
            Bron.AANVRAGER,
        )
    return Criterium(
        "E5",
        "Woon- en vestigingsland",
        N,
        "U woont niet in Nederland en ook niet in een land waarvoor de Tozo een uitzondering maakt.",
        grondslag,
        Bron.AANVRAGER,
    )


def geen_bbz(aanvraag: Aanvraag, feiten: Registerfeiten) -> Criterium:
    if feiten.bestaande_bbz is not None:
        return _geen_bbz(feiten.bestaande_bbz, Bron.SUWINET)
    return _geen_bbz(aanvraag.aanvrager.ontvangt_bbz, _DOOR_AANVRAGER)


@lru_cache(maxsize=8)
def _geen_bbz(ontvangt: bool, bron: Bron) -> Criterium:
    grondslag = "Tozo; Bbz 2004 (geen Tozo naast een Bbz-uitkering)"
    if ontvangt:
        return Criterium(
            "E11",
            "Geen Bbz-uitkering",
            N,
            "U krijgt al een uitkering op grond van het Bbz. U kunt niet tegelijk Tozo krijgen.",
            grondslag,
            bron,
        )
    return Criterium("E11", "Geen Bbz-uitkering", V, "U krijgt geen uitkering op grond van het Bbz.", grondslag, bron)


def criteria(aanvraag: Aanvraag, feiten: Registerfeiten, versie: TozoVersie | None) -> list[Criterium]:
    """All Tozo criteria for this application, in the order of the spec."""
    dag = aanvraag.aanvraagdatum
    lening = aanvraag.regeling is _TOZO_BK
    uit: list[Criterium] = [aanvraagtermijn(aanvraag, versie)]
    if versie is None:
        return uit
    grensgemeente = tekst("tozo.bevoegde_gemeente_grensondernemers", dag)
    grensondernemer = lening and aanvraag.aanvrager.woonland != "NL"
    uit.append(z.leeftijd(aanvraag, feiten, aow_mag=lening, grondslag=_GRONDSLAG_LEEFTIJD))
    if grensondernemer:
        uit.append(
            Criterium(
                "E3",
                "Rechtmatig verblijf",
                NVT,
                "U woont niet in Nederland; voor de lening als grensondernemer geldt dit niet.",
                ART1,
                Bron.AANVRAGER,
            )
        )
    else:
        uit.append(z.rechtmatig_verblijf(aanvraag, _GRONDSLAG_VERBLIJF))
        uit.append(
            z.woongemeente(
                aanvraag,
                feiten,
                "Participatiewet art. 40; rijksoverheid.nl tozo/aanvragen (aanvraag bij de woongemeente)",
            )
        )
    uit.append(vestiging(aanvraag, grensgemeente))
    uit.append(z.kvk_inschrijving(aanvraag, feiten, moment("tozo.kvk_peilmoment", dag), _GRONDSLAG_KVK))
    uit.append(z.urencriterium(aanvraag, geheel_getal("tozo.urencriterium", dag), _GRONDSLAG_UREN))
    uit.append(z.zeggenschap(aanvraag, geheel_getal("tozo.minimaal_aandelenpercentage", dag), _GRONDSLAG_ZEGGENSCHAP))
    uit.append(z.bedrijf_actief(aanvraag, feiten, ART1))
    uit.append(geen_bbz(aanvraag, feiten))
    uit.append(z.geen_studiefinanciering(aanvraag, "Participatiewet art. 13 lid 2 onder c"))
    uit.append(z.niet_gedetineerd(aanvraag, "Participatiewet art. 13 lid 1 onder a"))
    if lening:
        if ja_nee("tozo.surseance_toets", dag):
            if aanvraag.onderneming.surseance_of_faillissement:
                uit.append(
                    Criterium(
                        "E15",
                        "Surseance of faillissement",
                        N,
                        "Voor uw bedrijf is "
                        "surseance van betaling of faillissement aangevraagd of "
                        "uitgesproken. Dan kunt u geen lening krijgen.",
                        "Tozo art. 5 (vanaf Tozo 2)",
                        Bron.AANVRAGER,
                    )
                )
            else:
                uit.append(
                    Criterium(
                        "E15",
                        "Surseance of faillissement",
                        V,
                        "Voor uw bedrijf is geen surseance van betaling of faillissement aangevraagd.",
                        "Tozo art. 5 (vanaf Tozo 2)",
                        Bron.AANVRAGER,
                    )
                )
    else:
        uit.append(vermogenstoets(aanvraag))
    uit.append(GEEN_LEVENSVATBAARHEIDSTOETS)
    uit.extend(verklaringen(aanvraag.verklaringen, aanvraag.aanvraagdatum, lening))
    return uit


def vermogenstoets(aanvraag: Aanvraag) -> Criterium:
    """E16: designed (€ 46.520) but never in force; a regression guard keeps it off (spec case 21)."""
    return _vermogenstoets(aanvraag.aanvraagdatum, aanvraag.beschikbare_geldmiddelen)


@lru_cache(maxsize=4096)
def _vermogenstoets(dag: date, geld: int | None) -> Criterium:
    grondslag = "Tozo art. 4b (Stb. 2020, 362), nooit in werking getreden"
    if ja_nee("tozo.vermogenstoets_in_werking", dag):  # pragma: no cover - data says never
        grens = geheel_getal("tozo.vermogensgrens", dag)
        if geld is None:
            return Criterium(
                "E16", "Vermogen", B, "Wij weten niet hoeveel geld u beschikbaar heeft.", grondslag, Bron.AANVRAGER
            )
        return Criterium(
            "E16",
            "Vermogen",
            V if geld <= grens else N,
            "Toets op beschikbare geldmiddelen.",
            grondslag,
            Bron.AANVRAGER,
        )
    return Criterium("E16", "Vermogen", NVT, "Bij de Tozo telt uw vermogen niet mee.", grondslag, Bron.REGELS)


GEEN_LEVENSVATBAARHEIDSTOETS = Criterium(
    "E17",
    "Levensvatbaarheid",
    NVT,
    "Bij de Tozo kijken wij niet of uw bedrijf levensvatbaar is.",
    "Tozo (geen levensvatbaarheidstoets)",
    Bron.REGELS,
)


def verklaringen(v: Verklaringen, aanvraagdatum: date, lening: bool) -> tuple[Criterium, ...]:
    return _verklaringen(
        v.getroffen_door_coronacrisis,
        v.inkomen_onder_sociaal_minimum,
        v.liquiditeitsprobleem,
        v.geen_herfinanciering,
        v.de_minimis,
        v.voldoet_aan_definitie_zelfstandige,
        aanvraagdatum,
        lening,
    )


# Memoised on the answers themselves (a few combinations per day), not on the Verklaringen object:
# its dataclass hash and equality would cost more than the lookup saves.
@lru_cache(maxsize=4096)
def _verklaringen(
    getroffen_door_coronacrisis: bool | None,
    inkomen_onder_sociaal_minimum: bool | None,
    liquiditeitsprobleem: bool | None,
    geen_herfinanciering: bool | None,
    de_minimis: bool | None,
    voldoet_aan_definitie_zelfstandige: bool | None,
    aanvraagdatum: date,
    lening: bool,
) -> tuple[Criterium, ...]:
    grondslag = "Tozo art. 2; vng.nl vragen-en-antwoorden-tozo"
    uit = [
        z.verklaring(
            "E18a",
            "Getroffen door de coronacrisis",
            getroffen_door_coronacrisis,
            "U verklaart dat uw bedrijf getroffen is door de coronacrisis.",
            "U verklaart dat uw bedrijf niet getroffen is door de coronacrisis. De "
            "Tozo is alleen voor ondernemers die door de coronacrisis geraakt zijn.",
            grondslag,
        )
    ]
    if lening:
        uit.append(
            z.verklaring(
                "E18c",
                "Liquiditeitsprobleem",
                liquiditeitsprobleem,
                "U verklaart dat uw bedrijf een tekort aan geld heeft door de coronacrisis.",
                "U verklaart dat uw bedrijf geen tekort aan geld heeft. Dan is een lening niet nodig.",
                grondslag,
            )
        )
        uit.append(
            z.verklaring(
                "E18d",
                "Geen herfinanciering",
                geen_herfinanciering,
                "U gebruikt de lening niet om andere leningen af te lossen.",
                "U wilt de lening gebruiken om andere leningen af te lossen. Dat mag niet.",
                grondslag,
            )
        )
        uit.append(
            z.verklaring(
                "E18e",
                "De-minimisverklaring",
                de_minimis,
                "U heeft de de-minimisverklaring afgelegd.",
                "U heeft verklaard dat u boven de grens voor de-minimissteun komt.",
                grondslag,
            )
        )
    else:
        uit.append(
            z.verklaring(
                "E18b",
                "Inkomen onder het sociaal minimum",
                inkomen_onder_sociaal_minimum,
                "U verklaart dat uw inkomen lager is dan het sociaal minimum.",
                "U verklaart dat uw inkomen niet lager is dan het sociaal minimum.",
                grondslag,
            )
        )
    if ja_nee("tozo.verklaring_definitie_zelfstandige", aanvraagdatum):
        uit.append(
            z.verklaring(
                "E18f",
                "Verklaring zelfstandige",
                voldoet_aan_definitie_zelfstandige,
                "U verklaart dat u minstens 1.225 uur per jaar in uw bedrijf werkt.",
                "U verklaart dat u niet voldoet aan de eisen voor een zelfstandige.",
                "Tozo art. 2 lid 1 (Stb. 2021, 137)",
            )
        )
    return tuple(uit)
