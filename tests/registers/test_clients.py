"""The three clients against the running simulator, over real HTTP."""

from __future__ import annotations

from datetime import date

import pytest

from app.registers.brp import BrpClient, Doel, Persoon
from app.registers.fouten import RegisterVerzoekGeweigerd
from app.registers.kvk import Basisprofiel, KvkClient
from app.registers.resultaat import NietGevonden
from app.registers.suwinet import Bijstandsregelingen, Inkomsten, SuwinetClient
from tests.registers.conftest import SNEL, Simulator

OUDER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


async def test_kvk_eenmanszaak(kvk: KvkClient) -> None:
    opvraging = await kvk.basisprofiel("69599084", betrokkene_bsn="999991012")
    profiel = opvraging.resultaat
    assert isinstance(profiel, Basisprofiel)
    assert profiel.naam == "Test EMZ Dagobert"
    assert profiel.rechtsvorm == "Eenmanszaak"
    assert profiel.formele_registratiedatum == date(2017, 7, 10)
    assert profiel.datum_einde is None
    assert profiel.handelsnamen[0] == "Test EMZ Dagobert"
    assert opvraging.verwerking.status == "ok"
    assert opvraging.verwerking.betrokkene_bsn == "999991012"
    assert opvraging.verwerking.operatie == "kvk.basisprofiel.raadplegen"
    assert "KvK" in opvraging.bron


async def test_kvk_bv_and_ended_business(kvk: KvkClient) -> None:
    bv = (await kvk.basisprofiel("68750110")).resultaat
    assert isinstance(bv, Basisprofiel) and bv.rechtsvorm == "BeslotenVennootschap"
    beeindigd = (await kvk.basisprofiel("90002222")).resultaat
    assert isinstance(beeindigd, Basisprofiel)
    assert beeindigd.datum_einde == date(2020, 2, 29)
    assert not beeindigd.actief_op(date(2020, 4, 1))


async def test_kvk_not_found_is_a_result(kvk: KvkClient) -> None:
    opvraging = await kvk.basisprofiel("12345678")
    assert isinstance(opvraging.resultaat, NietGevonden)
    assert not opvraging.gevonden
    assert opvraging.verwerking.status == "ok"


async def test_kvk_without_apikey_is_refused_not_retried(simulator: Simulator) -> None:
    async with KvkClient(simulator.kvk_url, "", retry=SNEL) as client:
        with pytest.raises(RegisterVerzoekGeweigerd) as info:
            await client.basisprofiel("69599084")
    assert info.value.http_status == 401
    assert info.value.verwerking is not None and info.value.verwerking.pogingen == 1
    assert simulator.storingen.tellers["kvk"].verzoeken == 1


async def test_kvk_rejects_malformed_number_before_asking(kvk: KvkClient) -> None:
    with pytest.raises(ValueError):
        await kvk.basisprofiel("6959908")


async def test_brp_household(brp: BrpClient) -> None:
    opvraging = await brp.raadpleeg("999970124")
    persoon = opvraging.resultaat
    assert isinstance(persoon, Persoon)
    partner = persoon.huidige_partner
    assert partner is not None and partner.bsn == "999970136"
    assert partner.sinds is not None and partner.sinds.datum == date(2012, 5, 1)
    assert len(persoon.kinderen) == 4
    assert persoon.gemeente_van_inschrijving is not None
    assert persoon.gemeente_van_inschrijving.code == "0518"
    assert persoon.verblijfplaats is not None and persoon.verblijfplaats.soort == "Adres"
    assert persoon.adresregels[0] == "Kerkstraat 12"
    # One Logboek record per data subject: the partner and children came back too.
    assert set(opvraging.verwerking.betrokkenen) == {
        "999970124",
        "999970136",
        "999970409",
        "999970161",
        "999970173",
        "999970185",
    }


