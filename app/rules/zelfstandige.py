"""Criteria shared by Tozo and Bbz: who is a zelfstandige and who may get bijstand at all.

Each function reads one rule and returns one `Criterium` with a B1 Dutch text and its basis.
Register facts win over declared data; the criterion names the source it used.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from app.rules.aow import aow_datum, heeft_aow_leeftijd
from app.rules.feiten import Bron, Registerfeiten
from app.rules.geld import getal
from app.rules.invoer import Aanvraag
from app.rules.kalender import datum_in_woorden, leeftijd_op
from app.rules.parameters import geheel_getal
from app.rules.uitkomst import Criterium, Status

# EU, EEA and Switzerland: the ministerial Tozo regulation (stcrt-2020-24833, art. 2) extends the
# Tozo to residents or businesses there; the rest of the world stays outside.
EU_EER_ZWITSERLAND = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO CH".split()
)

# Read on every evaluation: from a module constant, as an enum member read from its class costs
# about half a microsecond on Python 3.11 (see beoordeling.py).
_DOOR_AANVRAGER, _KVK = Bron.AANVRAGER, Bron.KVK
V, N, B, NVT = Status.VOLDAAN, Status.NIET_VOLDAAN, Status.BEOORDELING_NODIG, Status.NIET_VAN_TOEPASSING


def leeftijd(aanvraag: Aanvraag, feiten: Registerfeiten, *, aow_mag: bool, grondslag: str) -> Criterium:
    """18 or older, and (for levensonderhoud) not yet AOW age, on the date of application."""
    geboren, bron = aanvraag.aanvrager.geboortedatum, _DOOR_AANVRAGER
    if feiten.brp is not None and feiten.brp.geboortedatum is not None:
        geboren, bron = feiten.brp.geboortedatum, Bron.BRP
    dag = aanvraag.aanvraagdatum
    jaren = leeftijd_op(geboren, dag)
    minimum = geheel_getal("participatiewet.minimumleeftijd", dag)
    aow_op = aow_datum(geboren)[0] if jaren >= minimum and heeft_aow_leeftijd(geboren, dag) else None
    return _leeftijd(jaren, minimum, aow_op, aow_mag, grondslag, bron)


# The criteria below are pure functions of a few values; memoising them on exactly those values
# (an age, not a birth date) keeps the hits real and a mass re-evaluation (e.g. after a norm
# change) cheap, without changing any result.
@lru_cache(maxsize=16_384)
def _leeftijd(jaren: int, minimum: int, aow_op: date | None, aow_mag: bool, grondslag: str, bron: Bron) -> Criterium:
    """`aow_op`: the date AOW age was reached, None when it has not been reached."""
    if jaren < minimum:
        return Criterium(
            "E1", "Leeftijd", N, f"U bent {jaren} jaar. U moet minstens {minimum} jaar zijn.", grondslag, bron
        )
    if aow_op is not None and not aow_mag:
        return Criterium(
            "E1",
            "Leeftijd",
            N,
            f"U heeft de AOW-leeftijd bereikt op "
            f"{datum_in_woorden(aow_op)}. Daarom kunt u geen uitkering voor "
            "levensonderhoud krijgen. Een lening voor bedrijfskapitaal kan wel.",
            grondslag,
            bron,
        )
    if aow_op is not None:
        return Criterium(
            "E2",
            "Leeftijd",
            V,
            "U heeft de AOW-leeftijd bereikt. Een lening voor bedrijfskapitaal kunt u dan wel krijgen.",
            grondslag,
            bron,
        )
    return Criterium(
        "E1", "Leeftijd", V, f"U bent {jaren} jaar. U heeft de AOW-leeftijd nog niet bereikt.", grondslag, bron
    )


def rechtmatig_verblijf(aanvraag: Aanvraag, grondslag: str) -> Criterium:
    return _rechtmatig_verblijf(aanvraag.aanvrager.rechtmatig_verblijf, grondslag)


@lru_cache(maxsize=64)
def _rechtmatig_verblijf(rechtmatig: bool, grondslag: str) -> Criterium:
    if rechtmatig:
        return Criterium("E3", "Rechtmatig verblijf", V, "U woont rechtmatig in Nederland.", grondslag, Bron.AANVRAGER)
    return Criterium(
        "E3",
        "Rechtmatig verblijf",
        N,
        "U woont niet rechtmatig in Nederland. Daarom heeft u geen recht op bijstand.",
        grondslag,
        Bron.AANVRAGER,
    )


def woongemeente(aanvraag: Aanvraag, feiten: Registerfeiten, grondslag: str) -> Criterium:
    """The municipality of residence decides (rijksoverheid.nl tozo/aanvragen; PW art. 40)."""
    brp = feiten.brp.gemeente_van_inschrijving if feiten.brp is not None else None
    return _woongemeente(brp, aanvraag.gemeente, aanvraag.aanvrager.woonland, grondslag)


@lru_cache(maxsize=4096)
def _woongemeente(brp: str | None, gemeente: str, woonland: str, grondslag: str) -> Criterium:
    if brp is not None:
        if brp == gemeente:
            return Criterium(
                "E4",
                "Woongemeente",
                V,
                "U woont volgens de Basisregistratie Personen in deze gemeente.",
                grondslag,
                Bron.BRP,
            )
        return Criterium(
            "E4",
            "Woongemeente",
            N,
            "U woont volgens de Basisregistratie Personen "
            "niet in deze gemeente. Vraag de uitkering aan bij de gemeente waar u "
            "woont.",
            grondslag,
            Bron.BRP,
        )
    if woonland == "NL":
        return Criterium(
            "E4",
            "Woongemeente",
            V,
            "U heeft opgegeven dat u in deze gemeente woont. Wij controleren dit in de Basisregistratie Personen.",
            grondslag,
            Bron.AANVRAGER,
        )
    return Criterium("E4", "Woongemeente", N, "U woont niet in Nederland.", grondslag, Bron.AANVRAGER)


def kvk_inschrijving(
    aanvraag: Aanvraag, feiten: Registerfeiten, peilmoment: datetime | None, grondslag: str
) -> Criterium:
    """Registered in the Handelsregister; for Tozo on or before the cut-off moment.

    What counts is the physical registration, never a backdated start date (spec §1.3). A date
    without a time on the cut-off day counts as in time (spec case 17).
    """
    inschrijving: datetime | date | None = aanvraag.onderneming.inschrijvingsdatum_kvk
    bron = _DOOR_AANVRAGER
    if feiten.kvk is not None and feiten.kvk.inschrijving is not None:
        inschrijving, bron = feiten.kvk.inschrijving, _KVK
    return _kvk_inschrijving(inschrijving, bron, peilmoment, grondslag)


@lru_cache(maxsize=16_384)
def _kvk_inschrijving(
    inschrijving: datetime | date | None, bron: Bron, peilmoment: datetime | None, grondslag: str
) -> Criterium:
    if inschrijving is None:
        return Criterium(
            "E7",
            "Inschrijving KvK",
            B,
            "Wij weten nog niet wanneer uw bedrijf is ingeschreven bij de KvK. Een medewerker controleert dit.",
            grondslag,
            bron,
        )
    if peilmoment is None:
        return Criterium("E7", "Inschrijving KvK", V, "Uw bedrijf staat ingeschreven bij de KvK.", grondslag, bron)
    if isinstance(inschrijving, datetime):
        op_tijd = inschrijving <= peilmoment
        wanneer = f"{datum_in_woorden(inschrijving.date())} om {inschrijving:%H.%M} uur"
    else:
        op_tijd = inschrijving <= peilmoment.date()
        wanneer = datum_in_woorden(inschrijving)
    grens = f"{datum_in_woorden(peilmoment.date())}, {peilmoment:%H.%M} uur"
    if op_tijd:
        return Criterium(
            "E7",
            "Inschrijving KvK",
            V,
            f"Uw bedrijf is ingeschreven bij de KvK op {wanneer}. Dat is op tijd: uiterlijk {grens}.",
            grondslag,
            bron,
        )
    return Criterium(
        "E7",
        "Inschrijving KvK",
        N,
        f"Uw bedrijf is ingeschreven bij de KvK op "
        f"{wanneer}. Dat is na {grens}. Voor de Tozo moest uw bedrijf uiterlijk op dat "
        "moment ingeschreven zijn. Een latere startdatum of inschrijving met "
        "terugwerkende kracht telt niet.",
        grondslag,
        bron,
    )


def urencriterium(aanvraag: Aanvraag, minimum: int, grondslag: str) -> Criterium:
    return _urencriterium(aanvraag.onderneming.uren_per_jaar, minimum, grondslag)


@lru_cache(maxsize=4096)
def _urencriterium(uren: int, minimum: int, grondslag: str) -> Criterium:
    if uren >= minimum:
        return Criterium(
            "E8",
            "Urencriterium",
            V,
            f"U werkt {getal(uren)} uur per jaar in uw bedrijf. Dat is minstens {getal(minimum)} uur.",
            grondslag,
            Bron.AANVRAGER,
        )
    return Criterium(
        "E8",
        "Urencriterium",
        N,
        f"U werkt {getal(uren)} uur per jaar in uw bedrijf. "
        f"U moet minstens {getal(minimum)} uur per jaar in uw bedrijf werken.",
        grondslag,
        Bron.AANVRAGER,
    )


def zeggenschap(aanvraag: Aanvraag, minimum_aandelen: int, grondslag: str) -> Criterium:
    o = aanvraag.onderneming
    return _zeggenschap(
        o.volledige_zeggenschap, o.rechtsvorm.is_rechtspersoon, o.aandelen_percentage, minimum_aandelen, grondslag
    )


@lru_cache(maxsize=1024)
def _zeggenschap(
    volledig: bool, rechtspersoon: bool, procent: int | None, minimum_aandelen: int, grondslag: str
) -> Criterium:
    if not volledig:
        return Criterium(
            "E9",
            "Zeggenschap",
            N,
            "U heeft niet alleen of samen met uw mede-eigenaren de volledige zeggenschap over uw bedrijf.",
            grondslag,
            Bron.AANVRAGER,
        )
    if rechtspersoon:
        if procent is None:
            return Criterium(
                "E9",
                "Zeggenschap",
                B,
                "U heeft niet opgegeven hoeveel aandelen u heeft. Een medewerker beoordeelt uw zeggenschap.",
                grondslag,
                Bron.AANVRAGER,
            )
        if procent < minimum_aandelen:
            return Criterium(
                "E9",
                "Zeggenschap",
                N,
                f"U heeft {procent}% van de aandelen. Dat is "
                f"minder dan {minimum_aandelen}%. Dan heeft u geen volledige "
                "zeggenschap.",
                grondslag,
                Bron.AANVRAGER,
            )
    return Criterium(
        "E9",
        "Zeggenschap",
        V,
        "U heeft de volledige zeggenschap over uw bedrijf en draagt het financiële risico.",
        grondslag,
        Bron.AANVRAGER,
    )


def bedrijf_actief(aanvraag: Aanvraag, feiten: Registerfeiten, grondslag: str) -> Criterium:
    kvk = feiten.kvk
    if kvk is None:
        return _bedrijf_actief(False, True, True, None, grondslag)
    return _bedrijf_actief(
        True, kvk.kvk_nummer == aanvraag.onderneming.kvk_nummer, kvk.actief, kvk.datum_beeindiging, grondslag
    )


@lru_cache(maxsize=4096)
def _bedrijf_actief(
    uit_register: bool, zelfde_nummer: bool, actief: bool, beeindigd: date | None, grondslag: str
) -> Criterium:
    """Memoised on what the text depends on, not on the business: the hits are real."""
    if not uit_register:
        return Criterium(
            "E10",
            "Bedrijf actief",
            V,
            "U heeft opgegeven dat uw bedrijf actief is. Wij controleren dit bij de KvK.",
            grondslag,
            Bron.AANVRAGER,
        )
    if not zelfde_nummer:
        return Criterium(
            "E10",
            "Bedrijf actief",
            B,
            "Het KvK-nummer in het Handelsregister is "
            "anders dan het nummer in uw aanvraag. Een medewerker kijkt hiernaar.",
            grondslag,
            Bron.KVK,
        )
    if actief:
        return Criterium("E10", "Bedrijf actief", V, "Uw bedrijf is volgens de KvK actief.", grondslag, Bron.KVK)
    einde = f" sinds {datum_in_woorden(beeindigd)}" if beeindigd else ""
    return Criterium("E10", "Bedrijf actief", N, f"Uw bedrijf is volgens de KvK beëindigd{einde}.", grondslag, Bron.KVK)


def geen_studiefinanciering(aanvraag: Aanvraag, grondslag: str) -> Criterium:
    return _geen_studiefinanciering(aanvraag.aanvrager.ontvangt_studiefinanciering, grondslag)


@lru_cache(maxsize=64)
def _geen_studiefinanciering(ontvangt: bool, grondslag: str) -> Criterium:
    if ontvangt:
        return Criterium(
            "E12",
            "Studiefinanciering",
            N,
            "U krijgt studiefinanciering. Dan heeft u geen recht op bijstand.",
            grondslag,
            Bron.AANVRAGER,
        )
    return Criterium("E12", "Studiefinanciering", V, "U krijgt geen studiefinanciering.", grondslag, Bron.AANVRAGER)


def niet_gedetineerd(aanvraag: Aanvraag, grondslag: str) -> Criterium:
    return _niet_gedetineerd(aanvraag.aanvrager.gedetineerd, grondslag)


@lru_cache(maxsize=64)
def _niet_gedetineerd(gedetineerd: bool, grondslag: str) -> Criterium:
    if gedetineerd:
        return Criterium(
            "E13", "Detentie", N, "U zit in detentie. Dan heeft u geen recht op bijstand.", grondslag, Bron.AANVRAGER
        )
    return Criterium("E13", "Detentie", V, "U zit niet in detentie.", grondslag, Bron.AANVRAGER)


@lru_cache(maxsize=1024)
def verklaring(code: str, naam: str, waarde: bool | None, ja: str, nee: str, grondslag: str) -> Criterium:
    """A declaration the applicant must sign. Not answered is a missing item (completeness), so
    it reads 'beoordeling' here rather than 'niet voldaan'."""
    if waarde is None:
        return Criterium(code, naam, B, "U heeft deze verklaring nog niet afgelegd.", grondslag, Bron.AANVRAGER)
    return Criterium(code, naam, V if waarde else N, ja if waarde else nee, grondslag, Bron.AANVRAGER)
