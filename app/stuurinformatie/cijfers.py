"""The management figures of one municipality, aggregated by PostgreSQL from the read model
`stuurinformatie` (migration 0013): never a case is loaded into Python.

Few scans answer everything: the cases received in the period (intake per week and month,
information requests, breakdowns by district, sector and age band in one pass with grouping
sets), the cases decided in the period (decisions per week by outcome, amounts per month, and a
lead time histogram giving the distribution, the shares and median/p90), and the open cases now
(backlog per stage and age, from a partial index). All in one read-only snapshot, so the tables
agree with each other."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.stuurinformatie.onderdrukking import onderdruk
from app.stuurinformatie.wijkindeling import ONBEKEND, Wijkindeling

TOEGEKEND = ("toegekend", "gedeeltelijk_toegekend")
BESLOTEN = (*TOEGEKEND, "afgewezen", "buiten_behandeling")
UITKOMSTEN = (*BESLOTEN, "ingetrokken")

# Age bands as Amsterdam's dashboard showed them.
LEEFTIJDSKLASSEN = """CASE
  WHEN leeftijd IS NULL THEN 'onbekend'
  WHEN leeftijd <= 25 THEN 't/m 25'
  WHEN leeftijd <= 30 THEN '26 t/m 30'
  WHEN leeftijd <= 35 THEN '31 t/m 35'
  WHEN leeftijd <= 45 THEN '36 t/m 45'
  WHEN leeftijd <= 55 THEN '46 t/m 55'
  WHEN leeftijd <= 65 THEN '56 t/m 65'
  ELSE '66 en ouder' END"""
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

_FILTER = "gemeente = :gemeente AND (CAST(:regeling AS text) IS NULL OR regeling = CAST(:regeling AS text))"


def _weekbegin(kolom: str) -> str:
    """Monday of the ISO week, by date arithmetic (date_trunc would go through timestamptz)."""
    return f"({kolom} - (extract(isodow FROM {kolom})::int - 1))"


# Cases received in the period. The scan groups on the raw columns only (day, postcode area,
# section, age): hashing those is cheap, and the few hundred groups are then rolled up to weeks,
# months, districts and age bands.
_ONTVANGEN = text(
    f"""
    WITH g AS (
      SELECT GROUPING(ontvangen, postcode4, sbi_sectie, leeftijd) AS g, ontvangen, postcode4, sbi_sectie, leeftijd,
             count(*) AS aantal,
             count(*) FILTER (WHERE status IN {TOEGEKEND}) AS toegekend,
             count(*) FILTER (WHERE herstel_verzocht > 0) AS met_verzoek,
             coalesce(sum(herstel_verzocht), 0)::bigint AS verzoeken,
             coalesce(sum(herstel_aangevuld), 0)::bigint AS aangevuld,
             count(*) FILTER (WHERE herstel_open_tot >= :peildatum) AS open
      FROM stuurinformatie
      WHERE {_FILTER} AND ontvangen BETWEEN :vanaf AND :tot
      GROUP BY GROUPING SETS ((ontvangen), (postcode4), (sbi_sectie), (leeftijd), ())
    )
    SELECT 'week' AS soort, {_weekbegin("ontvangen")} AS dag, NULL AS sleutel, sum(aantal)::bigint AS aantal,
           0::bigint AS toegekend, 0::bigint AS met_verzoek, 0::bigint AS verzoeken, 0::bigint AS aangevuld,
           0::bigint AS open
      FROM g WHERE g = 7 GROUP BY 2
    UNION ALL
    SELECT 'maand', date_trunc('month', ontvangen)::date, NULL, sum(aantal)::bigint, 0, 0, 0, 0, 0
      FROM g WHERE g = 7 GROUP BY 2
    UNION ALL
    SELECT 'wijk', NULL, coalesce(w.wijk, '{ONBEKEND}'), sum(aantal)::bigint, sum(toegekend)::bigint, 0, 0, 0, 0
      FROM g LEFT JOIN unnest(CAST(:postcodes AS text[]), CAST(:wijken AS text[])) AS w(postcode4, wijk)
        ON w.postcode4 = g.postcode4
      WHERE g = 11 GROUP BY 3
    UNION ALL
    SELECT 'sector', NULL, coalesce(sbi_sectie, '?'), aantal, toegekend, 0, 0, 0, 0 FROM g WHERE g = 13
    UNION ALL
    SELECT 'leeftijd', NULL, {LEEFTIJDSKLASSEN}, sum(aantal)::bigint, sum(toegekend)::bigint, 0, 0, 0, 0
      FROM g WHERE g = 14 GROUP BY 3
    UNION ALL
    SELECT 'totaal', NULL, NULL, aantal, toegekend, met_verzoek, verzoeken, aangevuld, open FROM g WHERE g = 15
    """  # noqa: S608 - only constants are interpolated
)

# Cases decided in the period, in one scan: per day and outcome (rolled up to weeks and months),
# and per lead time in days, a histogram from which follow the distribution, the shares within
# target and legal term, and median and p90 exactly as percentile_cont computes them (linear
# interpolation between the values at the two positions around fraction * (n - 1)): the histogram
# has a few hundred rows where a sort would take every decision.
_BESLOTEN = text(
    f"""
    WITH g AS (
      SELECT GROUPING(besloten, status, doorloop) AS g, besloten, status, doorloop,
             count(*) AS aantal,
             coalesce(sum(bedrag_cent), 0)::bigint AS bedrag_cent,
             count(binnen_streef) AS met_streef, count(*) FILTER (WHERE binnen_streef) AS binnen_streef,
             count(binnen_termijn) AS met_termijn, count(*) FILTER (WHERE binnen_termijn) AS binnen_termijn
      FROM (SELECT besloten, status, bedrag_cent, binnen_streef, binnen_termijn,
                   CASE WHEN status IN {BESLOTEN} THEN besloten - ontvangen END AS doorloop
            FROM stuurinformatie WHERE {_FILTER} AND besloten BETWEEN :vanaf AND :tot) b
      GROUP BY GROUPING SETS ((besloten, status), (doorloop))
    ), h AS (
      SELECT doorloop AS dagen, aantal, sum(aantal) OVER (ORDER BY doorloop) AS tot_en_met, sum(aantal) OVER () AS n
      FROM g WHERE g = 6 AND doorloop IS NOT NULL
    ), p AS (
      SELECT f, f * (n - 1) AS positie,
             min(dagen) FILTER (WHERE tot_en_met > floor(f * (n - 1))) AS laag,
             min(dagen) FILTER (WHERE tot_en_met > ceil(f * (n - 1))) AS hoog
      FROM h, (VALUES (0.5), (0.9)) AS fracties(f) GROUP BY f, n
    )
    SELECT 'week' AS soort, {_weekbegin("besloten")} AS dag, status AS sleutel, sum(aantal)::bigint AS aantal,
           0::bigint AS bedrag_cent, NULL::numeric AS mediaan, NULL::numeric AS p90, 0::bigint AS met_streef,
           0::bigint AS binnen_streef, 0::bigint AS met_termijn, 0::bigint AS binnen_termijn
      FROM g WHERE g = 1 GROUP BY 2, 3
    UNION ALL
    SELECT 'maand', date_trunc('month', besloten)::date, NULL, sum(aantal)::bigint, sum(bedrag_cent)::bigint,
           NULL, NULL, 0, 0, 0, 0
      FROM g WHERE g = 1 AND status IN {TOEGEKEND} GROUP BY 2
    UNION ALL
    SELECT 'klasse', NULL, CASE
        WHEN doorloop <= 7 THEN '0-7' WHEN doorloop <= 14 THEN '8-14' WHEN doorloop <= 21 THEN '15-21'
        WHEN doorloop <= 28 THEN '22-28' WHEN doorloop <= 56 THEN '29-56' ELSE '57+' END, sum(aantal)::bigint, 0,
        NULL, NULL, 0, 0, 0, 0
      FROM g WHERE g = 6 AND doorloop IS NOT NULL GROUP BY 3
    UNION ALL
    SELECT 'doorlooptijd', NULL, NULL, coalesce(sum(aantal), 0)::bigint, 0,
           (SELECT laag + (positie - floor(positie)) * (hoog - laag) FROM p WHERE f = 0.5),
           (SELECT laag + (positie - floor(positie)) * (hoog - laag) FROM p WHERE f = 0.9),
           coalesce(sum(met_streef), 0)::bigint, coalesce(sum(binnen_streef), 0)::bigint,
           coalesce(sum(met_termijn), 0)::bigint, coalesce(sum(binnen_termijn), 0)::bigint
      FROM g WHERE g = 6 AND doorloop IS NOT NULL
    """  # noqa: S608
)

_WERKVOORRAAD = text(
    f"""
    SELECT status, {WERKVOORRAADKLASSEN} AS klasse, count(*) AS aantal,
           count(*) FILTER (WHERE beslistermijn_einde < :peildatum) AS verlopen
    FROM stuurinformatie
    WHERE {_FILTER} AND status NOT IN {UITKOMSTEN}
    GROUP BY 1, 2
    """  # noqa: S608
)


# Referrals (verwijzingen, #9) made in the period, by kind; the table is small and indexed per
# municipality and kind.
_VERWIJZINGEN = text(
    """
    SELECT v.soort, count(*) AS aantal, count(*) FILTER (WHERE v.toestemming) AS met_toestemming
    FROM verwijzingen v JOIN stuurinformatie s ON s.aanvraag_id = v.aanvraag_id
    WHERE v.gemeente = :gemeente AND (CAST(:regeling AS text) IS NULL OR s.regeling = CAST(:regeling AS text))
      AND (v.aangemaakt_op AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN :vanaf AND :tot
    GROUP BY v.soort ORDER BY v.soort
    """
)


@dataclass(frozen=True)
class Vraag:
    gemeente: str
    regeling: str | None
    vanaf: date
    tot: date
    peildatum: date
    wijkindeling: Wijkindeling


Rij = dict[str, Any]


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
    }
    async with engine.connect() as conn:
        await conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        # Hash tables of a few hundred groups; enough memory that no grouping set falls back to sorting.
        await conn.execute(text("SET LOCAL work_mem = '32MB'"))
        tabellen = await _ontvangen(conn, params, vraag.wijkindeling)
        tabellen |= await _besloten(conn, params)
        tabellen |= await _werkvoorraad(conn, params)
        tabellen["verwijzingen"] = [
            {"soort": r.soort, "aantal": r.aantal, "metToestemming": r.met_toestemming}
            for r in await conn.execute(_VERWIJZINGEN, params)
        ]
        await conn.rollback()
    return {naam: [onderdruk(naam, r) for r in rijen] for naam, rijen in tabellen.items()}


async def _ontvangen(conn: AsyncConnection, params: dict[str, Any], wijken: Wijkindeling) -> dict[str, list[Rij]]:
    rows = await conn.execute(
        _ONTVANGEN, params | {"postcodes": list(wijken.postcodes), "wijken": list(wijken.wijken)}
    )
    per_week, per_maand, wijk, sector, leeftijd = [], [], [], [], []
    herstel: list[Rij] = []
    for r in rows:
        verdeling = {"categorie": r.sleutel, "aantal": r.aantal, "toegekend": r.toegekend}
        if r.soort == "week":
            per_week.append({"week": _week(r.dag), "weekBegin": r.dag, "aantal": r.aantal})
        elif r.soort == "maand":
            per_maand.append({"maand": _maand(r.dag), "aantal": r.aantal})
        elif r.soort == "wijk":
            wijk.append(verdeling)
        elif r.soort == "sector":
            sector.append(verdeling)
        elif r.soort == "leeftijd":
            leeftijd.append(verdeling)
        else:
            afgelopen = r.verzoeken - r.open
            herstel.append(
                {
                    "aanvragen": r.met_verzoek,
                    "verzoeken": r.verzoeken,
                    "aangevuld": r.aangevuld,
                    "open": r.open,
                    "verlopen": afgelopen - r.aangevuld,
                    "responspercentage": _aandeel(r.aangevuld, afgelopen),
                }
            )
    if not herstel:
        herstel.append({"aanvragen": 0, "verzoeken": 0, "aangevuld": 0, "open": 0, "verlopen": 0})
        herstel[0]["responspercentage"] = None
    volgorde = KLASSEN_VOLGORDE["leeftijd"]
    return {
        "instroomPerWeek": sorted(per_week, key=lambda x: x["weekBegin"]),
        "instroomPerMaand": sorted(per_maand, key=lambda x: x["maand"]),
        "perWijk": sorted(wijk, key=lambda x: (x["categorie"] == ONBEKEND, x["categorie"])),
        "perSector": sorted(sector, key=lambda x: (x["categorie"] == "?", x["categorie"])),
        "perLeeftijd": sorted(leeftijd, key=lambda x: volgorde.index(x["categorie"])),
        "herstelverzoeken": herstel,
    }


async def _besloten(conn: AsyncConnection, params: dict[str, Any]) -> dict[str, list[Rij]]:
    per_week, per_maand, verdeling, doorlooptijd = [], [], [], []
    for r in await conn.execute(_BESLOTEN, params):
        if r.soort == "week":
            per_week.append({"week": _week(r.dag), "weekBegin": r.dag, "uitkomst": r.sleutel, "aantal": r.aantal})
        elif r.soort == "maand":
            per_maand.append({"maand": _maand(r.dag), "aantal": r.aantal, "bedragCent": r.bedrag_cent})
        elif r.soort == "klasse":
            verdeling.append({"klasse": r.sleutel, "aantal": r.aantal})
        else:
            doorlooptijd.append(
                {
                    "aantal": r.aantal,
                    "mediaanDagen": None if r.mediaan is None else round(float(r.mediaan), 1),
                    "p90Dagen": None if r.p90 is None else round(float(r.p90), 1),
                    "binnenStreeftermijn": _aandeel(r.binnen_streef, r.met_streef),
                    "binnenWettelijkeTermijn": _aandeel(r.binnen_termijn, r.met_termijn),
                }
            )
    volgorde = KLASSEN_VOLGORDE["doorlooptijd"]
    return {
        "besluitenPerWeek": sorted(per_week, key=lambda x: (x["weekBegin"], UITKOMSTEN.index(x["uitkomst"]))),
        "bedragenPerMaand": sorted(per_maand, key=lambda x: x["maand"]),
        "doorlooptijd": doorlooptijd,
        "doorlooptijdVerdeling": sorted(verdeling, key=lambda x: volgorde.index(x["klasse"])),
    }


async def _werkvoorraad(conn: AsyncConnection, params: dict[str, Any]) -> dict[str, list[Rij]]:
    rijen = [
        {"fase": r.status, "leeftijd": r.klasse, "aantal": r.aantal, "voorbijBeslistermijn": r.verlopen}
        for r in await conn.execute(_WERKVOORRAAD, params)
    ]
    volgorde = KLASSEN_VOLGORDE["werkvoorraad"]
    per_fase: dict[str, Rij] = {}
    for r in rijen:
        t = per_fase.setdefault(r["fase"], {"fase": r["fase"], "aantal": 0, "voorbijBeslistermijn": 0})
        t["aantal"] += r["aantal"]
        t["voorbijBeslistermijn"] += r["voorbijBeslistermijn"]
    return {
        "werkvoorraad": sorted(per_fase.values(), key=lambda x: _fase_index(x["fase"])),
        "werkvoorraadPerLeeftijd": sorted(
            rijen, key=lambda x: (_fase_index(x["fase"]), volgorde.index(x["leeftijd"]))
        ),
    }


def _fase_index(fase: str) -> int:
    return FASEN.index(fase) if fase in FASEN else len(FASEN)
