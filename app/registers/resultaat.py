"""The envelope every client returns: the answer, where and when it came from, and its log data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from app.registers.verwerking import Verwerking

T = TypeVar("T")


@dataclass(frozen=True)
class NietGevonden:
    """The register knows no such person or business: a finding, not an error."""

    register: str
    sleutel: str
    melding: str


@dataclass(frozen=True)
class Opvraging(Generic[T]):
    resultaat: T | NietGevonden
    bron: str
    tijdstip: datetime
    verwerking: Verwerking

    @property
    def gevonden(self) -> bool:
        return not isinstance(self.resultaat, NietGevonden)
