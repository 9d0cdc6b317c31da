"""Stuurinformatie: one narrow row per application with what the management figures count (dates,
outcome, lead time, amount granted, postcode area, SBI section, age, information requests), kept
up to date by triggers on the tables the workflows write. The dashboard aggregates this table
only: at a million cases, scanning the wide case table with its JSON would not answer within a
second, and the workflows need not know the figures exist.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23
"""
# ruff: noqa: S608 - the SQL here interpolates only constants of this module

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
EINDSTATUSSEN = "('toegekend', 'gedeeltelijk_toegekend', 'afgewezen', 'buiten_behandeling', 'ingetrokken')"
# The letters that decide on the application itself (app.decisions.letters).
BESLUITSOORTEN = (
    "('toekenning_levensonderhoud', 'toekenning_bedrijfskapitaal', 'gedeeltelijke_toekenning', 'afwijzing', "
    "'buiten_behandeling', 'intrekking')"
)

FUNCTIES = [
    # SBI 2008: the section (letter) of a main activity code, from its first two digits.
    """
    CREATE FUNCTION sbi_sectie(code text) RETURNS char(1) LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE
        WHEN code !~ '^[0-9]{2}' THEN NULL
        WHEN left(code, 2)::int BETWEEN 1 AND 3 THEN 'A'
        WHEN left(code, 2)::int BETWEEN 5 AND 9 THEN 'B'
        WHEN left(code, 2)::int BETWEEN 10 AND 33 THEN 'C'
        WHEN left(code, 2)::int = 35 THEN 'D'
        WHEN left(code, 2)::int BETWEEN 36 AND 39 THEN 'E'
        WHEN left(code, 2)::int BETWEEN 41 AND 43 THEN 'F'
        WHEN left(code, 2)::int BETWEEN 45 AND 47 THEN 'G'
        WHEN left(code, 2)::int BETWEEN 49 AND 53 THEN 'H'
        WHEN left(code, 2)::int BETWEEN 55 AND 56 THEN 'I'
        WHEN left(code, 2)::int BETWEEN 58 AND 63 THEN 'J'
        WHEN left(code, 2)::int BETWEEN 64 AND 66 THEN 'K'
        WHEN left(code, 2)::int = 68 THEN 'L'
        WHEN left(code, 2)::int BETWEEN 69 AND 75 THEN 'M'
        WHEN left(code, 2)::int BETWEEN 77 AND 82 THEN 'N'
        WHEN left(code, 2)::int = 84 THEN 'O'
        WHEN left(code, 2)::int = 85 THEN 'P'
        WHEN left(code, 2)::int BETWEEN 86 AND 88 THEN 'Q'
        WHEN left(code, 2)::int BETWEEN 90 AND 93 THEN 'R'
        WHEN left(code, 2)::int BETWEEN 94 AND 96 THEN 'S'
        WHEN left(code, 2)::int BETWEEN 97 AND 98 THEN 'T'
        WHEN left(code, 2)::int = 99 THEN 'U'
      END
    $$
    """,
    # Whole years between birth and application date (intake has validated the date; the pattern
    # only keeps a malformed old record from blocking the backfill).
    """
    CREATE FUNCTION leeftijd_op(geboren text, peildatum date) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN geboren ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
             THEN date_part('year', age(peildatum, geboren::date))::smallint END
    $$
    """,
    # The amount a decision letter grants, in cents (its stored letter data, app.decisions.opslag).
    # A terugvordering recovers an advance the decision did not cover: the decision's own amount
    # is already in its letter, so it changes nothing here.
    """
    CREATE FUNCTION toegekend_bedrag(soort text, inhoud jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE soort
        WHEN 'toekenning_bedrijfskapitaal' THEN coalesce((inhoud->>'bedrag_cent')::bigint, 0)
        WHEN 'toekenning_levensonderhoud' THEN
          (SELECT coalesce(sum((m->>'bedrag_cent')::bigint), 0) FROM jsonb_array_elements(inhoud->'maanden') m)
        WHEN 'gedeeltelijke_toekenning' THEN
          (SELECT coalesce(sum((m->>'bedrag_cent')::bigint), 0) FROM jsonb_array_elements(inhoud->'toegekend') m)
        -- a herziening states per month what was and what becomes: its amount is the change
        WHEN 'herziening' THEN
          (SELECT coalesce(sum((m->>'wordt_cent')::bigint - (m->>'was_cent')::bigint), 0)
           FROM jsonb_array_elements(inhoud->'maanden') m)
        ELSE 0
      END
    $$
    """,
    """
    CREATE FUNCTION si_aanvraag_nieuw() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO stuurinformatie (aanvraag_id, gemeente, regeling, status, status_sinds, ontvangen, leeftijd)
      VALUES (NEW.id, NEW.gemeente, NEW.regeling, NEW.status, NEW.ontvangen_op,
              (NEW.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date,
              leeftijd_op(NEW.gegevens->'aanvrager'->>'geboortedatum', NEW.aanvraagdatum));
      RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION si_aanvraag_gewijzigd() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      dag date := (NEW.gewijzigd_op AT TIME ZONE 'Europe/Amsterdam')::date;
    BEGIN
      UPDATE stuurinformatie SET
        status = NEW.status,
        status_sinds = CASE WHEN NEW.status IS DISTINCT FROM OLD.status THEN NEW.gewijzigd_op ELSE status_sinds END,
        beslistermijn_einde = NEW.beslistermijn_einde,
        streefdatum = NEW.streefdatum,
        besloten = CASE WHEN NEW.status IN {EINDSTATUSSEN} THEN coalesce(besloten, dag) END,
        binnen_streef = CASE WHEN NEW.status IN {EINDSTATUSSEN}
                             THEN coalesce(besloten, dag) <= NEW.streefdatum END,
        binnen_termijn = CASE WHEN NEW.status IN {EINDSTATUSSEN}
                              THEN coalesce(besloten, dag) <= NEW.beslistermijn_einde END
      WHERE aanvraag_id = NEW.id;
      RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION si_verificatie() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE stuurinformatie SET
        postcode4 = coalesce(substring(NEW.registers->'brp'->'resultaat'->'verblijfplaats'->>'postcode'
                                       FROM '^([0-9]{4})'), postcode4),
        sbi_sectie = coalesce(sbi_sectie(NEW.registers->'kvk'->'resultaat'->>'hoofdactiviteitSbi'), sbi_sectie)
      WHERE aanvraag_id = NEW.aanvraag_id;
      RETURN NULL;
    END $$
    """,
    # A later decision on the application (a correction) replaces the amount of the earlier one;
    # a herziening adds its change.
    f"""
    CREATE FUNCTION si_beschikking() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.soort IN {BESLUITSOORTEN} THEN
        UPDATE stuurinformatie SET bedrag_cent = toegekend_bedrag(NEW.soort, NEW.inhoud)
        WHERE aanvraag_id = NEW.aanvraag_id;
      ELSIF NEW.soort = 'herziening' THEN
        UPDATE stuurinformatie SET bedrag_cent = bedrag_cent + toegekend_bedrag(NEW.soort, NEW.inhoud)
        WHERE aanvraag_id = NEW.aanvraag_id;
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION si_herstelverzoek() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        UPDATE stuurinformatie SET herstel_verzocht = herstel_verzocht + 1, herstel_open_tot = NEW.termijn_einde
        WHERE aanvraag_id = NEW.aanvraag_id;
      ELSIF OLD.aangevuld_op IS NULL AND NEW.aangevuld_op IS NOT NULL THEN
        UPDATE stuurinformatie SET herstel_aangevuld = herstel_aangevuld + 1, herstel_open_tot = NULL
        WHERE aanvraag_id = NEW.aanvraag_id;
      END IF;
      RETURN NULL;
    END $$
    """,
]

