"""Client for Suwinet (BKWI SuwiML) over SOAP with zeep on an httpx transport.

Two operations: `UWVPersoonsIkvInfo` (UWVDossierInkomstenGSD-v0200: wages and benefits per income
relation from the UWV polisadministratie, amounts in cents) and `BijstandsregelingenInfo`
(Bijstandsregelingen-v0500: existing bijstand and Bbz benefits). Suwinet knows wages and
benefits only; business profit is never in it.

Not implemented: the WS-Security X.509 signature the production broker requires (needs the
`xmlsec` package, not a dependency yet). Transport TLS client certificates are supported.
"""

from __future__ import annotations

import contextvars
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Literal

import httpx
import zeep
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs here
from zeep.exceptions import Fault, TransportError, XMLParseError
from zeep.exceptions import XMLSyntaxError as ZeepXMLSyntaxError
from zeep.proxy import AsyncServiceProxy
from zeep.transports import AsyncTransport

from app.registers.contracten import BIJSTANDSREGELINGEN_WSDL, UWV_INKOMSTEN_WSDL
from app.registers.fouten import RegisterVerzoekGeweigerd
from app.registers.resultaat import NietGevonden, Opvraging
from app.registers.verwerking import TraceContext
from app.registers.weerbaarheid import (
    CircuitBreaker,
    RegisterVerbinding,
    RetryBeleid,
    TijdelijkeFout,
    controleer_http_status,
)

REGISTER = "Suwinet"
UWV_BINDING = "{http://bkwi.nl/SuwiML/Diensten/UWVDossierInkomstenGSD/v0200}UWVIkvBinding"
BIJSTAND_BINDING = "{http://bkwi.nl/SuwiML/Diensten/Bijstandsregelingen/v0500}BijstandsregelingenBinding"
# Loonaangifte code list "soort inkomstenverhouding": 11-18 are wages (salaris, directeuren,
# wachtgeld); the other codes are benefits and pensions. Unknown codes count as benefit so they
# are never silently dropped from the household income.
LOON_CODES = frozenset({"11", "13", "15", "17", "18"})
BBZ_WETTEN = frozenset({"BBZ"})

InkomenSoort = Literal["loon", "uitkering"]

_traceparent: contextvars.ContextVar[str | None] = contextvars.ContextVar("suwinet_traceparent", default=None)


class _Transport(AsyncTransport):
    """zeep's httpx transport, plus traceparent and our status handling.

    A 503 from the broker is plain text, which zeep would report as "invalid XML"; we classify
    status codes ourselves before zeep parses anything. SOAP faults (HTTP 500 with XML) still go
    to zeep, which raises `Fault`.
    """

    async def post(self, address: str, message: bytes, headers: dict[str, str]) -> httpx.Response:
        kop = dict(headers)
        if (tp := _traceparent.get()) is not None:
            kop["traceparent"] = tp
        response: httpx.Response = await self.client.post(address, content=message, headers=kop)
        is_fault = response.status_code == 500 and b"Fault" in response.content[:2000]
        if not is_fault:
            controleer_http_status(REGISTER, response)
        return response


@dataclass(frozen=True)
class Inkomstenopgave:
    begin: date
    einde: date | None
    loon_lb_cent: int  # loon voor loonheffing (fiscal wage) of the period
    ingehouden_lb_cent: int
    brutoloon_sv_cent: int

    @property
    def netto_indicatie_cent(self) -> int:
        """Fiscal wage minus withheld tax: an indication of net income, not the payslip."""
        return self.loon_lb_cent - self.ingehouden_lb_cent


@dataclass(frozen=True)
class Inkomstenverhouding:
    volgnummer: int | None
    inhoudingsplichtige: str | None
    loonheffingennummer: str | None
    soort_code: str | None
    soort: InkomenSoort
    begin: date | None
    einde: date | None
    opgaven: tuple[Inkomstenopgave, ...]


@dataclass(frozen=True)
class MaandInkomen:
    maand: str  # YYYY-MM
    soort: InkomenSoort
    bruto_cent: int
    ingehouden_lb_cent: int
    netto_indicatie_cent: int


