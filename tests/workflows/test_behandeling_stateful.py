"""Random sequences of claims, checks, requests for information, supplements, assessments,
reviews, releases, lease expiries and sweeps by random users over several cases, with the
invariants of issue 6 checked after every step against the database:

- nobody assesses a case they checked; nobody reviews a case they checked or assessed;
- no case is held by two people at once;
- every state is reached only by moves of the transition table, each with its audit event;
- a step that the rules allow (live claim, right state, four-eyes) succeeds, any other is refused.

Driven through the workflow functions with a clock of its own, so leases and terms can expire."""

import asyncio
import itertools
import json
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit.trail import Actor
from app.db import create_engine
from app.workflows import beoordeling, controle, herstel, review, werkvoorraad
from app.workflows.beoordeling import Besluit
from app.workflows.fouten import AanvraagFout
from app.workflows.levenscyclus import TRANSITIES, Status
from app.workflows.review import ReviewOordeel
from app.workflows.werkvoorraad import AMSTERDAM, Stadium

GEBRUIKERS = ("ans", "bob", "cor", "dik")
HOUDER = "houder"
HOUDER_VAN = "houder-van-"
WIE = st.sampled_from((*GEBRUIKERS, HOUDER, HOUDER, HOUDER, HOUDER))
ZAKEN = 4
_gemeenten = itertools.count(secrets.randbelow(500))

UITKOMST = {
    "conclusie": "toekenning",
    "maanden": [{"maand": "2020-04", "toegekend": True}, {"maand": "2020-05", "toegekend": True}],
    "ontbrekend": [{"soort": "jaarcijfers", "reden": "Winst 2019", "grondslag": "Bbz art. 12"}],
    "procedure": {"beslistermijnEinde": "2020-06-15", "streefdatumBeslissing": "2020-05-18", "hersteltermijnDagen": 14},
}


async def _nieuwe_zaken(engine: AsyncEngine, gemeente: str, nu: datetime) -> list[uuid.UUID]:
    """Cases as verification leaves them: in te_controleren, with findings and a rules outcome."""
    ids = [uuid.uuid4() for _ in range(ZAKEN)]
    async with engine.begin() as conn:
        for i in ids:
            await conn.execute(
                text(
                    "INSERT INTO aanvragen (id, referentie, gemeente, regeling, status, kanaal, ingediend_door, "
                    "aanvraagdatum, ontvangen_op, bsn, gegevens, versie, gewijzigd_op) VALUES (:id, :ref, :g, "
                    "'tozo-levensonderhoud', 'in_verificatie', 'digitaal', 'loket', '2020-04-20', :nu, '999991012', "
                    "'{}', 1, :nu)"
                ),
                {"id": i, "ref": f"TEST-{i.hex[:20]}", "g": gemeente, "nu": nu},
            )
            await conn.execute(
                text(
                    "INSERT INTO verificaties (aanvraag_id, tijdstip, compleet, registers, mislukt, bevindingen, "
                    "regeluitkomst) VALUES (:id, :nu, true, '{}', '[]', CAST(:b AS jsonb), CAST(:u AS jsonb))"
                ),
                {
                    "id": i,
                    "nu": nu,
                    "b": json.dumps([{"code": "kvk-eigenaar", "soort": "taak"}]),
                    "u": json.dumps(UITKOMST),
                },
            )
            await conn.execute(
                text("UPDATE aanvragen SET status = 'te_controleren', versie = 2 WHERE id = :id"), {"id": i}
            )
            await conn.execute(
                text(
                    "INSERT INTO audit_gebeurtenissen (aanvraag_id, tijdstip, actor, rol, kanaal, actie, van_status, "
                    "naar_status) VALUES (:id, :nu, 'verificatie', 'systeem', 'systeem', 'geverifieerd', "
                    "'in_verificatie', 'te_controleren')"
                ),
                {"id": i, "nu": nu},
            )
    return ids


