"""The management figures of one municipality, aggregated by PostgreSQL: never a case is loaded
into Python.

The period figures come from the per-day summaries of migration 0015 (`si_ontvangen`,
`si_besloten`), exact at every moment: a trigger appends each change's contributions in the
change's own transaction, and the summaries are views of the folded rows plus the deltas not yet
folded (migration 0022, `bijwerken`). They give intake per week and month, information requests,
breakdowns by district, sector and age band (cases received in the period); decisions per week by
outcome, amounts per month, and the lead-time histogram that gives the distribution, the shares
within target and legal term, and median/p90 (cases decided in the period). The backlog (open
cases now, from a partial index), requests still open and referrals are counted on the read model
itself. All in one read-only snapshot, so the tables agree with each other.

Small cells are suppressed by people, not applications (`personen`): the summaries count
applications, and only the cells whose application count leaves the number of people in doubt
are counted again by person, over the read-model rows of the days those cells cover."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.stuurinformatie import personen
from app.stuurinformatie.onderdrukking import onderdruk
from app.stuurinformatie.wijkindeling import ONBEKEND, Wijkindeling

TOEGEKEND = ("toegekend", "gedeeltelijk_toegekend")
BESLOTEN = (*TOEGEKEND, "afgewezen", "buiten_behandeling")
UITKOMSTEN = (*BESLOTEN, "ingetrokken")


def _leeftijdsklasse(leeftijd: str) -> str:
    """Age bands as Amsterdam's dashboard showed them."""
    return f"""CASE
      WHEN {leeftijd} IS NULL THEN 'onbekend'
      WHEN {leeftijd} <= 25 THEN 't/m 25'
      WHEN {leeftijd} <= 30 THEN '26 t/m 30'
      WHEN {leeftijd} <= 35 THEN '31 t/m 35'
      WHEN {leeftijd} <= 45 THEN '36 t/m 45'
      WHEN {leeftijd} <= 55 THEN '46 t/m 55'
      WHEN {leeftijd} <= 65 THEN '56 t/m 65'
      ELSE '66 en ouder' END"""


def _doorloopklasse(dagen: str) -> str:
    return f"""CASE WHEN {dagen} <= 7 THEN '0-7' WHEN {dagen} <= 14 THEN '8-14' WHEN {dagen} <= 21 THEN '15-21'
      WHEN {dagen} <= 28 THEN '22-28' WHEN {dagen} <= 56 THEN '29-56' ELSE '57+' END"""


# Age of an open case since receipt, on the reference day.
WERKVOORRAADKLASSEN = """CASE
  WHEN :peildatum - ontvangen <= 7 THEN '0-7'
  WHEN :peildatum - ontvangen <= 14 THEN '8-14'
  WHEN :peildatum - ontvangen <= 28 THEN '15-28'
  WHEN :peildatum - ontvangen <= 56 THEN '29-56'
  ELSE '57+' END"""
KLASSEN_VOLGORDE = {
    "leeftijd": ["t/m 25", "26 t/m 30", "31 t/m 35", "36 t/m 45", "46 t/m 55", "56 t/m 65", "66 en ouder", "onbekend"],
    "doorlooptijd": ["0-7", "8-14", "15-21", "22-28", "29-56", "57+"],
    "werkvoorraad": ["0-7", "8-14", "15-28", "29-56", "57+"],
}
FASEN = ("ontvangen", "in_verificatie", "te_controleren", "hersteltermijn", "te_beoordelen", "te_reviewen")

_REGELING = "(CAST(:regeling AS text) IS NULL OR regeling = CAST(:regeling AS text))"
_FILTER = f"gemeente = :gemeente AND {_REGELING}"
_WIJKEN = "unnest(CAST(:postcodes AS text[]), CAST(:wijken AS text[])) AS w(postcode4, wijk)"


def _weekbegin(kolom: str) -> str:
    """Monday of the ISO week, by date arithmetic (date_trunc would go through timestamptz)."""
    return f"({kolom} - (extract(isodow FROM {kolom})::int - 1))"


def _maandbegin(kolom: str) -> str:
    return f"({kolom} - (extract(day FROM {kolom})::int - 1))"


# Over a period the summaries are read per ISO week where the period holds the whole week, and per
# day at its edges (`Periode`).
_PERIODE = (
    "((korrel = 'w' AND dag BETWEEN :week_van AND :week_tot) "
    "OR (korrel = 'd' AND (dag BETWEEN :vanaf AND :rand_van OR dag BETWEEN :rand_tot AND :tot)))"
)
_ONTVANGEN_TELLERS = ("aantal", "toegekend", "met_verzoek", "verzoeken", "aangevuld", "met_aangevuld", "onbeantwoord")
_NUL = ", ".join(["0"] * 6)