@dataclass(frozen=True)
class Inkomsten:
    bsn: str
    verhoudingen: tuple[Inkomstenverhouding, ...]

    def per_maand(self) -> tuple[MaandInkomen, ...]:
        """Amounts per calendar month and kind. A period is counted in the month it starts
        (4-weekly periods therefore sometimes give a month two periods, as on payslips)."""
        som: dict[tuple[str, InkomenSoort], list[int]] = defaultdict(lambda: [0, 0])
        for verhouding in self.verhoudingen:
            for opgave in verhouding.opgaven:
                sleutel = (opgave.begin.strftime("%Y-%m"), verhouding.soort)
                som[sleutel][0] += opgave.loon_lb_cent
                som[sleutel][1] += opgave.ingehouden_lb_cent
        return tuple(
            MaandInkomen(maand, soort, bruto, ingehouden, bruto - ingehouden)
            for (maand, soort), (bruto, ingehouden) in sorted(som.items())
        )

    def maand(self, maand: str, soort: InkomenSoort | None = None) -> int:
        """Net indication in cents for one month (YYYY-MM), optionally of one kind."""
        return sum(
            m.netto_indicatie_cent for m in self.per_maand() if m.maand == maand and (soort is None or m.soort == soort)
        )


@dataclass(frozen=True)
class Bijstandsuitkering:
    regeling: str  # CdSzWet, e.g. BBZ, PW
    begin: date | None
    einde: date | None
    betaalbaar_per_periode_cent: int | None
    gemeente_code: str | None

    @property
    def is_bbz(self) -> bool:
        return self.regeling.upper() in BBZ_WETTEN

    def loopt_op(self, dag: date) -> bool:
        return (self.begin is None or self.begin <= dag) and (self.einde is None or self.einde >= dag)


@dataclass(frozen=True)
class Bijstandsregelingen:
    bsn: str
    uitkeringen: tuple[Bijstandsuitkering, ...]


def parse_suwi_datum(waarde: Any) -> date | None:
    """SuwiML Datum is YYYYMMDD; 00 parts mean unknown, which we report as no date."""
    if waarde in (None, ""):
        return None
    tekst = str(waarde)
    if len(tekst) != 8 or not tekst.isdigit():
        raise TijdelijkeFout(f"SuwiML Datum not YYYYMMDD: {tekst!r}", ongeldig=True)
    try:
        return date(int(tekst[:4]), int(tekst[4:6]), int(tekst[6:]))
    except ValueError:
        return None


def _bedrag(waarde: Any) -> int:
    """StandaardBedr -> signed integer cents (0 when absent)."""
    if waarde is None or waarde.WaardeBedr is None:
        return 0
    teken = -1 if waarde.CdPositiefNegatief == "-" else 1
    return teken * int(waarde.WaardeBedr)


def _fwi_fouten(antwoord: Any) -> list[str]:
    fwi = getattr(antwoord, "FWI", None)
    if fwi is None:
        return []
    meldingen = []
    for keuze in getattr(fwi, "_value_1", None) or []:
        fout = keuze.get("Fout") if isinstance(keuze, dict) else None
        if fout is not None:
            meldingen.append(f"{fout.Code}: {fout.Tekst}")
    return meldingen


def _lijst(waarde: Any) -> list[Any]:
    if waarde is None:
        return []
    return list(waarde) if isinstance(waarde, list) else [waarde]


def _niets_gevonden(antwoord: Any) -> bool:
    # zeep deserialises a body whose only child is the empty <fwi:NietsGevonden/> to None. With
    # strict parsing that is the only valid answer that can come out empty: ClientSuwi requires
    # a Burgerservicenr and FWI at least one message.
    return antwoord is None or getattr(antwoord, "NietsGevonden", None) is not None


