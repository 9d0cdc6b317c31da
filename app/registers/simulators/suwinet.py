"""Suwinet simulator: SOAP 1.1 endpoints of UWVDossierInkomstenGSD-v0200 and
Bijstandsregelingen-v0500.

Answers are built element by element in the order of the XSD sequences (elementFormDefault is
unqualified: only the body element carries the service namespace); the contract test validates
them against the copied XSDs.
"""

from __future__ import annotations

import time
import uuid
from datetime import date
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs here

from app.registers.contracten import BIJSTANDSREGELINGEN_ACTIE_XSD, UWV_INKOMSTEN_ACTIE_XSD
from app.registers.simulators.storingen import Storingen

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSA = "http://www.w3.org/2005/08/addressing"
UWV_NS = "http://bkwi.nl/SuwiML/Diensten/UWVDossierInkomstenGSD/v0200"
BIJSTAND_NS = "http://bkwi.nl/SuwiML/Diensten/Bijstandsregelingen/v0500"
FWI_NS = "http://bkwi.nl/SuwiML/FWI/v0205"
UWV_ACTIE = "http://bkwi.nl/SuwiML/Diensten/UWVDossierInkomstenGSD-v0200/UWVPersoonsIkvInfo"
BIJSTAND_ACTIE = "http://bkwi.nl/SuwiML/Diensten/Bijstandsregelingen-v0500/BijstandsregelingenInfo"

_XML = "text/xml; charset=utf-8"


def _sub(ouder: etree._Element, naam: str, tekst: str | None = None) -> etree._Element:
    element = etree.SubElement(ouder, naam)
    if tekst is not None:
        element.text = tekst
    return element


def _datum(iso: str) -> str:
    return iso.replace("-", "")


def _bedrag(ouder: etree._Element, naam: str, cent: int) -> None:
    bedrag = _sub(ouder, naam)
    _sub(bedrag, "CdMunteenheid", "EUR")
    _sub(bedrag, "CdPositiefNegatief", "-" if cent < 0 else "+")
    _sub(bedrag, "WaardeBedr", str(abs(cent)))


def _maanden(van: str, tot: str) -> list[date]:
    jaar, maand = map(int, van.split("-"))
    eind_jaar, eind_maand = map(int, tot.split("-"))
    uit = []
    while (jaar, maand) <= (eind_jaar, eind_maand):
        uit.append(date(jaar, maand, 1))
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    return uit


def _maand_einde(dag: date) -> date:
    volgende = date(dag.year + (dag.month == 12), dag.month % 12 + 1, 1)
    return date.fromordinal(volgende.toordinal() - 1)


def _envelop(lichaam: etree._Element, actie: str, relates_to: str | None) -> bytes:
    envelop = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV, "wsa": WSA})
    kop = etree.SubElement(envelop, f"{{{SOAP_ENV}}}Header")
    etree.SubElement(kop, f"{{{WSA}}}Action").text = actie + "Response"
    etree.SubElement(kop, f"{{{WSA}}}MessageID").text = f"urn:uuid:{uuid.uuid4()}"
    if relates_to:
        etree.SubElement(kop, f"{{{WSA}}}RelatesTo").text = relates_to
    etree.SubElement(envelop, f"{{{SOAP_ENV}}}Body").append(lichaam)
    return bytes(etree.tostring(envelop, xml_declaration=True, encoding="UTF-8"))


def _fault(tekst: str) -> Response:
    envelop = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    fault = etree.SubElement(etree.SubElement(envelop, f"{{{SOAP_ENV}}}Body"), f"{{{SOAP_ENV}}}Fault")
    _sub(fault, "faultcode", "soap:Client")
    _sub(fault, "faultstring", tekst)
    return Response(etree.tostring(envelop), status_code=500, media_type=_XML)


