"""Bbz months: from the month of application (PW art. 44), and in the relaxed Bbz after the Tozo
(applications 01-10-2021 to 31-03-2022) up to 2 months back (spec §4.1)."""

from __future__ import annotations

from datetime import date

from app.rules.invoer import BbzCategorie
from app.rules.kalender import Maand, MaandVenster
from app.rules.parameters import geheel_getal, ja_nee, tekst, waarde_op

BBZ_OPEN_VANAF = date(2004, 1, 1)  # Bbz 2004 in force (Stb. 2003, 405)

_MAX_MAANDEN = {
    BbzCategorie.GEVESTIGDE: "bbz.max_maanden_gevestigde",
    BbzCategorie.STARTER: "bbz.max_maanden_starter",
    BbzCategorie.BEEINDIGER: "bbz.max_maanden_beeindiger",
}


def max_maanden(categorie: BbzCategorie, aanvraagdatum: date) -> int:
    return geheel_getal(_MAX_MAANDEN[categorie], aanvraagdatum)


def is_versoepeld(aanvraagdatum: date) -> bool:
    return ja_nee("bbz.versoepeling", aanvraagdatum)


def maandvenster(aanvraagdatum: date, categorie: BbzCategorie | None) -> MaandVenster:
    """Months that can be applied for; without a category the longest duration (starter)."""
    aanvraagmaand = Maand.van(aanvraagdatum)
    if is_versoepeld(aanvraagdatum):
        terug = geheel_getal("bbz.versoepeling_terugwerkende_maanden", aanvraagdatum)
        grens = Maand.uit_tekst(tekst("bbz.versoepeling_vroegste_maand", aanvraagdatum))
        eerste = max(aanvraagmaand.plus(-terug), grens)
        grondslag = waarde_op("bbz.versoepeling", aanvraagdatum).bron
    else:
        eerste = aanvraagmaand
        grondslag = "Participatiewet art. 44 lid 1 (bijstand vanaf de dag van de aanvraag)"
    aantal = (
        max(max_maanden(c, aanvraagdatum) for c in BbzCategorie)
        if categorie is None
        else (max_maanden(categorie, aanvraagdatum))
    )
    duur = waarde_op(_MAX_MAANDEN[categorie or BbzCategorie.STARTER], aanvraagdatum).bron
    return MaandVenster(eerste, eerste.plus(aantal - 1), aantal, f"{grondslag}; {duur}")
