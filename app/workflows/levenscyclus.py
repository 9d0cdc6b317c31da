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
    Status.toegekend: frozenset(),
    Status.gedeeltelijk_toegekend: frozenset(),
    Status.afgewezen: frozenset(),
    Status.buiten_behandeling: frozenset(),
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
