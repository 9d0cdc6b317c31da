"""Assessing (beoordeling): the assessor, never the checker of the case, awards or rejects, as a
whole or per month, against the rules outcome stored at verification. A decision that deviates
from the rules needs a motivation and is recorded as deviating. An award is final; a rejection,
whole or for some months, goes to a third person for review."""

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit.trail import Actor
from app.decisions.letters import Vorm as Vorm  # re-exported for the API
from app.rules.bbz import loan as bbz_loan
from app.workflows import beschikkingen
from app.workflows.briefopbouw import maandbedrag
from app.workflows.controle import vergrendel_met_verificatie
from app.workflows.fouten import OngeldigeInvoer
from app.workflows.levenscyclus import Status
from app.workflows.werkvoorraad import (
    Stadium,
    VierOgen,
    Zaak,
    mag_behandelen,
    vereis_claim,
    vereis_status,
    verplaats,
)


class Besluit(StrEnum):
    toekenning = "toekenning"
    gedeeltelijke_toekenning = "gedeeltelijke-toekenning"
    afwijzing = "afwijzing"


# Where each decision leads: an award is final, anything that rejects is reviewed first.
NAAR: dict[Besluit, Status] = {
    Besluit.toekenning: Status.toegekend,
    Besluit.gedeeltelijke_toekenning: Status.te_reviewen,
    Besluit.afwijzing: Status.te_reviewen,
}
# After a confirming review.
DEFINITIEF: dict[Besluit, Status] = {
    Besluit.gedeeltelijke_toekenning: Status.gedeeltelijk_toegekend,
    Besluit.afwijzing: Status.afgewezen,
}
_REGELS_CONCLUDEREN = {b.value for b in Besluit}


@dataclass(frozen=True)
class MaandOordeel:
    maand: str
    toegekend: bool
    bedrag: int | None = None  # cents; the assessor's own amount, where it differs from the rules


def kies_vorm(
    regeling: str, categorie: str | None, uitkomst: dict[str, Any] | None, vorm: Vorm | None, aanvraagdatum: date
) -> tuple[Vorm | None, bool]:
    """(the form the money is given in, deviates from the rules). Pure. The Tozo has no choice;
    Bbz levensonderhoud follows the rules' form per month (art. 19: a gift for a short period of a
    gevestigde; the relaxed Bbz: a gift; else an interest-free loan, art. 10-12); Bbz
    bedrijfskapitaal is a loan at the Bbz interest (art. 15), or a gift for a gevestigde up to the
    maximum of art. 22."""
    if regeling.startswith("tozo"):
        if vorm is not None:
            raise OngeldigeInvoer(
                [{"name": "vorm", "code": "forbidden", "reason": "De Tozo kent geen keuze van vorm."}]
            )
        return None, False
    if regeling.endswith("levensonderhoud"):
        toegestaan = {Vorm.OM_NIET, Vorm.RENTELOZE_LENING}
        vormen = {str(m.get("vorm")) for m in (uitkomst or {}).get("maanden") or [] if m.get("vorm")}
        regels = Vorm.OM_NIET if vormen == {Vorm.OM_NIET.value} else Vorm.RENTELOZE_LENING
    else:
        toegestaan = {Vorm.RENTEDRAGENDE_LENING} | ({Vorm.OM_NIET} if categorie == "gevestigde" else set())
        regels = Vorm.RENTEDRAGENDE_LENING
    if vorm is not None and vorm not in toegestaan:
        reden = "Kies uit: " + ", ".join(sorted(v.value for v in toegestaan)) + "."
        raise OngeldigeInvoer([{"name": "vorm", "code": "enum", "reason": reden}])
    gekozen = vorm or regels
    if gekozen is Vorm.OM_NIET and regeling.endswith("bedrijfskapitaal"):
        toets = bbz_loan.om_niet(int(((uitkomst or {}).get("lening") or {}).get("toegekend") or 0), aanvraagdatum)
        if not toets.toegestaan:
            reden = f"{toets.toelichting} ({toets.grondslag})"
            raise OngeldigeInvoer([{"name": "vorm", "code": "maximum", "reason": reden}])
    return gekozen, gekozen is not regels


