"""`raadpleeg_registers`: the look-ups for one application, concurrently, into one snapshot.

A failed look-up does not stop the others: the snapshot records what failed and whether it was
temporary, so the workflow can keep the case waiting and look up again later.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from app.registers.aangifte import Aangifte
from app.registers.brp import BrpClient, Persoon
from app.registers.fouten import RegisterFout, RegisterTijdelijkOnbeschikbaar
from app.registers.kvk import Basisprofiel, KvkClient
from app.registers.resultaat import Opvraging
from app.registers.snapshot import MisluktOpvraging, RegisterSnapshot
from app.registers.suwinet import Bijstandsregelingen, Inkomsten, SuwinetClient

T = TypeVar("T")


@dataclass(frozen=True)
class RegisterClients:
    kvk: KvkClient
    brp: BrpClient
    suwinet: SuwinetClient


def standaard_inkomensperiode(aangifte: Aangifte) -> tuple[date, date]:
    """The declared months; without any, the three months before the application date."""
    maanden = sorted(m.maand for m in aangifte.inkomen_aanvrager + aangifte.inkomen_partner)
    if maanden:
        eerste, laatste = maanden[0], maanden[-1]
        jaar, maand = map(int, laatste.split("-"))
        volgende = date(jaar + (maand == 12), maand % 12 + 1, 1)
        return date.fromisoformat(eerste + "-01"), date.fromordinal(volgende.toordinal() - 1)
    peil = aangifte.peildatum
    jaar, maand = (peil.year, peil.month - 3) if peil.month > 3 else (peil.year - 1, peil.month + 9)
    return date(jaar, maand, 1), peil


class _Verzamelaar:
    def __init__(self) -> None:
        self.mislukt: list[MisluktOpvraging] = []

    async def probeer(
        self, register: str, operatie: str, sleutel: str, opvraging: Awaitable[Opvraging[T]]
    ) -> Opvraging[T] | None:
        try:
            return await opvraging
        except RegisterFout as exc:
            self.mislukt.append(
                MisluktOpvraging(
                    register=register,
                    operatie=operatie,
                    sleutel=sleutel,
                    fout=exc.melding,
                    tijdelijk=isinstance(exc, RegisterTijdelijkOnbeschikbaar),
                    verwerking=exc.verwerking,
                )
            )
            return None


async def raadpleeg_registers(
    aangifte: Aangifte,
    clients: RegisterClients,
    *,
    inkomensperiode: tuple[date, date] | None = None,
    traceparent: str | None = None,
) -> RegisterSnapshot:
    """Look up KvK, BRP and Suwinet (applicant and partner) for one application.

    The partner is the declared one; if the BRP names another (or one was not declared), that
    partner's income and benefits are looked up too, after the BRP answer.
    """
    van, tot = inkomensperiode or standaard_inkomensperiode(aangifte)
    v = _Verzamelaar()
    inkomsten: dict[str, Opvraging[Inkomsten]] = {}
    bijstand: dict[str, Opvraging[Bijstandsregelingen]] = {}

    async def suwinet_voor(bsn: str) -> None:
        ink, bij = await asyncio.gather(
            v.probeer(
                "Suwinet",
                "inkomsten",
                bsn,
                clients.suwinet.inkomsten(bsn, van, tot, traceparent=traceparent),
            ),
            v.probeer(
                "Suwinet",
                "bijstandsregelingen",
                bsn,
                clients.suwinet.bijstandsregelingen(bsn, traceparent=traceparent),
            ),
        )
        if ink is not None:
            inkomsten[bsn] = ink
        if bij is not None:
            bijstand[bsn] = bij

    async def kvk() -> Opvraging[Basisprofiel] | None:
        if aangifte.kvk_nummer is None:
            return None
        return await v.probeer(
            "KvK",
            "basisprofiel",
            aangifte.kvk_nummer,
            clients.kvk.basisprofiel(aangifte.kvk_nummer, betrokkene_bsn=aangifte.bsn, traceparent=traceparent),
        )

    async def brp() -> Opvraging[Persoon] | None:
        return await v.probeer(
            "BRP",
            "personen",
            aangifte.bsn,
            clients.brp.raadpleeg(aangifte.bsn, traceparent=traceparent),
        )

    bekend = {aangifte.bsn} | ({aangifte.partner_bsn} if aangifte.partner_bsn else set())
    async with asyncio.TaskGroup() as groep:
        kvk_taak = groep.create_task(kvk())
        brp_taak = groep.create_task(brp())
        for bsn in sorted(bekend):
            groep.create_task(suwinet_voor(bsn))
    kvk_opvraging, brp_opvraging = kvk_taak.result(), brp_taak.result()
    if brp_opvraging is not None and isinstance(brp_opvraging.resultaat, Persoon):
        partner = brp_opvraging.resultaat.huidige_partner
        if partner is not None and partner.bsn and partner.bsn not in bekend:
            await suwinet_voor(partner.bsn)
    return RegisterSnapshot(
        aanvrager_bsn=aangifte.bsn,
        kvk=kvk_opvraging,
        brp=brp_opvraging,
        inkomsten=inkomsten,
        bijstand=bijstand,
        mislukt=tuple(v.mislukt),
    )
