"""Rules engine for Tozo 1-5 and Bbz 2004: pure functions, no I/O, no clock, no database.

Nothing here imports from the rest of `app`. Money is in integer euro cents; every date the rules
depend on (application date, evaluation date) is an argument.
"""

from app.rules.awb import (
    Bezwaar,
    beslistermijn,
    bezwaar,
    bezwaartermijn_laatste_dag,
    buiten_behandeling_uiterlijk,
    hersteltermijn_einde,
    opschorting_dagen,
    redelijke_termijn_einde,
)
from app.rules.beoordeling import beoordeel
from app.rules.feiten import (
    GEEN_FEITEN,
    GEEN_HISTORIE,
    Bron,
    BrpGegevens,
    EerdereLening,
    Historie,
    KvkGegevens,
    Registerfeiten,
    Rol,
    SuwinetInkomen,
    ToegekendeMaand,
)
from app.rules.invoer import Aanvraag, Regeling
from app.rules.invoer_uit_dict import OngeldigeInvoer, Probleem, aanvraag_uit_dict
from app.rules.kalender import Maand, MaandVenster
from app.rules.regelingen import RegelingInfo, aanvraagbare_maanden, regelingen_open_op
from app.rules.uitkomst import Conclusie, Status, Uitkomst
from app.rules.verlenging import Verlengingsvorm, verlengingsvorm

__all__ = [
    "GEEN_FEITEN",
    "GEEN_HISTORIE",
    "Aanvraag",
    "Bezwaar",
    "Bron",
    "BrpGegevens",
    "Conclusie",
    "EerdereLening",
    "Historie",
    "KvkGegevens",
    "Maand",
    "MaandVenster",
    "OngeldigeInvoer",
    "Probleem",
    "Regeling",
    "RegelingInfo",
    "Registerfeiten",
    "Rol",
    "Status",
    "SuwinetInkomen",
    "ToegekendeMaand",
    "Uitkomst",
    "Verlengingsvorm",
    "aanvraag_uit_dict",
    "aanvraagbare_maanden",
    "beoordeel",
    "beslistermijn",
    "bezwaar",
    "bezwaartermijn_laatste_dag",
    "buiten_behandeling_uiterlijk",
    "hersteltermijn_einde",
    "opschorting_dagen",
    "redelijke_termijn_einde",
    "regelingen_open_op",
    "verlengingsvorm",
]
