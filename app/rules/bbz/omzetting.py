"""After the boekjaar: the interest-free loan for levensonderhoud (Bbz art. 11 lid 1) is fixed
definitively and converted into a gift (om niet) up to the limit (art. 11 lid 2, 12, 13).

Art. 12 lid 2: loan plus the year's net income against the jaarnorm over the months of
assistance: less → the difference is granted as well; equal → all becomes a gift; more → the
excess is recovered and the rest becomes a gift. Art. 13: as far as the own assets exceed the
vermogensgrens of art. 3, that part stays an interest-free loan, repaid at least 10% a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.rules.geld import euro, rond_half_op
from app.rules.parameters import geheel_getal

GRONDSLAG = "Bbz 2004 art. 11 lid 2, 12 en 13"


@dataclass(frozen=True, slots=True)
class Omzetting:
    verstrekt: int  # paid as an interest-free loan over the boekjaar, cents
    jaarnorm: int  # the norm over the months of assistance
    netto_inkomen: int  # the boekjaar's net income as fixed
    vermogen: int  # the own assets
    vermogensgrens: int  # art. 3: assets above this keep the loan (art. 13)
    recht: int  # the assistance definitively due over those months
    nabetaling: int  # art. 12 lid 2 a: granted on top
    terugvordering: int  # art. 12 lid 2 c: recovered
    om_niet: int  # becomes a gift
    lening_blijft: int  # art. 13: stays an interest-free loan
    aflossing_per_jaar: int  # at least this much a year on what stays a loan
    toelichting: str
    grondslag: str = GRONDSLAG


def omzetting(verstrekt: int, jaarnorm: int, netto_inkomen: int, vermogen: int, dag: date) -> Omzetting:
    """`jaarnorm`: the norm over the months of the boekjaar in which assistance was given (art. 12
    lid 2 a, pro rata); `netto_inkomen`: the boekjaar's net income as fixed (art. 12 lid 1);
    `vermogen`: the own assets; `dag`: the date of the decision (for the parameters)."""
    if min(verstrekt, jaarnorm, netto_inkomen, vermogen) < 0:
        raise ValueError("bedragen zijn niet negatief")
    totaal = verstrekt + netto_inkomen
    nabetaling = max(0, jaarnorm - totaal)
    terugvordering = min(verstrekt, max(0, totaal - jaarnorm))
    recht = verstrekt + nabetaling - terugvordering
    grens = geheel_getal("bbz.vermogensgrens", dag)
    boven_grens = max(0, vermogen - grens)
    lening_blijft = min(recht, boven_grens)
    om_niet = recht - lening_blijft
    procent = geheel_getal("bbz.handhaving_aflossing_procent", dag)
    aflossing = rond_half_op(lening_blijft * procent, 100)
    delen = [f"U kreeg {euro(verstrekt)} als lening zonder rente."]
    if nabetaling:
        delen.append(f"Uw inkomen was lager dan gedacht: u krijgt nog {euro(nabetaling)}.")
    if terugvordering:
        delen.append(f"Uw inkomen was hoger dan gedacht: u betaalt {euro(terugvordering)} terug.")
    delen.append(f"{euro(om_niet)} hoeft u niet terug te betalen.")
    if lening_blijft:
        delen.append(
            f"Uw vermogen is hoger dan de grens. Daarom blijft {euro(lening_blijft)} een lening. "
            f"Daarop betaalt u elk jaar ten minste {euro(aflossing)} af."
        )
    return Omzetting(
        verstrekt=verstrekt,
        jaarnorm=jaarnorm,
        netto_inkomen=netto_inkomen,
        vermogen=vermogen,
        vermogensgrens=grens,
        recht=recht,
        nabetaling=nabetaling,
        terugvordering=terugvordering,
        om_niet=om_niet,
        lening_blijft=lening_blijft,
        aflossing_per_jaar=aflossing,
        toelichting=" ".join(delen),
    )
