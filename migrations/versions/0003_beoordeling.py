"""Assessment workflow: claims per stage, four- and three-eyes in the data, hersteltermijn,
deadlines, pairs, and the records of checks, requests, assessments and reviews.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)

VIER_OGEN = "beoordeeld_door IS NULL OR beoordeeld_door IS DISTINCT FROM gecontroleerd_door"
DRIE_OGEN = (
    "gereviewd_door IS NULL OR (gereviewd_door IS DISTINCT FROM gecontroleerd_door "
    "AND gereviewd_door IS DISTINCT FROM beoordeeld_door)"
)
# Who holds a case in a stage may not be someone that stage's four/three-eyes rule excludes.
BEHANDELAAR = (
    "behandelaar IS NULL OR NOT ("
    "(status = 'te_beoordelen' AND behandelaar IS NOT DISTINCT FROM gecontroleerd_door) OR "
    "(status = 'te_reviewen' AND (behandelaar IS NOT DISTINCT FROM gecontroleerd_door "
    "OR behandelaar IS NOT DISTINCT FROM beoordeeld_door)))"
)
CLAIM_HEEL = "(behandelaar IS NULL) = (claim_tot IS NULL)"


def upgrade() -> None:
    for naam, soort in (
        ("behandelaar", sa.Text),
        ("claim_tot", TZ),
        ("gecontroleerd_door", sa.Text),
        ("beoordeeld_door", sa.Text),
        ("gereviewd_door", sa.Text),
        ("beslistermijn_einde", sa.Date),
        ("streefdatum", sa.Date),
        ("hersteltermijn_einde", sa.Date),
    ):
        op.add_column("aanvragen", sa.Column(naam, soort))
    op.create_check_constraint("ck_aanvragen_vier_ogen", "aanvragen", VIER_OGEN)
    op.create_check_constraint("ck_aanvragen_drie_ogen", "aanvragen", DRIE_OGEN)
    op.create_check_constraint("ck_aanvragen_behandelaar", "aanvragen", BEHANDELAAR)
    op.create_check_constraint("ck_aanvragen_claim", "aanvragen", CLAIM_HEEL)
    # The human work queues: only cases waiting for a person, by deadline.
    op.create_index(
        "ix_aanvragen_werkvoorraad",
        "aanvragen",
        ["status", "beslistermijn_einde", "ontvangen_op"],
        postgresql_where=sa.text("status IN ('te_controleren', 'te_beoordelen', 'te_reviewen', 'hersteltermijn')"),
    )
    # Per municipality: hersteltermijn (default 14 days, rules parameter) and claim lease.
    op.create_table(
        "gemeente_instellingen",
        sa.Column("gemeente", sa.String(4), primary_key=True),
        sa.Column("hersteltermijn_dagen", sa.Integer),
        sa.Column("claim_minuten", sa.Integer),
        sa.CheckConstraint(
            "hersteltermijn_dagen IS NULL OR hersteltermijn_dagen BETWEEN 1 AND 365", name="ck_inst_herstel"
        ),
        sa.CheckConstraint("claim_minuten IS NULL OR claim_minuten BETWEEN 1 AND 1440", name="ck_inst_claim"),
    )
    op.create_table(
        "koppels",
        sa.Column("gemeente", sa.String(4), primary_key=True),
        sa.Column("medewerker", sa.Text, primary_key=True),
        sa.Column("partner", sa.Text, nullable=False),
        sa.CheckConstraint("medewerker <> partner", name="ck_koppels_twee_personen"),
    )
    op.create_table(
        "controles",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False, index=True),
        sa.Column("tijdstip", TZ, nullable=False),
        sa.Column("gecontroleerd_door", sa.Text, nullable=False),
        sa.Column("bewijs_voldoende", sa.Boolean, nullable=False),
        sa.Column("bevindingen", postgresql.JSONB, nullable=False),
        sa.Column("toelichting", sa.Text),
    )
    op.create_table(
        "herstelverzoeken",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False, index=True),
        sa.Column("verzonden_op", TZ, nullable=False),
        sa.Column("verzonden_door", sa.Text, nullable=False),
        sa.Column("termijn_dagen", sa.Integer, nullable=False),
        sa.Column("termijn_einde", sa.Date, nullable=False),
        sa.Column("ontbrekend", postgresql.JSONB, nullable=False),
        sa.Column("toelichting", sa.Text),
        sa.Column("aangevuld_op", TZ),
        sa.Column("aangevuld_door", sa.Text),
        sa.CheckConstraint("termijn_dagen >= 1", name="ck_herstelverzoeken_termijn"),
    )
    op.create_table(
        "beoordelingen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False, index=True),
        sa.Column("tijdstip", TZ, nullable=False),
        sa.Column("gecontroleerd_door", sa.Text, nullable=False),
        sa.Column("beoordeeld_door", sa.Text, nullable=False),
        sa.Column("besluit", sa.String(40), nullable=False),
        sa.Column("maanden", postgresql.JSONB, nullable=False),
        sa.Column("conclusie_regels", sa.String(40)),
        sa.Column("afwijkend", sa.Boolean, nullable=False),
        sa.Column("motivering", sa.Text),
        sa.CheckConstraint("beoordeeld_door <> gecontroleerd_door", name="ck_beoordelingen_vier_ogen"),
        sa.CheckConstraint(
            "NOT afwijkend OR length(trim(coalesce(motivering, ''))) > 0", name="ck_beoordelingen_motivering"
        ),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False, index=True),
        sa.Column("tijdstip", TZ, nullable=False),
        sa.Column("gecontroleerd_door", sa.Text, nullable=False),
        sa.Column("beoordeeld_door", sa.Text, nullable=False),
        sa.Column("gereviewd_door", sa.Text, nullable=False),
        sa.Column("oordeel", sa.String(20), nullable=False),
        sa.Column("reden", sa.Text),
        sa.CheckConstraint(
            "gereviewd_door <> gecontroleerd_door AND gereviewd_door <> beoordeeld_door",
            name="ck_reviews_drie_ogen",
        ),
    )
    # A case entering the human stages carries the deadline the rules engine computed at
    # verification (stored with its outcome); app.workflows.werkvoorraad.vul_termijnen covers
    # the rare case without a rules outcome.
    op.execute(
        """
        CREATE FUNCTION zet_beslistermijn() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.beslistermijn_einde IS NULL AND NEW.status = 'te_controleren' THEN
            SELECT (v.regeluitkomst->'procedure'->>'beslistermijnEinde')::date,
                   (v.regeluitkomst->'procedure'->>'streefdatumBeslissing')::date
              INTO NEW.beslistermijn_einde, NEW.streefdatum
              FROM verificaties v
             WHERE v.aanvraag_id = NEW.id AND v.regeluitkomst IS NOT NULL
             ORDER BY v.id DESC LIMIT 1;
          END IF;
          RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER tr_aanvragen_beslistermijn BEFORE UPDATE OF status ON aanvragen "
        "FOR EACH ROW EXECUTE FUNCTION zet_beslistermijn()"
    )
    # Cases already past verification get their deadline from the stored rules outcome.
    op.execute(
        """
        UPDATE aanvragen a SET
          beslistermijn_einde = (v.regeluitkomst->'procedure'->>'beslistermijnEinde')::date,
          streefdatum = (v.regeluitkomst->'procedure'->>'streefdatumBeslissing')::date
        FROM (SELECT DISTINCT ON (aanvraag_id) aanvraag_id, regeluitkomst FROM verificaties
              WHERE regeluitkomst IS NOT NULL ORDER BY aanvraag_id, id DESC) v
        WHERE v.aanvraag_id = a.id
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER tr_aanvragen_beslistermijn ON aanvragen")
    op.execute("DROP FUNCTION zet_beslistermijn()")
    for tabel in ("reviews", "beoordelingen", "herstelverzoeken", "controles", "koppels", "gemeente_instellingen"):
        op.drop_table(tabel)
    op.drop_index("ix_aanvragen_werkvoorraad", table_name="aanvragen")
    for naam in ("ck_aanvragen_claim", "ck_aanvragen_behandelaar", "ck_aanvragen_drie_ogen", "ck_aanvragen_vier_ogen"):
        op.drop_constraint(naam, "aanvragen", type_="check")
    for kolom in (
        "hersteltermijn_einde",
        "streefdatum",
        "beslistermijn_einde",
        "gereviewd_door",
        "beoordeeld_door",
        "gecontroleerd_door",
        "claim_tot",
        "behandelaar",
    ):
        op.drop_column("aanvragen", kolom)