@pytest.mark.parametrize(
    ("bsn", "soort", "tekst"),
    [
        ("999991012", "volledig", "1985-03-14"),
        ("999991036", "jaar-maand", "1979-06 (dag onbekend)"),
        ("999991073", "jaar", "1990 (maand en dag onbekend)"),
        ("999991061", "onbekend", "onbekend"),
    ],
)
async def test_brp_four_date_shapes(brp: BrpClient, bsn: str, soort: str, tekst: str) -> None:
    persoon = (await brp.raadpleeg(bsn)).resultaat
    assert isinstance(persoon, Persoon) and persoon.geboortedatum is not None
    assert persoon.geboortedatum.soort == soort
    assert str(persoon.geboortedatum) == tekst


async def test_brp_deceased_abroad_and_not_found(brp: BrpClient) -> None:
    dood = (await brp.raadpleeg("999990421")).resultaat
    assert isinstance(dood, Persoon) and dood.overleden
    buitenland = (await brp.raadpleeg("999993653")).resultaat
    assert isinstance(buitenland, Persoon)
    assert buitenland.verblijfplaats is not None
    assert buitenland.verblijfplaats.soort == "VerblijfplaatsBuitenland"
    assert isinstance((await brp.raadpleeg("111222333")).resultaat, NietGevonden)


async def test_brp_other_purpose_asks_other_fields(brp: BrpClient) -> None:
    persoon = (await brp.raadpleeg("999970124", Doel.ADRESSERING)).resultaat
    assert isinstance(persoon, Persoon)
    assert persoon.adresregels and persoon.partners == () and persoon.geboortedatum is None


async def test_suwinet_wages_per_month_in_cents(suwinet: SuwinetClient) -> None:
    opvraging = await suwinet.inkomsten("999991048", date(2020, 6, 1), date(2020, 8, 31))
    inkomsten = opvraging.resultaat
    assert isinstance(inkomsten, Inkomsten)
    maanden = inkomsten.per_maand()
    assert [m.maand for m in maanden] == ["2020-06", "2020-07", "2020-08"]
    assert {m.soort for m in maanden} == {"loon"}
    assert maanden[0].bruto_cent == 320000
    assert maanden[0].netto_indicatie_cent == 245000
    assert inkomsten.maand("2020-07", "loon") == 245000


async def test_suwinet_benefit_and_nothing_found(suwinet: SuwinetClient) -> None:
    ww = (await suwinet.inkomsten("999991024", date(2020, 4, 1), date(2020, 4, 30))).resultaat
    assert isinstance(ww, Inkomsten) and ww.per_maand()[0].soort == "uitkering"
    niets = (await suwinet.inkomsten("999991012", date(2020, 4, 1), date(2020, 4, 30))).resultaat
    assert isinstance(niets, NietGevonden)


async def test_suwinet_existing_bbz(suwinet: SuwinetClient) -> None:
    opvraging = await suwinet.bijstandsregelingen("999991061")
    regelingen = opvraging.resultaat
    assert isinstance(regelingen, Bijstandsregelingen)
    (bbz,) = regelingen.uitkeringen
    assert bbz.is_bbz and bbz.loopt_op(date(2020, 4, 1))
    assert bbz.betaalbaar_per_periode_cent == 105232
    assert opvraging.verwerking.operatie == "suwinet.bijstandsregelingen.raadplegen"
    assert isinstance((await suwinet.bijstandsregelingen("999991012")).resultaat, NietGevonden)


async def test_traceparent_reaches_every_register(
    simulator: Simulator, kvk: KvkClient, brp: BrpClient, suwinet: SuwinetClient
) -> None:
    k = await kvk.basisprofiel("69599084", traceparent=OUDER)
    b = await brp.raadpleeg("999970124", traceparent=OUDER)
    s = await suwinet.bijstandsregelingen("999991061", traceparent=OUDER)
    for opvraging, register in ((k, "kvk"), (b, "brp"), (s, "suwinet")):
        verwerking = opvraging.verwerking
        assert verwerking.trace.trace_id == "0af7651916cd43dd8448eb211c80319c"
        assert verwerking.trace.parent_span_id == "b7ad6b7169203331"
        assert verwerking.traceparent != OUDER  # our own span, child of the caller's
        assert simulator.storingen.tellers[register].traceparents == [verwerking.traceparent]
