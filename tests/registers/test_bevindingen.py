"""bepaal_bevindingen as a pure function, on hand-made register answers (no HTTP)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.registers.aangifte import Aangifte, OpgegevenMaandinkomen
from app.registers.bevindingen import bepaal_bevindingen
from app.registers.brp import Gemeente, Partner, Persoon
from app.registers.datum import BrpDatum
from app.registers.kvk import Basisprofiel
from app.registers.resultaat import NietGevonden, Opvraging
from app.registers.snapshot import RegisterSnapshot
from app.registers.suwinet import Inkomsten, Inkomstenopgave, Inkomstenverhouding
from app.registers.verwerking import Verwerking, nieuwe_trace_context

NU = datetime(2020, 7, 15, 12, 0, tzinfo=UTC)
BSN = "999991012"


def _opvraging(resultaat: object, bron: str = "test") -> Opvraging[object]:
    verwerking = Verwerking("test", bron, BSN, nieuwe_trace_context(), NU, NU, "ok", 1)
    return Opvraging(resultaat, bron, NU, verwerking)


def _persoon(**kw: object) -> Persoon:
    basis: dict[str, object] = dict(
        bsn=BSN,
        geboortedatum=BrpDatum("volledig", 1985, 3, 14),
        gemeente_van_inschrijving=Gemeente("0995", "Lelystad"),
        datum_inschrijving_in_gemeente=None,
        verblijfplaats=None,
        adresregels=(),
        partners=(),
        kinderen=(),
        opschorting_reden=None,
    )
    basis.update(kw)
    return Persoon(**basis)  # type: ignore[arg-type]


def _inkomsten(bsn: str, maand_cent: dict[str, int], code: str = "15") -> Inkomsten:
    opgaven = tuple(Inkomstenopgave(date.fromisoformat(m + "-01"), None, c, 0, c) for m, c in maand_cent.items())
    return Inkomsten(
        bsn, (Inkomstenverhouding(1, "X", "1", code, "loon" if code == "15" else "uitkering", None, None, opgaven),)
    )


def _snapshot(**kw: object) -> RegisterSnapshot:
    return RegisterSnapshot(aanvrager_bsn=BSN, **kw)  # type: ignore[arg-type]


def test_pure_and_stable() -> None:
    aangifte = Aangifte(BSN, "0995", date(2020, 7, 1), date(1985, 3, 14))
    snapshot = _snapshot(brp=_opvraging(_persoon()))
    assert bepaal_bevindingen(aangifte, snapshot) == bepaal_bevindingen(aangifte, snapshot)


def test_business_profit_and_owner_are_always_tasks() -> None:
    profiel = Basisprofiel("90004444", "X", "Eenmanszaak", "Eenmanszaak", date(2012, 4, 2), None, None, (), None, None)
    aangifte = Aangifte(BSN, "0995", date(2020, 7, 1), kvk_nummer="90004444")
    codes = {b.code: b.soort for b in bepaal_bevindingen(aangifte, _snapshot(kvk=_opvraging(profiel)))}
    assert codes["WINST_CONTROLEREN"] == "taak" and codes["KVK_EIGENAAR_CONTROLEREN"] == "taak"


def test_no_kvk_number_is_a_task() -> None:
    codes = {b.code for b in bepaal_bevindingen(Aangifte(BSN, "0995", date(2020, 7, 1)), _snapshot())}
    assert "KVK_NIET_OPGEGEVEN" in codes


def test_declared_partner_absent_in_brp_is_a_task_not_a_conflict() -> None:
    """Unmarried cohabitants are not in the BRP: a declared partner it lacks is no contradiction."""
    aangifte = Aangifte(BSN, "0995", date(2020, 7, 1), heeft_partner=True, partner_bsn="999991048")
    (b,) = [b for b in bepaal_bevindingen(aangifte, _snapshot(brp=_opvraging(_persoon()))) if b.veld == "partner"]
    assert b.code == "BRP_GEEN_PARTNER" and b.soort == "taak"


def test_other_partner_and_dissolved_marriage() -> None:
    aangifte = Aangifte(BSN, "0995", date(2020, 7, 1), heeft_partner=True, partner_bsn="999991048")
    ander = Partner("999970136", None, "H", BrpDatum("volledig", 2012, 5, 1), None)
    codes = {b.code for b in bepaal_bevindingen(aangifte, _snapshot(brp=_opvraging(_persoon(partners=(ander,)))))}
    assert "BRP_ANDERE_PARTNER" in codes
    gescheiden = Partner("999970136", None, "H", BrpDatum("volledig", 2012, 5, 1), BrpDatum("volledig", 2019, 1, 1))
    alleen = Aangifte(BSN, "0995", date(2020, 7, 1))
    codes = {b.code for b in bepaal_bevindingen(alleen, _snapshot(brp=_opvraging(_persoon(partners=(gescheiden,)))))}
    assert "BRP_PARTNER_NIET_OPGEGEVEN" not in codes and "PARTNER_SAMENWONEN_CONTROLEREN" in codes


def test_birth_date_partial_in_brp() -> None:
    aangifte = Aangifte(BSN, "0995", date(2020, 7, 1), date(1961, 5, 5))
    past = bepaal_bevindingen(aangifte, _snapshot(brp=_opvraging(_persoon(geboortedatum=BrpDatum("jaar", 1961)))))
    assert {b.code: b.soort for b in past}["BRP_GEBOORTEDATUM_ONVOLLEDIG"] == "taak"
    fout = bepaal_bevindingen(aangifte, _snapshot(brp=_opvraging(_persoon(geboortedatum=BrpDatum("jaar", 1962)))))
    assert {b.code: b.soort for b in fout}["BRP_GEBOORTEDATUM_AFWIJKEND"] == "conflict"


def test_person_not_found_and_deceased() -> None:
    aangifte = Aangifte(BSN, "0995", date(2020, 7, 1))
    niet = bepaal_bevindingen(aangifte, _snapshot(brp=_opvraging(NietGevonden("BRP", BSN, "x"))))
    assert {b.code: b.soort for b in niet}["BRP_NIET_GEVONDEN"] == "conflict"
    dood = bepaal_bevindingen(aangifte, _snapshot(brp=_opvraging(_persoon(opschorting_reden="O"))))
    assert {b.code: b.soort for b in dood}["BRP_OVERLEDEN"] == "conflict"


def test_declared_income_suwinet_does_not_know_is_a_task() -> None:
    aangifte = Aangifte(
        BSN, "0995", date(2020, 7, 1), inkomen_aanvrager=(OpgegevenMaandinkomen("2020-07", uitkering_cent=30000),)
    )
    snapshot = _snapshot(inkomsten={BSN: _opvraging(NietGevonden("Suwinet", BSN, "niets"))})
    codes = {b.code: b.soort for b in bepaal_bevindingen(aangifte, snapshot)}
    assert codes["SUWINET_INKOMEN_NIET_GEVONDEN"] == "taak"


@given(st.integers(1, 10_000_00), st.integers(-4_999, 4_999))
def test_declared_close_to_register_is_never_a_conflict(register: int, verschil: int) -> None:
    opgegeven = max(1, register + verschil)
    aangifte = Aangifte(
        BSN, "0995", date(2020, 7, 1), inkomen_aanvrager=(OpgegevenMaandinkomen("2020-07", loon_cent=opgegeven),)
    )
    snapshot = _snapshot(inkomsten={BSN: _opvraging(_inkomsten(BSN, {"2020-07": register}))})
    inkomen = [b for b in bepaal_bevindingen(aangifte, snapshot) if b.veld.startswith("inkomen.aanvrager")]
    assert [b.code for b in inkomen] == ["SUWINET_INKOMEN_BEVESTIGD"]


@given(st.integers(1, 10_000_00))
def test_undeclared_register_income_is_always_a_conflict(register: int) -> None:
    aangifte = Aangifte(BSN, "0995", date(2020, 7, 1), inkomen_aanvrager=(OpgegevenMaandinkomen("2020-07"),))
    snapshot = _snapshot(inkomsten={BSN: _opvraging(_inkomsten(BSN, {"2020-07": register}))})
    (b,) = [b for b in bepaal_bevindingen(aangifte, snapshot) if b.veld.startswith("inkomen.aanvrager")]
    assert (b.code, b.soort) == ("SUWINET_INKOMEN_NIET_OPGEGEVEN", "conflict")