def uwv_antwoord(bsn: str, persoon: dict[str, Any] | None, periode: tuple[date | None, date | None]) -> etree._Element:
    antwoord = etree.Element(f"{{{UWV_NS}}}UWVPersoonsIkvInfoResponse", nsmap={"smls": UWV_NS})
    verhoudingen = (persoon or {}).get("inkomstenverhoudingen", [])
    van, tot = periode
    blokken = []
    for ikv in verhoudingen:
        maanden = [
            m
            for m in _maanden(ikv["van"], ikv["tot"])
            if (van is None or _maand_einde(m) >= van) and (tot is None or m <= tot)
        ]
        if maanden:
            blokken.append((ikv, maanden))
    if not blokken:
        etree.SubElement(antwoord, f"{{{FWI_NS}}}NietsGevonden", nsmap={"fwi": FWI_NS})
        return antwoord
    client = _sub(antwoord, "ClientSuwi")
    _sub(client, "Burgerservicenr", bsn)
    for ikv, maanden in blokken:
        verhouding = _sub(client, "Inkomstenverhouding")
        _sub(verhouding, "VolgnrIkv", str(ikv["volgnr"]))
        _sub(verhouding, "DatBIkv", _datum(ikv["begin"]))
        if ikv.get("einde"):
            _sub(verhouding, "DatEIkv", _datum(ikv["einde"]))
        eenheid = _sub(verhouding, "AdministratieveEenheid")
        _sub(eenheid, "NaamAdministratieveEenheid", ikv["werkgever"])
        _sub(eenheid, "Loonheffingennr", ikv["loonheffingennummer"])
        rechtspersoon = _sub(eenheid, "RechtspersoonAdministratieveEenh")
        _sub(rechtspersoon, "FiNr", ikv["fiscaalnummer"])
        _sub(rechtspersoon, "NaamRechtspersoon", ikv["werkgever"])
        periode_el = _sub(verhouding, "Inkomstenperiode")
        _sub(periode_el, "DatBIkp", _datum(ikv["begin"]))
        _sub(periode_el, "CdSrtIkv", ikv["cd_srt_ikv"])
        for maand in maanden:
            opgave = _sub(verhouding, "Inkomstenopgave")
            _sub(opgave, "DatBIko", maand.strftime("%Y%m%d"))
            _sub(opgave, "DatEIko", _maand_einde(maand).strftime("%Y%m%d"))
            _bedrag(opgave, "BedrBrutoloonSv", ikv["brutoloon_sv_cent"])
            _bedrag(opgave, "BedrLoonLbPremieVolksverz", ikv["loon_lb_cent"])
            _bedrag(opgave, "BedrIngehoudenLbPremieVolksverz", ikv["ingehouden_lb_cent"])
    levering = _sub(antwoord, "PeriodeGegevensleveringIko")
    if van:
        _sub(levering, "DatBPeriode", van.strftime("%Y%m%d"))
    if tot:
        _sub(levering, "DatEPeriode", tot.strftime("%Y%m%d"))
    return antwoord


def bijstand_antwoord(bsn: str, persoon: dict[str, Any] | None) -> etree._Element:
    antwoord = etree.Element(f"{{{BIJSTAND_NS}}}BijstandsregelingenInfoResponse", nsmap={"smls": BIJSTAND_NS})
    uitkeringen = (persoon or {}).get("bijstand", [])
    if not uitkeringen:
        etree.SubElement(antwoord, f"{{{FWI_NS}}}NietsGevonden", nsmap={"fwi": FWI_NS})
        return antwoord
    client = _sub(antwoord, "ClientSuwi")
    _sub(client, "Burgerservicenr", bsn)
    for uitkering in uitkeringen:
        verhouding = _sub(client, "Uitkeringsverhouding")
        _sub(verhouding, "DatBUitkeringsverhouding", _datum(uitkering["begin"]))
        if uitkering.get("einde"):
            _sub(verhouding, "DatEUitkeringsverhouding", _datum(uitkering["einde"]))
        _sub(_sub(verhouding, "SzWet"), "CdSzWet", uitkering["cd_sz_wet"])
        if uitkering.get("classificatie_bbz"):
            specifiek = _sub(verhouding, "SpecifiekeGegevensBijstandUitk")
            _sub(specifiek, "CdClassificatieBbz", uitkering["classificatie_bbz"])
        periode = _sub(verhouding, "Uitkeringsperiode")
        _sub(periode, "DatBUitkeringsperiode", _datum(uitkering["begin"]))
        if uitkering.get("einde"):
            _sub(periode, "DatEUitkeringsperiode", _datum(uitkering["einde"]))
        inkomsten = _sub(periode, "InkomstenBijstandUitkering")
        _bedrag(inkomsten, "BedrBetaalbaarGesteldeUitkering", uitkering["bedrag_per_maand_cent"])
        bron = _sub(verhouding, "Bron")
        _sub(bron, "CdKolomSuwi", "4")
        _sub(bron, "CdPartijSuwi", uitkering["gemeente"])
    return antwoord


@cache
def _actie_schema(pad: str) -> Any:
    return etree.XMLSchema(etree.parse(pad))


