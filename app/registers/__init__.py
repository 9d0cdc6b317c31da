"""Register adapters: KvK Basisprofiel, Haal Centraal BRP Personen v2 and Suwinet (SOAP).

The lead maps settings onto the client constructors; nothing here reads the environment.
"""

from app.registers.aangifte import Aangifte, OpgegevenMaandinkomen
from app.registers.bevindingen import KVK_PEILMOMENT_TOZO, Bevinding, bepaal_bevindingen
from app.registers.brp import BrpClient, Doel, Persoon
from app.registers.fouten import (
    CircuitOpen,
    OngeldigAntwoord,
    RegisterFout,
    RegisterTijdelijkOnbeschikbaar,
    RegisterVerzoekGeweigerd,
)
from app.registers.kvk import Basisprofiel, KvkClient
from app.registers.raadpleging import RegisterClients, raadpleeg_registers
from app.registers.resultaat import NietGevonden, Opvraging
from app.registers.snapshot import MisluktOpvraging, RegisterSnapshot
from app.registers.suwinet import Bijstandsregelingen, Inkomsten, SuwinetClient
from app.registers.verwerking import TraceContext, Verwerking
from app.registers.weerbaarheid import CircuitBreaker, RetryBeleid

__all__ = [
    "KVK_PEILMOMENT_TOZO",
    "Aangifte",
    "Basisprofiel",
    "Bevinding",
    "Bijstandsregelingen",
    "BrpClient",
    "CircuitBreaker",
    "CircuitOpen",
    "Doel",
    "Inkomsten",
    "KvkClient",
    "MisluktOpvraging",
    "NietGevonden",
    "OngeldigAntwoord",
    "OpgegevenMaandinkomen",
    "Opvraging",
    "Persoon",
    "RegisterClients",
    "RegisterFout",
    "RegisterSnapshot",
    "RegisterTijdelijkOnbeschikbaar",
    "RegisterVerzoekGeweigerd",
    "RetryBeleid",
    "SuwinetClient",
    "TraceContext",
    "Verwerking",
    "bepaal_bevindingen",
    "raadpleeg_registers",
]