async def _parkeer(engine: AsyncEngine, ids: list[uuid.UUID]) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE aanvragen SET gemeente = '0000' WHERE id = ANY(:ids)"), {"ids": ids})


def test_behandeling_toestandsmachine(database_url: str) -> None:
    loop = asyncio.new_event_loop()
    engine = create_engine(database_url, 5)
    bereikt: set[str] = set()

    def run(coro: Any) -> Any:
        return loop.run_until_complete(coro)

    class Behandeling(RuleBasedStateMachine):
        @initialize()
        def begin(self) -> None:
            self.nu = datetime.now(AMSTERDAM)
            self.gemeente = f"7{next(_gemeenten) % 1000:03d}"
            self.zaken = run(_nieuwe_zaken(engine, self.gemeente, self.nu))
            self.houders: dict[uuid.UUID, tuple[str, datetime]] = {}

        def _actor(self, wie: str, rol: str) -> Actor:
            return Actor(wie, rol, "medewerker")

        def _zaak(self, i: int) -> werkvoorraad.Zaak:
            z: werkvoorraad.Zaak = run(werkvoorraad.lees(engine, self.zaken[i % ZAKEN], [self.gemeente]))
            return z

        def _kies(self, i: int, wie: str) -> tuple[werkvoorraad.Zaak, str]:
            """'houder': a case someone holds, acted on by its holder (else steps would rarely
            fit); otherwise case i by the given user."""
            if wie.startswith(HOUDER_VAN):
                zaak = self._zaak(int(wie.removeprefix(HOUDER_VAN)))
                return zaak, zaak.behandelaar or GEBRUIKERS[0]
            if wie == HOUDER:
                gehouden = [z for z, (_, tot) in sorted(self.houders.items()) if tot > self.nu]
                zaak = (
                    run(werkvoorraad.lees(engine, gehouden[i % len(gehouden)], [self.gemeente]))
                    if gehouden
                    else self._zaak(i)
                )
                return zaak, zaak.behandelaar or GEBRUIKERS[0]
            return self._zaak(i), wie

        def _mag(self, zaak: werkvoorraad.Zaak, wie: str, status: Status, stadium: Stadium) -> bool:
            return (
                zaak.status == status
                and zaak.geclaimd_door(wie, self.nu)
                and werkvoorraad.mag_behandelen(stadium, zaak, wie)
            )

        def _doe(self, verwacht: bool, coro: Any, zaak: werkvoorraad.Zaak) -> None:
            """Run a step; a move that succeeds releases the claim, in the model as in the data."""
            try:
                run(coro)
            except AanvraagFout as fout:
                assert not verwacht, f"geweigerd terwijl toegestaan: {fout.detail}"
            else:
                assert verwacht, "toegestaan terwijl het geweigerd had moeten worden"
                self.houders.pop(zaak.id, None)

        @rule(wie=st.sampled_from(GEBRUIKERS), stadium=st.sampled_from(list(Stadium)))
        def claim(self, wie: str, stadium: Stadium) -> None:
            zaak = run(
                werkvoorraad.claim_volgende(engine, stadium, self._actor(wie, stadium.value), [self.gemeente], self.nu)
            )
            if zaak is None:
                return
            assert zaak.status == werkvoorraad.STATUS_VAN[stadium]
            assert werkvoorraad.mag_behandelen(stadium, zaak, wie)
            vorige = self.houders.get(zaak.id)
            assert vorige is None or vorige[0] == wie or vorige[1] <= self.nu, "twee houders tegelijk"
            assert zaak.claim_tot is not None
            self.houders[zaak.id] = (wie, zaak.claim_tot)

        @rule(wie=WIE, i=st.integers(0, ZAKEN - 1))
        def vrijgeven(self, wie: str, i: int) -> None:
            zaak, wie = self._kies(i, wie)
            verwacht = zaak.geclaimd_door(wie, self.nu)
            self._doe(
                verwacht, werkvoorraad.geef_vrij(engine, zaak.id, [self.gemeente], self._actor(wie, "x"), self.nu), zaak
            )
            if verwacht:
                self.houders.pop(zaak.id, None)

        @rule(wie=WIE, i=st.integers(0, ZAKEN - 1))
        def controleer(self, wie: str, i: int) -> None:
            zaak, wie = self._kies(i, wie)
            verwacht = self._mag(zaak, wie, Status.te_controleren, Stadium.controleur)
            oordelen = [controle.Oordeel("kvk-eigenaar", "bevestigd")]
            actor = self._actor(wie, "controleur")
            self._doe(
                verwacht,
                controle.controleer(engine, zaak.id, [self.gemeente], actor, oordelen, True, None, None, self.nu),
                zaak,
            )

        @rule(wie=WIE, i=st.integers(0, ZAKEN - 1))
        def vraag_herstel(self, wie: str, i: int) -> None:
            zaak, wie = self._kies(i, wie)
            verwacht = self._mag(zaak, wie, Status.te_controleren, Stadium.controleur)
            actor = self._actor(wie, "controleur")
            self._doe(
                verwacht, herstel.vraag_herstel(engine, zaak.id, [self.gemeente], actor, [], None, None, self.nu), zaak
            )

        @rule(i=st.integers(0, ZAKEN - 1))
        def vul_aan(self, i: int) -> None:
            zaak = self._zaak(i)
            actor = Actor("loket", "loket", "digitaal")
            verwacht = zaak.status == Status.hersteltermijn
            self._doe(verwacht, herstel.vul_aan(engine, zaak.id, [self.gemeente], actor, None, None, self.nu), zaak)

        @rule(wie=WIE, i=st.integers(0, ZAKEN - 1), besluit=st.sampled_from(list(Besluit)))
        def beoordeel(self, wie: str, i: int, besluit: Besluit) -> None:
            zaak, wie = self._kies(i, wie)
            verwacht = self._mag(zaak, wie, Status.te_beoordelen, Stadium.consulent)
            maanden = None
            if besluit is Besluit.gedeeltelijke_toekenning:
                maanden = [beoordeling.MaandOordeel("2020-04", True), beoordeling.MaandOordeel("2020-05", False)]
                besluit_arg = None
            else:
                besluit_arg = besluit
            actor = self._actor(wie, "consulent")
            self._doe(
                verwacht,
                beoordeling.beoordeel(
                    engine, zaak.id, [self.gemeente], actor, besluit_arg, maanden, "motivering", None, self.nu
                ),
                zaak,
            )

        @rule(
            wie=st.sampled_from(GEBRUIKERS),
            i=st.integers(0, ZAKEN - 1),
            oordeel=st.sampled_from(list(ReviewOordeel)),
        )
        def review(self, wie: str, i: int, oordeel: ReviewOordeel) -> None:
            zaak, wie = self._kies(i, wie)
            verwacht = self._mag(zaak, wie, Status.te_reviewen, Stadium.reviewer)
            actor = self._actor(wie, "reviewer")
            self._doe(
                verwacht, review.review(engine, zaak.id, [self.gemeente], actor, oordeel, "reden", None, self.nu), zaak
            )

        @rule(i=st.integers(0, ZAKEN - 1), wie=st.sampled_from(GEBRUIKERS), keuze=st.integers(0, 2))
        def volgende_stap(self, i: int, wie: str, keuze: int) -> None:
            """The natural next step for case i, by its holder or by someone claiming: drives cases
            deep into the flow, next to the purely random steps."""
            zaak = self._zaak(i)
            stadium = next((s for s, st_ in werkvoorraad.STATUS_VAN.items() if st_ == zaak.status), None)
            if zaak.status == Status.hersteltermijn:
                self.vul_aan(i)
            elif stadium is not None and not (zaak.behandelaar and zaak.claim_tot and zaak.claim_tot > self.nu):
                self.claim(wie, stadium)
            elif stadium is Stadium.controleur:
                (self.controleer if keuze else self.vraag_herstel)(HOUDER_VAN + str(i), i)
            elif stadium is Stadium.consulent:
                self.beoordeel(HOUDER_VAN + str(i), i, list(Besluit)[keuze])
            elif stadium is Stadium.reviewer:
                self.review(HOUDER_VAN + str(i), i, list(ReviewOordeel)[keuze % 2])

        @rule(minuten=st.sampled_from([5, 5, 5, 31, 31, 60 * 24 * 15]))
        def tijd_verstrijkt(self, minuten: int) -> None:
            self.nu += timedelta(minutes=minuten)

        @rule()
        def veeg(self) -> None:
            verwerkt = run(herstel.verwerk_verlopen_termijnen(engine, self.nu))
            for i in verwerkt:
                self.houders.pop(i, None)
                if i in self.zaken:
                    assert self._zaak(self.zaken.index(i)).status == Status.buiten_behandeling

        def teardown(self) -> None:
            # Park this run's cases outside any municipality, so a later run's queues start empty.
            if hasattr(self, "zaken"):
                run(_parkeer(engine, self.zaken))

        @invariant()
        def invarianten(self) -> None:
            if not hasattr(self, "zaken"):
                return
            run(self._controleer())

        async def _controleer(self) -> None:
            async with engine.connect() as conn:
                zaken = (
                    await conn.execute(
                        text(
                            "SELECT id, status, versie, behandelaar, claim_tot, gecontroleerd_door, beoordeeld_door, "
                            "gereviewd_door FROM aanvragen WHERE id = ANY(:ids)"
                        ),
                        {"ids": self.zaken},
                    )
                ).all()
                for z in zaken:
                    bereikt.add(z.status)
                    assert z.beoordeeld_door is None or z.beoordeeld_door != z.gecontroleerd_door
                    assert z.gereviewd_door is None or z.gereviewd_door not in (z.gecontroleerd_door, z.beoordeeld_door)
                    if z.behandelaar and z.claim_tot > self.nu:
                        houder = self.houders.get(z.id)
                        assert houder is None or houder[0] == z.behandelaar or houder[1] <= self.nu
                    stappen = (
                        await conn.execute(
                            text(
                                "SELECT van_status, naar_status FROM audit_gebeurtenissen "
                                "WHERE aanvraag_id = :id AND naar_status IS NOT NULL ORDER BY id"
                            ),
                            {"id": z.id},
                        )
                    ).all()
                    # Each move allowed by the table, in a chain, ending in the current state.
                    for van, naar in stappen:
                        assert Status(naar) in TRANSITIES[Status(van)], (van, naar)
                    for (_, naar), (van, _) in itertools.pairwise(stappen):
                        assert naar == van
                    assert stappen[-1].naar_status == z.status
                    # Every transition audited: one event per version step.
                    assert len(stappen) == z.versie - 1
                fouten = (
                    await conn.execute(
                        text(
                            "SELECT (SELECT count(*) FROM beoordelingen WHERE aanvraag_id = ANY(:ids) "
                            "  AND beoordeeld_door = gecontroleerd_door) + "
                            "(SELECT count(*) FROM reviews WHERE aanvraag_id = ANY(:ids) "
                            "  AND gereviewd_door IN (gecontroleerd_door, beoordeeld_door))"
                        ),
                        {"ids": self.zaken},
                    )
                ).scalar()
                assert fouten == 0

    try:
        run_state_machine_as_test(
            Behandeling,
            settings=settings(
                max_examples=25,
                # A fixed exploration, so the reach check below cannot fail on an unlucky draw in CI.
                derandomize=True,
                stateful_step_count=80,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    finally:
        run(engine.dispose())
        loop.close()
    assert {"te_beoordelen", "te_reviewen"} <= bereikt, bereikt  # the machine got deep into the flow


pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