@dataclass(frozen=True)
class Resultaat:
    zaak: Zaak
    besluit: Besluit
    afwijkend: bool
    conclusie_regels: str | None


def _niets_berekend(maand: dict[str, Any]) -> bool:
    """A month the rules rejected before computing a supplement: awarding it needs an amount."""
    return not maand["toegekend"] and maandbedrag(maand, True, None)[0] == 0


def bepaal(
    uitkomst: dict[str, Any] | None, besluit: Besluit | None, maanden: Sequence[MaandOordeel] | None
) -> tuple[Besluit, dict[str, bool], dict[str, int], bool]:
    """(decision, per month awarded, the assessor's own amounts per month, deviates from the
    rules). Without an own amount, a month awarded against the rules pays the supplement the
    rules computed (`briefopbouw.maandbedrag`); where that is nothing (the rules stopped before
    computing it), the assessor must name the amount: an awarded month never reads € 0. Pure."""
    regels = {str(m["maand"]): m for m in (uitkomst or {}).get("maanden") or []}
    regels_maanden = {m: bool(r["toegekend"]) for m, r in regels.items()}
    regels_bedrag = {m: int(r.get("bedrag") or 0) if r["toegekend"] else 0 for m, r in regels.items()}
    bedragen: dict[str, int] = {}
    conclusie = (uitkomst or {}).get("conclusie")
    if (besluit is None) == (maanden is None):
        raise OngeldigeInvoer(
            [{"name": "besluit", "code": "required", "reason": "Geef óf een besluit voor het geheel, óf maanden."}]
        )
    if maanden is not None:
        fouten = [
            {"name": f"maanden[{i}].maand", "code": "unknown", "reason": "Deze maand zit niet in de aanvraag."}
            for i, m in enumerate(maanden)
            if m.maand not in regels_maanden
        ]
        if len({m.maand for m in maanden}) != len(maanden):
            fouten.append({"name": "maanden", "code": "uniqueItems", "reason": "Noem elke maand één keer."})
        if not maanden:
            fouten.append({"name": "maanden", "code": "minItems", "reason": "Noem ten minste één maand."})
        for i, m in enumerate(maanden):
            if m.maand not in regels:
                continue
            if m.bedrag is not None and not m.toegekend:
                fouten.append(
                    {
                        "name": f"maanden[{i}].bedrag",
                        "code": "forbidden",
                        "reason": "Geen bedrag bij een afgewezen maand.",
                    }
                )
            elif m.toegekend and m.bedrag is None and _niets_berekend(regels[m.maand]):
                fouten.append(
                    {
                        "name": f"maanden[{i}].bedrag",
                        "code": "required",
                        "reason": "De regels berekenden voor deze maand niets: noem het bedrag dat u toekent (centen).",
                    }
                )
            elif (
                m.toegekend
                and m.bedrag is not None
                and (m.bedrag != regels_bedrag[m.maand] or not regels[m.maand]["toegekend"])
            ):
                bedragen[m.maand] = m.bedrag
        if fouten:
            raise OngeldigeInvoer(fouten)
        per_maand = {m: regels_maanden[m] for m in regels_maanden} | {m.maand: m.toegekend for m in maanden}
        waarden = set(per_maand.values())
        besluit = (
            Besluit.toekenning
            if waarden == {True}
            else Besluit.afwijzing
            if waarden == {False}
            else Besluit.gedeeltelijke_toekenning
        )
    else:
        assert besluit is not None
        if besluit is Besluit.gedeeltelijke_toekenning:
            raise OngeldigeInvoer(
                [{"name": "maanden", "code": "required", "reason": "Een gedeeltelijke toekenning gaat per maand."}]
            )
        per_maand = {m: besluit is Besluit.toekenning for m in regels_maanden}
        zonder_bedrag = [m for m in regels_maanden if per_maand[m] and _niets_berekend(regels[m])]
        if zonder_bedrag:
            raise OngeldigeInvoer(
                [
                    {
                        "name": "maanden",
                        "code": "required",
                        "reason": f"De regels berekenden niets voor {', '.join(zonder_bedrag)}: "
                        "ken per maand toe, met het bedrag.",
                    }
                ]
            )
    afwijkend = bool(bedragen) or (
        conclusie in _REGELS_CONCLUDEREN
        and (conclusie != besluit.value or any(per_maand[m] != regels_maanden[m] for m in regels_maanden))
    )
    return besluit, per_maand, bedragen, afwijkend


