"""Who did what (audit trail) and which personal data was processed (Logboek dataverwerkingen)."""
