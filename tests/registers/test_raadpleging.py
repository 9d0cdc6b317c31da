"""raadpleeg_registers and bepaal_bevindingen on the Tozo cases, against the running simulator."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from app.registers.aangifte import Aangifte, OpgegevenMaandinkomen
from app.registers.bevindingen import Bevinding, bepaal_bevindingen
from app.registers.brp import BrpClient
from app.registers.raadpleging import RegisterClients, raadpleeg_registers
from app.registers.simulators import Storing
from app.registers.snapshot import RegisterSnapshot
from app.registers.weerbaarheid import CircuitBreaker, RetryBeleid
from tests.registers.conftest import Simulator

LELYSTAD = "0995"
AANVRAAG = date(2020, 7, 15)
JULI = (OpgegevenMaandinkomen("2020-07"),)


def _codes(bevindingen: tuple[Bevinding, ...]) -> dict[str, str]:
    return {b.code: b.soort for b in bevindingen}


async def _verifieer(clients: RegisterClients, aangifte: Aangifte) -> tuple[RegisterSnapshot, tuple[Bevinding, ...]]:
    snapshot = await raadpleeg_registers(aangifte, clients)
    assert snapshot.compleet, snapshot.mislukt
    return snapshot, bepaal_bevindingen(aangifte, snapshot)


async def test_happy_path_only_confirmations_and_standing_tasks(clients: RegisterClients) -> None:
    aangifte = Aangifte(
        "999991012", LELYSTAD, AANVRAAG, date(1985, 3, 14), kvk_nummer="90004444", inkomen_aanvrager=JULI
    )
    snapshot, bevindingen = await _verifieer(clients, aangifte)
    codes = _codes(bevindingen)
    assert not [b for b in bevindingen if b.soort == "conflict"]
    assert codes["KVK_INGESCHREVEN_VOOR_PEILMOMENT"] == "bevestigd"
    assert codes["BRP_WOONT_IN_GEMEENTE"] == "bevestigd"
    assert codes["BRP_GEBOORTEDATUM_BEVESTIGD"] == "bevestigd"
    # What no register can say is always named as a task.
    for taak in ("KVK_EIGENAAR_CONTROLEREN", "WINST_CONTROLEREN", "PARTNER_SAMENWONEN_CONTROLEREN"):
        assert codes[taak] == "taak"
    # Every look-up is in the processing log, applicant as data subject.
    operaties = sorted(v.operatie for v in snapshot.verwerkingen())
    assert operaties == [
        "brp.personen.raadplegen.verificatie",
        "kvk.basisprofiel.raadplegen",
        "suwinet.bijstandsregelingen.raadplegen",
        "suwinet.uwv.inkomsten.raadplegen",
    ]
    assert {v.betrokkene_bsn for v in snapshot.verwerkingen()} == {"999991012"}


async def test_undeclared_partner_is_a_conflict_with_the_register_text(clients: RegisterClients) -> None:
    aangifte = Aangifte("999970124", "0518", AANVRAAG, kvk_nummer="69599084")
    snapshot, bevindingen = await _verifieer(clients, aangifte)
    (partner,) = [b for b in bevindingen if b.code == "BRP_PARTNER_NIET_OPGEGEVEN"]
    assert partner.soort == "conflict"
    assert partner.tekst == "Opgegeven: geen partner; BRP: partner 999970136 sinds 2012-05-01."
    assert partner.opgegeven == "geen partner" and partner.bron.startswith("BRP")
    # The BRP partner was not declared, yet her income is looked up too (phase two).
    assert "999970136" in snapshot.inkomsten
    assert "SUWINET_INKOMEN_NIET_OPGEGEVEN" not in _codes(bevindingen)  # no months declared


@pytest.mark.parametrize(
    ("bsn", "kvk_nummer", "code", "soort"),
    [
        ("999991073", "90001111", "KVK_INGESCHREVEN_NA_PEILMOMENT", "conflict"),
        ("999991097", "90003333", "KVK_INGESCHREVEN_OP_PEILDAG", "taak"),
        ("999991085", "90002222", "KVK_ONDERNEMING_BEEINDIGD", "conflict"),
        ("999991012", "12345678", "KVK_NIET_GEVONDEN", "conflict"),
        ("999991012", "68750110", "KVK_RECHTSVORM_CONTROLEREN", "taak"),
    ],
)
async def test_kvk_cases(clients: RegisterClients, bsn: str, kvk_nummer: str, code: str, soort: str) -> None:
    _, bevindingen = await _verifieer(clients, Aangifte(bsn, LELYSTAD, AANVRAAG, kvk_nummer=kvk_nummer))
    assert _codes(bevindingen)[code] == soort


async def test_moved_out_of_the_municipality(clients: RegisterClients) -> None:
    aangifte = Aangifte(
        "999991024",
        LELYSTAD,
        AANVRAAG,
        kvk_nummer="90006666",
        inkomen_aanvrager=(OpgegevenMaandinkomen("2020-07", uitkering_cent=90000),),
    )
    _, bevindingen = await _verifieer(clients, aangifte)
    (andere,) = [b for b in bevindingen if b.code == "BRP_ANDERE_GEMEENTE"]
    assert andere.soort == "conflict" and andere.register_waarde == "0034 Almere"
    assert "sinds 2020-05-01" in andere.tekst
    assert _codes(bevindingen)["SUWINET_INKOMEN_BEVESTIGD"] == "bevestigd"  # WW declared right


async def test_partner_wage_above_the_norm_not_declared(clients: RegisterClients) -> None:
    aangifte = Aangifte(
        "999991036",
        LELYSTAD,
        AANVRAAG,
        kvk_nummer="90005555",
        heeft_partner=True,
        partner_bsn="999991048",
        inkomen_aanvrager=JULI,
        inkomen_partner=JULI,
    )
    snapshot, bevindingen = await _verifieer(clients, aangifte)
    codes = _codes(bevindingen)
    assert codes["BRP_PARTNER_BEVESTIGD"] == "bevestigd"
    (loon,) = [b for b in bevindingen if b.code == "SUWINET_INKOMEN_NIET_OPGEGEVEN"]
    assert loon.soort == "conflict" and loon.register_waarde == "245000"
    assert loon.veld == "inkomen.partner.2020-07.loon"
    assert set(snapshot.inkomsten) == {"999991036", "999991048"}


async def test_already_on_bbz(clients: RegisterClients) -> None:
    aangifte = Aangifte("999991061", LELYSTAD, AANVRAAG, date(1970, 1, 1), kvk_nummer="90007777")
    _, bevindingen = await _verifieer(clients, aangifte)
    codes = _codes(bevindingen)
    assert codes["SUWINET_BBZ_LOPEND"] == "conflict"
    assert codes["BRP_GEBOORTEDATUM_ONBEKEND"] == "taak"


async def test_register_down_leaves_the_case_waiting_then_it_recovers(
    simulator: Simulator, clients: RegisterClients
) -> None:
    aangifte = Aangifte("999991012", LELYSTAD, AANVRAAG, kvk_nummer="90004444")
    simulator.storingen.zet("brp", Storing(modus="down"))
    wachtend = await raadpleeg_registers(aangifte, clients)
    assert wachtend.wacht_op_register and not wachtend.compleet
    assert wachtend.brp is None and wachtend.kvk is not None  # the others still answered
    (mislukt,) = wachtend.mislukt
    assert mislukt.register == "BRP" and mislukt.tijdelijk
    assert mislukt.verwerking is not None and mislukt.verwerking.status == "fout"
    assert "REGISTER_NIET_GERAADPLEEGD" in _codes(bepaal_bevindingen(aangifte, wachtend))
    simulator.storingen.herstel("brp")
    hersteld = await raadpleeg_registers(aangifte, clients)
    assert hersteld.compleet and hersteld.brp is not None


async def test_brp_down_for_first_requests_every_case_verified_exactly_once(
    simulator: Simulator, clients: RegisterClients
) -> None:
    """A queue of cases with the BRP down for its first 7 requests: cases that meet the outage
    wait and are retried; at the end every case has exactly one complete snapshot."""
    brp = BrpClient(
        simulator.brp_url,
        retry=RetryBeleid(pogingen=2, wacht_begin=0, wacht_max=0, jitter=0),
        breaker=CircuitBreaker(drempel=1000),
    )
    clients = RegisterClients(clients.kvk, brp, clients.suwinet)
    gevallen = {
        bsn: Aangifte(bsn, LELYSTAD, AANVRAAG, kvk_nummer="90004444")
        for bsn in [
            "999991012",
            "999991024",
            "999991036",
            "999991048",
            "999991061",
            "999991073",
            "999991085",
            "999991097",
            "999970124",
            "999990676",
        ]
    }
    simulator.storingen.zet("brp", Storing(modus="fout", aantal=7))
    wachtrij = list(gevallen)
    geverifieerd: Counter[str] = Counter()
    rondes = 0
    while wachtrij:
        rondes += 1
        assert rondes < 20, "cases never finished"
        volgende = []
        for bsn in wachtrij:
            snapshot = await raadpleeg_registers(gevallen[bsn], clients)
            if snapshot.wacht_op_register:
                volgende.append(bsn)
            else:
                geverifieerd[bsn] += 1
        wachtrij = volgende
    await brp.aclose()
    assert geverifieerd == Counter({bsn: 1 for bsn in gevallen})
    assert rondes > 1  # the outage was really met
