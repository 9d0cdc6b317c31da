"""The outcome of one evaluation: per criterion, per month, the loan, what is missing, the dates.

`Uitkomst.to_dict()` gives camelCase JSON, ready for an API response or a JSONB column. Every
collection is a tuple in a fixed order, so the same input on the same date gives the same dict.

Each record type spells out its own `to_dict()`: the outcome is serialised once per evaluation, and
a dict literal is several times cheaper than walking the fields. `_naar_json` is the generic
converter derived from the fields (camelCase of each name); a test checks every `to_dict()`
against it, so a field added to a record cannot silently go missing from the JSON. Enum members
are written as `member._value_` (the plain str, the same as `.value` without its descriptor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from enum import Enum, StrEnum
from functools import cache, lru_cache
from typing import Any, NamedTuple

from app.rules.feiten import Bron
from app.rules.geld import euro
from app.rules.kalender import Maand, maand_in_woorden


class Status(StrEnum):
    VOLDAAN = "voldaan"
    NIET_VOLDAAN = "niet-voldaan"
    BEOORDELING_NODIG = "beoordeling-medewerker"  # a person must look; the rules cannot decide
    NIET_VAN_TOEPASSING = "niet-van-toepassing"


class Reden(StrEnum):
    TOEGEKEND = "toegekend"
    INKOMEN_TE_HOOG = "inkomen-te-hoog"
    VOORWAARDEN = "voorwaarden-niet-voldaan"
    AFGEWEZEN = "afgewezen"
    BEOORDELING_NODIG = "beoordeling-medewerker"


class Conclusie(StrEnum):
    TOEKENNING = "toekenning"
    GEDEELTELIJKE_TOEKENNING = "gedeeltelijke-toekenning"
    AFWIJZING = "afwijzing"
    ONVOLLEDIG = "onvolledig"
    # The rules cannot conclude (viability study pending, no norm known, ...): a person decides.
    BEOORDELING_NODIG = "beoordeling-medewerker"


@dataclass(frozen=True, slots=True)
class Criterium:
    code: str  # the spec's rule id (E1 ..) or a short name, stable for letters and statistics
    naam: str
    status: Status
    toelichting: str  # B1 Dutch, fit for a decision letter
    grondslag: str
    bron: Bron

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "naam": self.naam,
            "status": self.status._value_,
            "toelichting": self.toelichting,
            "grondslag": self.grondslag,
            "bron": self.bron._value_,
        }


# Inkomensdelen and MaandBerekening are NamedTuples rather than frozen dataclasses: they are the
# only objects built per month, and a tuple is built several times faster. Both are immutable.

record = tuple.__new__
"""`record(Soort, (veld, ...))` builds a NamedTuple record from all its fields in declared order.

