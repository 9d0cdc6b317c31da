"""A SEPA credit-transfer file (ISO 20022 pain.001.001.03, the version Dutch banks accept as
"SEPA Credit Transfer"), built from values only: no database, no clock.

Text fields keep to the SEPA character set (EPC guidelines: Latin letters, digits and
`/ - ? : ( ) . , ' +` and space); anything else is transliterated or replaced, so a name with
an accent or a stray `&` never makes the bank refuse the whole file. Amounts are cents, written
with two decimals.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.etree import ElementTree as ET

from schwifty import BIC, IBAN

NAAMRUIMTE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
_NIET_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")


def sepa_tekst(waarde: str, lengte: int) -> str:
    zonder_accenten = unicodedata.normalize("NFKD", waarde).encode("ascii", "ignore").decode()
    schoon = re.sub(r"\s+", " ", _NIET_SEPA.sub(" ", zonder_accenten)).strip()
    return schoon[:lengte].strip() or "-"


def bedrag(cent: int) -> str:
    return f"{cent // 100}.{cent % 100:02d}"


@dataclass(frozen=True)
class Overboeking:
    kenmerk: str  # EndToEndId: the case reference, so a returned payment finds its case
    naam: str
    iban: str
    bedrag_cent: int
    omschrijving: str

    def __post_init__(self) -> None:
        if self.bedrag_cent <= 0:
            raise ValueError("een overboeking is een positief bedrag")


@dataclass(frozen=True)
class Opdrachtgever:
    naam: str
    iban: str
    bic: str | None


def pain001(
    bericht_id: str, gemaakt: datetime, uitvoerdatum: date, van: Opdrachtgever, overboekingen: Sequence[Overboeking]
) -> bytes:
    """One message, one payment instruction (batch booking), one transaction per case."""
    if not overboekingen:
        raise ValueError("een betaalbestand heeft ten minste één overboeking")
    totaal = bedrag(sum(o.bedrag_cent for o in overboekingen))
    aantal = str(len(overboekingen))
    ET.register_namespace("", NAAMRUIMTE)

    def el(ouder: ET.Element, naam: str, tekst: str | None = None, **attr: str) -> ET.Element:
        e = ET.SubElement(ouder, f"{{{NAAMRUIMTE}}}{naam}", attr)
        if tekst is not None:
            e.text = tekst
        return e

    document = ET.Element(f"{{{NAAMRUIMTE}}}Document")
    init = el(document, "CstmrCdtTrfInitn")
    kop = el(init, "GrpHdr")
    el(kop, "MsgId", sepa_tekst(bericht_id, 35))
    el(kop, "CreDtTm", gemaakt.replace(microsecond=0).isoformat())
    el(kop, "NbOfTxs", aantal)
    el(kop, "CtrlSum", totaal)
    el(el(kop, "InitgPty"), "Nm", sepa_tekst(van.naam, 70))
    info = el(init, "PmtInf")
    el(info, "PmtInfId", sepa_tekst(bericht_id, 35))
    el(info, "PmtMtd", "TRF")
    el(info, "BtchBookg", "true")
    el(info, "NbOfTxs", aantal)
    el(info, "CtrlSum", totaal)
    el(el(el(info, "PmtTpInf"), "SvcLvl"), "Cd", "SEPA")
    el(info, "ReqdExctnDt", uitvoerdatum.isoformat())
    el(el(info, "Dbtr"), "Nm", sepa_tekst(van.naam, 70))
    el(el(el(info, "DbtrAcct"), "Id"), "IBAN", str(IBAN(van.iban).compact))
    instelling = el(el(info, "DbtrAgt"), "FinInstnId")
    if van.bic:
        el(instelling, "BIC", str(BIC(van.bic)))
    else:  # allowed within SEPA since 2016 (IBAN-only)
        el(el(instelling, "Othr"), "Id", "NOTPROVIDED")
    el(info, "ChrgBr", "SLEV")
    for o in overboekingen:
        tx = el(info, "CdtTrfTxInf")
        el(el(tx, "PmtId"), "EndToEndId", sepa_tekst(o.kenmerk, 35))
        el(el(tx, "Amt"), "InstdAmt", bedrag(o.bedrag_cent), Ccy="EUR")
        el(el(tx, "Cdtr"), "Nm", sepa_tekst(o.naam, 70))
        el(el(el(tx, "CdtrAcct"), "Id"), "IBAN", str(IBAN(o.iban).compact))
        el(el(tx, "RmtInf"), "Ustrd", sepa_tekst(o.omschrijving, 140))
    xml: bytes = ET.tostring(document, encoding="UTF-8", xml_declaration=True)
    return xml
