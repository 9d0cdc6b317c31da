"""A small synthetic data set whose figures are counted by hand (the expected values in the tests
say how). Rows go into the tables the workflows write (aanvragen, verificaties, beschikkingen,
herstelverzoeken); the database triggers of migration 0013 fill the read model from them.

Municipality 8801, April 2020 (ISO weeks 15 and 16), Tozo levensonderhoud unless said otherwise:

| cases | received    | status               | decided (lead) | postcode | SBI  | age |
|-------|-------------|----------------------|----------------|----------|------|-----|
| 3     | 07-04 (W15) | toegekend            | 14-04 (7)      | 7411     | 9001 | 28  |
| 2     | 08-04 (W15) | toegekend            | 14-04 (6)      | 7412     | 9001 | 28  |
| 1     | 06-04 (W15) | afgewezen            | 15-04 (9)      | 7411     | 5610 | 40  |
| 1     | 06-04 (W15) | te_beoordelen        |                | 7421     | 5610 | 40  |
| 1     | 13-04 (W16) | ingetrokken          | 16-04          | 7421     | 5610 | 40  |
| 2     | 14-04 (W16) | te_controleren (*)   |                | 7421     | 5610 | 40  |
| 3     | 15-04 (W16) | hersteltermijn (**)  |                | 7421/9999| 5610/4120 | 60 |
| 2     | 15-04 (W16) | hersteltermijn (**)  |                | (none)   | (none) | 22 |
| 1     | 01-05       | ontvangen            |                |          |      | 50  |

(*) each had an information request, answered. (**) each has one request, unanswered, period
ended 30-04. Toegekend amounts 1,200 + 1,100 + 1,000 + 900 + 800 euro; the first later revised
to 1,100 (herziening), and a terugvordering of an advance on it does not count. Referrals: the 5
awarded cases to schuldhulp (4 with consent), the 2 unverified cases to coaching, the case of 1 May
to schuldhulp on 2 May. Target date 14-04 and
legal term 04-05 for the week 15 cases. Plus 5 Bbz cases in 8801 (W15) and 6 Tozo cases in
8802 (W15), which the Tozo figures of 8801 must not show. Every case above is a person of its own.

One person, several applications (Tozo bedrijfskapitaal, 8801, all aged 33): Jansen applied 6 times
on 07-04 (W15), each verified at 7411, answered an information request, was rejected on 15-04
(lead 8) and was referred to schuldhulp (5 of them); on 14-04 (W16) Jansen applied once more and
4 other people once each (unverified, open). Six applications of one person are one person: every
cell of Jansen's alone is suppressed; W16 (5 applications of 5 people) is not."""

import json
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import asyncpg

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
GEMEENTE = "8801"
ANDERE = "8802"
TOZO = "tozo-levensonderhoud"
WIJKEN = "postcode4,wijk\n7411,Binnenstad\n7412,Binnenstad\n7421,Keizerslanden\n"


def _tijd(d: str, uur: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(d), datetime.min.time(), AMSTERDAM).replace(hour=uur)


def _geboren(leeftijd: int) -> str:
    return f"{2020 - leeftijd - 1}-06-01"  # application dates are in April 2020