# Received in the period: per week and month and in total from the day totals; per age band,
# district and sector from the rows per age, postcode area and section. Unknown district and
# sector are the total less the known ones.
_ONTVANGEN = text(
    f"""
    WITH t AS (
      SELECT dag, {", ".join(f"sum({t})::bigint AS {t}" for t in _ONTVANGEN_TELLERS)}
      FROM si_ontvangen WHERE {_FILTER} AND korrel = 'd' AND soort = 't' AND dag BETWEEN :vanaf AND :tot
      GROUP BY dag
    ), v AS (
      SELECT soort, waarde, sum(aantal)::bigint AS aantal, sum(toegekend)::bigint AS toegekend
      FROM si_ontvangen WHERE {_FILTER} AND soort IN ('l', 'p', 's') AND {_PERIODE}
      GROUP BY soort, waarde
    ), bekend AS (
      SELECT CASE v.soort WHEN 'p' THEN 'wijk' ELSE 'sector' END AS soort, coalesce(w.wijk, v.waarde) AS sleutel,
             v.aantal, v.toegekend
      FROM v LEFT JOIN {_WIJKEN} ON v.soort = 'p' AND w.postcode4 = v.waarde
      WHERE v.soort = 's' OR w.wijk IS NOT NULL
    ), totaal AS (
      SELECT {", ".join(f"coalesce(sum({t}), 0)::bigint AS {t}" for t in _ONTVANGEN_TELLERS)} FROM t
    ), cellen AS (
      SELECT 'week' AS soort, {_weekbegin("dag")} AS periode, NULL AS sleutel, sum(aantal)::bigint AS aantal,
             0::bigint AS toegekend, 0::bigint AS met_verzoek, 0::bigint AS verzoeken, 0::bigint AS aangevuld,
             0::bigint AS met_aangevuld, 0::bigint AS onbeantwoord
        FROM t GROUP BY 2
      UNION ALL
      SELECT 'maand', {_maandbegin("dag")}, NULL, sum(aantal)::bigint, {_NUL} FROM t GROUP BY 2
      UNION ALL
      SELECT 'totaal', NULL, NULL, * FROM totaal
      UNION ALL
      SELECT 'leeftijd', NULL, {_leeftijdsklasse("nullif(waarde, '')::int")}, sum(aantal)::bigint,
             sum(toegekend)::bigint, 0, 0, 0, 0, 0
        FROM v WHERE soort = 'l' GROUP BY 3
      UNION ALL
      SELECT soort, NULL, sleutel, sum(aantal)::bigint, sum(toegekend)::bigint, 0, 0, 0, 0, 0 FROM bekend GROUP BY 1, 3
      UNION ALL
      SELECT o.soort, NULL, o.sleutel, (totaal.aantal - coalesce(sum(b.aantal), 0))::bigint,
             (totaal.toegekend - coalesce(sum(b.toegekend), 0))::bigint, 0, 0, 0, 0, 0
        FROM totaal, (VALUES ('wijk', '{ONBEKEND}'), ('sector', '?')) AS o(soort, sleutel)
        LEFT JOIN bekend b ON b.soort = o.soort
        GROUP BY o.soort, o.sleutel, totaal.aantal, totaal.toegekend
    )
    SELECT * FROM cellen WHERE soort = 'totaal' OR aantal <> 0
    """  # noqa: S608 - only constants are interpolated
)

