"""Besluit bijstandverlening zelfstandigen 2004 (Bbz 2004)."""
