"""Stuurinformatie summaries: the counts of the read model per day, kept by a trigger on
`stuurinformatie` in the same transaction as the change, so they are always exact. A dashboard
request sums a few thousand summary rows instead of grouping every case (5.4 s at a million cases).

- `si_ontvangen`: per municipality, regulation and day of receipt, per age (`soort` 'l', which also
  gives the totals), per postcode area ('p') and per SBI section ('s'): the cases, how many were
  awarded, and their information requests. Unknown postcode or section has no row: it is the total
  less the known ones, so a new application touches one row, not three.
- `si_besloten`: per day of decision, per outcome ('u': cases and amount granted) and per lead time
  in days ('d', decisions proper: cases and the counts within target and legal term). The lead-time
  rows are the histogram median and p90 are read from, exactly as percentile_cont would.
- `si_personen`: applications per person per municipality. Small cells are suppressed by people,
  not applications; a cell of more than 4 x (most applications of one person) applications holds
  at least 5 people, so only smaller cells are counted exactly (app.stuurinformatie.personen).
- `stuurinformatie.persoon`: the person (the applicant's BSN as a number) those exact counts use.

A change that moves no count (most status transitions) writes no summary row. Counter rows that
every submit would update (today's rows) are split over a few shards by the backend's process id,
so concurrent submits on different connections do not queue on one row lock; a figure sums the
shards. `si_samenvatting_opbouwen()` rebuilds all three from the read model (the backfill here,
and a bulk load that bypasses the triggers).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23
"""

# ruff: noqa: S608 - the SQL here interpolates only constants of this module
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOEGEKEND = "('toegekend', 'gedeeltelijk_toegekend')"
BESLOTEN = "('toegekend', 'gedeeltelijk_toegekend', 'afgewezen', 'buiten_behandeling')"
SCHARDEN = 4
SLEUTEL = "gemeente, korrel, dag, regeling, soort, waarde, schard"
# Monday of the ISO week of a date.
WEEK = "({dag} - (extract(isodow FROM {dag})::int - 1))"

PERSOON = """CASE WHEN {bsn} ~ '^[0-9]{{1,18}}$' THEN {bsn}::bigint ELSE hashtextextended({bsn}, 0) END"""

ONTVANGEN_TELLERS = ("aantal", "toegekend", "met_verzoek", "verzoeken", "aangevuld", "met_aangevuld", "onbeantwoord")
BESLOTEN_TELLERS = ("aantal", "bedrag_cent", "met_streef", "binnen_streef", "met_termijn", "binnen_termijn")

