"""`/stuurinformatie`: the management figures of one municipality, as JSON or as CSV (for the
municipality's own BI tools), all at once or one table at a time. Aggregates only, small cells
suppressed: no personal data leaves here, so no Logboek record is written."""

import csv
import io
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from app.api.deps import EngineDep, NuDep, SettingsDep, met_rol
from app.api.problems import Probleem, problem_responses
from app.api.schemas.typen import Datum
from app.audit.trail import Actor
from app.auth import Gebruiker, Rol
from app.stuurinformatie import cijfers, wijkindeling
from app.stuurinformatie.onderdrukking import DREMPEL

router = APIRouter(prefix="/stuurinformatie", tags=["stuurinformatie"])
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CSV = "text/csv"
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(Rol.teamleider, Rol.consulent, Rol.beheer))]
MAX_DAGEN = 3 * 366
# Dates outside this span are typing errors, and date arithmetic on them could overflow.
EERSTE, LAATSTE = date(2000, 1, 1), date(2099, 12, 31)


class Tabel(StrEnum):
    instroomPerWeek = "instroomPerWeek"
    instroomPerMaand = "instroomPerMaand"
    besluitenPerWeek = "besluitenPerWeek"
    bedragenPerMaand = "bedragenPerMaand"
    doorlooptijd = "doorlooptijd"
    doorlooptijdVerdeling = "doorlooptijdVerdeling"
    werkvoorraad = "werkvoorraad"
    werkvoorraadPerLeeftijd = "werkvoorraadPerLeeftijd"
    herstelverzoeken = "herstelverzoeken"
    perWijk = "perWijk"
    perSector = "perSector"
    perLeeftijd = "perLeeftijd"
    verwijzingen = "verwijzingen"


Telling = Annotated[int | None, Field(description="Leeg (null) als de cel onderdrukt is: 1 tot 4 personen.")]


class Cel(BaseModel):
    onderdrukt: bool = Field(description=f"Een of meer cellen van deze rij betreffen minder dan {DREMPEL} personen.")


class Week(Cel):
    week: str = Field(examples=["2020-W15"], description="ISO-week van de ontvangst.")
    weekBegin: date
    aantal: Telling


class Maand(Cel):
    maand: str = Field(examples=["2020-04"])
    aantal: Telling


class BesluitWeek(Cel):
    week: str = Field(examples=["2020-W15"], description="ISO-week van het besluit.")
    weekBegin: date
    uitkomst: str = Field(examples=["toegekend"])
    aantal: Telling


class BedragMaand(Cel):
    maand: str = Field(examples=["2020-04"], description="Maand van het besluit.")
    aantal: Telling = Field(description="Aantal (gedeeltelijke) toekenningen.")
    bedragCent: int | None = Field(description="Toegekend bedrag in eurocent.")


class Doorlooptijd(Cel):
    aantal: Telling = Field(description="Besluiten (zonder intrekkingen) in de periode.")
    mediaanDagen: float | None = Field(description="Mediaan van ontvangst tot besluit, in kalenderdagen.")
    p90Dagen: float | None = Field(description="90e percentiel van ontvangst tot besluit, in kalenderdagen.")
    binnenStreeftermijn: float | None = Field(description="Aandeel (0-1) besloten op of voor de streefdatum.")
    binnenWettelijkeTermijn: float | None = Field(description="Aandeel (0-1) besloten binnen de beslistermijn.")


class Klasse(Cel):
    klasse: str = Field(examples=["8-14"], description="Doorlooptijd in kalenderdagen.")
    aantal: Telling


class Fase(Cel):
    fase: str = Field(examples=["te_beoordelen"])
    aantal: Telling
    voorbijBeslistermijn: Telling


class FaseLeeftijd(Fase):
    leeftijd: str = Field(examples=["15-28"], description="Dagen sinds ontvangst, op de peildatum.")


class Herstel(Cel):
    aanvragen: Telling = Field(description="Aanvragen met ten minste één herstelverzoek.")
    verzoeken: int | None
    aangevuld: Telling
    open: Telling = Field(description="Hersteltermijn loopt nog.")
    verlopen: Telling = Field(description="Hersteltermijn verstreken zonder aanvulling.")
    responspercentage: float | None = Field(description="Aandeel (0-1) aangevuld van de afgelopen verzoeken.")


class Verdeling(Cel):
    categorie: str = Field(examples=["West"])
    aantal: Telling = Field(description="Ontvangen aanvragen.")
    toegekend: Telling = Field(description="Daarvan (gedeeltelijk) toegekend.")