async def beoordeel(
    engine: AsyncEngine,
    aanvraag_id: UUID,
    gemeenten: Collection[str],
    actor: Actor,
    besluit: Besluit | None,
    maanden: Sequence[MaandOordeel] | None,
    motivering: str | None,
    verwachte_versie: int | None,
    nu: datetime,
    vorm: Vorm | None = None,
) -> Resultaat:
    async with engine.begin() as conn:
        zaak, verificatie = await vergrendel_met_verificatie(conn, aanvraag_id, gemeenten, verwachte_versie)
        vereis_status(zaak, Status.te_beoordelen, Status.te_reviewen)
        if not mag_behandelen(Stadium.consulent, zaak, actor.sub):
            raise VierOgen("U controleerde of reviewde deze aanvraag; een ander moet haar beoordelen (vier ogen).")
        vereis_claim(zaak, actor.sub, nu)
        uitkomst = verificatie.regeluitkomst
        gekozen, per_maand, bedragen, afwijkend = bepaal(uitkomst, besluit, maanden)
        aanvraag = (
            await conn.execute(
                text("SELECT gegevens->'bbz'->>'categorie' AS categorie, aanvraagdatum FROM aanvragen WHERE id = :id"),
                {"id": aanvraag_id},
            )
        ).one()
        gekozen_vorm, andere_vorm = kies_vorm(zaak.regeling, aanvraag.categorie, uitkomst, vorm, aanvraag.aanvraagdatum)
        afwijkend = afwijkend or andere_vorm
        conclusie = (uitkomst or {}).get("conclusie")
        motivering = (motivering or "").strip() or None
        if motivering is None and (afwijkend or conclusie not in _REGELS_CONCLUDEREN):
            reden = (
                "Dit besluit wijkt af van de uitkomst van de regels: motiveer het."
                if afwijkend
                else "De regels kwamen niet tot een conclusie: motiveer het besluit."
            )
            raise OngeldigeInvoer([{"name": "motivering", "code": "required", "reason": reden}])
        await conn.execute(
            text(
                "INSERT INTO beoordelingen (aanvraag_id, tijdstip, gecontroleerd_door, beoordeeld_door, besluit, "
                "maanden, conclusie_regels, afwijkend, motivering, vorm) VALUES (:id, :nu, :a, :b, :besluit, "
                "CAST(:maanden AS jsonb), :conclusie, :afwijkend, :motivering, :vorm)"
            ),
            {
                "id": aanvraag_id,
                "nu": nu,
                "a": zaak.gecontroleerd_door or "",
                "b": actor.sub,
                "besluit": gekozen.value,
                "maanden": json.dumps(
                    [
                        {"maand": m, "toegekend": t} | ({"bedrag": bedragen[m]} if m in bedragen else {})
                        for m, t in sorted(per_maand.items())
                    ]
                ),
                "conclusie": conclusie,
                "afwijkend": afwijkend,
                "motivering": motivering,
                "vorm": None if gekozen_vorm is None else gekozen_vorm.value,
            },
        )
        zaak = await verplaats(
            conn,
            zaak,
            NAAR[gekozen],
            actor,
            "beoordeeld",
            nu,
            {
                "besluit": gekozen.value,
                "afwijkend": afwijkend,
                "conclusieRegels": conclusie,
                "vorm": None if gekozen_vorm is None else gekozen_vorm.value,
            },
            {"beoordeeld_door": actor.sub},
        )
        await beschikkingen.maak(conn, aanvraag_id, zaak.status, nu)  # an award is final: its letter
    return Resultaat(zaak, gekozen, afwijkend, conclusie)
