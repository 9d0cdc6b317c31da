"""Tijdelijke overbruggingsregeling zelfstandig ondernemers (Tozo), versions 1 to 5."""