# The cells of the received side per day (day rows only, and only the kinds of rows asked for):
# the days on which a cell in doubt has applications, so that only those days are counted by person.
_ONTVANGEN_DAGEN = text(
    f"""
    WITH d AS (
      SELECT dag, soort, waarde, {", ".join(f"sum({t})::int AS {t}" for t in _ONTVANGEN_TELLERS)}
      FROM si_ontvangen
      WHERE {_FILTER} AND korrel = 'd' AND dag BETWEEN :vanaf AND :tot AND soort = ANY(CAST(:soorten AS text[]))
      GROUP BY dag, soort, waarde
    ), bekend AS (
      SELECT d.dag, CASE d.soort WHEN 'p' THEN 'wijk' ELSE 'sector' END AS soort, coalesce(w.wijk, d.waarde) AS sleutel,
             d.aantal, d.toegekend
      FROM d LEFT JOIN {_WIJKEN} ON d.soort = 'p' AND w.postcode4 = d.waarde
      WHERE d.soort = 's' OR w.wijk IS NOT NULL
    ), c AS (
      SELECT 'week' AS soort, {_weekbegin("dag")} AS periode, NULL AS sleutel, dag, aantal,
             0 AS toegekend, 0 AS met_verzoek, 0 AS met_aangevuld, 0 AS onbeantwoord
        FROM d WHERE soort = 't'
      UNION ALL
      SELECT 'maand', {_maandbegin("dag")}, NULL, dag, aantal, 0, 0, 0, 0 FROM d WHERE soort = 't'
      UNION ALL
      SELECT 'totaal', NULL, NULL, dag, aantal, toegekend, met_verzoek, met_aangevuld, onbeantwoord
        FROM d WHERE soort = 't'
      UNION ALL
      SELECT 'leeftijd', NULL, {_leeftijdsklasse("nullif(waarde, '')::int")}, dag, aantal, toegekend, 0, 0, 0
        FROM d WHERE soort = 'l'
      UNION ALL
      SELECT soort, NULL, sleutel, dag, aantal, toegekend, 0, 0, 0 FROM bekend
      UNION ALL
      SELECT o.soort, NULL, o.sleutel, dag, aantal, toegekend, 0, 0, 0
        FROM d, (VALUES ('wijk', '{ONBEKEND}'), ('sector', '?')) AS o(soort, sleutel) WHERE d.soort = 't'
      UNION ALL
      SELECT soort, NULL, CASE soort WHEN 'wijk' THEN '{ONBEKEND}' ELSE '?' END, dag, -aantal, -toegekend, 0, 0, 0
        FROM bekend
    )
    SELECT soort, periode, sleutel, dag, sum(aantal) AS aantal, sum(toegekend) AS toegekend,
           sum(met_verzoek) AS met_verzoek, sum(met_aangevuld) AS met_aangevuld, sum(onbeantwoord) AS onbeantwoord
    FROM c WHERE soort = ANY(CAST(:cellen AS text[]))
    GROUP BY soort, periode, sleutel, dag
    HAVING sum(aantal) > 0
    """  # noqa: S608
)

# The people behind the same cells, on the given days only (those of the cells in doubt).
_ONTVANGEN_PERSONEN = text(
    f"""
    WITH r AS MATERIALIZED (
      SELECT s.persoon, s.ontvangen, s.status IN {TOEGEKEND} AS toegekend, s.herstel_verzocht > 0 AS met_verzoek,
             s.herstel_aangevuld > 0 AS met_aangevuld,
             s.herstel_verzocht - s.herstel_aangevuld > coalesce(s.herstel_open_tot >= :peildatum, false)::int
               AS met_verlopen,
             coalesce(w.wijk, '{ONBEKEND}') AS wijk, coalesce(s.sbi_sectie, '?') AS sector,
             {_leeftijdsklasse("s.leeftijd")} AS leeftijd
      FROM unnest(CAST(:dagen AS date[])) AS d(dag)
      JOIN stuurinformatie s ON s.gemeente = :gemeente AND s.ontvangen = d.dag
      LEFT JOIN {_WIJKEN} ON w.postcode4 = s.postcode4
      WHERE CAST(:regeling AS text) IS NULL OR s.regeling = CAST(:regeling AS text)
    )
    SELECT 'week' AS soort, {_weekbegin("ontvangen")} AS periode, NULL AS sleutel,
           count(DISTINCT persoon) AS aantal, 0::bigint AS toegekend, 0::bigint AS met_verzoek,
           0::bigint AS met_aangevuld, 0::bigint AS met_verlopen
      FROM r GROUP BY 2
    UNION ALL
    SELECT 'maand', {_maandbegin("ontvangen")}, NULL, count(DISTINCT persoon), 0, 0, 0, 0 FROM r GROUP BY 2
    UNION ALL
    SELECT 'wijk', NULL, wijk, count(DISTINCT persoon), count(DISTINCT persoon) FILTER (WHERE toegekend), 0, 0, 0
      FROM r GROUP BY 3
    UNION ALL
    SELECT 'sector', NULL, sector, count(DISTINCT persoon), count(DISTINCT persoon) FILTER (WHERE toegekend), 0, 0, 0
      FROM r GROUP BY 3
    UNION ALL
    SELECT 'leeftijd', NULL, leeftijd, count(DISTINCT persoon), count(DISTINCT persoon) FILTER (WHERE toegekend),
           0, 0, 0
      FROM r GROUP BY 3
    UNION ALL
    SELECT 'totaal', NULL, NULL, count(DISTINCT persoon), count(DISTINCT persoon) FILTER (WHERE toegekend),
           count(DISTINCT persoon) FILTER (WHERE met_verzoek), count(DISTINCT persoon) FILTER (WHERE met_aangevuld),
           count(DISTINCT persoon) FILTER (WHERE met_verlopen)
      FROM r
    """  # noqa: S608
)

