"""`beoordeel`: the full evaluation of one application on one evaluation date (peildatum).

Pure: the same application, facts, history, documents and date give the same `Uitkomst`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import lru_cache

from app.rules import awb, completeness
from app.rules.bbz import eligibility as bbz_eligibility
from app.rules.bbz import loan as bbz_loan
from app.rules.bbz import periods as bbz_periods
from app.rules.feiten import GEEN_FEITEN, GEEN_HISTORIE, Bron, Historie, Registerfeiten
from app.rules.geld import euro
from app.rules.invoer import Aanvraag, Regeling
from app.rules.parameters import ParameterOntbreekt, ParameterWaarde, geheel_getal, waarde_op
from app.rules.tozo import amounts as tozo_amounts
from app.rules.tozo import eligibility as tozo_eligibility
from app.rules.tozo import loan as tozo_loan
from app.rules.tozo import periods as tozo_periods
from app.rules.uitkomst import (
    Conclusie,
    Criterium,
    GebruiktParameter,
    LeningUitkomst,
    MaandBerekening,
    Reden,
    Status,
    Uitkomst,
)

_VASTE_PARAMETERS = {
    Regeling.TOZO_LEVENSONDERHOUD: (
        "tozo.kvk_peilmoment",
        "tozo.urencriterium",
        "tozo.minimaal_aandelenpercentage",
        "tozo.belastingforfait_winst_percentage",
        "tozo.partnerinkomen_telt_mee",
        "tozo.norm_inclusief_vakantietoeslag",
        "tozo.kostendelersnorm_toegepast",
        "tozo.vermogenstoets_in_werking",
        "participatiewet.minimumleeftijd",
    ),
    Regeling.TOZO_BEDRIJFSKAPITAAL: (
        "tozo.kvk_peilmoment",
        "tozo.urencriterium",
        "tozo.minimaal_aandelenpercentage",
        "tozo.surseance_toets",
        "tozo.lening_maximum",
        "tozo.lening_rente_basispunten",
        "participatiewet.minimumleeftijd",
    ),
    Regeling.BBZ_LEVENSONDERHOUD: (
        "bbz.urencriterium",
        "bbz.belastingforfait_winst_percentage",
        "bbz.versoepeling",
        "bbz.beslistermijn_weken",
        "participatiewet.minimumleeftijd",
    ),
    Regeling.BBZ_BEDRIJFSKAPITAAL: (
        "bbz.urencriterium",
        "bbz.lening_rente_basispunten",
        "bbz.lening_max_looptijd_maanden",
        "bbz.beslistermijn_weken",
        "participatiewet.minimumleeftijd",
    ),
}


# On Python 3.11 reading an enum member from its class costs about half a microsecond
# (EnumType.__getattr__ keeps the interpreter from caching class attributes): the members every
# evaluation reads are taken from module constants.
_NIET_VOLDAAN, _STATUS_MEDEWERKER, _REDEN_MEDEWERKER = (
    Status.NIET_VOLDAAN,
    Status.BEOORDELING_NODIG,
    Reden.BEOORDELING_NODIG,
)
_TOEKENNING, _GEDEELTELIJK, _AFWIJZING, _ONVOLLEDIG, _CONCLUSIE_MEDEWERKER = (
    Conclusie.TOEKENNING,
    Conclusie.GEDEELTELIJKE_TOEKENNING,
    Conclusie.AFWIJZING,
    Conclusie.ONVOLLEDIG,
    Conclusie.BEOORDELING_NODIG,
)
_TOZO_LO, _TOZO_BK, _BBZ_LO, _BBZ_BK = (
    Regeling.TOZO_LEVENSONDERHOUD,
    Regeling.TOZO_BEDRIJFSKAPITAAL,
    Regeling.BBZ_LEVENSONDERHOUD,
    Regeling.BBZ_BEDRIJFSKAPITAAL,
)


@lru_cache(maxsize=4096)
def _gebruikt(waarde: ParameterWaarde) -> GebruiktParameter:
    w = waarde.waarde
    return GebruiktParameter(
        waarde.naam,
        w if isinstance(w, bool | int | str) else w.isoformat(),
        waarde.geldig_vanaf,
        waarde.bron,
        waarde.bevestigd,
    )


@lru_cache(maxsize=1024)
def _vaste_parameters(regeling: Regeling, dag: date) -> tuple[ParameterWaarde, ...]:
    uit = []
    for naam in _VASTE_PARAMETERS[regeling]:
        try:
            uit.append(waarde_op(naam, dag))
        except ParameterOntbreekt:
            continue
    return tuple(uit)


@lru_cache(maxsize=4096)
def _parameters_en_signalen(
    regeling: Regeling, dag: date, normen: tuple[tuple[str, int, int], ...]
) -> tuple[tuple[GebruiktParameter, ...], tuple[str, ...]]:
    """The parameter values an evaluation used, and a warning for each unconfirmed one.

    `normen`: the kind of norm and the month (year, month number) of each month computed. Plain
    values, not `Maand`s: they form the memo key, and a Maand is hashed by a Python call."""
    gebruikt: dict[tuple[str, date], ParameterWaarde] = {
        (w.naam, w.geldig_vanaf): w for w in _vaste_parameters(regeling, dag)
    }
    for soort, jaar, maand in normen:
        w = waarde_op(f"participatiewet.{soort}", date(jaar, maand, 1))
        gebruikt[(w.naam, w.geldig_vanaf)] = w
    parameters = tuple(_gebruikt(gebruikt[k]) for k in sorted(gebruikt))
    signalen = tuple(
        f"Let op: de waarde van {p.naam} (geldig vanaf {p.geldig_vanaf.isoformat()}) is niet bevestigd in een bron."
        for p in parameters
        if not p.bevestigd
    )
    return parameters, signalen


def beoordeel(
    aanvraag: Aanvraag,
    peildatum: date,
    *,
    feiten: Registerfeiten = GEEN_FEITEN,
    historie: Historie = GEEN_HISTORIE,
    documenten: Collection[str] = (),
    uitbetaaldatum_lening: date | None = None,
    hersteltermijn_dagen: int | None = None,
) -> Uitkomst:
    """Evaluate `aanvraag` as on `peildatum`.

    `feiten`: register data (KvK, BRP, Suwinet), preferred over declared data. `historie`: months
    and Tozo loans granted earlier. `documenten`: kinds of evidence already supplied.
    `uitbetaaldatum_lening`: disbursement date for the loan schedule (default: the application
    date, as loans were paid within weeks). `hersteltermijn_dagen`: the municipality's term.
    """
    if aanvraag.aanvraagdatum > peildatum:
        raise ValueError("de peildatum ligt vóór de aanvraagdatum")
    regeling, dag = aanvraag.regeling, aanvraag.aanvraagdatum
    versie = tozo_periods.tozo_versie(dag) if regeling.is_tozo else None
    signalen: list[str] = []
    if regeling.is_tozo:
        criteria = tozo_eligibility.criteria(aanvraag, feiten, versie)
    else:
        criteria = bbz_eligibility.criteria(aanvraag, feiten, bbz_periods.is_versoepeld(dag))
    criteria.extend(_huishouden(aanvraag, feiten))
    statussen = [c.status for c in criteria]
    afgewezen = _NIET_VOLDAAN in statussen

    maanden: list[MaandBerekening] = []
    lening: LeningUitkomst | None = None
    if regeling is _TOZO_LO and versie is not None:
        venster = tozo_periods.maandvenster(dag)
        assert venster is not None
        maanden = tozo_amounts.maanden(aanvraag, feiten, historie, versie, venster, not afgewezen)
    elif regeling is _BBZ_LO:
        maanden = _bbz_maanden(aanvraag, feiten, historie, not afgewezen)
    elif regeling is _TOZO_BK and versie is not None:
        lening = _tozo_lening(aanvraag, historie, peildatum, uitbetaaldatum_lening, afgewezen)
    elif regeling is _BBZ_BK:
        lening = _bbz_lening(aanvraag, uitbetaaldatum_lening, afgewezen)

    ontbrekend = completeness.ontbrekend(aanvraag, feiten, documenten)
    medewerker = _STATUS_MEDEWERKER in statussen or _REDEN_MEDEWERKER in [m.reden_code for m in maanden]
    toegekend = [m for m in maanden if m.toegekend]
    conclusie = _conclusie(regeling, afgewezen, bool(ontbrekend), medewerker, len(toegekend), len(maanden), lening)

    normen = tuple([(m.normsoort, m.maand.jaar, m.maand.maand) for m in maanden if m.normsoort])
    parameters, waarschuwingen = _parameters_en_signalen(regeling, dag, normen)
    signalen.extend(waarschuwingen)
    totaal = sum([m.bedrag for m in toegekend])
    return Uitkomst(
        regeling=regeling._value_,  # `.value` is a Python-level enum property; `_value_` the same str
        gemeente=aanvraag.gemeente,
        peildatum=peildatum,
        aanvraagdatum=dag,
        tozo_versie=versie.versie if versie else None,
        conclusie=conclusie,
        beoordeling_medewerker_nodig=medewerker,
        samenvatting=_samenvatting(conclusie, totaal, len(toegekend), lening),
        criteria=tuple(criteria),
        maanden=tuple(maanden),
        totaal_bedrag=totaal,
        lening=lening,
        ontbrekend=ontbrekend,
        procedure=awb.beslistermijn(regeling, dag, hersteltermijn_dagen=hersteltermijn_dagen),
        parameters=parameters,
        signalen=tuple(signalen),
    )


def _huishouden(aanvraag: Aanvraag, feiten: Registerfeiten) -> list[Criterium]:
    """Compare the declared household with the BRP; a difference needs a person (PW art. 3)."""
    brp = feiten.brp
    if brp is None or not aanvraag.regeling.is_levensonderhoud:
        return []
    opgegeven = aanvraag.partner.bsn if aanvraag.partner else None
    if brp.partner_bsn == opgegeven:
        return [
            Criterium(
                "H1",
                "Gezinssituatie",
                Status.VOLDAAN,
                "Uw gezinssituatie klopt met de Basisregistratie Personen.",
                "Participatiewet art. 3 en 4",
                Bron.BRP,
            )
        ]
    return [
        Criterium(
            "H1",
            "Gezinssituatie",
            Status.BEOORDELING_NODIG,
            "Uw opgave over een partner verschilt van de Basisregistratie Personen. Een medewerker kijkt hiernaar.",
            "Participatiewet art. 3 en 4",
            Bron.BRP,
        )
    ]


def _bbz_maanden(
    aanvraag: Aanvraag, feiten: Registerfeiten, historie: Historie, voldaan: bool
) -> list[MaandBerekening]:
    dag = aanvraag.aanvraagdatum
    categorie = aanvraag.bbz.categorie if aanvraag.bbz else None
    venster = bbz_periods.maandvenster(dag, categorie)
    versoepeld = bbz_periods.is_versoepeld(dag)
    afgewezen = tozo_amounts.maand_keuze(aanvraag, historie, venster, False, "deze aanvraag")
    if versoepeld:
        vorm = "om-niet"
    elif (
        categorie is not None
        and categorie.value == "gevestigde"
        and len(aanvraag.maanden) <= (geheel_getal("bbz.om_niet_max_maanden_gevestigde", dag))
    ):
        vorm = "om-niet"  # Bbz art. 19: short support for a gevestigde is a gift right away
    else:
        vorm = "renteloze-lening"  # Bbz art. 10-12: provisional, settled after the boekjaar
    grondslag = (
        "Versoepeling Bbz (per kalendermaand, om niet)"
        if versoepeld
        else "Bbz 2004 art. 5-12 (voorlopige berekening per maand)"
    )
    return tozo_amounts.bereken_maanden(
        aanvraag,
        feiten,
        afgewezen,
        True,
        geheel_getal("bbz.belastingforfait_winst_percentage", dag),
        voldaan,
        vorm,
        grondslag,
    )


def _tozo_lening(
    aanvraag: Aanvraag,
    historie: Historie,
    peildatum: date,
    uitbetaald: date | None,
    afgewezen: bool,
) -> LeningUitkomst:
    dag = aanvraag.aanvraagdatum
    gevraagd = aanvraag.lening.bedrag if aanvraag.lening else 0
    uit_dossier = sum(le.bedrag for le in historie.tozo_leningen if le.kvk_nummer == aanvraag.onderneming.kvk_nummer)
    opgegeven = aanvraag.lening.eerdere_tozo_leningen if aanvraag.lening else 0
    # Loans from another municipality are not in our file: take the larger of both so the cap
    # per business holds whichever source knows more.
    eerder = max(uit_dossier, opgegeven)
    maximum = geheel_getal("tozo.lening_maximum", dag)
    ruimte = tozo_loan.leenruimte(gevraagd, eerder, maximum)
    toegekend = 0 if afgewezen else ruimte.toegekend
    regime = tozo_loan.regime_op(peildatum)
    rente = geheel_getal("tozo.lening_rente_basispunten", dag)
    uitbetaaldatum = uitbetaald or dag
    schema = tozo_loan.aflosschema(
        toegekend, uitbetaaldatum, regime.looptijd_maanden, regime.aflossing_vanaf, regime.renteloos, rente
    )
    if afgewezen:
        toelichting = "U voldoet niet aan alle voorwaarden. Daarom krijgt u geen lening."
    elif ruimte.plafond_toegepast:
        toelichting = (
            f"U heeft al {euro(eerder)} Tozo-lening gehad. Samen kunt u ten hoogste "
            f"{euro(maximum)} lenen. U krijgt daarom {euro(toegekend)}."
        )
    else:
        toelichting = f"U krijgt de gevraagde lening van {euro(toegekend)}."
    return LeningUitkomst(
        gevraagd=gevraagd,
        eerder_verstrekt=eerder,
        maximum=maximum,
        toegekend=toegekend,
        plafond_toegepast=ruimte.plafond_toegepast,
        rente_basispunten=rente,
        regime=regime.naam,
        uitbetaaldatum=uitbetaaldatum,
        looptijd_vanaf=schema.looptijd_vanaf,
        looptijd_einde=schema.looptijd_einde,
        aflossing_vanaf=schema.aflossing_vanaf,
        aantal_aflossingen=schema.aantal,
        maandaflossing=schema.maandaflossing,
        rente_voor_aflossing=schema.rente_voor_aflossing,
        aflosschema=schema.termijnen,
        toelichting=toelichting,
        grondslag=f"Tozo art. 5; {regime.bron}",
    )


def _bbz_lening(aanvraag: Aanvraag, uitbetaald: date | None, afgewezen: bool) -> LeningUitkomst:
    dag = aanvraag.aanvraagdatum
    gevraagd = aanvraag.lening.bedrag if aanvraag.lening else 0
    categorie = aanvraag.bbz.categorie if aanvraag.bbz else None
    plafond = bbz_loan.maximum(categorie, dag) if categorie is not None else None
    maximum = plafond.waarde if plafond is not None and isinstance(plafond.waarde, int) else 0
    toegekend = 0 if afgewezen else min(gevraagd, maximum)
    rente = geheel_getal("bbz.lening_rente_basispunten", dag)
    looptijd = geheel_getal("bbz.lening_max_looptijd_maanden", dag)
    uitbetaaldatum = uitbetaald or dag
    schema = tozo_loan.aflosschema(toegekend, uitbetaaldatum, looptijd, uitbetaaldatum, (), rente)
    toelichting = (
        "U voldoet niet aan alle voorwaarden. Daarom krijgt u geen lening."
        if afgewezen
        else f"U kunt ten hoogste {euro(maximum)} lenen. Hoeveel u krijgt, hangt af "
        "van het onderzoek naar uw bedrijf. Het aflosschema is een voorbeeld over de "
        "langste looptijd."
    )
    return LeningUitkomst(
        gevraagd=gevraagd,
        eerder_verstrekt=0,
        maximum=maximum,
        toegekend=toegekend,
        plafond_toegepast=gevraagd > maximum,
        rente_basispunten=rente,
        regime="Bbz 2004 art. 15",
        uitbetaaldatum=uitbetaaldatum,
        looptijd_vanaf=schema.looptijd_vanaf,
        looptijd_einde=schema.looptijd_einde,
        aflossing_vanaf=schema.aflossing_vanaf,
        aantal_aflossingen=schema.aantal,
        maandaflossing=schema.maandaflossing,
        rente_voor_aflossing=schema.rente_voor_aflossing,
        aflosschema=schema.termijnen,
        toelichting=toelichting,
        grondslag=f"Bbz 2004 art. 15, 20 en 24; {plafond.bron if plafond else 'art. 2 lid 2'}",
    )


def _conclusie(
    regeling: Regeling,
    afgewezen: bool,
    onvolledig: bool,
    medewerker: bool,
    maanden_toegekend: int,
    maanden_gevraagd: int,
    lening: LeningUitkomst | None,
) -> Conclusie:
    """A failed criterion decides (a rejection needs no missing papers); else missing evidence
    makes it incomplete (Awb 4:5); else anything only a person can judge; else the months or the
    loan decide."""
    if afgewezen:
        return _AFWIJZING
    if onvolledig:
        return _ONVOLLEDIG
    if medewerker:
        return _CONCLUSIE_MEDEWERKER
    if regeling.is_levensonderhoud:
        if maanden_toegekend == 0:
            return _AFWIJZING
        return _TOEKENNING if maanden_toegekend == maanden_gevraagd else _GEDEELTELIJK
    if lening is None or lening.toegekend == 0:
        return _AFWIJZING
    return _TOEKENNING if lening.toegekend == lening.gevraagd else _GEDEELTELIJK


_VASTE_SAMENVATTING = {
    Conclusie.ONVOLLEDIG: "Uw aanvraag is nog niet compleet. Wij vragen u de ontbrekende stukken te sturen.",
    Conclusie.AFWIJZING: "U heeft geen recht op deze regeling. In de toelichting leest u waarom.",
    Conclusie.BEOORDELING_NODIG: "Een medewerker beoordeelt uw aanvraag verder. De bedragen zijn voorlopig.",
}


def _samenvatting(
    conclusie: Conclusie,
    totaal: int,
    maanden_toegekend: int,
    lening: LeningUitkomst | None,
) -> str:
    vast = _VASTE_SAMENVATTING.get(conclusie)
    if vast is not None:
        return vast
    if lening is not None:
        return f"U krijgt een lening van {euro(lening.toegekend)}."
    return f"U krijgt over {maanden_toegekend} maand(en) samen {euro(totaal)}."


__all__ = ["beoordeel"]
