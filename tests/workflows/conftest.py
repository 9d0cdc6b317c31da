"""The register simulator for workflow tests, shared with the register tests."""

from tests.registers.conftest import schone_simulator, simulator

__all__ = ["schone_simulator", "simulator"]
