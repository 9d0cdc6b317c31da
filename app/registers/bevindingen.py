"""Pure comparison of what the applicant declared with what the registers say.

Each finding is one line for the checker: the field, the declared value, the register value, the
source, and whether it is a conflict (declaration and register disagree), a task (the register
cannot settle it; a person must) or a confirmation. What no register can say (the owner of the
business, business profit, unmarried cohabitation) is always an explicit task, so that nobody
reads silence as approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from app.registers.aangifte import Aangifte, OpgegevenMaandinkomen
from app.registers.brp import Persoon
from app.registers.kvk import Basisprofiel
from app.registers.resultaat import NietGevonden, Opvraging
from app.registers.snapshot import RegisterSnapshot
from app.registers.suwinet import InkomenSoort, Inkomsten

BevindingSoort = Literal["conflict", "taak", "bevestigd"]

# Tozo: registered in the Handelsregister on or before 17-03-2020 18:45 (rules.md §1.3).
KVK_PEILMOMENT_TOZO = datetime(2020, 3, 17, 18, 45)
# Suwinet gives fiscal wage minus withheld tax, not the payslip's net amount: differences below
# this are noise, not a reason to bother the checker.
INKOMEN_MARGE_CENT = 5_000
INKOMEN_MARGE_FRACTIE = 0.10


@dataclass(frozen=True)
class Bevinding:
    code: str
    tekst: str
    veld: str
    opgegeven: str | None
    register_waarde: str | None
    bron: str
    soort: BevindingSoort


def _euro(cent: int) -> str:
    teken = "-" if cent < 0 else ""
    euro, rest = divmod(abs(cent), 100)
    return f"{teken}€ {euro:,}".replace(",", ".") + f",{rest:02d}"


def _kvk(aangifte: Aangifte, opvraging: Opvraging[Basisprofiel], peil: datetime) -> list[Bevinding]:
    bron = opvraging.bron
    nummer = aangifte.kvk_nummer
    profiel = opvraging.resultaat
    if isinstance(profiel, NietGevonden):
        return [
            Bevinding(
                "KVK_NIET_GEVONDEN",
                f"Opgegeven: KvK-nummer {nummer}; KvK: dit nummer bestaat niet (of levert niets).",
                "kvkNummer",
                nummer,
                None,
                bron,
                "conflict",
            )
        ]
    uit: list[Bevinding] = []
    registratie = profiel.formele_registratiedatum
    if registratie is None:
        uit.append(
            Bevinding(
                "KVK_REGISTRATIEDATUM_ONBEKEND",
                "KvK geeft geen registratiedatum; controleer de inschrijving op 17-03-2020 18:45.",
                "formeleRegistratiedatum",
                nummer,
                None,
                bron,
                "taak",
            )
        )
    elif registratie > peil.date():
        uit.append(
            Bevinding(
                "KVK_INGESCHREVEN_NA_PEILMOMENT",
                f"KvK: ingeschreven op {registratie.isoformat()}, na {peil:%d-%m-%Y %H:%M}.",
                "formeleRegistratiedatum",
                None,
                registratie.isoformat(),
                bron,
                "conflict",
            )
        )
    elif registratie == peil.date():
        uit.append(
            Bevinding(
                "KVK_INGESCHREVEN_OP_PEILDAG",
                f"KvK: ingeschreven op {registratie.isoformat()}; de API geeft geen tijdstip. "
                f"Controleer of de inschrijving vóór {peil:%H:%M} was.",
                "formeleRegistratiedatum",
                None,
                registratie.isoformat(),
                bron,
                "taak",
            )
        )
    else:
        uit.append(
            Bevinding(
                "KVK_INGESCHREVEN_VOOR_PEILMOMENT",
                f"KvK: ingeschreven op {registratie.isoformat()}.",
                "formeleRegistratiedatum",
                None,
                registratie.isoformat(),
                bron,
                "bevestigd",
            )
        )
    einde = profiel.datum_einde
    if einde is not None:
        uit.append(
            Bevinding(
                "KVK_ONDERNEMING_BEEINDIGD",
                f"KvK: onderneming beëindigd op {einde.isoformat()}.",
                "materieleRegistratie.datumEinde",
                None,
                einde.isoformat(),
                bron,
                "conflict" if einde <= aangifte.peildatum else "taak",
            )
        )
    if profiel.rechtsvorm and profiel.rechtsvorm.lower() != "eenmanszaak":
        uit.append(
            Bevinding(
                "KVK_RECHTSVORM_CONTROLEREN",
                f"KvK: rechtsvorm {profiel.uitgebreide_rechtsvorm or profiel.rechtsvorm}; "
                "controleer of de aanvrager als zelfstandige in deze onderneming werkt.",
                "rechtsvorm",
                None,
                profiel.rechtsvorm,
                bron,
                "taak",
            )
        )
    uit.append(
        Bevinding(
            "KVK_EIGENAAR_CONTROLEREN",
            "Het KvK Basisprofiel noemt de eigenaar niet: controleer dat de aanvrager eigenaar "
            f"of vennoot is van {profiel.naam or nummer}.",
            "eigenaar",
            aangifte.bsn,
            None,
            bron,
            "taak",
        )
    )
    return uit


def _geboortedatum(aangifte: Aangifte, persoon: Persoon, bron: str) -> list[Bevinding]:
    opgegeven = aangifte.geboortedatum
    brp = persoon.geboortedatum
    if opgegeven is None:
        return []
    if brp is None or brp.is_onbekend:
        return [
            Bevinding(
                "BRP_GEBOORTEDATUM_ONBEKEND",
                f"Opgegeven: geboren {opgegeven.isoformat()}; BRP: geboortedatum onbekend. "
                "Stel de leeftijd vast met een identiteitsbewijs.",
                "geboortedatum",
                opgegeven.isoformat(),
                "onbekend",
                bron,
                "taak",
            )
        ]
    exact = brp.datum
    if exact is not None:
        if exact == opgegeven:
            return [
                Bevinding(
                    "BRP_GEBOORTEDATUM_BEVESTIGD",
                    f"BRP: geboren {exact.isoformat()}.",
                    "geboortedatum",
                    opgegeven.isoformat(),
                    exact.isoformat(),
                    bron,
                    "bevestigd",
                )
            ]
        return [
            Bevinding(
                "BRP_GEBOORTEDATUM_AFWIJKEND",
                f"Opgegeven: geboren {opgegeven.isoformat()}; BRP: {exact.isoformat()}.",
                "geboortedatum",
                opgegeven.isoformat(),
                exact.isoformat(),
                bron,
                "conflict",
            )
        ]
    vroegst, laatst = brp.vroegst(), brp.laatst()
    past = vroegst is not None and laatst is not None and vroegst <= opgegeven <= laatst
    return [
        Bevinding(
            "BRP_GEBOORTEDATUM_ONVOLLEDIG" if past else "BRP_GEBOORTEDATUM_AFWIJKEND",
            f"Opgegeven: geboren {opgegeven.isoformat()}; BRP: {brp}. "
            + ("Past, maar de BRP kent de datum niet volledig." if past else ""),
            "geboortedatum",
            opgegeven.isoformat(),
            str(brp),
            bron,
            "taak" if past else "conflict",
        )
    ]


def _woonplaats(aangifte: Aangifte, persoon: Persoon, bron: str) -> list[Bevinding]:
    gemeente = persoon.gemeente_van_inschrijving
    verblijf = persoon.verblijfplaats
    if verblijf is not None and verblijf.soort != "Adres":
        return [
            Bevinding(
                "BRP_GEEN_ADRES_IN_NEDERLAND",
                f"Opgegeven: woont in gemeente {aangifte.gemeente_code}; BRP: verblijfplaats {verblijf.soort}.",
                "verblijfplaats",
                aangifte.gemeente_code,
                verblijf.soort,
                bron,
                "conflict",
            )
        ]
    if gemeente is None:
        return [
            Bevinding(
                "BRP_GEMEENTE_ONBEKEND",
                "BRP geeft geen gemeente van inschrijving.",
                "gemeenteVanInschrijving",
                aangifte.gemeente_code,
                None,
                bron,
                "taak",
            )
        ]
    waarde = f"{gemeente.code} {gemeente.naam or ''}".strip()
    if gemeente.code != aangifte.gemeente_code:
        sinds = persoon.datum_inschrijving_in_gemeente
        return [
            Bevinding(
                "BRP_ANDERE_GEMEENTE",
                f"Opgegeven: gemeente {aangifte.gemeente_code}; BRP: ingeschreven in {waarde}"
                + (f" sinds {sinds}" if sinds else "")
                + ".",
                "gemeenteVanInschrijving",
                aangifte.gemeente_code,
                waarde,
                bron,
                "conflict",
            )
        ]
    return [
        Bevinding(
            "BRP_WOONT_IN_GEMEENTE",
            f"BRP: ingeschreven in {waarde}.",
            "gemeenteVanInschrijving",
            aangifte.gemeente_code,
            waarde,
            bron,
            "bevestigd",
        )
    ]


def _partner(aangifte: Aangifte, persoon: Persoon, bron: str) -> list[Bevinding]:
    partner = persoon.huidige_partner
    opgegeven = f"partner {aangifte.partner_bsn or '(geen BSN)'}" if aangifte.heeft_partner else "geen partner"
    samenwonen = Bevinding(
        "PARTNER_SAMENWONEN_CONTROLEREN",
        "BRP Personen levert alleen de huidige echtgenoot of geregistreerd partner, geen "
        "ongehuwd samenwonenden: controleer of de aanvrager een gezamenlijke huishouding voert.",
        "partner",
        opgegeven,
        None,
        bron,
        "taak",
    )
    if partner is None:
        if aangifte.heeft_partner:
            return [
                Bevinding(
                    "BRP_GEEN_PARTNER",
                    f"Opgegeven: {opgegeven}; BRP: geen huwelijk of geregistreerd partnerschap. "
                    "Mogelijk ongehuwd samenwonend: controleer de gezamenlijke huishouding.",
                    "partner",
                    opgegeven,
                    "geen partner",
                    bron,
                    "taak",
                )
            ]
        return [samenwonen]
    sinds = f" sinds {partner.sinds}" if partner.sinds else ""
    waarde = f"partner {partner.bsn or '(zonder BSN)'}{sinds}"
    if not aangifte.heeft_partner:
        return [
            Bevinding(
                "BRP_PARTNER_NIET_OPGEGEVEN",
                f"Opgegeven: geen partner; BRP: {waarde}.",
                "partner",
                "geen partner",
                waarde,
                bron,
                "conflict",
            )
        ]
    if aangifte.partner_bsn and partner.bsn and aangifte.partner_bsn != partner.bsn:
        return [
            Bevinding(
                "BRP_ANDERE_PARTNER",
                f"Opgegeven: {opgegeven}; BRP: {waarde}.",
                "partner",
                opgegeven,
                waarde,
                bron,
                "conflict",
            )
        ]
    return [
        Bevinding(
            "BRP_PARTNER_BEVESTIGD",
            f"BRP: {waarde}.",
            "partner",
            opgegeven,
            waarde,
            bron,
            "bevestigd",
        )
    ]


def _brp(aangifte: Aangifte, opvraging: Opvraging[Persoon]) -> list[Bevinding]:
    bron = opvraging.bron
    persoon = opvraging.resultaat
    if isinstance(persoon, NietGevonden):
        return [
            Bevinding(
                "BRP_NIET_GEVONDEN",
                f"BRP: geen persoon met BSN {aangifte.bsn}.",
                "burgerservicenummer",
                aangifte.bsn,
                None,
                bron,
                "conflict",
            )
        ]
    if persoon.overleden:
        return [
            Bevinding(
                "BRP_OVERLEDEN",
                f"BRP: persoon met BSN {aangifte.bsn} is overleden.",
                "burgerservicenummer",
                aangifte.bsn,
                "overleden",
                bron,
                "conflict",
            )
        ]
    return (
        _geboortedatum(aangifte, persoon, bron)
        + _woonplaats(aangifte, persoon, bron)
        + _partner(aangifte, persoon, bron)
    )


def _verschil_te_groot(opgegeven: int, register: int) -> bool:
    marge = max(INKOMEN_MARGE_CENT, int(abs(register) * INKOMEN_MARGE_FRACTIE))
    return abs(opgegeven - register) > marge


def _inkomen(
    wie: str,
    bsn: str,
    opgegeven: tuple[OpgegevenMaandinkomen, ...],
    opvraging: Opvraging[Inkomsten],
) -> list[Bevinding]:
    bron = opvraging.bron
    inkomsten = opvraging.resultaat
    uit: list[Bevinding] = []
    for maand in opgegeven:
        soorten: tuple[tuple[InkomenSoort, int], ...] = (
            ("loon", maand.loon_cent),
            ("uitkering", maand.uitkering_cent),
        )
        for soort, opgegeven_cent in soorten:
            register_cent = 0 if isinstance(inkomsten, NietGevonden) else inkomsten.maand(maand.maand, soort)
            veld = f"inkomen.{wie}.{maand.maand}.{soort}"
            code: str
            soort_bevinding: BevindingSoort
            tekst = (
                f"{wie.capitalize()} ({bsn}), {maand.maand}, {soort}: opgegeven "
                f"{_euro(opgegeven_cent)}; Suwinet (loon na loonheffing) {_euro(register_cent)}."
            )
            if opgegeven_cent == 0 and register_cent > 0:
                code, soort_bevinding = "SUWINET_INKOMEN_NIET_OPGEGEVEN", "conflict"
            elif opgegeven_cent > 0 and register_cent == 0:
                # Could be income Suwinet does not know (alimony, foreign pay): ask for proof.
                code, soort_bevinding = "SUWINET_INKOMEN_NIET_GEVONDEN", "taak"
            elif _verschil_te_groot(opgegeven_cent, register_cent):
                code, soort_bevinding = "SUWINET_INKOMEN_AFWIJKEND", "taak"
            elif opgegeven_cent == 0:
                continue  # nothing declared, nothing found: no line for the checker
            else:
                code, soort_bevinding = "SUWINET_INKOMEN_BEVESTIGD", "bevestigd"
            uit.append(
                Bevinding(
                    code,
                    tekst,
                    veld,
                    str(opgegeven_cent),
                    str(register_cent),
                    bron,
                    soort_bevinding,
                )
            )
    return uit


def _bijstand(snapshot: RegisterSnapshot, peildatum: date) -> list[Bevinding]:
    uit: list[Bevinding] = []
    for bsn, opvraging in snapshot.bijstand.items():
        regelingen = opvraging.resultaat
        if isinstance(regelingen, NietGevonden):
            continue
        for uitkering in regelingen.uitkeringen:
            if not uitkering.loopt_op(peildatum):
                continue
            wie = "aanvrager" if bsn == snapshot.aanvrager_bsn else f"partner {bsn}"
            waarde = f"{uitkering.regeling} sinds {uitkering.begin}"
            uit.append(
                Bevinding(
                    "SUWINET_BBZ_LOPEND" if uitkering.is_bbz else "SUWINET_BIJSTAND_LOPEND",
                    f"Suwinet: {wie} ontvangt al {waarde} (gemeente {uitkering.gemeente_code}).",
                    "lopendeUitkering",
                    None,
                    waarde,
                    opvraging.bron,
                    "conflict",
                )
            )
    return uit


def bepaal_bevindingen(
    aangifte: Aangifte,
    snapshot: RegisterSnapshot,
    *,
    kvk_peilmoment: datetime = KVK_PEILMOMENT_TOZO,
) -> tuple[Bevinding, ...]:
    """All findings for one application. Pure: same input, same findings, in a stable order."""
    uit: list[Bevinding] = []
    if aangifte.kvk_nummer is None:
        uit.append(
            Bevinding(
                "KVK_NIET_OPGEGEVEN",
                "Geen KvK-nummer opgegeven.",
                "kvkNummer",
                None,
                None,
                "aanvraag",
                "taak",
            )
        )
    elif snapshot.kvk is not None:
        uit += _kvk(aangifte, snapshot.kvk, kvk_peilmoment)
    if snapshot.brp is not None:
        uit += _brp(aangifte, snapshot.brp)
    if (eigen := snapshot.inkomsten.get(aangifte.bsn)) is not None:
        uit += _inkomen("aanvrager", aangifte.bsn, aangifte.inkomen_aanvrager, eigen)
    for partner_bsn in sorted(set(snapshot.inkomsten) - {aangifte.bsn}):
        uit += _inkomen("partner", partner_bsn, aangifte.inkomen_partner, snapshot.inkomsten[partner_bsn])
    uit += _bijstand(snapshot, aangifte.peildatum)
    uit.append(
        Bevinding(
            "WINST_CONTROLEREN",
            "Bedrijfswinst staat in geen register (Suwinet kent alleen loon en uitkeringen): "
            "controleer de opgegeven inkomsten uit de onderneming met bewijsstukken.",
            "inkomen.onderneming",
            None,
            None,
            "geen register",
            "taak",
        )
    )
    for mislukt in snapshot.mislukt:
        uit.append(
            Bevinding(
                "REGISTER_NIET_GERAADPLEEGD",
                f"{mislukt.register} ({mislukt.operatie}, {mislukt.sleutel}) kon niet worden "
                f"geraadpleegd: {mislukt.fout}",
                mislukt.operatie,
                None,
                None,
                mislukt.register,
                "taak",
            )
        )
    return tuple(uit)