class Laders:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self.volgnummer = 0

    def nieuwe_bsn(self) -> str:
        self.volgnummer += 1
        return f"1000{self.volgnummer:05d}"

    async def aanvraag(
        self,
        ontvangen: str,
        leeftijd: int,
        *,
        gemeente: str = GEMEENTE,
        regeling: str = TOZO,
        streef: str | None = None,
        termijn: str | None = None,
        bsn: str | None = None,
    ) -> uuid.UUID:
        ident = uuid.uuid4()
        gegevens = {"aanvrager": {"geboortedatum": _geboren(leeftijd)}}
        await self.conn.execute(
            "INSERT INTO aanvragen (id, referentie, gemeente, regeling, status, kanaal, ingediend_door, "
            "aanvraagdatum, ontvangen_op, bsn, gegevens, gewijzigd_op, streefdatum, beslistermijn_einde) "
            "VALUES ($1, $2, $3, $4, 'ontvangen', 'digitaal', 'test', $5, $6, $10, $7, $6, $8, $9)",
            ident,
            f"SI-{ident.hex[:12]}",
            gemeente,
            regeling,
            date.fromisoformat(ontvangen),
            _tijd(ontvangen),
            json.dumps(gegevens),
            date.fromisoformat(streef) if streef else None,
            date.fromisoformat(termijn) if termijn else None,
            bsn or self.nieuwe_bsn(),
        )
        return ident

    async def verificatie(self, ident: uuid.UUID, postcode: str, sbi: str) -> None:
        registers = {
            "brp": {"resultaat": {"verblijfplaats": {"postcode": postcode}}},
            "kvk": {"resultaat": {"hoofdactiviteitSbi": sbi}},
        }
        await self.conn.execute(
            "INSERT INTO verificaties (aanvraag_id, tijdstip, compleet, registers, mislukt, bevindingen) "
            "VALUES ($1, now(), true, $2, '[]', '[]')",
            ident,
            json.dumps(registers),
        )

    async def status(self, ident: uuid.UUID, status: str, op: str) -> None:
        await self.conn.execute(
            "UPDATE aanvragen SET status = $2, gewijzigd_op = $3 WHERE id = $1", ident, status, _tijd(op, 11)
        )

    async def toekenning(self, ident: uuid.UUID, euro: int, op: str) -> None:
        await self.status(ident, "toegekend", op)
        inhoud = {"soort": "toekenning_levensonderhoud", "maanden": [{"maand": "2020-04", "bedrag_cent": euro * 100}]}
        await self.conn.execute(
            "INSERT INTO beschikkingen (aanvraag_id, nummer, soort, besloten_op, briefdatum, inhoud) "
            "VALUES ($1, 1, 'toekenning_levensonderhoud', $2, $3, $4)",
            ident,
            _tijd(op, 11),
            date.fromisoformat(op),
            json.dumps(inhoud),
        )

    async def brief(self, ident: uuid.UUID, nummer: int, soort: str, was: int, wordt: int) -> None:
        maand = {"maand": "2020-04", "was_cent": was, "wordt_cent": wordt}
        maand |= {"nabetaling_cent": max(0, wordt - was), "terugvordering_cent": max(0, was - wordt)}
        await self.conn.execute(
            "INSERT INTO beschikkingen (aanvraag_id, nummer, soort, besloten_op, briefdatum, inhoud) "
            "VALUES ($1, $2, $3, now(), '2020-06-01', $4)",
            ident,
            nummer,
            soort,
            json.dumps({"soort": soort, "maanden": [maand]}),
        )

    async def verwijzing(self, ident: uuid.UUID, soort: str, toestemming: bool | None, op: str = "2020-04-20") -> None:
        await self.conn.execute(
            "INSERT INTO verwijzingen (aanvraag_id, gemeente, soort, aanleiding, aangemaakt_op, aangemaakt_door, "
            "toestemming, toestemming_op) VALUES ($1, $2, $3, 'aanvraag', $4, 'test', $5, $6)",
            ident,
            GEMEENTE,
            soort,
            _tijd(op),
            toestemming,
            None if toestemming is None else _tijd(op),
        )

    async def herstelverzoek(self, ident: uuid.UUID, aangevuld: bool) -> None:
        await self.conn.execute(
            "INSERT INTO herstelverzoeken (aanvraag_id, verzonden_op, verzonden_door, termijn_dagen, termijn_einde, "
            "ontbrekend) VALUES ($1, $2, 'test', 14, '2020-04-30', '[]')",
            ident,
            _tijd("2020-04-16"),
        )
        if aangevuld:
            await self.conn.execute(
                "UPDATE herstelverzoeken SET aangevuld_op = $2, aangevuld_door = 'test' WHERE aanvraag_id = $1",
                ident,
                _tijd("2020-04-20"),
            )


