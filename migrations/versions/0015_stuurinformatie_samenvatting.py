"""Stuurinformatie summaries: the counts of the read model per day and per ISO week, kept by a
trigger on `stuurinformatie` in the same transaction as the change, so they are always exact. A
dashboard request sums a few ten thousand summary rows instead of grouping every case (5.4 s at a
million cases, the grouping sets over every row dominating).

- `si_ontvangen`, by day of receipt: the totals per day ('t': cases, awarded, information
  requests) and per age ('l'), postcode area ('p') and SBI section ('s') both per day (korrel 'd')
  and per ISO week (korrel 'w', `dag` its Monday). A period reads its whole weeks from the week rows
  and only its edges from the day rows. Unknown postcode or section has no row: it is the total
  less the known ones.
- `si_besloten`, by day of decision: per outcome per day ('u': cases and amount granted) and per
  lead time in days ('d', decisions proper, per day and week: cases and the counts within target
  and legal term). The lead-time rows are the histogram median and p90 are read from, exactly as
  percentile_cont would.
- `si_personen`: applications per person per municipality. Small cells are suppressed by people,
  not applications; a cell of more than 4 x (most applications of one person) applications holds
  at least 5 people, so only smaller cells are counted again by person (app.stuurinformatie.personen).
- `stuurinformatie.persoon`: the person (the applicant's BSN as a number) those counts use.

The trigger takes the old row's contributions away and adds the new row's, netted per summary row,
and writes only rows whose counts change; on an update it fires only when a counted column changed
(most status transitions change none). Counter rows that every submit updates (today's) are split
over a few shards by the backend's process id, so concurrent submits on different connections do
not queue on one row lock; a figure sums the shards. `si_samenvatting_opbouwen()` rebuilds all
three from the read model (the backfill here, and after a bulk load that bypasses the trigger).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-23
"""

# ruff: noqa: S608 - the SQL here interpolates only constants of this module
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOEGEKEND = "('toegekend', 'gedeeltelijk_toegekend')"
BESLOTEN = "('toegekend', 'gedeeltelijk_toegekend', 'afgewezen', 'buiten_behandeling')"
EINDSTATUSSEN = "('toegekend', 'gedeeltelijk_toegekend', 'afgewezen', 'buiten_behandeling', 'ingetrokken')"
SCHARDEN = 4
# Rows of one kind and grain lie together, by day: a period of day totals or of week rows is one range.
SLEUTEL = "gemeente, soort, korrel, dag, regeling, waarde, schard"
# Monday of the ISO week of a date.
WEEK = "({dag} - (extract(isodow FROM {dag})::int - 1))"

PERSOON = """CASE WHEN {bsn} ~ '^[0-9]{{1,18}}$' THEN {bsn}::bigint ELSE hashtextextended({bsn}, 0) END"""

ONTVANGEN_TELLERS = ("aantal", "toegekend", "met_verzoek", "verzoeken", "aangevuld", "met_aangevuld", "onbeantwoord")
BESLOTEN_TELLERS = ("aantal", "bedrag_cent", "met_streef", "binnen_streef", "met_termijn", "binnen_termijn")


@dataclass(frozen=True)
class Bijdrage:
    """What one read-model row `{r}` adds to one summary row: its kind, grain, day and value, on a
    condition, and per counter an expression (counters not named add 0)."""

    soort: str
    korrel: str
    dag: str
    waarde: str
    voorwaarde: str
    tellers: dict[str, str]


