"""After the first decision: extensions link to the case they extend, reported changes
(wijzigingen) with their proposed herziening, advances (voorschotten, PW art. 52) booked in the
ledger, and objections (bezwaren) with their Awb dates and outcome.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("aanvragen", sa.Column("verlenging_van", sa.Uuid, sa.ForeignKey("aanvragen.id")))
    op.add_column("aanvragen", sa.Column("verlengingsvorm", sa.String(10)))
    op.create_check_constraint(
        "ck_aanvragen_verlenging",
        "aanvragen",
        "(verlenging_van IS NULL) = (verlengingsvorm IS NULL) AND verlengingsvorm IN ('verkort', 'volledig')",
    )
    op.create_table(
        "voorschotten",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("maand", sa.Date, nullable=False),
        sa.Column("bedrag_cent", sa.BigInteger, nullable=False),
        sa.Column("verleend_op", TZ, nullable=False),
        sa.Column("verleend_door", sa.Text, nullable=False),
        sa.Column("motivering", sa.Text, nullable=False),
        sa.CheckConstraint("bedrag_cent > 0", name="ck_voorschotten_bedrag"),
        sa.UniqueConstraint("aanvraag_id", "maand", name="uq_voorschotten_maand"),
    )
    op.execute(
        "CREATE TRIGGER tr_voorschotten_onveranderlijk BEFORE UPDATE OR DELETE ON voorschotten "
        "FOR EACH ROW EXECUTE FUNCTION weiger_wijziging()"
    )
    # An advance is booked from its own record (it precedes any decision).
    op.add_column("betalingen", sa.Column("voorschot_id", sa.BigInteger, sa.ForeignKey("voorschotten.id")))
    op.drop_constraint("ck_betalingen_bron", "betalingen")
    op.create_check_constraint(
        "ck_betalingen_bron",
        "betalingen",
        "(soort = 'betaling') = (betaalbestand_id IS NOT NULL) AND (voorschot_id IS NULL OR soort = 'voorschot') "
        "AND (soort = 'betaling' OR beschikking_id IS NOT NULL OR voorschot_id IS NOT NULL)",
    )
    op.create_table(
        "wijzigingen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("nummer", sa.Integer, nullable=False),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("gemeld_op", TZ, nullable=False),
        sa.Column("gemeld_door", sa.Text, nullable=False),
        sa.Column("gegevens", postgresql.JSONB, nullable=False),
        sa.Column("voorstel", postgresql.JSONB, nullable=False),
        sa.Column("beoordeeld_door", sa.Text),
        sa.Column("gereviewd_door", sa.Text),
        sa.Column("motivering", sa.Text),
        sa.Column("beschikking_id", sa.BigInteger, sa.ForeignKey("beschikkingen.id")),
        sa.UniqueConstraint("aanvraag_id", "nummer", name="uq_wijzigingen_nummer"),
        sa.CheckConstraint("soort IN ('inkomen', 'verhuizing', 'partner', 'beeindiging')", name="ck_wijzigingen_soort"),
        # Four- and three-eyes as data: who reported does not assess, who assessed does not review.
        sa.CheckConstraint("beoordeeld_door IS DISTINCT FROM gemeld_door", name="ck_wijzigingen_vier_ogen"),
        sa.CheckConstraint(
            "gereviewd_door IS NULL OR gereviewd_door NOT IN (gemeld_door, beoordeeld_door)",
            name="ck_wijzigingen_drie_ogen",
        ),
    )
    op.create_table(
        "bezwaren",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("nummer", sa.Integer, nullable=False),
        sa.Column("beschikking_id", sa.BigInteger, sa.ForeignKey("beschikkingen.id"), nullable=False),
        sa.Column("ontvangen_op", sa.Date, nullable=False),
        sa.Column("verzonden_op", sa.Date),
        sa.Column("geregistreerd_op", TZ, nullable=False),
        sa.Column("geregistreerd_door", sa.Text, nullable=False),
        sa.Column("gronden", sa.Text, nullable=False),
        sa.Column("laatste_dag", sa.Date, nullable=False),
        sa.Column("tijdig", sa.Boolean, nullable=False),
        sa.Column("beslissen_uiterlijk", sa.Date, nullable=False),
        sa.Column("uitkomst", sa.String(20)),
        sa.Column("besloten_op", TZ),
        sa.Column("besloten_door", sa.Text),
        sa.Column("motivering", sa.Text),
        sa.Column("beschikking_uitkomst_id", sa.BigInteger, sa.ForeignKey("beschikkingen.id")),
        sa.UniqueConstraint("aanvraag_id", "nummer", name="uq_bezwaren_nummer"),
        sa.CheckConstraint(
            "uitkomst IS NULL OR uitkomst IN ('gegrond', 'ongegrond', 'niet-ontvankelijk')", name="ck_bezwaren_uitkomst"
        ),
        sa.CheckConstraint("(uitkomst IS NULL) = (besloten_op IS NULL)", name="ck_bezwaren_besloten"),
    )
    op.create_index(
        "ix_bezwaren_open", "bezwaren", ["beslissen_uiterlijk"], postgresql_where=sa.text("uitkomst IS NULL")
    )


def downgrade() -> None:
    op.drop_table("bezwaren")
    op.drop_table("wijzigingen")
    op.drop_constraint("ck_betalingen_bron", "betalingen")
    op.drop_column("betalingen", "voorschot_id")
    op.create_check_constraint(
        "ck_betalingen_bron",
        "betalingen",
        "(soort = 'betaling') = (betaalbestand_id IS NOT NULL) "
        "AND (soort IN ('betaling', 'voorschot') OR beschikking_id IS NOT NULL)",
    )
    op.execute("DROP TRIGGER tr_voorschotten_onveranderlijk ON voorschotten")
    op.drop_table("voorschotten")
    op.drop_constraint("ck_aanvragen_verlenging", "aanvragen")
    op.drop_column("aanvragen", "verlengingsvorm")
    op.drop_column("aanvragen", "verlenging_van")