TRIGGERS = [
    ("tr_si_aanvraag_nieuw", "AFTER INSERT ON aanvragen", "si_aanvraag_nieuw"),
    (
        "tr_si_aanvraag_gewijzigd",
        "AFTER UPDATE ON aanvragen",
        "si_aanvraag_gewijzigd",
        "OLD.status IS DISTINCT FROM NEW.status OR OLD.beslistermijn_einde IS DISTINCT FROM NEW.beslistermijn_einde "
        "OR OLD.streefdatum IS DISTINCT FROM NEW.streefdatum",
    ),
    ("tr_si_verificatie", "AFTER INSERT ON verificaties", "si_verificatie"),
    ("tr_si_beschikking", "AFTER INSERT ON beschikkingen", "si_beschikking"),
    ("tr_si_herstelverzoek", "AFTER INSERT OR UPDATE OF aangevuld_op ON herstelverzoeken", "si_herstelverzoek"),
]

# Cases that exist before this migration get their row from what is stored.
VULLEN = f"""
INSERT INTO stuurinformatie (aanvraag_id, gemeente, regeling, status, status_sinds, ontvangen, leeftijd,
                             beslistermijn_einde, streefdatum, besloten, binnen_streef, binnen_termijn)
SELECT a.id, a.gemeente, a.regeling, a.status, a.gewijzigd_op, (a.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date,
       leeftijd_op(a.gegevens->'aanvrager'->>'geboortedatum', a.aanvraagdatum),
       a.beslistermijn_einde, a.streefdatum, b.dag, b.dag <= a.streefdatum, b.dag <= a.beslistermijn_einde
FROM aanvragen a
LEFT JOIN LATERAL (SELECT (a.gewijzigd_op AT TIME ZONE 'Europe/Amsterdam')::date AS dag
                   WHERE a.status IN {EINDSTATUSSEN}) b ON true;
UPDATE stuurinformatie s SET
  postcode4 = substring(v.registers->'brp'->'resultaat'->'verblijfplaats'->>'postcode' FROM '^([0-9]{{4}})'),
  sbi_sectie = sbi_sectie(v.registers->'kvk'->'resultaat'->>'hoofdactiviteitSbi')
FROM (SELECT DISTINCT ON (aanvraag_id) aanvraag_id, registers FROM verificaties
      ORDER BY aanvraag_id, id DESC) v
WHERE v.aanvraag_id = s.aanvraag_id;
UPDATE stuurinformatie s SET bedrag_cent = toegekend_bedrag(b.soort, b.inhoud) + coalesce(
  (SELECT sum(toegekend_bedrag(h.soort, h.inhoud)) FROM beschikkingen h
   WHERE h.aanvraag_id = b.aanvraag_id AND h.soort = 'herziening' AND h.nummer > b.nummer), 0)
FROM (SELECT DISTINCT ON (aanvraag_id) aanvraag_id, nummer, soort, inhoud FROM beschikkingen
      WHERE soort IN {BESLUITSOORTEN} ORDER BY aanvraag_id, nummer DESC) b
WHERE b.aanvraag_id = s.aanvraag_id;
UPDATE stuurinformatie s SET herstel_verzocht = h.verzocht, herstel_aangevuld = h.aangevuld, herstel_open_tot = h.open
FROM (SELECT aanvraag_id, count(*) AS verzocht, count(aangevuld_op) AS aangevuld,
             max(termijn_einde) FILTER (WHERE aangevuld_op IS NULL) AS open
      FROM herstelverzoeken GROUP BY aanvraag_id) h
WHERE h.aanvraag_id = s.aanvraag_id;
"""