_TOEGEKEND_TELLERS = {"aantal": "1", "toegekend": f"({{r}}.status IN {TOEGEKEND})::int"}
ONTVANGEN_BIJDRAGEN = [
    Bijdrage(
        "t",
        "d",
        "{r}.ontvangen",
        "''",
        "true",
        _TOEGEKEND_TELLERS
        | {
            "met_verzoek": "({r}.herstel_verzocht > 0)::int",
            "verzoeken": "{r}.herstel_verzocht",
            "aangevuld": "{r}.herstel_aangevuld",
            "met_aangevuld": "({r}.herstel_aangevuld > 0)::int",
            "onbeantwoord": "({r}.herstel_verzocht > {r}.herstel_aangevuld)::int",
        },
    ),
    *(
        Bijdrage(soort, korrel, "{r}.ontvangen" if korrel == "d" else WEEK.format(dag="{r}.ontvangen"), waarde,
                 voorwaarde, _TOEGEKEND_TELLERS)
        for soort, waarde, voorwaarde in (
            ("l", "coalesce({r}.leeftijd::text, '')", "true"),
            ("p", "{r}.postcode4", "{r}.postcode4 IS NOT NULL"),
            ("s", "{r}.sbi_sectie", "{r}.sbi_sectie IS NOT NULL"),
        )
        for korrel in ("d", "w")
    ),
]  # fmt: skip
BESLOTEN_BIJDRAGEN = [
    Bijdrage("u", "d", "{r}.besloten", "{r}.status", "{r}.besloten IS NOT NULL",
             {"aantal": "1", "bedrag_cent": "{r}.bedrag_cent"}),
    *(
        Bijdrage("d", korrel, "{r}.besloten" if korrel == "d" else WEEK.format(dag="{r}.besloten"),
                 "({r}.besloten - {r}.ontvangen)::text", f"{{r}}.besloten IS NOT NULL AND {{r}}.status IN {BESLOTEN}",
                 {
                     "aantal": "1",
                     "met_streef": "({r}.binnen_streef IS NOT NULL)::int",
                     "binnen_streef": "coalesce({r}.binnen_streef, false)::int",
                     "met_termijn": "({r}.binnen_termijn IS NOT NULL)::int",
                     "binnen_termijn": "coalesce({r}.binnen_termijn, false)::int",
                 })
        for korrel in ("d", "w")
    ),
]  # fmt: skip


def _bij(b: Bijdrage, r: str, teken: int, tellers: tuple[str, ...]) -> str:
    """One row of the trigger's VALUES: the contribution of record `r`, times `teken`."""
    waarden = ", ".join(f"{teken} * ({b.tellers.get(t, '0')})".format(r=r) for t in tellers)
    geldig = f"{r}.aanvraag_id IS NOT NULL AND {b.voorwaarde.format(r=r)}"
    return (
        f"({geldig}, {r}.gemeente::text, '{b.soort}', '{b.korrel}', {b.dag.format(r=r)}, {r}.regeling::text, "
        f"({b.waarde.format(r=r)})::text, {waarden})"
    )


def _tel_bij(tabel: str, bijdragen: list[Bijdrage], tellers: tuple[str, ...], records: tuple[str, ...]) -> str:
    """The trigger's statement for one summary: the old row's contributions taken away and the new
    row's added, netted per summary row; only rows whose counts change are written, in key order
    (transactions lock shared rows in the same order). Plain plpgsql variables, so its plan is cached."""
    tekens = {"OLD": -1, "NEW": 1}
    rijen = ",\n        ".join(_bij(b, r, tekens[r], tellers) for r in records for b in bijdragen)
    return f"""
      INSERT INTO {tabel} AS o ({SLEUTEL}, {", ".join(tellers)})
      SELECT gemeente, soort, korrel, dag, regeling, waarde, si_schard(), {", ".join(f"sum({t})" for t in tellers)}
      FROM (VALUES
        {rijen}
      ) AS b(geldig, gemeente, soort, korrel, dag, regeling, waarde, {", ".join(tellers)})
      WHERE geldig
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING {" OR ".join(f"sum({t}) <> 0" for t in tellers)}
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT ({SLEUTEL}) DO UPDATE SET {", ".join(f"{t} = o.{t} + EXCLUDED.{t}" for t in tellers)};"""


