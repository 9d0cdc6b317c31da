"""`/aanvragen/{id}/betalingen`: the ledger of a case; `/betaalbestanden`: the SEPA transfer file
(pain.001) of what to pay per municipality and day. HTTP only; the work is in
`app.workflows.betalingen` and `app.workflows.betaalbestanden`."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import LEZERS, EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import Probleem, problem_responses
from app.api.schemas.antwoorden import Link
from app.api.schemas.typen import Datum
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.workflows import betaalbestanden as bestanden_wf
from app.workflows import betalingen as wf

router = APIRouter(tags=["betalingen"])
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*LEZERS))]
Operator = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.batch))]
XML = "application/xml"


def _maand(m: date | None) -> str | None:
    return f"{m:%Y-%m}" if m else None


class Boeking(BaseModel):
    volgnummer: int
    soort: str = Field(
        description="toekenning, voorschot, nabetaling, terugvordering of betaling; om_niet en lening: hoe een "
        "renteloze Bbz-lening na het boekjaar is afgerekend (geen geld, telt niet mee in recht en saldo)"
    )
    maand: str | None = Field(description="De maand (JJJJ-MM) waarover het gaat; leeg voor een lening of betaling.")
    bedrag: int = Field(description="Eurocenten; positief: de gemeente moet dit betalen, negatief: eraf.")
    beschikking: int | None = Field(description="Het nummer van de beschikking waar de boeking uit volgt.")
    betaalbestand: int | None = Field(description="Het betaalbestand waarmee betaald is.")
    geboektOp: datetime
    omschrijving: str


class MaandRecht(BaseModel):
    maand: str | None
    recht: int = Field(description="Eurocenten: het recht over deze maand volgens het laatste besluit.")


class Grootboek(BaseModel):
    boekingen: list[Boeking]
    maanden: list[MaandRecht]
    recht: int = Field(description="Eurocenten: alles waar de aanvrager volgens de besluiten recht op heeft.")
    betaald: int = Field(description="Eurocenten: wat al is overgemaakt.")
    saldo: int = Field(description="recht - betaald: positief nog te betalen, negatief terug te vorderen.")
    teBetalen: int
    terugTeVorderen: int
    omNiet: int = Field(description="Eurocenten: het deel van een renteloze Bbz-lening dat een gift werd.")
    lening: int = Field(description="Eurocenten: het deel van een renteloze Bbz-lening dat een lening blijft.")


@router.get(
    "/aanvragen/{aanvraagId:uuid}/betalingen",
    response_model=Grootboek,
    responses=problem_responses(400, 401, 403, 404),
    summary="Het grootboek van een aanvraag: toekenningen, voorschotten, herzieningen en betalingen",
)
async def grootboek(
    aanvraagId: UUID, wie: Lezer, engine: EngineDep, settings: SettingsDep, trace: TraceDep, nu: NuDep
) -> Grootboek:
    gebruiker, _ = wie
    g = await wf.lees(engine, aanvraagId, gebruiker.gemeenten, trace, settings.logboek_sleutel.get_secret_value(), nu)
    return Grootboek(
        boekingen=[
            Boeking(
                volgnummer=r.id,
                soort=r.soort,
                maand=_maand(r.maand),
                bedrag=r.bedrag_cent,
                beschikking=r.beschikking,
                betaalbestand=r.betaalbestand_id,
                geboektOp=r.geboekt_op,
                omschrijving=r.omschrijving,
            )
            for r in g.regels
        ],
        maanden=[MaandRecht(maand=_maand(m), recht=b) for m, b in g.recht_per_maand.items()],
        recht=g.recht_cent,
        betaald=g.betaald_cent,
        saldo=g.saldo_cent,
        teBetalen=max(0, g.saldo_cent),
        terugTeVorderen=max(0, -g.saldo_cent),
        omNiet=g.om_niet_cent,
        lening=g.lening_cent,
    )


class NieuwBetaalbestand(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gemeente: Annotated[str, Field(pattern=r"^[0-9]{4}$")]
    uitvoerdatum: Datum = Field(description="De dag waarop de bank moet betalen (niet in het verleden).")


class Betaalbestand(BaseModel):
    id: int
    gemeente: str
    uitvoerdatum: date
    berichtId: str
    aangemaaktOp: datetime
    aantal: int
    totaal: int = Field(description="Eurocenten.")
    sha256: str
    links: dict[str, Link] = Field(alias="_links")


def _bestand(b: bestanden_wf.Betaalbestand) -> Betaalbestand:
    pad = f"/api/v1/betaalbestanden/{b.id}"
    return Betaalbestand.model_validate(
        {
            "id": b.id,
            "gemeente": b.gemeente,
            "uitvoerdatum": b.uitvoerdatum,
            "berichtId": b.bericht_id,
            "aangemaaktOp": b.aangemaakt_op,
            "aantal": b.aantal,
            "totaal": b.totaal_cent,
            "sha256": b.sha256,
            "_links": {"self": {"href": pad}, "xml": {"href": f"{pad}/xml"}},
        }
    )


@router.post(
    "/betaalbestanden",
    status_code=201,
    response_model=Betaalbestand,
    response_model_by_alias=True,
    responses={
        200: {"description": "Dit bestand bestond al voor deze dag.", "model": Betaalbestand},
        204: {"description": "Er is niets te betalen."},
        **problem_responses(400, 401, 403),
    },
    summary="Het betaalbestand (SEPA pain.001) van een dag maken: alles wat nog betaald moet worden",
)
async def maak(
    body: NieuwBetaalbestand, response: Response, wie: Operator, engine: EngineDep, settings: SettingsDep, nu: NuDep
) -> Betaalbestand | Response:
    gebruiker, _ = wie
    if not gebruiker.mag_gemeente(body.gemeente):
        raise Probleem(403, "U mag geen betaalbestand maken voor deze gemeente.")
    bestand, nieuw = await bestanden_wf.maak(
        engine, body.gemeente, body.uitvoerdatum, gebruiker.sub, nu, settings.betaal_iban, settings.betaal_bic
    )
    if bestand is None:
        return Response(status_code=204)
    response.status_code = 201 if nieuw else 200
    response.headers["Location"] = f"/api/v1/betaalbestanden/{bestand.id}"
    return _bestand(bestand)


@router.get(
    "/betaalbestanden/{bestandId}",
    response_model=Betaalbestand,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404),
    summary="Een betaalbestand: aantal, totaal en link naar het XML-bestand",
)
async def raadpleeg(bestandId: Annotated[int, Path(ge=1, le=2**62)], wie: Operator, engine: EngineDep) -> Betaalbestand:
    gebruiker, _ = wie
    bestand, _ = await bestanden_wf.lees(engine, bestandId, gebruiker.gemeenten)
    return _bestand(bestand)


@router.get(
    "/betaalbestanden/{bestandId}/xml",
    response_class=Response,
    responses={200: {"content": {XML: {}}, "description": "pain.001.001.03"}, **problem_responses(400, 401, 403, 404)},
    summary="Het betaalbestand als SEPA pain.001.001.03 voor het betaalsysteem van de gemeente",
)
async def xml(bestandId: Annotated[int, Path(ge=1, le=2**62)], wie: Operator, engine: EngineDep) -> Response:
    gebruiker, _ = wie
    bestand, inhoud = await bestanden_wf.lees(engine, bestandId, gebruiker.gemeenten)
    return Response(
        inhoud,
        media_type=XML,
        headers={
            "Content-Disposition": f'attachment; filename="{bestand.bericht_id}.xml"',
            "Digest": f"sha-256={bestand.sha256}",
            "Cache-Control": "private, no-store",
        },
    )