class Verwijzing(Cel):
    soort: str = Field(examples=["schuldhulpverlening"])
    aantal: Telling = Field(description="Verwijzingen gemaakt in de periode.")
    metToestemming: Telling = Field(description="Daarvan met toestemming van de aanvrager.")


class Stuurinformatie(BaseModel):
    gemeente: str
    regeling: str | None
    vanaf: date = Field(description="Eerste dag van de periode (ontvangst- of besluitdatum).")
    tot: date = Field(description="Laatste dag van de periode (inclusief).")
    peildatum: date = Field(description="De dag waarop de werkvoorraad en open hersteltermijnen zijn geteld.")
    drempel: int = Field(description="Cellen met minder personen dan dit zijn onderdrukt.")
    instroomPerWeek: list[Week]
    instroomPerMaand: list[Maand]
    besluitenPerWeek: list[BesluitWeek]
    bedragenPerMaand: list[BedragMaand]
    doorlooptijd: list[Doorlooptijd]
    doorlooptijdVerdeling: list[Klasse]
    werkvoorraad: list[Fase]
    werkvoorraadPerLeeftijd: list[FaseLeeftijd]
    herstelverzoeken: list[Herstel]
    perWijk: list[Verdeling]
    perSector: list[Verdeling] = Field(description="SBI-sectie (letter) van de hoofdactiviteit bij de KvK.")
    perLeeftijd: list[Verdeling]
    verwijzingen: list[Verwijzing] = Field(description="Verwijzingen naar ondersteuning, per soort.")


class Tabelantwoord(BaseModel):
    gemeente: str
    regeling: str | None
    vanaf: date
    tot: date
    peildatum: date
    drempel: int
    tabel: Tabel
    rijen: list[dict[str, Any]]


def _accepteert_csv(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return CSV in accept and "application/json" not in accept.split(CSV)[0]


async def _vraag(
    request: Request,
    wie: Lezer,
    settings: SettingsDep,
    nu: NuDep,
    gemeente: Annotated[
        str | None,
        Query(pattern=r"^[0-9]{4}$", description="CBS-code; nodig als uw token voor meer gemeenten geldt."),
    ] = None,
    regeling: Annotated[str | None, Query(pattern=r"^[a-z0-9-]{1,40}$", examples=["tozo-levensonderhoud"])] = None,
    vanaf: Annotated[Datum | None, Query(description="Standaard: 13 weken voor de peildatum.")] = None,
    tot: Annotated[Datum | None, Query(description="Standaard: de peildatum (vandaag).")] = None,
) -> cijfers.Vraag:
    gebruiker, _ = wie
    vandaag = nu.astimezone(AMSTERDAM).date()
    fouten = [
        {"name": naam, "code": "range", "reason": f"Kies een datum tussen {EERSTE} en {LAATSTE}."}
        for naam, dag in (("vanaf", vanaf), ("tot", tot))
        if dag is not None and not EERSTE <= dag <= LAATSTE
    ]
    # A filter given twice would silently use one of the two.
    fouten += [
        {"name": naam, "code": "unique", "reason": "Geef deze parameter één keer."}
        for naam in ("gemeente", "regeling", "vanaf", "tot")
        if len(request.query_params.getlist(naam)) > 1
    ]
    if fouten:
        raise Probleem(400, invalid_params=fouten)
    tot = tot or vandaag
    vanaf = vanaf or tot - timedelta(weeks=13) + timedelta(days=1)
    if vanaf > tot:
        fouten.append({"name": "vanaf", "code": "range", "reason": "Vanaf ligt na tot."})
    elif (tot - vanaf).days > MAX_DAGEN:
        fouten.append({"name": "vanaf", "code": "range", "reason": "Vraag hoogstens drie jaar tegelijk op."})
    if gemeente is None and len(gebruiker.gemeenten) != 1:
        fouten.append({"name": "gemeente", "code": "required", "reason": "Uw token geldt voor meer gemeenten."})
    if fouten:
        raise Probleem(400, invalid_params=fouten)
    gemeente = gemeente or next(iter(gebruiker.gemeenten))
    if not gebruiker.mag_gemeente(gemeente):
        raise Probleem(403, "U heeft geen toegang tot de cijfers van deze gemeente.")
    try:
        indeling = wijkindeling.laad(settings.wijkindelingen_map, gemeente)
    except wijkindeling.OngeldigeWijkindeling as err:
        raise Probleem(503, f"De wijkindeling van deze gemeente is ongeldig: {err}") from err
    return cijfers.Vraag(gemeente, regeling, vanaf, tot, vandaag, indeling)


VraagDep = Annotated[cijfers.Vraag, Depends(_vraag)]


def _kop(vraag: cijfers.Vraag) -> dict[str, Any]:
    return {
        "gemeente": vraag.gemeente,
        "regeling": vraag.regeling,
        "vanaf": vraag.vanaf,
        "tot": vraag.tot,
        "peildatum": vraag.peildatum,
        "drempel": DREMPEL,
    }


def _csv(rijen: list[dict[str, Any]], naam: str, vooraan: tuple[str, ...] = ()) -> Response:
    velden: list[str] = list(vooraan)
    for rij in rijen:
        velden += [k for k in rij if k not in velden]
    uit = io.StringIO()
    schrijver = csv.DictWriter(uit, fieldnames=velden, lineterminator="\r\n")
    schrijver.writeheader()
    schrijver.writerows(
        {k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v) for k, v in rij.items()}
        for rij in rijen
    )
    return Response(
        uit.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{naam}.csv"', "Vary": "Accept"},
    )