# What the counts of each summary depend on: a change elsewhere (most status transitions) fires no
# trigger at all.
ONTVANGEN_HANGT_AF_VAN = (
    "{r}.gemeente, {r}.regeling, {r}.ontvangen, {r}.leeftijd, {r}.postcode4, {r}.sbi_sectie, "
    f"{{r}}.status IN {TOEGEKEND}, {{r}}.herstel_verzocht, {{r}}.herstel_aangevuld"
)
BESLOTEN_HANGT_AF_VAN = (
    "{r}.gemeente, {r}.regeling, {r}.ontvangen, {r}.besloten, CASE WHEN {r}.besloten IS NOT NULL THEN {r}.status END, "
    "{r}.bedrag_cent, {r}.binnen_streef, {r}.binnen_termijn"
)


def _veranderd(projectie: str) -> str:
    return f"ROW({projectie.format(r='OLD')}) IS DISTINCT FROM ROW({projectie.format(r='NEW')})"


def _opbouw(tabel: str, bijdragen: list[Bijdrage], tellers: tuple[str, ...]) -> str:
    """The same contributions, set-based over the whole read model."""
    delen = [
        f"SELECT s.gemeente, '{b.soort}', '{b.korrel}', {b.dag.format(r='s')}, s.regeling, "
        f"({b.waarde.format(r='s')})::text, 0, "
        + ", ".join(f"coalesce(sum({b.tellers.get(t, '0')}), 0)".format(r="s") for t in tellers)
        + f" FROM stuurinformatie s WHERE {b.voorwaarde.format(r='s')} GROUP BY 1, 2, 3, 4, 5, 6"
        for b in bijdragen
    ]
    return f"INSERT INTO {tabel} ({SLEUTEL}, {', '.join(tellers)})\n      " + "\n      UNION ALL ".join(delen) + ";"