FUNCTIES = [
    f"""
    CREATE FUNCTION si_schard() RETURNS smallint LANGUAGE sql STABLE AS $$
      SELECT (pg_backend_pid() % {SCHARDEN})::smallint
    $$
    """,
    # What one read-model row adds to the received-side summary (teken -1 takes it away again): the
    # totals per day ('t'), and per age, postcode area and section both per day ('d') and per ISO
    # week ('w', the row a long period reads; the days serve the edges of a period).
    f"""
    CREATE FUNCTION si_bijdrage_ontvangen(r stuurinformatie, teken int)
    RETURNS TABLE (gemeente varchar, korrel char(1), dag date, regeling varchar, soort char(1), waarde varchar,
                   aantal int, toegekend int, met_verzoek int, verzoeken int, aangevuld int,
                   met_aangevuld int, onbeantwoord int)
    LANGUAGE sql IMMUTABLE AS $$
      SELECT r.gemeente, 'd', r.ontvangen, r.regeling, 't', '', teken,
             teken * (r.status IN {TOEGEKEND})::int, teken * (r.herstel_verzocht > 0)::int,
             teken * r.herstel_verzocht, teken * r.herstel_aangevuld, teken * (r.herstel_aangevuld > 0)::int,
             teken * (r.herstel_verzocht > r.herstel_aangevuld)::int
      WHERE r.aanvraag_id IS NOT NULL
      UNION ALL
      SELECT r.gemeente, k.korrel, CASE k.korrel WHEN 'd' THEN r.ontvangen ELSE {WEEK.format(dag="r.ontvangen")} END,
             r.regeling, v.soort, v.waarde, teken, teken * (r.status IN {TOEGEKEND})::int, 0, 0, 0, 0, 0
      FROM (VALUES ('d'), ('w')) AS k(korrel),
           (VALUES ('l', coalesce(r.leeftijd::text, '')), ('p', r.postcode4), ('s', r.sbi_sectie)) AS v(soort, waarde)
      WHERE r.aanvraag_id IS NOT NULL AND v.waarde IS NOT NULL
    $$
    """,
    f"""
    CREATE FUNCTION si_bijdrage_besloten(r stuurinformatie, teken int)
    RETURNS TABLE (gemeente varchar, korrel char(1), dag date, regeling varchar, soort char(1), waarde varchar,
                   aantal int, bedrag_cent bigint, met_streef int, binnen_streef int, met_termijn int,
                   binnen_termijn int)
    LANGUAGE sql IMMUTABLE AS $$
      SELECT r.gemeente, 'd', r.besloten, r.regeling, 'u', r.status, teken, teken * r.bedrag_cent, 0, 0, 0, 0
      WHERE r.besloten IS NOT NULL
      UNION ALL
      SELECT r.gemeente, k.korrel, CASE k.korrel WHEN 'd' THEN r.besloten ELSE {WEEK.format(dag="r.besloten")} END,
             r.regeling, 'd', (r.besloten - r.ontvangen)::text, teken, 0,
             teken * (r.binnen_streef IS NOT NULL)::int, teken * coalesce(r.binnen_streef, false)::int,
             teken * (r.binnen_termijn IS NOT NULL)::int, teken * coalesce(r.binnen_termijn, false)::int
      FROM (VALUES ('d'), ('w')) AS k(korrel)
      WHERE r.besloten IS NOT NULL AND r.status IN {BESLOTEN}
    $$
    """,
    # The old row's contribution taken away and the new one's added, netted per summary row: only
    # rows whose counts change are written, in key order (two transactions lock shared rows in the
    # same order).
    f"""
    CREATE FUNCTION si_samenvatten() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      oud stuurinformatie;
      nieuw stuurinformatie;
    BEGIN
      IF TG_OP <> 'INSERT' THEN oud := OLD; END IF;
      IF TG_OP <> 'DELETE' THEN nieuw := NEW; END IF;
      INSERT INTO si_ontvangen AS o ({SLEUTEL}, {", ".join(ONTVANGEN_TELLERS)})
      SELECT b.gemeente, b.korrel, b.dag, b.regeling, b.soort, b.waarde, si_schard(),
             {", ".join(f"sum(b.{t})" for t in ONTVANGEN_TELLERS)}
      FROM (SELECT * FROM si_bijdrage_ontvangen(oud, -1) UNION ALL SELECT * FROM si_bijdrage_ontvangen(nieuw, 1)) b
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING {" OR ".join(f"sum(b.{t}) <> 0" for t in ONTVANGEN_TELLERS)}
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT ({SLEUTEL}) DO UPDATE SET
        {", ".join(f"{t} = o.{t} + EXCLUDED.{t}" for t in ONTVANGEN_TELLERS)};
      INSERT INTO si_besloten AS o ({SLEUTEL}, {", ".join(BESLOTEN_TELLERS)})
      SELECT b.gemeente, b.korrel, b.dag, b.regeling, b.soort, b.waarde, si_schard(),
             {", ".join(f"sum(b.{t})" for t in BESLOTEN_TELLERS)}
      FROM (SELECT * FROM si_bijdrage_besloten(oud, -1) UNION ALL SELECT * FROM si_bijdrage_besloten(nieuw, 1)) b
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING {" OR ".join(f"sum(b.{t}) <> 0" for t in BESLOTEN_TELLERS)}
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT ({SLEUTEL}) DO UPDATE SET
        {", ".join(f"{t} = o.{t} + EXCLUDED.{t}" for t in BESLOTEN_TELLERS)};
      IF TG_OP = 'INSERT' THEN
        INSERT INTO si_personen AS p (gemeente, persoon, aantal) VALUES (NEW.gemeente, NEW.persoon, 1)
        ON CONFLICT (gemeente, persoon) DO UPDATE SET aantal = p.aantal + 1;
      ELSIF TG_OP = 'DELETE' THEN
        UPDATE si_personen SET aantal = aantal - 1 WHERE gemeente = OLD.gemeente AND persoon = OLD.persoon;
      END IF;
      RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION si_samenvatting_opbouwen() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE si_ontvangen, si_besloten, si_personen;
      INSERT INTO si_ontvangen ({SLEUTEL}, {", ".join(ONTVANGEN_TELLERS)})
      SELECT b.gemeente, b.korrel, b.dag, b.regeling, b.soort, b.waarde, 0,
             {", ".join(f"sum(b.{t})" for t in ONTVANGEN_TELLERS)}
      FROM stuurinformatie s, si_bijdrage_ontvangen(s, 1) b GROUP BY 1, 2, 3, 4, 5, 6;
      INSERT INTO si_besloten ({SLEUTEL}, {", ".join(BESLOTEN_TELLERS)})
      SELECT b.gemeente, b.korrel, b.dag, b.regeling, b.soort, b.waarde, 0,
             {", ".join(f"sum(b.{t})" for t in BESLOTEN_TELLERS)}
      FROM stuurinformatie s, si_bijdrage_besloten(s, 1) b GROUP BY 1, 2, 3, 4, 5, 6;
      INSERT INTO si_personen (gemeente, persoon, aantal)
      SELECT gemeente, persoon, count(*) FROM stuurinformatie GROUP BY 1, 2;
    END $$
    """,
]

