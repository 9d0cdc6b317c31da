"""Zelfstandigenloket: Tozo and Bbz applications from intake to decision."""