FUNCTIES = [
    f"""
    CREATE FUNCTION si_schard() RETURNS smallint LANGUAGE sql STABLE AS $$
      SELECT (pg_backend_pid() % {SCHARDEN})::smallint
    $$
    """,
    f"""
    CREATE FUNCTION si_samenvatten() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        {_tel_bij("si_ontvangen", ONTVANGEN_BIJDRAGEN, ONTVANGEN_TELLERS, ("NEW",))}
        IF NEW.besloten IS NOT NULL THEN
          {_tel_bij("si_besloten", BESLOTEN_BIJDRAGEN, BESLOTEN_TELLERS, ("NEW",))}
        END IF;
        INSERT INTO si_personen AS p (gemeente, persoon, aantal) VALUES (NEW.gemeente, NEW.persoon, 1)
        ON CONFLICT (gemeente, persoon) DO UPDATE SET aantal = p.aantal + 1;
      ELSIF TG_OP = 'UPDATE' THEN
        IF {_veranderd(ONTVANGEN_HANGT_AF_VAN)} THEN
          {_tel_bij("si_ontvangen", ONTVANGEN_BIJDRAGEN, ONTVANGEN_TELLERS, ("OLD", "NEW"))}
        END IF;
        IF {_veranderd(BESLOTEN_HANGT_AF_VAN)} THEN
          {_tel_bij("si_besloten", BESLOTEN_BIJDRAGEN, BESLOTEN_TELLERS, ("OLD", "NEW"))}
        END IF;
        IF OLD.persoon <> NEW.persoon OR OLD.gemeente <> NEW.gemeente THEN
          UPDATE si_personen SET aantal = aantal - 1 WHERE gemeente = OLD.gemeente AND persoon = OLD.persoon;
          INSERT INTO si_personen AS p (gemeente, persoon, aantal) VALUES (NEW.gemeente, NEW.persoon, 1)
          ON CONFLICT (gemeente, persoon) DO UPDATE SET aantal = p.aantal + 1;
        END IF;
      ELSE
        {_tel_bij("si_ontvangen", ONTVANGEN_BIJDRAGEN, ONTVANGEN_TELLERS, ("OLD",))}
        {_tel_bij("si_besloten", BESLOTEN_BIJDRAGEN, BESLOTEN_TELLERS, ("OLD",))}
        UPDATE si_personen SET aantal = aantal - 1 WHERE gemeente = OLD.gemeente AND persoon = OLD.persoon;
      END IF;
      RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION si_samenvatting_opbouwen() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE si_ontvangen, si_besloten, si_personen;
      {_opbouw("si_ontvangen", ONTVANGEN_BIJDRAGEN, ONTVANGEN_TELLERS)}
      {_opbouw("si_besloten", BESLOTEN_BIJDRAGEN, BESLOTEN_TELLERS)}
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
        sa.Column("soort", sa.CHAR(1), nullable=False),
        sa.Column("korrel", sa.CHAR(1), nullable=False),
        sa.Column("dag", sa.Date, nullable=False),
        sa.Column("regeling", sa.String(40), nullable=False),
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
    # The backlog is counted from this index alone (an index-only scan), by person too.
    op.drop_index("ix_stuurinformatie_open", "stuurinformatie")
    op.create_index(
        "ix_stuurinformatie_open",
        "stuurinformatie",
        ["gemeente", "status"],
        postgresql_include=["regeling", "ontvangen", "beslistermijn_einde", "persoon"],
        postgresql_where=sa.text(f"status NOT IN {EINDSTATUSSEN}"),
    )
    # Cells of one outcome in doubt are counted by person from this index alone.
    op.drop_index("ix_stuurinformatie_besloten", "stuurinformatie")
    op.create_index(
        "ix_stuurinformatie_besloten",
        "stuurinformatie",
        ["gemeente", "besloten", "status"],
        postgresql_include=["regeling", "ontvangen", "persoon"],
        postgresql_where=sa.text("besloten IS NOT NULL"),
    )
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
        sa.PrimaryKeyConstraint(*SLEUTEL.split(", ")),
    )
    op.create_table(
        "si_besloten",
        *_sleutel(),
        *(_teller(t, sa.BigInteger if t == "bedrag_cent" else sa.Integer) for t in BESLOTEN_TELLERS),
        sa.PrimaryKeyConstraint(*SLEUTEL.split(", ")),
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
        "CREATE TRIGGER tr_si_samenvatten AFTER INSERT OR DELETE ON stuurinformatie "
        "FOR EACH ROW EXECUTE FUNCTION si_samenvatten()"
    )
    veranderd = " OR ".join(_veranderd(p) for p in (ONTVANGEN_HANGT_AF_VAN, BESLOTEN_HANGT_AF_VAN))
    veranderd += " OR OLD.persoon <> NEW.persoon"
    op.execute(
        f"CREATE TRIGGER tr_si_samenvatten_wijziging AFTER UPDATE ON stuurinformatie "
        f"FOR EACH ROW WHEN ({veranderd}) EXECUTE FUNCTION si_samenvatten()"
    )
    op.execute("SELECT si_samenvatting_opbouwen()")


def downgrade() -> None:
    op.execute("DROP TRIGGER tr_si_samenvatten_wijziging ON stuurinformatie")
    op.execute("DROP TRIGGER tr_si_samenvatten ON stuurinformatie")
    for functie in ("si_samenvatting_opbouwen()", "si_samenvatten()", "si_schard()"):
        op.execute(f"DROP FUNCTION {functie}")
    op.drop_table("si_personen")
    op.drop_table("si_besloten")
    op.drop_table("si_ontvangen")
    op.execute(AANVRAAG_NIEUW.format(persoon_kolom="", persoon_waarde=""))
    op.drop_index("ix_stuurinformatie_herstel_open", "stuurinformatie")
    op.drop_index("ix_stuurinformatie_besloten", "stuurinformatie")
    op.create_index(
        "ix_stuurinformatie_besloten",
        "stuurinformatie",
        ["gemeente", "besloten"],
        postgresql_where=sa.text("besloten IS NOT NULL"),
    )
    op.drop_index("ix_stuurinformatie_open", "stuurinformatie")
    op.create_index(
        "ix_stuurinformatie_open",
        "stuurinformatie",
        ["gemeente", "status"],
        postgresql_where=sa.text(f"status NOT IN {EINDSTATUSSEN}"),
    )
    op.drop_column("stuurinformatie", "persoon")
