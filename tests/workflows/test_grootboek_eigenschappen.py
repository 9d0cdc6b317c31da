"""Property of the ledger: for any sequence of advances, decisions (awards, rejections, new
decisions after an objection), herzieningen and payment runs, the entries that `boekingen`
books make the ledger state exactly what was decided: per month the entitlement equals the
latest decision (or the advance before any decision), and the balance equals the entitlement
minus what was paid. Every entry has the sign its kind requires, and nothing is ever changed:
the ledger is only appended to."""

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
from app.workflows.betalingen import Boeking, Soort, boekingen, doel_uit_brief

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
    for soort in ("herstelverzoek", "verdaging", "herziening", "terugvordering", "beslissing_op_bezwaar"):
        assert verwacht[soort] is None, soort
