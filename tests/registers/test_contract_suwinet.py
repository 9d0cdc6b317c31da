"""Suwinet simulator answers against the SuwiML XSDs; requests are checked by the simulator."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from lxml import etree

from app.registers.contracten import BIJSTANDSREGELINGEN_REACTIE_XSD, UWV_INKOMSTEN_REACTIE_XSD
from app.registers.simulators.gegevens import laad_testgegevens
from app.registers.simulators.suwinet import (
    BIJSTAND_ACTIE,
    BIJSTAND_NS,
    SOAP_ENV,
    UWV_ACTIE,
    UWV_NS,
    WSA,
)
from tests.registers.conftest import Simulator

UWV_XSD = etree.XMLSchema(etree.parse(str(UWV_INKOMSTEN_REACTIE_XSD)))
BIJSTAND_XSD = etree.XMLSchema(etree.parse(str(BIJSTANDSREGELINGEN_REACTIE_XSD)))
BSNS = [*sorted(laad_testgegevens().suwinet), "999970124", "111222333"]


def _envelop(actie: str, lichaam: str) -> bytes:
    return (
        f'<soap:Envelope xmlns:soap="{SOAP_ENV}" xmlns:wsa="{WSA}"><soap:Header>'
        f"<wsa:Action>{actie}</wsa:Action><wsa:MessageID>urn:uuid:1</wsa:MessageID>"
        f"</soap:Header><soap:Body>{lichaam}</soap:Body></soap:Envelope>"
    ).encode()


async def _post(simulator: Simulator, dienst: str, inhoud: bytes) -> httpx.Response:
    async with httpx.AsyncClient(base_url=simulator.suwinet_url) as http:
        return await http.post(f"/{dienst}", content=inhoud, headers={"Content-Type": "text/xml"})


def _body(response: httpx.Response) -> Any:
    envelop = etree.fromstring(response.content)
    body = envelop.find(f"{{{SOAP_ENV}}}Body")
    assert body is not None and len(body) == 1
    return body[0]


def test_xsd_rejects_drift() -> None:
    """The XSD validator can fail: amounts must be whole cents, elements in order."""
    fout = etree.fromstring(
        f'<smls:UWVPersoonsIkvInfoResponse xmlns:smls="{UWV_NS}"><ClientSuwi>'
        "<Burgerservicenr>999991048</Burgerservicenr><Inkomstenverhouding>"
        "<Inkomstenperiode><DatBIkp>20200101</DatBIkp></Inkomstenperiode>"
        "<Inkomstenopgave><DatBIko>20200101</DatBIko><BedrBrutoloonSv><WaardeBedr>12.50"
        "</WaardeBedr></BedrBrutoloonSv></Inkomstenopgave></Inkomstenverhouding></ClientSuwi>"
        "</smls:UWVPersoonsIkvInfoResponse>"
    )
    assert not UWV_XSD.validate(fout)


@pytest.mark.parametrize("bsn", BSNS)
async def test_uwv_answer_fits_xsd(simulator: Simulator, bsn: str) -> None:
    vraag = (
        f'<smls:UWVPersoonsIkvInfo xmlns:smls="{UWV_NS}"><Burgerservicenr>{bsn}</Burgerservicenr>'
        "<PeriodeGegevensvraagIko><DatBPeriode>20200101</DatBPeriode>"
        "<DatEPeriode>20211231</DatEPeriode></PeriodeGegevensvraagIko></smls:UWVPersoonsIkvInfo>"
    )
    response = await _post(simulator, "UWVDossierInkomstenGSD-v0200", _envelop(UWV_ACTIE, vraag))
    assert response.status_code == 200
    body = _body(response)
    assert UWV_XSD.validate(body), UWV_XSD.error_log


@pytest.mark.parametrize("bsn", BSNS)
async def test_bijstand_answer_fits_xsd(simulator: Simulator, bsn: str) -> None:
    vraag = (
        f'<smls:BijstandsregelingenInfo xmlns:smls="{BIJSTAND_NS}">'
        f"<Burgerservicenr>{bsn}</Burgerservicenr></smls:BijstandsregelingenInfo>"
    )
    response = await _post(simulator, "Bijstandsregelingen-v0500", _envelop(BIJSTAND_ACTIE, vraag))
    assert response.status_code == 200
    body = _body(response)
    assert BIJSTAND_XSD.validate(body), BIJSTAND_XSD.error_log


async def test_request_outside_xsd_is_a_fault(simulator: Simulator) -> None:
    vraag = (
        f'<smls:BijstandsregelingenInfo xmlns:smls="{BIJSTAND_NS}">'
        "<Burgerservicenr>999991061</Burgerservicenr><Extra>1</Extra>"
        "</smls:BijstandsregelingenInfo>"
    )
    response = await _post(simulator, "Bijstandsregelingen-v0500", _envelop(BIJSTAND_ACTIE, vraag))
    assert response.status_code == 500
    assert b"Fault" in response.content


async def test_wrong_ws_addressing_action_is_a_fault(simulator: Simulator) -> None:
    vraag = (
        f'<smls:BijstandsregelingenInfo xmlns:smls="{BIJSTAND_NS}">'
        "<Burgerservicenr>999991061</Burgerservicenr></smls:BijstandsregelingenInfo>"
    )
    response = await _post(simulator, "Bijstandsregelingen-v0500", _envelop(UWV_ACTIE, vraag))
    assert response.status_code == 500