# The read model's new rows take the applicant from the application.
AANVRAAG_NIEUW = """
    CREATE OR REPLACE FUNCTION si_aanvraag_nieuw() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO stuurinformatie (aanvraag_id, gemeente, regeling, status, status_sinds, ontvangen,
                                   leeftijd{persoon_kolom})
      VALUES (NEW.id, NEW.gemeente, NEW.regeling, NEW.status, NEW.ontvangen_op,
              (NEW.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date,
              leeftijd_op(NEW.gegevens->'aanvrager'->>'geboortedatum', NEW.aanvraagdatum){persoon_waarde});
      RETURN NULL;
    END $$
"""


def _teller(naam: str, soort: type[sa.types.TypeEngine[int]] = sa.Integer) -> sa.Column[int]:
    return sa.Column(naam, soort, nullable=False, server_default="0")


def _sleutel() -> list[sa.Column[object]]:
    return [
        sa.Column("gemeente", sa.String(4), nullable=False),
        sa.Column("korrel", sa.CHAR(1), nullable=False),
        sa.Column("dag", sa.Date, nullable=False),
        sa.Column("regeling", sa.String(40), nullable=False),
        sa.Column("soort", sa.CHAR(1), nullable=False),
        sa.Column("waarde", sa.String(40), nullable=False),
        sa.Column("schard", sa.SmallInteger, nullable=False),
    ]


def upgrade() -> None:
    op.add_column("stuurinformatie", sa.Column("persoon", sa.BigInteger))
    # One pass over the table. A read-model row without its application (never in service; a bulk
    # load could make one) is a person of its own.
    op.execute(
        f"UPDATE stuurinformatie s SET persoon = coalesce((SELECT {PERSOON.format(bsn='a.bsn')} FROM aanvragen a "
        "WHERE a.id = s.aanvraag_id), hashtextextended(s.aanvraag_id::text, 0))"
    )
    op.alter_column("stuurinformatie", "persoon", nullable=False)
    op.create_index(
        "ix_stuurinformatie_herstel_open",
        "stuurinformatie",
        ["gemeente", "herstel_open_tot"],
        postgresql_where=sa.text("herstel_open_tot IS NOT NULL"),
    )
    op.execute(AANVRAAG_NIEUW.format(persoon_kolom=", persoon", persoon_waarde=", " + PERSOON.format(bsn="NEW.bsn")))
    op.create_table(
        "si_ontvangen",
        *_sleutel(),
        *(_teller(t) for t in ONTVANGEN_TELLERS),
        sa.PrimaryKeyConstraint("gemeente", "korrel", "dag", "regeling", "soort", "waarde", "schard"),
    )
    op.create_table(
        "si_besloten",
        *_sleutel(),
        *(_teller(t, sa.BigInteger if t == "bedrag_cent" else sa.Integer) for t in BESLOTEN_TELLERS),
        sa.PrimaryKeyConstraint("gemeente", "korrel", "dag", "regeling", "soort", "waarde", "schard"),
    )
    op.create_table(
        "si_personen",
        sa.Column("gemeente", sa.String(4), nullable=False),
        sa.Column("persoon", sa.BigInteger, nullable=False),
        _teller("aantal"),
        sa.PrimaryKeyConstraint("gemeente", "persoon"),
    )
    op.create_index("ix_si_personen_aantal", "si_personen", ["gemeente", "aantal"])
    for functie in FUNCTIES:
        op.execute(functie)
    op.execute(
        "CREATE TRIGGER tr_si_samenvatten AFTER INSERT OR UPDATE OR DELETE ON stuurinformatie "
        "FOR EACH ROW EXECUTE FUNCTION si_samenvatten()"
    )
    op.execute("SELECT si_samenvatting_opbouwen()")


def downgrade() -> None:
    op.execute("DROP TRIGGER tr_si_samenvatten ON stuurinformatie")
    for functie in (
        "si_samenvatting_opbouwen()",
        "si_samenvatten()",
        "si_bijdrage_besloten(stuurinformatie, int)",
        "si_bijdrage_ontvangen(stuurinformatie, int)",
        "si_schard()",
    ):
        op.execute(f"DROP FUNCTION {functie}")
    op.drop_table("si_personen")
    op.drop_table("si_besloten")
    op.drop_table("si_ontvangen")
    op.execute(AANVRAAG_NIEUW.format(persoon_kolom="", persoon_waarde=""))
    op.drop_index("ix_stuurinformatie_herstel_open", "stuurinformatie")
    op.drop_column("stuurinformatie", "persoon")