# Information requests whose period still runs on the reference day: few, found by a partial index.
_HERSTEL_OPEN = text(
    f"""
    SELECT count(*) AS aantal, count(DISTINCT persoon) AS personen
    FROM stuurinformatie
    WHERE {_FILTER} AND herstel_open_tot >= :peildatum AND ontvangen BETWEEN :vanaf AND :tot
    """  # noqa: S608
)

# Decided in the period: per week and outcome and per month the awards and their amount (from the
# day rows per outcome), per lead-time class and the decisions proper (without withdrawals) in total
# (from the lead-time histogram). The histogram gives median and p90 exactly as percentile_cont
# computes them (linear interpolation between the values at the two positions around
# fraction * (n - 1)), and the shares within target and legal term.
_BESLOTEN = text(
    f"""
    WITH u AS (
      SELECT dag, waarde AS status, sum(aantal)::bigint AS aantal, sum(bedrag_cent)::bigint AS bedrag_cent
      FROM si_besloten WHERE {_FILTER} AND korrel = 'd' AND soort = 'u' AND dag BETWEEN :vanaf AND :tot
      GROUP BY 1, 2
    ), h AS (
      SELECT waarde::int AS dagen, sum(aantal)::bigint AS aantal, sum(met_streef)::bigint AS met_streef,
             sum(binnen_streef)::bigint AS binnen_streef, sum(met_termijn)::bigint AS met_termijn,
             sum(binnen_termijn)::bigint AS binnen_termijn
      FROM si_besloten WHERE {_FILTER} AND soort = 'd' AND {_PERIODE}
      GROUP BY 1 HAVING sum(aantal) <> 0
    ), c AS (
      SELECT dagen, sum(aantal) OVER (ORDER BY dagen) AS tot_en_met, sum(aantal) OVER () AS n FROM h
    ), p AS (
      SELECT f, f * (n - 1) AS positie,
             min(dagen) FILTER (WHERE tot_en_met > floor(f * (n - 1))) AS laag,
             min(dagen) FILTER (WHERE tot_en_met > ceil(f * (n - 1))) AS hoog
      FROM c, (VALUES (0.5), (0.9)) AS fracties(f) GROUP BY f, n
    )
    SELECT 'week' AS soort, {_weekbegin("dag")} AS periode, status AS sleutel, sum(aantal)::bigint AS aantal,
           0::bigint AS bedrag_cent, NULL::numeric AS mediaan, NULL::numeric AS p90, 0::bigint AS met_streef,
           0::bigint AS binnen_streef, 0::bigint AS met_termijn, 0::bigint AS binnen_termijn
      FROM u GROUP BY 2, 3 HAVING sum(aantal) <> 0
    UNION ALL
    SELECT 'maand', {_maandbegin("dag")}, NULL, sum(aantal)::bigint, sum(bedrag_cent)::bigint, NULL, NULL, 0, 0, 0, 0
      FROM u WHERE status IN {TOEGEKEND} GROUP BY 2 HAVING sum(aantal) <> 0
    UNION ALL
    SELECT 'klasse', NULL, {_doorloopklasse("dagen")}, sum(aantal)::bigint, 0, NULL, NULL, 0, 0, 0, 0
      FROM h GROUP BY 3
    UNION ALL
    SELECT 'doorlooptijd', NULL, NULL, coalesce(sum(aantal), 0)::bigint, 0,
           (SELECT laag + (positie - floor(positie)) * (hoog - laag) FROM p WHERE f = 0.5),
           (SELECT laag + (positie - floor(positie)) * (hoog - laag) FROM p WHERE f = 0.9),
           coalesce(sum(met_streef), 0)::bigint, coalesce(sum(binnen_streef), 0)::bigint,
           coalesce(sum(met_termijn), 0)::bigint, coalesce(sum(binnen_termijn), 0)::bigint
      FROM h
    """  # noqa: S608
)

