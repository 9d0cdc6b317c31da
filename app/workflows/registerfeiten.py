"""Translations between the register adapters and the rules engine, which know nothing of each
other: the application as the registers see it (`Aangifte`), and register answers as rules facts."""

import dataclasses
import functools
from datetime import date, datetime
from enum import Enum
from typing import Any

from app import registers, rules
from app.registers.brp import Persoon
from app.registers.kvk import Basisprofiel
from app.registers.suwinet import Inkomsten


def aangifte(gegevens: dict[str, Any]) -> registers.Aangifte:
    partner = gegevens.get("partner") or {}
    aanvrager_inkomen: list[registers.OpgegevenMaandinkomen] = []
    partner_inkomen: list[registers.OpgegevenMaandinkomen] = []
    for maand in gegevens.get("inkomsten", []):
        for rol, lijst in (("aanvrager", aanvrager_inkomen), ("partner", partner_inkomen)):
            inkomen = maand.get(rol)
            if inkomen:
                lijst.append(
                    registers.OpgegevenMaandinkomen(maand["maand"], inkomen.get("loon", 0), inkomen.get("uitkering", 0))
                )
    return registers.Aangifte(
        bsn=gegevens["aanvrager"]["bsn"],
        gemeente_code=gegevens["gemeente"],
        peildatum=date.fromisoformat(gegevens["aanvraagdatum"]),
        geboortedatum=date.fromisoformat(gegevens["aanvrager"]["geboortedatum"]),
        heeft_partner=bool(partner),
        partner_bsn=partner.get("bsn"),
        kvk_nummer=gegevens.get("onderneming", {}).get("kvkNummer"),
        inkomen_aanvrager=tuple(aanvrager_inkomen),
        inkomen_partner=tuple(partner_inkomen),
    )


def feiten(snapshot: registers.RegisterSnapshot, peildatum: date) -> rules.Registerfeiten:
    """Only answers that were found become facts; the rest stays the applicant's declaration."""
    kvk = None
    if snapshot.kvk is not None and isinstance(snapshot.kvk.resultaat, Basisprofiel):
        profiel = snapshot.kvk.resultaat
        kvk = rules.KvkGegevens(
            kvk_nummer=profiel.kvk_nummer,
            inschrijving=profiel.formele_registratiedatum,
            actief=profiel.datum_einde is None or profiel.datum_einde > peildatum,
            datum_beeindiging=profiel.datum_einde,
        )
    brp = None
    partner_bsn = None
    if snapshot.brp is not None and isinstance(snapshot.brp.resultaat, Persoon):
        persoon = snapshot.brp.resultaat
        partner = persoon.huidige_partner
        partner_bsn = partner.bsn if partner else None
        brp = rules.BrpGegevens(
            gemeente_van_inschrijving=persoon.gemeente_van_inschrijving.code
            if persoon.gemeente_van_inschrijving
            else None,
            geboortedatum=persoon.geboortedatum.datum if persoon.geboortedatum else None,
            partner_bsn=partner_bsn,
            partner_geboortedatum=partner.geboortedatum.datum if partner and partner.geboortedatum else None,
        )
    inkomen: list[rules.SuwinetInkomen] = []
    for bsn, opvraging in sorted(snapshot.inkomsten.items()):
        if not isinstance(opvraging.resultaat, Inkomsten):
            continue
        rol = rules.Rol.AANVRAGER if bsn == snapshot.aanvrager_bsn else rules.Rol.PARTNER
        if rol is rules.Rol.PARTNER and bsn != partner_bsn and brp is not None:
            continue  # income of someone the BRP does not name as partner
        for maand in sorted({m.maand for m in opvraging.resultaat.per_maand()}):
            inkomen.append(
                rules.SuwinetInkomen(
                    rol,
                    rules.Maand.uit_tekst(maand),
                    loon=opvraging.resultaat.maand(maand, "loon"),
                    uitkering=opvraging.resultaat.maand(maand, "uitkering"),
                )
            )
    bestaande_bbz = None
    eigen = snapshot.bijstand.get(snapshot.aanvrager_bsn)
    if eigen is not None and isinstance(eigen.resultaat, registers.Bijstandsregelingen):
        bestaande_bbz = any(u.is_bbz and u.loopt_op(peildatum) for u in eigen.resultaat.uitkeringen)
    return rules.Registerfeiten(kvk=kvk, brp=brp, inkomen=tuple(inkomen), bestaande_bbz=bestaande_bbz)


