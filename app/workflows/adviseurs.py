"""The external adviser's own access to the viability studies (levensvatbaarheidsonderzoek) it was
asked to do: the studies of its organisation in the municipalities of its token, and for an open
one the upload of the report and the recording of the conclusion, through the same steps the
consulent uses (`documenten.voeg_toe`, `levensvatbaarheid.leg_rapport_vast`).

A study is the adviser's when the organisation it was sent to (`levensvatbaarheidsonderzoeken.
adviseur`, from the municipality's profile at the time) is the organisation in the token. Any
other study, or a case of another municipality, does not exist for the adviser (404)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.workflows.fouten import Conflict, NietGevonden


class OnderzoekAfgerond(Conflict):
    code = "onderzoek-afgerond"


@dataclass(frozen=True)
class Opdracht:
    """A study as the adviser sees it: the case's reference and the business's KvK number, and
    what the consulent wrote for the adviser; no personal data of the applicant (the consulent
    arranges the contact), so listing needs no processing-log record."""

    id: int
    aanvraag_id: UUID
    referentie: str
    gemeente: str
    regeling: str
    kvk_nummer: str | None
    aangevraagd_op: datetime
    termijn_einde: date
    herinnerd_op: datetime | None
    toelichting: str | None
    conclusie: str | None


_KOLOMMEN = (
    "o.id, o.aanvraag_id, a.referentie, a.gemeente, a.regeling, a.gegevens->'onderneming'->>'kvkNummer', "
    "o.aangevraagd_op, o.termijn_einde, o.herinnerd_op, o.toelichting, o.conclusie"
)


async def open_opdrachten(
    engine: AsyncEngine, organisatie: str, gemeenten: Collection[str], limit: int
) -> list[Opdracht]:
    """The open studies of the organisation, the nearest deadline first."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                f"SELECT {_KOLOMMEN} FROM levensvatbaarheidsonderzoeken o "  # noqa: S608
                "JOIN aanvragen a ON a.id = o.aanvraag_id "
                "WHERE o.adviseur = :org AND a.gemeente = ANY(:g) AND o.conclusie IS NULL "
                "AND a.status = 'levensvatbaarheidsonderzoek' ORDER BY o.termijn_einde, o.id LIMIT :n"
            ),
            {"org": organisatie, "g": list(gemeenten), "n": limit},
        )
        return [Opdracht(*r) for r in rows]


async def opdracht(engine: AsyncEngine, onderzoek_id: int, organisatie: str, gemeenten: Collection[str]) -> Opdracht:
    """The organisation's study; 409 once it is done (the report cannot change afterwards)."""
    async with engine.connect() as conn:
        r = (
            await conn.execute(
                text(
                    f"SELECT {_KOLOMMEN} FROM levensvatbaarheidsonderzoeken o "  # noqa: S608
                    "JOIN aanvragen a ON a.id = o.aanvraag_id "
                    "WHERE o.id = :id AND o.adviseur = :org AND a.gemeente = ANY(:g)"
                ),
                {"id": onderzoek_id, "org": organisatie, "g": list(gemeenten)},
            )
        ).first()
    if r is None:
        raise NietGevonden("Er is geen onderzoek met dit id voor uw organisatie.")
    gevonden = Opdracht(*r)
    if gevonden.conclusie is not None:
        raise OnderzoekAfgerond("Dit onderzoek is afgerond; het rapport staat vast.")
    return gevonden
