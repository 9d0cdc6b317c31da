"""One ASGI app serving the three register simulators under their own prefixes.

/kvk/v1/basisprofielen/{kvkNummer}          KvK API Basisprofiel
/brp/personen                               Haal Centraal BRP Personen v2
/suwinet/UWVDossierInkomstenGSD-v0200       Suwinet SOAP (UWVPersoonsIkvInfo)
/suwinet/Bijstandsregelingen-v0500          Suwinet SOAP (BijstandsregelingenInfo)
/_beheer/storingen, /_beheer/tellers        switch faults, read request counters
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from app.registers.simulators.brp import brp_router
from app.registers.simulators.gegenereerd import met_gegenereerd
from app.registers.simulators.gegevens import Testgegevens, laad_testgegevens
from app.registers.simulators.kvk import kvk_router
from app.registers.simulators.storingen import (
    Modus,
    Register,
    Storing,
    Storingen,
    storingen_uit_omgeving,
)
from app.registers.simulators.suwinet import suwinet_router


class StoringVerzoek(BaseModel):
    # "register" would shadow a BaseModel attribute; the JSON key stays "register".
    doel_register: Register = Field(alias="register")
    modus: Modus
    aantal: int | None = Field(default=None, ge=0)
    vertraging: float = Field(default=0.0, ge=0.0, le=120.0)


def create_app(storingen: Storingen | None = None, gegevens: Testgegevens | None = None) -> FastAPI:
    storingen = storingen if storingen is not None else storingen_uit_omgeving()
    gegevens = gegevens or met_gegenereerd(laad_testgegevens())
    app = FastAPI(title="Zelfstandigenloket register-simulators", docs_url="/_beheer/docs")
    app.state.storingen = storingen
    app.include_router(kvk_router(gegevens.basisprofielen, storingen))
    app.include_router(brp_router(gegevens.personen, storingen))
    app.include_router(suwinet_router(gegevens.suwinet, storingen))

    @app.get("/_beheer/storingen")
    async def lees_storingen() -> dict[str, Any]:
        return {r: asdict(storingen.huidig(r)) for r in ("kvk", "brp", "suwinet")}

    @app.post("/_beheer/storingen", status_code=204)
    async def zet_storing(verzoek: StoringVerzoek) -> None:
        storingen.zet(
            verzoek.doel_register,
            Storing(modus=verzoek.modus, aantal=verzoek.aantal, vertraging=verzoek.vertraging),
        )

    @app.delete("/_beheer/storingen", status_code=204)
    async def herstel_storingen(register: Register | None = None) -> None:
        storingen.herstel(register)

    @app.get("/_beheer/tellers")
    async def lees_tellers() -> dict[str, Any]:
        return {r: asdict(t) for r, t in storingen.tellers.items()}

    @app.delete("/_beheer/tellers", status_code=204)
    async def reset_tellers() -> None:
        storingen.reset_tellers()

    @app.get("/_beheer/gezond")
    async def gezond() -> dict[str, str]:
        return {"status": "ok"}

    return app