def parse_inkomsten(antwoord: Any, bsn: str) -> Inkomsten | NietGevonden:
    if _niets_gevonden(antwoord):
        return NietGevonden(REGISTER, bsn, "UWV: niets gevonden")
    client = getattr(antwoord, "ClientSuwi", None)
    if client is None:
        fouten = _fwi_fouten(antwoord)
        if fouten:
            raise TijdelijkeFout("FWI: " + "; ".join(fouten))
        raise TijdelijkeFout("answer without ClientSuwi, FWI or NietsGevonden", ongeldig=True)
    if client.Burgerservicenr != bsn:
        raise TijdelijkeFout(f"answer for another BSN ({client.Burgerservicenr})", ongeldig=True)
    verhoudingen = []
    for ikv in _lijst(client.Inkomstenverhouding):
        periodes = _lijst(ikv.Inkomstenperiode)
        code = next((p.CdSrtIkv for p in reversed(periodes) if p.CdSrtIkv), None)
        eenheid = ikv.AdministratieveEenheid
        opgaven = tuple(
            Inkomstenopgave(
                begin=parse_suwi_datum(o.DatBIko) or date.min,
                einde=parse_suwi_datum(o.DatEIko),
                loon_lb_cent=_bedrag(o.BedrLoonLbPremieVolksverz),
                ingehouden_lb_cent=_bedrag(o.BedrIngehoudenLbPremieVolksverz),
                brutoloon_sv_cent=_bedrag(o.BedrBrutoloonSv),
            )
            for o in _lijst(ikv.Inkomstenopgave)
        )
        verhoudingen.append(
            Inkomstenverhouding(
                volgnummer=int(ikv.VolgnrIkv) if ikv.VolgnrIkv is not None else None,
                inhoudingsplichtige=eenheid.NaamAdministratieveEenheid if eenheid else None,
                loonheffingennummer=eenheid.Loonheffingennr if eenheid else None,
                soort_code=code,
                soort="loon" if code in LOON_CODES else "uitkering",
                begin=parse_suwi_datum(ikv.DatBIkv),
                einde=parse_suwi_datum(ikv.DatEIkv),
                opgaven=opgaven,
            )
        )
    return Inkomsten(bsn, tuple(verhoudingen))


def parse_bijstandsregelingen(antwoord: Any, bsn: str) -> Bijstandsregelingen | NietGevonden:
    if _niets_gevonden(antwoord):
        return NietGevonden(REGISTER, bsn, "Bijstandsregelingen: niets gevonden")
    client = getattr(antwoord, "ClientSuwi", None)
    if client is None:
        fouten = _fwi_fouten(antwoord)
        if fouten:
            raise TijdelijkeFout("FWI: " + "; ".join(fouten))
        raise TijdelijkeFout("answer without ClientSuwi, FWI or NietsGevonden", ongeldig=True)
    if client.Burgerservicenr != bsn:
        raise TijdelijkeFout(f"answer for another BSN ({client.Burgerservicenr})", ongeldig=True)
    uitkeringen = []
    for uv in _lijst(client.Uitkeringsverhouding):
        periodes = _lijst(uv.Uitkeringsperiode)
        laatste = periodes[-1] if periodes else None
        inkomsten = laatste.InkomstenBijstandUitkering if laatste is not None else None
        uitkeringen.append(
            Bijstandsuitkering(
                regeling=str(uv.SzWet.CdSzWet),
                begin=parse_suwi_datum(uv.DatBUitkeringsverhouding),
                einde=parse_suwi_datum(uv.DatEUitkeringsverhouding),
                betaalbaar_per_periode_cent=(_bedrag(inkomsten.BedrBetaalbaarGesteldeUitkering) if inkomsten else None),
                gemeente_code=uv.Bron.CdPartijSuwi if uv.Bron is not None else None,
            )
        )
    return Bijstandsregelingen(bsn, tuple(uitkeringen))


