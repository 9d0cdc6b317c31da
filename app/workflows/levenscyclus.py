"""Every state an application can be in and every move allowed between them, in one table.

A move not in this table is refused (409). Each move happens in one database transaction
together with its audit event (`app.audit.trail`)."""

from enum import StrEnum

from app.workflows.fouten import OvergangNietToegestaan


class Status(StrEnum):
    ontvangen = "ontvangen"
    in_verificatie = "in_verificatie"  # registers are being consulted (automatic)
    te_controleren = "te_controleren"  # checker (controleur) confirms completeness and findings
    hersteltermijn = "hersteltermijn"  # waiting for the applicant to supply what is missing
    te_beoordelen = "te_beoordelen"  # assessor (consulent) awards or rejects
    levensvatbaarheidsonderzoek = "levensvatbaarheidsonderzoek"  # Bbz: waiting for the adviser's report
    te_reviewen = "te_reviewen"  # a third person reviews a proposed rejection
    toegekend = "toegekend"
    gedeeltelijk_toegekend = "gedeeltelijk_toegekend"
    afgewezen = "afgewezen"
    buiten_behandeling = "buiten_behandeling"  # Awb 4:5, hersteltermijn expired unused
    ingetrokken = "ingetrokken"  # withdrawn by the applicant before a decision


BESLOTEN = frozenset({Status.toegekend, Status.gedeeltelijk_toegekend, Status.afgewezen, Status.buiten_behandeling})
EINDSTATUSSEN = BESLOTEN | {Status.ingetrokken}

# From-state -> the states it may move to. Withdrawal is possible until a decision exists.
TRANSITIES: dict[Status, frozenset[Status]] = {
    Status.ontvangen: frozenset({Status.in_verificatie, Status.ingetrokken}),
    Status.in_verificatie: frozenset({Status.te_controleren, Status.ingetrokken}),
    Status.te_controleren: frozenset({Status.hersteltermijn, Status.te_beoordelen, Status.ingetrokken}),
    Status.hersteltermijn: frozenset({Status.te_controleren, Status.buiten_behandeling, Status.ingetrokken}),
    Status.te_beoordelen: frozenset(
        {
            Status.toegekend,
            Status.gedeeltelijk_toegekend,
            Status.te_reviewen,
            Status.levensvatbaarheidsonderzoek,
            Status.ingetrokken,
        }
    ),
    Status.levensvatbaarheidsonderzoek: frozenset({Status.te_beoordelen, Status.ingetrokken}),
    Status.te_reviewen: frozenset(
        {Status.afgewezen, Status.gedeeltelijk_toegekend, Status.te_beoordelen, Status.ingetrokken}
    ),
    # A decided case moves again only when an objection against it is founded (Awb 7:11): it is
    # reconsidered through the normal assessment (an application not handled for lack of
    # information is checked first), and the new decision replaces the old one.
    Status.toegekend: frozenset({Status.te_beoordelen}),
    Status.gedeeltelijk_toegekend: frozenset({Status.te_beoordelen}),
    Status.afgewezen: frozenset({Status.te_beoordelen}),
    Status.buiten_behandeling: frozenset({Status.te_controleren}),
    Status.ingetrokken: frozenset(),
}

# Plain Dutch for the applicant's view of the case history.
OMSCHRIJVING: dict[Status, str] = {
    Status.ontvangen: "Uw aanvraag is ontvangen.",
    Status.in_verificatie: "Wij controleren uw gegevens bij de KvK, de BRP en het UWV.",
    Status.te_controleren: "Een medewerker controleert of uw aanvraag compleet is.",
    Status.hersteltermijn: "Wij hebben u gevraagd om gegevens aan te vullen.",
    Status.te_beoordelen: "Een consulent beoordeelt uw aanvraag.",
    Status.levensvatbaarheidsonderzoek: "Een adviseur onderzoekt of uw bedrijf levensvatbaar is.",
    Status.te_reviewen: "Een tweede medewerker bekijkt het voorgenomen besluit.",
    Status.toegekend: "Uw aanvraag is toegekend.",
    Status.gedeeltelijk_toegekend: "Uw aanvraag is gedeeltelijk toegekend.",
    Status.afgewezen: "Uw aanvraag is afgewezen.",
    Status.buiten_behandeling: "Uw aanvraag is buiten behandeling gesteld.",
    Status.ingetrokken: "U heeft uw aanvraag ingetrokken.",
}


def controleer_overgang(van: Status, naar: Status) -> None:
    if naar not in TRANSITIES[van]:
        raise OvergangNietToegestaan(f"Een aanvraag met status '{van.value}' kan niet naar '{naar.value}'.")


class WijzigingStatus(StrEnum):
    """A reported change (wijziging) after an award, with its own small lifecycle."""

    te_beoordelen = "te_beoordelen"  # the proposal waits for an assessor
    te_reviewen = "te_reviewen"  # a herziening to the applicant's detriment waits for a third person
    vastgesteld = "vastgesteld"  # the herziening is decided: letter and ledger entries
    niet_herzien = "niet_herzien"  # the assessor decided the change does not lead to a herziening
    zonder_gevolgen = "zonder_gevolgen"  # the recomputation changed no month


WIJZIGING_TRANSITIES: dict[WijzigingStatus, frozenset[WijzigingStatus]] = {
    WijzigingStatus.te_beoordelen: frozenset(
        {WijzigingStatus.te_reviewen, WijzigingStatus.vastgesteld, WijzigingStatus.niet_herzien}
    ),
    WijzigingStatus.te_reviewen: frozenset({WijzigingStatus.vastgesteld, WijzigingStatus.te_beoordelen}),
    WijzigingStatus.vastgesteld: frozenset(),
    WijzigingStatus.niet_herzien: frozenset(),
    WijzigingStatus.zonder_gevolgen: frozenset(),
}


def controleer_wijziging(van: WijzigingStatus, naar: WijzigingStatus) -> None:
    if naar not in WIJZIGING_TRANSITIES[van]:
        raise OvergangNietToegestaan(f"Een wijziging met status '{van.value}' kan niet naar '{naar.value}'.")
