"""Property of the ledger: for any sequence of advances, decisions (awards, rejections, new
decisions after an objection), herzieningen and payment runs, the entries that `boekingen`
books make the ledger state exactly what was decided: per month the entitlement equals the
latest decision (or the advance before any decision), and the balance equals the entitlement
minus what was paid. Every entry has the sign its kind requires, and nothing is ever changed:
the ledger is only appended to."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.workflows.betalingen import Boeking, Soort, boekingen

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