# The decided cells per day (day rows only): the days on which a cell in doubt has decisions.
_BESLOTEN_DAGEN = text(
    f"""
    WITH c AS (
      SELECT 'week' AS soort, {_weekbegin("dag")} AS periode, waarde AS sleutel, dag, aantal
        FROM si_besloten WHERE {_FILTER} AND korrel = 'd' AND soort = 'u' AND dag BETWEEN :vanaf AND :tot
      UNION ALL
      SELECT 'maand', {_maandbegin("dag")}, NULL, dag, aantal
        FROM si_besloten WHERE {_FILTER} AND korrel = 'd' AND soort = 'u' AND dag BETWEEN :vanaf AND :tot
          AND waarde IN {TOEGEKEND}
      UNION ALL
      SELECT 'klasse', NULL, {_doorloopklasse("waarde::int")}, dag, aantal
        FROM si_besloten WHERE {_FILTER} AND korrel = 'd' AND soort = 'd' AND dag BETWEEN :vanaf AND :tot
      UNION ALL
      SELECT 'doorlooptijd', NULL, NULL, dag, aantal
        FROM si_besloten WHERE {_FILTER} AND korrel = 'd' AND soort = 'd' AND dag BETWEEN :vanaf AND :tot
    )
    SELECT soort, periode, sleutel, dag, sum(aantal) AS aantal FROM c WHERE soort = ANY(CAST(:cellen AS text[]))
    GROUP BY soort, periode, sleutel, dag HAVING sum(aantal) > 0
    """  # noqa: S608
)

_BESLOTEN_PERSONEN = text(
    f"""
    WITH r AS MATERIALIZED (
      SELECT s.persoon, s.besloten, s.status,
             CASE WHEN s.status IN {BESLOTEN} THEN s.besloten - s.ontvangen END AS doorloop
      FROM unnest(CAST(:dagen AS date[]), CAST(:statussen AS text[])) AS c(dag, status)
      JOIN stuurinformatie s
        ON s.gemeente = :gemeente AND s.besloten = c.dag AND s.status = coalesce(c.status, s.status)
      WHERE CAST(:regeling AS text) IS NULL OR s.regeling = CAST(:regeling AS text)
    )
    SELECT 'week' AS soort, {_weekbegin("besloten")} AS periode, status AS sleutel, count(DISTINCT persoon) AS aantal
      FROM r GROUP BY 2, 3
    UNION ALL
    SELECT 'maand', {_maandbegin("besloten")}, NULL, count(DISTINCT persoon) FROM r WHERE status IN {TOEGEKEND}
      GROUP BY 2
    UNION ALL
    SELECT 'klasse', NULL, {_doorloopklasse("doorloop")}, count(DISTINCT persoon) FROM r WHERE doorloop IS NOT NULL
      GROUP BY 3
    UNION ALL
    SELECT 'doorlooptijd', NULL, NULL, count(DISTINCT persoon) FROM r WHERE doorloop IS NOT NULL
    """  # noqa: S608
)

# The open cases now, per stage and age (a partial index holds them), counted by person as well.
_WERKVOORRAAD = text(
    f"""
    SELECT GROUPING(klasse) AS totaal, status, klasse, count(*) AS aantal, count(*) FILTER (WHERE verlopen) AS verlopen,
           count(DISTINCT persoon) AS personen, count(DISTINCT persoon) FILTER (WHERE verlopen) AS personen_verlopen
    FROM (SELECT status, {WERKVOORRAADKLASSEN} AS klasse, persoon, beslistermijn_einde < :peildatum AS verlopen
          FROM stuurinformatie WHERE {_FILTER} AND status NOT IN {UITKOMSTEN}) o
    GROUP BY GROUPING SETS ((status, klasse), (status))
    """  # noqa: S608
)

# Referrals (verwijzingen, #9) made in the period, by kind; the table is small and indexed per
# municipality and kind.
_VERWIJZINGEN = text(
    """
    SELECT v.soort, count(*) AS aantal, count(*) FILTER (WHERE v.toestemming) AS met_toestemming,
           count(DISTINCT s.persoon) AS personen, count(DISTINCT s.persoon) FILTER (WHERE v.toestemming) AS personen_met
    FROM verwijzingen v JOIN stuurinformatie s ON s.aanvraag_id = v.aanvraag_id
    WHERE v.gemeente = :gemeente AND (CAST(:regeling AS text) IS NULL OR s.regeling = CAST(:regeling AS text))
      AND (v.aangemaakt_op AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN :vanaf AND :tot
    GROUP BY v.soort ORDER BY v.soort
    """
)

_MEESTE_AANVRAGEN = text("SELECT coalesce(max(aantal), 1) FROM si_personen WHERE gemeente = :gemeente")


@dataclass(frozen=True)
class Vraag:
    gemeente: str
    regeling: str | None
    vanaf: date
    tot: date
    peildatum: date
    wijkindeling: Wijkindeling