_CSV_ANTWOORD: dict[int | str, dict[str, Any]] = {
    200: {"content": {CSV: {"schema": {"type": "string"}}}, "description": "De cijfers."}
}
_FOUTEN = problem_responses(400, 401, 403, 503)


async def _alles(engine: EngineDep, vraag: cijfers.Vraag) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    return _kop(vraag), await cijfers.bereken(engine, vraag)


def _plat(tabellen: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"tabel": naam} | rij for naam, rijen in tabellen.items() for rij in rijen]


@router.get(
    "",
    response_model=Stuurinformatie,
    responses={**_FOUTEN, 200: {"content": {CSV: {"schema": {"type": "string"}}}}},
    summary="Alle stuurinformatie van een gemeente (JSON, of CSV met Accept: text/csv)",
    description=(
        "Instroom per week en maand (op ontvangstdatum), besluiten per week en uitkomst, toegekende bedragen per "
        "maand en doorlooptijden (op besluitdatum), de werkvoorraad per fase en leeftijd (op de peildatum), "
        "herstelverzoeken en de verdeling naar wijk, sector en leeftijd (van de aanvragen ontvangen in de periode), "
        "verwijzingen per soort (gemaakt in de periode). "
        f"Cellen met 1 tot {DREMPEL - 1} personen zijn onderdrukt (null, `onderdrukt: true`)."
    ),
)
async def alles(request: Request, engine: EngineDep, vraag: VraagDep) -> Any:
    kop, tabellen = await _alles(engine, vraag)
    if _accepteert_csv(request):
        return _csv(_plat(tabellen), f"stuurinformatie-{vraag.gemeente}", ("tabel",))
    return kop | tabellen


@router.get(
    ".csv",
    response_class=Response,
    responses={**_FOUTEN, **_CSV_ANTWOORD},
    summary="Alle stuurinformatie als één CSV (kolom `tabel` noemt de tabel van elke rij)",
)
async def alles_csv(engine: EngineDep, vraag: VraagDep) -> Response:
    _, tabellen = await _alles(engine, vraag)
    return _csv(_plat(tabellen), f"stuurinformatie-{vraag.gemeente}", ("tabel",))


@router.get(
    "/{tabel}.csv",
    response_class=Response,
    responses={**_FOUTEN, **_CSV_ANTWOORD},
    summary="Eén tabel van de stuurinformatie als CSV",
)
async def tabel_csv(tabel: Tabel, engine: EngineDep, vraag: VraagDep) -> Response:
    _, tabellen = await _alles(engine, vraag)
    return _csv(tabellen[tabel.value], f"{tabel.value}-{vraag.gemeente}")


@router.get(
    "/{tabel}",
    response_model=Tabelantwoord,
    responses={**_FOUTEN, 200: {"content": {CSV: {"schema": {"type": "string"}}}}},
    summary="Eén tabel van de stuurinformatie (JSON, of CSV met Accept: text/csv)",
)
async def een_tabel(request: Request, tabel: Tabel, engine: EngineDep, vraag: VraagDep) -> Any:
    kop, tabellen = await _alles(engine, vraag)
    if _accepteert_csv(request):
        return _csv(tabellen[tabel.value], f"{tabel.value}-{vraag.gemeente}")
    return kop | {"tabel": tabel, "rijen": tabellen[tabel.value]}