async def laad(database_url: str) -> None:
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        async with conn.transaction():
            await _laad(Laders(conn))
    finally:
        await conn.close()


async def _laad(d: Laders) -> None:
    w15 = {"streef": "2020-04-14", "termijn": "2020-05-04"}
    for ontvangen, postcode, euro in [
        ("2020-04-07", "7411", 1200),
        ("2020-04-07", "7411", 1100),
        ("2020-04-07", "7411", 1000),
        ("2020-04-08", "7412", 900),
        ("2020-04-08", "7412", 800),
    ]:
        a = await d.aanvraag(ontvangen, 28, **w15)
        await d.verificatie(a, postcode + "AB", "9001")
        await d.toekenning(a, euro, "2020-04-14")
        await d.verwijzing(a, "schuldhulp", toestemming=euro != 800)
        if euro == 1200:  # revised down by 100 euro later; the recovery of an advance changes nothing
            await d.brief(a, 2, "herziening", 120000, 110000)
            await d.brief(a, 3, "terugvordering", 50000, 0)
    a = await d.aanvraag("2020-04-06", 40, **w15)
    await d.verificatie(a, "7411CD", "5610")
    await d.status(a, "afgewezen", "2020-04-15")
    a = await d.aanvraag("2020-04-06", 40, **w15)
    await d.verificatie(a, "7421EF", "5610")
    await d.status(a, "te_beoordelen", "2020-04-10")
    a = await d.aanvraag("2020-04-13", 40)
    await d.verificatie(a, "7421EF", "5610")
    await d.status(a, "ingetrokken", "2020-04-16")
    for _ in range(2):
        a = await d.aanvraag("2020-04-14", 40)
        await d.verificatie(a, "7421GH", "5610")
        await d.herstelverzoek(a, aangevuld=True)
        await d.status(a, "te_controleren", "2020-04-20")
    for postcode, sbi in [("7421", "4120"), ("9999", "4120"), ("9999", "5610")]:
        a = await d.aanvraag("2020-04-15", 60)
        await d.verificatie(a, postcode + "XY", sbi)
        await d.herstelverzoek(a, aangevuld=False)
        await d.status(a, "hersteltermijn", "2020-04-16")
    for _ in range(2):
        a = await d.aanvraag("2020-04-15", 22)
        await d.verwijzing(a, "coaching", toestemming=True)
        await d.herstelverzoek(a, aangevuld=False)
        await d.status(a, "hersteltermijn", "2020-04-16")
    a = await d.aanvraag("2020-05-01", 50)
    await d.verwijzing(a, "schuldhulp", toestemming=None, op="2020-05-02")
    for _ in range(5):
        await d.aanvraag("2020-04-07", 30, regeling="bbz-levensonderhoud")
    for _ in range(6):
        await d.aanvraag("2020-04-07", 30, gemeente=ANDERE)
    await _een_persoon_meerdere_aanvragen(d)


KAPITAAL = "tozo-bedrijfskapitaal"
JANSEN = "100099999"


async def _een_persoon_meerdere_aanvragen(d: Laders) -> None:
    for i in range(6):
        a = await d.aanvraag("2020-04-07", 33, regeling=KAPITAAL, bsn=JANSEN)
        await d.verificatie(a, "7411JJ", "4120")
        await d.herstelverzoek(a, aangevuld=True)
        await d.status(a, "afgewezen", "2020-04-15")
        if i < 5:
            await d.verwijzing(a, "schuldhulp", toestemming=True)
    await d.aanvraag("2020-04-14", 33, regeling=KAPITAAL, bsn=JANSEN)
    for _ in range(4):
        await d.aanvraag("2020-04-14", 33, regeling=KAPITAAL)