Rij = dict[str, Any]
# A table row with, per count that refers to people, how many people it refers to.
Telrij = tuple[Rij, dict[str, int]]
Cel = tuple[str, date | None, str | None]


def periode(vanaf: date, tot: date) -> dict[str, date]:
    """The whole ISO weeks of the period (week rows) and the days before and after them (day rows);
    without a whole week, only days."""
    eerste_maandag = vanaf + timedelta(days=(7 - vanaf.weekday()) % 7)
    laatste_zondag = tot - timedelta(days=(tot.weekday() + 1) % 7)
    if eerste_maandag + timedelta(days=6) > laatste_zondag:
        return {
            "week_van": tot + timedelta(days=1),
            "week_tot": tot,
            "rand_van": tot,
            "rand_tot": tot + timedelta(days=1),
        }
    return {
        "week_van": eerste_maandag,
        "week_tot": laatste_zondag - timedelta(days=6),
        "rand_van": eerste_maandag - timedelta(days=1),
        "rand_tot": laatste_zondag + timedelta(days=1),
    }


def _week(d: date) -> str:
    jaar, week, _ = d.isocalendar()
    return f"{jaar}-W{week:02d}"


def _maand(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _aandeel(deel: int, geheel: int) -> float | None:
    return round(deel / geheel, 4) if geheel else None


async def bereken(engine: AsyncEngine, vraag: Vraag) -> dict[str, list[Rij]]:
    """Every table of the dashboard, small cells suppressed."""
    params: dict[str, Any] = {
        "gemeente": vraag.gemeente,
        "regeling": vraag.regeling,
        "vanaf": vraag.vanaf,
        "tot": vraag.tot,
        "peildatum": vraag.peildatum,
        "postcodes": list(vraag.wijkindeling.postcodes),
        "wijken": list(vraag.wijkindeling.wijken),
    } | periode(vraag.vanaf, vraag.tot)
    async with engine.connect() as conn:
        await conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        meeste = int((await conn.execute(_MEESTE_AANVRAGEN, params)).scalar_one())
        params["grens"] = personen.grens(meeste)
        tabellen = await _ontvangen(conn, params)
        tabellen |= await _besloten(conn, params)
        tabellen |= await _werkvoorraad(conn, params)
        tabellen["verwijzingen"] = [
            (
                {"soort": r.soort, "aantal": r.aantal, "metToestemming": r.met_toestemming},
                {"aantal": r.personen, "metToestemming": r.personen_met},
            )
            for r in await conn.execute(_VERWIJZINGEN, params)
        ]
        await conn.rollback()
    return {naam: [onderdruk(naam, rij, mensen) for rij, mensen in rijen] for naam, rijen in tabellen.items()}


# Which summary rows the days of a kind of cell come from.
_RIJSOORTEN = {"week": "t", "maand": "t", "totaal": "t", "leeftijd": "l", "wijk": "tp", "sector": "ts"}


class _Twijfel:
    """The counts in doubt (`personen.in_twijfel`): per cell the fields whose people must be counted."""

    def __init__(self, grens: int) -> None:
        self.grens = grens
        self.velden: dict[Cel, set[str]] = {}

    def noteer(self, r: Any, veld: str, aanvragen: int, minstens: int | None = None) -> None:
        if aanvragen and personen.in_twijfel(aanvragen, self.grens, minstens):
            self.velden.setdefault((r.soort, r.periode, r.sleutel), set()).add(veld)

    def dagen(self, rijen: Any, dagveld: dict[str, str]) -> set[date]:
        """The days on which a cell has applications in a count in doubt."""
        return {
            r.dag
            for r in rijen
            for veld in self.velden.get((r.soort, r.periode, r.sleutel), ())
            if getattr(r, dagveld.get(veld, veld)) > 0
        }


def _dagen_van(periode: date, soort: str, vanaf: date, tot: date) -> list[date]:
    """The days of a week or month cell within the period."""
    if soort == "week":
        einde = periode + timedelta(days=6)
    else:
        volgende = (periode.replace(day=28) + timedelta(days=4)).replace(day=1)
        einde = volgende - timedelta(days=1)
    dag, laatste = max(periode, vanaf), min(einde, tot)
    return [dag + timedelta(days=i) for i in range((laatste - dag).days + 1)]


async def _per_persoon(
    conn: AsyncConnection,
    twijfel: _Twijfel,
    dagen_sql: Any,
    personen_sql: Any,
    params: dict[str, Any],
    dagveld: dict[str, str],
    statussen: Callable[[Cel], tuple[str | None, ...]] = lambda _: (None,),
) -> dict[tuple[Cel, str], int]:
    """The people per cell and count for the counts in doubt, counted over their days only (and,
    where a cell is one outcome, the rows of that outcome only). The days of a week or month cell
    are known; those of the other cells come from the summary's day rows."""
    if not twijfel.velden:
        return {}
    paren = {
        (dag, status)
        for cel in twijfel.velden
        if cel[0] in ("week", "maand") and cel[1] is not None
        for dag in _dagen_van(cel[1], cel[0], params["vanaf"], params["tot"])
        for status in statussen(cel)
    }
    overig = sorted({c[0] for c in twijfel.velden if c[0] not in ("week", "maand")})
    if overig:
        rijsoorten = sorted({s for soort in overig for s in _RIJSOORTEN.get(soort, "")})
        rijen = await conn.execute(dagen_sql, params | {"cellen": overig, "soorten": rijsoorten})
        paren |= {(dag, None) for dag in twijfel.dagen(rijen, dagveld)}
    if not paren:
        return {}
    gesorteerd = sorted(paren, key=lambda p: (p[0], p[1] or ""))
    rijen = await conn.execute(
        personen_sql, params | {"dagen": [p[0] for p in gesorteerd], "statussen": [p[1] for p in gesorteerd]}
    )
    return {
        ((r.soort, r.periode, r.sleutel), veld): getattr(r, veld)
        for r in rijen
        for veld in twijfel.velden.get((r.soort, r.periode, r.sleutel), ())
    }


async def _ontvangen(conn: AsyncConnection, params: dict[str, Any]) -> dict[str, list[Telrij]]:
    open_ = (await conn.execute(_HERSTEL_OPEN, params)).one()
    cellen = list(await conn.execute(_ONTVANGEN, params))
    twijfel = _Twijfel(params["grens"])
    for r in cellen:
        for veld in ("aantal", "toegekend", "met_verzoek", "met_aangevuld"):
            twijfel.noteer(r, veld, getattr(r, veld))
        if r.soort == "totaal" and r.verzoeken - open_.aantal - r.aangevuld > 0:
            twijfel.noteer(r, "met_verlopen", r.onbeantwoord, minstens=r.onbeantwoord - open_.aantal)
    exact = await _per_persoon(
        conn, twijfel, _ONTVANGEN_DAGEN, _ONTVANGEN_PERSONEN, params, {"met_verlopen": "onbeantwoord"}
    )

    def mensen(r: Any, veld: str, aanvragen: int, minstens: int | None = None) -> int:
        return personen.tel(
            aanvragen, params["grens"], lambda: exact[((r.soort, r.periode, r.sleutel), veld)], minstens
        )

    per_week, per_maand, wijk, sector, leeftijd = [], [], [], [], []
    herstel: list[Telrij] = []
    for r in cellen:
        verdeling = (
            {"categorie": r.sleutel, "aantal": r.aantal, "toegekend": r.toegekend},
            {"aantal": mensen(r, "aantal", r.aantal), "toegekend": mensen(r, "toegekend", r.toegekend)},
        )
        if r.soort == "week":
            per_week.append(
                (
                    {"week": _week(r.periode), "weekBegin": r.periode, "aantal": r.aantal},
                    {"aantal": mensen(r, "aantal", r.aantal)},
                )
            )
        elif r.soort == "maand":
            per_maand.append(
                ({"maand": _maand(r.periode), "aantal": r.aantal}, {"aantal": mensen(r, "aantal", r.aantal)})
            )
        elif r.soort == "wijk":
            wijk.append(verdeling)
        elif r.soort == "sector":
            sector.append(verdeling)
        elif r.soort == "leeftijd":
            leeftijd.append(verdeling)
        else:
            afgelopen = r.verzoeken - open_.aantal
            verlopen = afgelopen - r.aangevuld
            herstel.append(
                (
                    {
                        "aanvragen": r.met_verzoek,
                        "verzoeken": r.verzoeken,
                        "aangevuld": r.aangevuld,
                        "open": open_.aantal,
                        "verlopen": verlopen,
                        "responspercentage": _aandeel(r.aangevuld, afgelopen),
                    },
                    {
                        "aanvragen": mensen(r, "met_verzoek", r.met_verzoek),
                        "aangevuld": mensen(r, "met_aangevuld", r.met_aangevuld),
                        "open": open_.personen,
                        # Cases with an expired request: the unanswered ones, less at most those still open.
                        "verlopen": mensen(r, "met_verlopen", r.onbeantwoord, minstens=r.onbeantwoord - open_.aantal)
                        if verlopen
                        else 0,
                    },
                )
            )
    volgorde = KLASSEN_VOLGORDE["leeftijd"]
    return {
        "instroomPerWeek": sorted(per_week, key=lambda x: x[0]["weekBegin"]),
        "instroomPerMaand": sorted(per_maand, key=lambda x: x[0]["maand"]),
        "perWijk": sorted(wijk, key=lambda x: (x[0]["categorie"] == ONBEKEND, x[0]["categorie"])),
        "perSector": sorted(sector, key=lambda x: (x[0]["categorie"] == "?", x[0]["categorie"])),
        "perLeeftijd": sorted(leeftijd, key=lambda x: volgorde.index(x[0]["categorie"])),
        "herstelverzoeken": herstel,
    }


async def _besloten(conn: AsyncConnection, params: dict[str, Any]) -> dict[str, list[Telrij]]:
    cellen = list(await conn.execute(_BESLOTEN, params))
    twijfel = _Twijfel(params["grens"])
    for r in cellen:
        twijfel.noteer(r, "aantal", r.aantal)
    exact = await _per_persoon(
        conn,
        twijfel,
        _BESLOTEN_DAGEN,
        _BESLOTEN_PERSONEN,
        params,
        {},
        lambda cel: (cel[2],) if cel[0] == "week" else TOEGEKEND if cel[0] == "maand" else (None,),
    )

    def mensen(r: Any) -> dict[str, int]:
        return {
            "aantal": personen.tel(
                r.aantal, params["grens"], lambda: exact[((r.soort, r.periode, r.sleutel), "aantal")]
            )
        }

    per_week, per_maand, verdeling, doorlooptijd = [], [], [], []
    for r in cellen:
        if r.soort == "week":
            per_week.append(
                (
                    {"week": _week(r.periode), "weekBegin": r.periode, "uitkomst": r.sleutel, "aantal": r.aantal},
                    mensen(r),
                )
            )
        elif r.soort == "maand":
            per_maand.append(({"maand": _maand(r.periode), "aantal": r.aantal, "bedragCent": r.bedrag_cent}, mensen(r)))
        elif r.soort == "klasse":
            verdeling.append(({"klasse": r.sleutel, "aantal": r.aantal}, mensen(r)))
        else:
            doorlooptijd.append(
                (
                    {
                        "aantal": r.aantal,
                        "mediaanDagen": None if r.mediaan is None else round(float(r.mediaan), 1),
                        "p90Dagen": None if r.p90 is None else round(float(r.p90), 1),
                        "binnenStreeftermijn": _aandeel(r.binnen_streef, r.met_streef),
                        "binnenWettelijkeTermijn": _aandeel(r.binnen_termijn, r.met_termijn),
                    },
                    mensen(r),
                )
            )
    volgorde = KLASSEN_VOLGORDE["doorlooptijd"]
    return {
        "besluitenPerWeek": sorted(per_week, key=lambda x: (x[0]["weekBegin"], UITKOMSTEN.index(x[0]["uitkomst"]))),
        "bedragenPerMaand": sorted(per_maand, key=lambda x: x[0]["maand"]),
        "doorlooptijd": doorlooptijd,
        "doorlooptijdVerdeling": sorted(verdeling, key=lambda x: volgorde.index(x[0]["klasse"])),
    }


async def _werkvoorraad(conn: AsyncConnection, params: dict[str, Any]) -> dict[str, list[Telrij]]:
    per_fase: list[Telrij] = []
    per_leeftijd: list[Telrij] = []
    for r in await conn.execute(_WERKVOORRAAD, params):
        rij = {"fase": r.status, "aantal": r.aantal, "voorbijBeslistermijn": r.verlopen}
        mensen = {"aantal": r.personen, "voorbijBeslistermijn": r.personen_verlopen}
        if r.totaal:
            per_fase.append((rij, mensen))
        else:
            per_leeftijd.append(({"fase": r.status, "leeftijd": r.klasse} | rij, mensen))
    volgorde = KLASSEN_VOLGORDE["werkvoorraad"]
    return {
        "werkvoorraad": sorted(per_fase, key=lambda x: _fase_index(x[0]["fase"])),
        "werkvoorraadPerLeeftijd": sorted(
            per_leeftijd, key=lambda x: (_fase_index(x[0]["fase"]), volgorde.index(x[0]["leeftijd"]))
        ),
    }


def _fase_index(fase: str) -> int:
    return FASEN.index(fase) if fase in FASEN else len(FASEN)
