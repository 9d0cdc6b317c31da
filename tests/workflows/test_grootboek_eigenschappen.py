"""Property of the ledger: for any sequence of advances, decisions (awards, rejections, new
decisions after an objection), herzieningen and payment runs, the entries that `boekingen`
books make the ledger state exactly what was decided: per month the entitlement equals the
latest decision (or the advance before any decision), and the balance equals the entitlement
minus what was paid. Every entry has the sign its kind requires, and nothing is ever changed:
the ledger is only appended to."""

from dataclasses import replace
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.decisions import opslag, voorbeelden
from app.decisions.letters import (
    GedeeltelijkeToekenning,
    ToekenningBedrijfskapitaal,
    ToekenningBedrijfskapitaalOmNiet,
    ToekenningLevensonderhoud,
)
from app.rules.bbz.omzetting import omzetting
from app.workflows import omzetting as omzetting_wf
from app.workflows.betalingen import GEEN_GELD, Boeking, Soort, boekingen, doel_uit_brief

MAANDEN = [date(2020, m, 1) for m in range(3, 9)]
bedrag = st.integers(min_value=0, max_value=250_000)
per_maand = st.dictionaries(st.sampled_from(MAANDEN), bedrag, max_size=4)
stap = st.one_of(
    st.tuples(st.just("voorschot"), st.sampled_from(MAANDEN), st.integers(min_value=1, max_value=150_000)),
    st.tuples(st.just("besluit"), per_maand),
    st.tuples(st.just("herziening"), per_maand),
    st.tuples(st.just("betaling")),
)


def _recht(grootboek: list[Boeking]) -> dict[date | None, int]:
    uit: dict[date | None, int] = {}
    for b in grootboek:
        if b.soort is not Soort.betaling:
            uit[b.maand] = uit.get(b.maand, 0) + b.bedrag_cent
    return {m: v for m, v in uit.items() if v}


@settings(max_examples=400, deadline=None)
@given(st.lists(stap, max_size=25))
def test_saldo_is_recht_min_betaald(stappen: list[tuple]) -> None:
    grootboek: list[Boeking] = []
    verwacht: dict[date | None, int] = {}  # what the decisions (or advances) say per month
    besloten = False
    betaald = 0
    for s in stappen:
        vorige = list(grootboek)
        if s[0] == "voorschot":
            if besloten or s[1] in verwacht:
                continue  # an advance only before the decision, one per month
            grootboek.append(Boeking(Soort.voorschot, s[1], s[2], "voorschot"))
            verwacht[s[1]] = s[2]
        elif s[0] == "besluit":
            grootboek += boekingen(_recht(grootboek), s[1], herziening=False)
            verwacht = {m: v for m, v in s[1].items() if v}
            besloten = True
        elif s[0] == "herziening":
            if not besloten:
                continue
            grootboek += boekingen(_recht(grootboek), s[1], herziening=True)
            verwacht = {m: v for m, v in (verwacht | s[1]).items() if v}
        else:
            saldo = sum(b.bedrag_cent for b in grootboek)
            if saldo > 0:  # a payment file pays the positive balance; a negative one is recovered
                grootboek.append(Boeking(Soort.betaling, None, -saldo, "betaling"))
                betaald += saldo
        assert grootboek[: len(vorige)] == vorige  # only appended
        assert _recht(grootboek) == verwacht
        assert sum(b.bedrag_cent for b in grootboek) == sum(verwacht.values()) - betaald
        for b in grootboek[len(vorige) :]:
            if b.soort in (Soort.toekenning, Soort.nabetaling):
                assert b.bedrag_cent > 0
            elif b.soort in (Soort.terugvordering, Soort.betaling):
                assert b.bedrag_cent < 0
            if s[0] == "herziening":
                assert b.soort in (Soort.nabetaling, Soort.terugvordering)
            if s[0] == "besluit":
                assert b.soort in (Soort.toekenning, Soort.terugvordering)


def test_elke_briefsoort_zegt_wat_het_grootboek_boekt() -> None:
    """The ledger reads what a first decision grants from the stored letter itself: for every
    letter kind, the amounts the letter states (or none for a letter that decides no money)."""
    verwacht: dict[str, Any] = {}
    for soort, maak in voorbeelden.ALLE.items():
        brief = maak()
        doel = doel_uit_brief(soort, opslag.naar_dict(brief))
        if isinstance(brief, ToekenningLevensonderhoud):
            assert doel is not None and sum(doel.values()) == brief.totaal_cent > 0
        elif isinstance(brief, GedeeltelijkeToekenning):
            assert doel is not None and sum(doel.values()) == brief.totaal_cent > 0
        elif isinstance(brief, ToekenningBedrijfskapitaal | ToekenningBedrijfskapitaalOmNiet):
            assert doel == {None: brief.bedrag_cent}
        verwacht[soort] = doel
    assert verwacht["afwijzing"] == verwacht["buiten_behandeling"] == verwacht["intrekking"] == {}
    # Herzieningen book their own entries (herziening.besluit); requests and notices decide no money.
    for soort in ("herstelverzoek", "verdaging", "herziening", "terugvordering", "beslissing_op_bezwaar", "omzetting"):
        assert verwacht[soort] is None, soort


cent = st.integers(min_value=0, max_value=5_000_000)


@settings(max_examples=300, deadline=None)
@given(verstrekt=cent, jaarnorm=cent, inkomen=cent, vermogen=st.integers(min_value=0, max_value=40_000_000))
def test_omzetting_boekt_wat_de_brief_zegt(verstrekt: int, jaarnorm: int, inkomen: int, vermogen: int) -> None:
    """The further decision after the boekjaar (Bbz art. 11-13) books exactly its letter: the
    extra payment and the recovery as money, the gift and what stays a loan outside the cash
    sums, and gift plus loan are the definitive right."""
    o = omzetting(verstrekt, jaarnorm, inkomen, vermogen, date(2022, 7, 1))
    brief = replace(
        voorbeelden.omzetting(),
        verstrekt_cent=o.verstrekt,
        jaarnorm_cent=o.jaarnorm,
        netto_inkomen_cent=o.netto_inkomen,
        nabetaling_cent=o.nabetaling,
        terugvordering_cent=o.terugvordering,
        om_niet_cent=o.om_niet,
        lening_blijft_cent=o.lening_blijft,
        aflossing_per_jaar_cent=o.aflossing_per_jaar,
        vermogen_cent=o.vermogen,
        vermogensgrens_cent=o.vermogensgrens,
    )
    geboekt = omzetting_wf.boekingen(o, 2021)
    geld = sum(b.bedrag_cent for b in geboekt if b.soort not in GEEN_GELD)
    assert geld == brief.nabetaling_cent - brief.terugvordering_cent
    per_soort = {b.soort: b.bedrag_cent for b in geboekt}
    assert len(per_soort) == len(geboekt)  # one entry per kind
    assert per_soort.get(Soort.om_niet, 0) == brief.om_niet_cent
    assert -per_soort.get(Soort.lening, 0) == brief.lening_blijft_cent
    assert brief.om_niet_cent + brief.lening_blijft_cent == brief.recht_cent == o.recht
    assert all(b.bedrag_cent != 0 and b.maand is None for b in geboekt)
    assert all(b.bedrag_cent > 0 for b in geboekt if b.soort in (Soort.nabetaling, Soort.om_niet))
    assert all(b.bedrag_cent < 0 for b in geboekt if b.soort in (Soort.terugvordering, Soort.lening))