@functools.cache
def _camel(naam: str) -> str:
    eerste, *rest = naam.split("_")
    return eerste + "".join(deel.title() for deel in rest)


@functools.cache
def _velden(soort: type) -> tuple[tuple[str, str], ...] | None:
    """(camelCase key, attribute) per field of a dataclass type; None for other types."""
    if not dataclasses.is_dataclass(soort):
        return None
    return tuple((_camel(f.name), f.name) for f in dataclasses.fields(soort))


_KAAL = frozenset({str, int, float, bool, type(None)})


def naar_json(waarde: Any) -> Any:
    """Register answers as stored with the case and shown by the API: dataclasses with camelCase
    keys (the API's vocabulary), dates and enums as plain JSON. Dispatches on the exact type first:
    a verification stores a few thousand values, and the generic checks were a tenth of its time."""
    soort: type = type(waarde)
    if soort in _KAAL:
        return waarde
    if soort is dict:
        return {str(k): naar_json(v) for k, v in waarde.items()}
    if soort is list or soort is tuple:
        return [naar_json(v) for v in waarde]
    velden = _velden(soort)
    if velden is not None:
        return {sleutel: naar_json(getattr(waarde, naam)) for sleutel, naam in velden}
    if isinstance(waarde, Enum):
        return waarde.value
    if isinstance(waarde, dict):
        return {str(k): naar_json(v) for k, v in waarde.items()}
    if isinstance(waarde, list | tuple | set | frozenset):
        return [naar_json(v) for v in waarde]
    if isinstance(waarde, datetime | date):
        return waarde.isoformat()
    return waarde


def feiten_naar_json(f: rules.Registerfeiten) -> dict[str, Any]:
    """The facts the rules used, stored with the verification (months as "JJJJ-MM")."""
    return {
        "kvk": naar_json(f.kvk),
        "brp": naar_json(f.brp),
        "inkomen": [
            {"rol": i.rol.value, "maand": str(i.maand), "loon": i.loon, "uitkering": i.uitkering} for i in f.inkomen
        ],
        "bestaandeBbz": f.bestaande_bbz,
    }


def _dag(tekst: str | None) -> date | None:
    return None if tekst is None else date.fromisoformat(tekst)


def feiten_uit_json(d: dict[str, Any] | None) -> rules.Registerfeiten:
    """The stored facts back, to evaluate the rules again on the same register data."""
    if not d:
        return rules.GEEN_FEITEN
    kvk = d.get("kvk")
    brp = d.get("brp")
    inschrijving = kvk.get("inschrijving") if kvk else None
    return rules.Registerfeiten(
        kvk=None
        if not kvk
        else rules.KvkGegevens(
            kvk_nummer=kvk["kvkNummer"],
            inschrijving=None
            if inschrijving is None
            else datetime.fromisoformat(inschrijving)
            if "T" in inschrijving
            else date.fromisoformat(inschrijving),
            actief=bool(kvk["actief"]),
            datum_beeindiging=_dag(kvk.get("datumBeeindiging")),
        ),
        brp=None
        if not brp
        else rules.BrpGegevens(
            gemeente_van_inschrijving=brp.get("gemeenteVanInschrijving"),
            geboortedatum=_dag(brp.get("geboortedatum")),
            partner_bsn=brp.get("partnerBsn"),
            partner_geboortedatum=_dag(brp.get("partnerGeboortedatum")),
        ),
        inkomen=tuple(
            rules.SuwinetInkomen(rules.Rol(i["rol"]), rules.Maand.uit_tekst(i["maand"]), i["loon"], i["uitkering"])
            for i in d.get("inkomen") or []
        ),
        bestaande_bbz=d.get("bestaandeBbz"),
    )
