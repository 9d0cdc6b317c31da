"""Bbz tests drive cases through the real register simulators, like the workflow tests."""

from tests.registers.conftest import schone_simulator, simulator
from tests.workflows.test_verificatie import clients, engine

__all__ = ["clients", "engine", "schone_simulator", "simulator"]
