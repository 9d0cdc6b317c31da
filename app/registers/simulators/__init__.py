"""Local simulators of the KvK, BRP and Suwinet contracts, for development and tests."""

from app.registers.simulators.app import create_app
from app.registers.simulators.storingen import Storing, Storingen

__all__ = ["Storing", "Storingen", "create_app"]