For the records built per month: a NamedTuple's own `__new__` is a Python-level call, this is
C. Unlike `Soort(...)` it checks neither the number of fields nor their defaults, so pass every
field."""


class Inkomensdelen(NamedTuple):
    winst: int
    winst_netto: int
    loon: int
    uitkering: int
    overig: int
    niet_meegeteld: int  # toeslagen and kinderbijslag: shown, never deducted
    totaal: int
    bron_loon_uitkering: Bron

    def to_dict(self) -> dict[str, Any]:
        return {
            "winst": self.winst,
            "winstNetto": self.winst_netto,
            "loon": self.loon,
            "uitkering": self.uitkering,
            "overig": self.overig,
            "nietMeegeteld": self.niet_meegeteld,
            "totaal": self.totaal,
            "bronLoonUitkering": self.bron_loon_uitkering._value_,
        }


class MaandBerekening(NamedTuple):
    maand: Maand
    norm: int
    normsoort: str
    aanvrager: Inkomensdelen
    partner: Inkomensdelen | None
    partner_meegeteld: bool
    inkomen: int
    bedrag: int
    toegekend: bool
    vorm: str  # "om-niet" (gift) or "renteloze-lening" (Bbz voorschot)
    reden_code: Reden
    grondslag: str
    vaste_reden: str = ""  # the text for months rejected before any amount was computed

    @property
    def reden(self) -> str:
        """The letter text, derived from the figures on demand: evaluation stays cheap and the
        text can never disagree with the numbers."""
        if self.vaste_reden:
            return self.vaste_reden
        if self.reden_code is _VOORWAARDEN:
            return "U voldoet niet aan alle voorwaarden. Daarom krijgt u over deze maand niets."
        if self.reden_code is _INKOMEN_TE_HOOG:
            wiens = "Het inkomen van u en uw partner samen" if self.partner_meegeteld else ("Uw inkomen")
            return (
                f"{wiens} in {maand_in_woorden(self.maand)} ({euro(self.inkomen)}) is gelijk aan of hoger dan de "
                f"norm ({euro(self.norm)}). Daarom krijgt u over deze maand geen uitkering."
            )
        return (
            f"{_de_norm_voor(self.maand.jaar, self.maand.maand, self.norm)} "
            f"Daar gaat uw inkomen van {euro(self.inkomen)} af. U krijgt {euro(self.bedrag)}."
        )

    def to_dict(self) -> dict[str, Any]:
        """The fields without `vaste_reden`, and the derived letter text `reden`."""
        return {
            "maand": str(self.maand),
            "norm": self.norm,
            "normsoort": self.normsoort,
            "aanvrager": self.aanvrager.to_dict(),
            "partner": None if self.partner is None else self.partner.to_dict(),
            "partnerMeegeteld": self.partner_meegeteld,
            "inkomen": self.inkomen,
            "bedrag": self.bedrag,
            "toegekend": self.toegekend,
            "vorm": self.vorm,
            "redenCode": self.reden_code._value_,
            "grondslag": self.grondslag,
            "reden": self.reden,
        }


# Read per month by `reden`: enum members from module constants, as a read from the class costs
# about half a microsecond on Python 3.11 (see beoordeling.py).
_VOORWAARDEN, _INKOMEN_TE_HOOG = Reden.VOORWAARDEN, Reden.INKOMEN_TE_HOOG


@lru_cache(maxsize=4096)
def _de_norm_voor(jaar: int, maandnummer: int, norm: int) -> str:
    """ "De norm voor november 2020 is € 1.512,90." A few months times a few norms: memoised, on
    plain values (a Maand is hashed by a Python call)."""
    return f"De norm voor {maand_in_woorden(Maand(jaar, maandnummer))} is {euro(norm)}."


@dataclass(frozen=True, slots=True)
class Aflossing:
    maand: Maand
    aflossing: int
    rente: int
    restschuld: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "maand": str(self.maand),
            "aflossing": self.aflossing,
            "rente": self.rente,
            "restschuld": self.restschuld,
        }


@dataclass(frozen=True, slots=True)
class LeningUitkomst:
    gevraagd: int
    eerder_verstrekt: int
    maximum: int
    toegekend: int
    plafond_toegepast: bool
    rente_basispunten: int
    regime: str
    uitbetaaldatum: date
    looptijd_vanaf: date
    looptijd_einde: date
    aflossing_vanaf: Maand
    aantal_aflossingen: int
    maandaflossing: int
    rente_voor_aflossing: int  # interest accrued before repayment starts, due on top
    aflosschema: tuple[Aflossing, ...]
    toelichting: str
    grondslag: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "gevraagd": self.gevraagd,
            "eerderVerstrekt": self.eerder_verstrekt,
            "maximum": self.maximum,
            "toegekend": self.toegekend,
            "plafondToegepast": self.plafond_toegepast,
            "renteBasispunten": self.rente_basispunten,
            "regime": self.regime,
            "uitbetaaldatum": self.uitbetaaldatum.isoformat(),
            "looptijdVanaf": self.looptijd_vanaf.isoformat(),
            "looptijdEinde": self.looptijd_einde.isoformat(),
            "aflossingVanaf": str(self.aflossing_vanaf),
            "aantalAflossingen": self.aantal_aflossingen,
            "maandaflossing": self.maandaflossing,
            "renteVoorAflossing": self.rente_voor_aflossing,
            "aflosschema": [a.to_dict() for a in self.aflosschema],
            "toelichting": self.toelichting,
            "grondslag": self.grondslag,
        }


@dataclass(frozen=True, slots=True)
class Ontbrekend:
    soort: str
    reden: str
    grondslag: str

    def to_dict(self) -> dict[str, Any]:
        return {"soort": self.soort, "reden": self.reden, "grondslag": self.grondslag}


@dataclass(frozen=True, slots=True)
class Procedure:
    ontvangen: date
    streefdatum_beslissing: date | None
    beslistermijn_einde: date
    beslistermijn_na_verdaging: date | None
    hersteltermijn_dagen: int
    grondslag: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "ontvangen": self.ontvangen.isoformat(),
            "streefdatumBeslissing": _datum(self.streefdatum_beslissing),
            "beslistermijnEinde": self.beslistermijn_einde.isoformat(),
            "beslistermijnNaVerdaging": _datum(self.beslistermijn_na_verdaging),
            "hersteltermijnDagen": self.hersteltermijn_dagen,
            "grondslag": self.grondslag,
        }


@dataclass(frozen=True, slots=True)
class GebruiktParameter:
    naam: str
    waarde: Any
    geldig_vanaf: date
    bron: str
    bevestigd: bool

    def to_dict(self) -> dict[str, Any]:
        # `waarde` is already JSON-ready: dates and moments are kept as ISO text.
        return {
            "naam": self.naam,
            "waarde": self.waarde,
            "geldigVanaf": self.geldig_vanaf.isoformat(),
            "bron": self.bron,
            "bevestigd": self.bevestigd,
        }


@dataclass(frozen=True, slots=True)
class Uitkomst:
    regeling: str
    gemeente: str
    peildatum: date
    aanvraagdatum: date
    tozo_versie: int | None
    conclusie: Conclusie
    beoordeling_medewerker_nodig: bool
    samenvatting: str
    criteria: tuple[Criterium, ...]
    maanden: tuple[MaandBerekening, ...]
    totaal_bedrag: int
    lening: LeningUitkomst | None
    ontbrekend: tuple[Ontbrekend, ...]
    procedure: Procedure
    parameters: tuple[GebruiktParameter, ...]
    signalen: tuple[str, ...]  # referrals and remarks that never change the decision

    def to_dict(self) -> dict[str, Any]:
        return {
            "regeling": self.regeling,
            "gemeente": self.gemeente,
            "peildatum": self.peildatum.isoformat(),
            "aanvraagdatum": self.aanvraagdatum.isoformat(),
            "tozoVersie": self.tozo_versie,
            "conclusie": self.conclusie._value_,
            "beoordelingMedewerkerNodig": self.beoordeling_medewerker_nodig,
            "samenvatting": self.samenvatting,
            "criteria": [c.to_dict() for c in self.criteria],
            "maanden": [m.to_dict() for m in self.maanden],
            "totaalBedrag": self.totaal_bedrag,
            "lening": None if self.lening is None else self.lening.to_dict(),
            "ontbrekend": [o.to_dict() for o in self.ontbrekend],
            "procedure": self.procedure.to_dict(),
            "parameters": [p.to_dict() for p in self.parameters],
            "signalen": list(self.signalen),
        }


def _datum(dag: date | None) -> str | None:
    return None if dag is None else dag.isoformat()


# Derived texts (properties) that belong in the stored JSON next to the fields.
_AFGELEID: dict[type, tuple[str, ...]] = {MaandBerekening: ("reden",)}


@cache
def _velden(soort: type) -> tuple[Any, ...]:
    return tuple(f for f in fields(soort) if f.name != "vaste_reden")


@cache
def _camel(naam: str) -> str:
    eerste, *rest = naam.split("_")
    return eerste + "".join(deel.capitalize() for deel in rest)


def _naar_json(waarde: Any) -> Any:
    """JSON-ready value; one converter per type, built once (the output is serialised often)."""
    soort = type(waarde)
    omzetter = _OMZETTERS.get(soort)
    if omzetter is None:
        omzetter = _OMZETTERS[soort] = _omzetter(soort)
    return omzetter(waarde)


def _zelf(waarde: Any) -> Any:
    return waarde


def _omzetter(soort: type) -> Callable[[Any], Any]:
    if issubclass(soort, Enum):
        return lambda w: w.value
    if soort in (bool, int, str, type(None)):
        return _zelf
    if soort is Maand:
        return str
    if issubclass(soort, date):  # also datetime
        return lambda w: w.isoformat()
    if soort in (tuple, list):
        return lambda w: [_naar_json(x) for x in w]
    if issubclass(soort, tuple) and hasattr(soort, "_fields"):  # a NamedTuple record
        namen = tuple((_camel(n), n) for n in soort._fields if n != "vaste_reden")
        namen += tuple((_camel(n), n) for n in _AFGELEID.get(soort, ()))
        return lambda w: {sleutel: _naar_json(getattr(w, naam)) for sleutel, naam in namen}
    if is_dataclass(soort):
        namen = tuple((_camel(f.name), f.name) for f in _velden(soort))
        namen += tuple((_camel(n), n) for n in _AFGELEID.get(soort, ()))
        return lambda w: {sleutel: _naar_json(getattr(w, naam)) for sleutel, naam in namen}
    raise TypeError(f"niet te serialiseren: {soort.__name__}")


_OMZETTERS: dict[type, Callable[[Any], Any]] = {}