def upgrade() -> None:
    op.create_table(
        "stuurinformatie",
        sa.Column("aanvraag_id", sa.Uuid, primary_key=True),
        sa.Column("gemeente", sa.String(4), nullable=False),
        sa.Column("regeling", sa.String(40), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("status_sinds", TZ, nullable=False),
        sa.Column("ontvangen", sa.Date, nullable=False),
        sa.Column("leeftijd", sa.SmallInteger),
        sa.Column("postcode4", sa.String(4)),
        sa.Column("sbi_sectie", sa.String(1)),
        sa.Column("beslistermijn_einde", sa.Date),
        sa.Column("streefdatum", sa.Date),
        sa.Column("besloten", sa.Date),
        sa.Column("binnen_streef", sa.Boolean),
        sa.Column("binnen_termijn", sa.Boolean),
        sa.Column("bedrag_cent", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("herstel_verzocht", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("herstel_aangevuld", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("herstel_open_tot", sa.Date),
    )
    op.create_index("ix_stuurinformatie_ontvangen", "stuurinformatie", ["gemeente", "ontvangen"])
    op.create_index(
        "ix_stuurinformatie_besloten",
        "stuurinformatie",
        ["gemeente", "besloten"],
        postgresql_where=sa.text("besloten IS NOT NULL"),
    )
    op.create_index(
        "ix_stuurinformatie_open",
        "stuurinformatie",
        ["gemeente", "status"],
        postgresql_where=sa.text(f"status NOT IN {EINDSTATUSSEN}"),
    )
    for functie in FUNCTIES:
        op.execute(functie)
    for naam, wanneer, functie, *voorwaarde in TRIGGERS:
        when = f" WHEN ({voorwaarde[0]})" if voorwaarde else ""
        op.execute(f"CREATE TRIGGER {naam} {wanneer} FOR EACH ROW{when} EXECUTE FUNCTION {functie}()")
    for statement in VULLEN.split(";\n"):
        if statement.strip():
            op.execute(statement)


def downgrade() -> None:
    for naam, wanneer, *_ in TRIGGERS:
        tabel = wanneer.rsplit(" ON ", 1)[1]
        op.execute(f"DROP TRIGGER {naam} ON {tabel}")
    for functie in (
        "si_herstelverzoek()",
        "si_beschikking()",
        "si_verificatie()",
        "si_aanvraag_gewijzigd()",
        "si_aanvraag_nieuw()",
        "toegekend_bedrag(text, jsonb)",
        "leeftijd_op(text, date)",
        "sbi_sectie(text)",
    ):
        op.execute(f"DROP FUNCTION {functie}")
    op.drop_table("stuurinformatie")