def _lees_verzoek(inhoud: bytes, ns: str, element: str) -> tuple[etree._Element, str | None, str | None]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    envelop = etree.fromstring(inhoud, parser)
    actie = envelop.findtext(f"{{{SOAP_ENV}}}Header/{{{WSA}}}Action")
    bericht_id = envelop.findtext(f"{{{SOAP_ENV}}}Header/{{{WSA}}}MessageID")
    verzoek = envelop.find(f"{{{SOAP_ENV}}}Body/{{{ns}}}{element}")
    if verzoek is None:
        raise ValueError(f"no {element} in Body")
    # Like the broker, refuse a request body that does not fit the service's BodyAction.xsd.
    xsd = UWV_INKOMSTEN_ACTIE_XSD if ns == UWV_NS else BIJSTANDSREGELINGEN_ACTIE_XSD
    schema = _actie_schema(str(xsd))
    if not schema.validate(etree.fromstring(etree.tostring(verzoek))):
        raise ValueError(f"request does not fit {xsd.name}: {schema.error_log.last_error}")
    return verzoek, actie, bericht_id


def _optionele_datum(tekst: str | None) -> date | None:
    if not tekst:
        return None
    return date(int(tekst[:4]), int(tekst[4:6]), int(tekst[6:]))


def suwinet_router(personen: dict[str, dict[str, Any]], storingen: Storingen) -> APIRouter:
    router = APIRouter(prefix="/suwinet")

    async def storing() -> Response | None:
        modus = await storingen.toepassen("suwinet")
        if modus in ("down", "fout"):
            return Response("Service Unavailable", status_code=503, media_type="text/plain")
        if modus == "druk":
            return Response(status_code=429, headers={"Retry-After": "1"})
        if modus == "onzin":
            return Response("<html><body>Broker error</body></html>", media_type="text/html")
        return None

    @router.post("/UWVDossierInkomstenGSD-v0200")
    async def uwv_inkomsten(request: Request) -> Response:
        start = time.perf_counter()
        bsn: str | None = None
        try:
            # Read the request before any slowness: a client that timed out is then gone
            # quietly instead of as a ClientDisconnect in the log.
            inhoud = await request.body()
            if (verstoord := await storing()) is not None:
                return verstoord
            try:
                verzoek, actie, bericht_id = _lees_verzoek(inhoud, UWV_NS, "UWVPersoonsIkvInfo")
            except (etree.XMLSyntaxError, ValueError) as exc:
                return _fault(f"Ongeldig bericht: {exc}")
            if actie != UWV_ACTIE:
                return _fault(f"Onbekende wsa:Action {actie!r}")
            bsn = verzoek.findtext("Burgerservicenr")
            if not bsn or len(bsn) != 9 or not bsn.isdigit():
                return _fault("Burgerservicenr ontbreekt of is ongeldig")
            periode = (
                _optionele_datum(verzoek.findtext("PeriodeGegevensvraagIko/DatBPeriode")),
                _optionele_datum(verzoek.findtext("PeriodeGegevensvraagIko/DatEPeriode")),
            )
            lichaam = uwv_antwoord(bsn, personen.get(bsn), periode)
            return Response(_envelop(lichaam, UWV_ACTIE, bericht_id), media_type=_XML)
        finally:
            storingen.tel(
                "suwinet",
                f"uwv:{bsn}" if bsn else None,
                start,
                request.headers.get("traceparent"),
            )

    @router.post("/Bijstandsregelingen-v0500")
    async def bijstandsregelingen(request: Request) -> Response:
        start = time.perf_counter()
        bsn: str | None = None
        try:
            # Read the request before any slowness: a client that timed out is then gone
            # quietly instead of as a ClientDisconnect in the log.
            inhoud = await request.body()
            if (verstoord := await storing()) is not None:
                return verstoord
            try:
                verzoek, actie, bericht_id = _lees_verzoek(inhoud, BIJSTAND_NS, "BijstandsregelingenInfo")
            except (etree.XMLSyntaxError, ValueError) as exc:
                return _fault(f"Ongeldig bericht: {exc}")
            if actie != BIJSTAND_ACTIE:
                return _fault(f"Onbekende wsa:Action {actie!r}")
            bsn = verzoek.findtext("Burgerservicenr")
            if not bsn or len(bsn) != 9 or not bsn.isdigit():
                return _fault("Burgerservicenr ontbreekt of is ongeldig")
            lichaam = bijstand_antwoord(bsn, personen.get(bsn))
            return Response(_envelop(lichaam, BIJSTAND_ACTIE, bericht_id), media_type=_XML)
        finally:
            storingen.tel(
                "suwinet",
                f"bijstand:{bsn}" if bsn else None,
                start,
                request.headers.get("traceparent"),
            )

    return router