class SuwinetClient:
    """Async Suwinet client; one instance per process (it holds the breaker and parsed WSDLs)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 15.0,
        retry: RetryBeleid | None = None,
        breaker: CircuitBreaker | None = None,
        verify: bool | str = True,
        cert: tuple[str, str] | None = None,
    ) -> None:
        # base_url like https://broker.prd.suwi.net/suwibroker/soap ; services are below it.
        self.base_url = base_url.rstrip("/")
        tijd = httpx.Timeout(timeout, connect=min(timeout, 5.0))
        self._http = httpx.AsyncClient(timeout=tijd, verify=verify, cert=cert)
        # WSDLs are local files; the sync client zeep wants for them never goes on the network.
        self._wsdl_http = httpx.Client(timeout=tijd)
        transport = _Transport(  # type: ignore[no-untyped-call]  # zeep is untyped
            client=self._http, wsdl_client=self._wsdl_http
        )
        instellingen = zeep.Settings(strict=True, xml_huge_tree=False, forbid_entities=True)
        self._uwv_client = zeep.AsyncClient(  # type: ignore[no-untyped-call]
            str(UWV_INKOMSTEN_WSDL), transport=transport, settings=instellingen
        )
        self._bijstand_client = zeep.AsyncClient(  # type: ignore[no-untyped-call]
            str(BIJSTANDSREGELINGEN_WSDL), transport=transport, settings=instellingen
        )
        self._uwv = AsyncServiceProxy(  # type: ignore[no-untyped-call]
            self._uwv_client,
            self._uwv_client.wsdl.services["UWVDossierInkomstenGSD-v0200"].ports["BrokerProductie"].binding,
            address=f"{self.base_url}/UWVDossierInkomstenGSD-v0200",
        )
        self._bijstand = AsyncServiceProxy(  # type: ignore[no-untyped-call]
            self._bijstand_client,
            self._bijstand_client.wsdl.services["Bijstandsregelingen-v0500"].ports["BrokerProductie"].binding,
            address=f"{self.base_url}/Bijstandsregelingen-v0500",
        )
        self.verbinding = RegisterVerbinding(REGISTER, retry, breaker)

    async def _soap(self, operatie: Any, trace: TraceContext, **kwargs: Any) -> Any:
        token = _traceparent.set(trace.traceparent)
        try:
            return await operatie(**kwargs)
        except Fault as exc:
            raise RegisterVerzoekGeweigerd(REGISTER, f"SOAP Fault: {exc.message}", 500) from exc
        except (XMLParseError, ZeepXMLSyntaxError, etree.XMLSyntaxError, TransportError) as exc:
            raise TijdelijkeFout(f"unreadable SOAP answer: {exc}"[:300], ongeldig=True) from exc
        finally:
            _traceparent.reset(token)

    async def inkomsten(
        self,
        bsn: str,
        van: date | None = None,
        tot: date | None = None,
        *,
        traceparent: str | None = None,
    ) -> Opvraging[Inkomsten]:
        """Wages and benefits per income relation (UWVPersoonsIkvInfo) in [van, tot]."""
        _controleer_bsn(bsn)
        periode = {}
        if van:
            periode["DatBPeriode"] = van.strftime("%Y%m%d")
        if tot:
            periode["DatEPeriode"] = tot.strftime("%Y%m%d")

        async def verzoek(trace: TraceContext) -> Inkomsten | NietGevonden:
            kwargs: dict[str, Any] = {"Burgerservicenr": bsn}
            if periode:
                kwargs["PeriodeGegevensvraagIko"] = periode
            antwoord = await self._soap(self._uwv.UWVPersoonsIkvInfo, trace, **kwargs)
            return parse_inkomsten(antwoord, bsn)

        resultaat, verwerking = await self.verbinding.uitvoeren(
            "suwinet.uwv.inkomsten.raadplegen", bsn, traceparent, verzoek
        )
        return Opvraging(
            resultaat=resultaat,
            bron=f"Suwinet UWVDossierInkomstenGSD-v0200 ({self.base_url})",
            tijdstip=datetime.now(UTC),
            verwerking=verwerking,
        )

    async def bijstandsregelingen(self, bsn: str, *, traceparent: str | None = None) -> Opvraging[Bijstandsregelingen]:
        """Existing bijstand/Bbz benefits (BijstandsregelingenInfo)."""
        _controleer_bsn(bsn)

        async def verzoek(trace: TraceContext) -> Bijstandsregelingen | NietGevonden:
            antwoord = await self._soap(self._bijstand.BijstandsregelingenInfo, trace, Burgerservicenr=bsn)
            return parse_bijstandsregelingen(antwoord, bsn)

        resultaat, verwerking = await self.verbinding.uitvoeren(
            "suwinet.bijstandsregelingen.raadplegen", bsn, traceparent, verzoek
        )
        return Opvraging(
            resultaat=resultaat,
            bron=f"Suwinet Bijstandsregelingen-v0500 ({self.base_url})",
            tijdstip=datetime.now(UTC),
            verwerking=verwerking,
        )

    async def aclose(self) -> None:
        await self._http.aclose()
        self._wsdl_http.close()

    async def __aenter__(self) -> SuwinetClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _controleer_bsn(bsn: str) -> None:
    if len(bsn) != 9 or not bsn.isdigit():
        raise ValueError(f"burgerservicenummer must be 9 digits: {bsn!r}")
