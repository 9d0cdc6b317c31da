"""Bbz: the viability study (levensvatbaarheidsonderzoek) with its fee as a cost of the case, the
one extension of the Bbz beslistermijn (verdaging), referrals to support (verwijzingen) with the
applicant's consent, the register facts the rules used (so a later conclusion can be evaluated
again on the same facts) and the form an assessor chose (loan or gift).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
CONCLUSIES = "('levensvatbaar', 'niet-levensvatbaar', 'levensvatbaar-onder-voorwaarden')"


def upgrade() -> None:
    op.add_column("verificaties", sa.Column("feiten", postgresql.JSONB))
    op.add_column("beoordelingen", sa.Column("vorm", sa.String(20)))
    op.create_table(
        "levensvatbaarheidsonderzoeken",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False, index=True),
        sa.Column("adviseur", sa.Text, nullable=False),
        sa.Column("kosten", sa.BigInteger, nullable=False),
        sa.Column("aangevraagd_op", TZ, nullable=False),
        sa.Column("aangevraagd_door", sa.Text, nullable=False),
        sa.Column("termijn_einde", sa.Date, nullable=False),
        sa.Column("herinnerd_op", TZ),
        sa.Column("conclusie", sa.String(40)),
        sa.Column("voorwaarden", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("rapport_id", sa.Uuid, sa.ForeignKey("documenten.id")),
        sa.Column("toelichting", sa.Text),
        sa.Column("afgerond_op", TZ),
        sa.Column("afgerond_door", sa.Text),
        sa.CheckConstraint("kosten >= 0", name="ck_lvo_kosten"),
        sa.CheckConstraint(f"conclusie IS NULL OR conclusie IN {CONCLUSIES}", name="ck_lvo_conclusie"),
        sa.CheckConstraint(
            "(conclusie IS NULL) = (afgerond_op IS NULL) AND (conclusie IS NULL) = (rapport_id IS NULL)",
            name="ck_lvo_afgerond",
        ),
    )
    # At most one study open per case.
    op.create_index(
        "uq_lvo_open",
        "levensvatbaarheidsonderzoeken",
        ["aanvraag_id"],
        unique=True,
        postgresql_where=sa.text("conclusie IS NULL"),
    )
    op.create_index(
        "ix_lvo_termijn",
        "levensvatbaarheidsonderzoeken",
        ["termijn_einde"],
        postgresql_where=sa.text("conclusie IS NULL AND herinnerd_op IS NULL"),
    )
    op.create_table(
        "kosten",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False, index=True),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("omschrijving", sa.Text, nullable=False),
        sa.Column("bedrag", sa.BigInteger, nullable=False),
        sa.Column("geboekt_op", TZ, nullable=False),
        sa.Column("geboekt_door", sa.Text, nullable=False),
        sa.CheckConstraint("bedrag >= 0", name="ck_kosten_bedrag"),
    )
    op.create_table(
        "verdagingen",
        # Bbz art. 35 lid 3: once per case.
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), primary_key=True),
        sa.Column("verdaagd_op", TZ, nullable=False),
        sa.Column("verdaagd_door", sa.Text, nullable=False),
        sa.Column("oude_einde", sa.Date, nullable=False),
        sa.Column("nieuwe_einde", sa.Date, nullable=False),
        sa.Column("reden", sa.Text, nullable=False),
        sa.CheckConstraint("nieuwe_einde > oude_einde", name="ck_verdagingen_later"),
    )
    op.create_table(
        "verwijzingen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False, index=True),
        sa.Column("gemeente", sa.String(4), nullable=False),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("aanleiding", sa.String(20), nullable=False),
        sa.Column("toelichting", sa.Text),
        sa.Column("aangemaakt_op", TZ, nullable=False),
        sa.Column("aangemaakt_door", sa.Text, nullable=False),
        sa.Column("toestemming", sa.Boolean),
        sa.Column("toestemming_op", TZ),
        sa.Column("uitkomst", sa.String(40)),
        sa.Column("uitkomst_op", TZ),
        sa.Column("uitkomst_toelichting", sa.Text),
        sa.UniqueConstraint("aanvraag_id", "soort", name="uq_verwijzingen_soort"),
        sa.CheckConstraint("aanleiding IN ('aanvraag', 'consulent')", name="ck_verwijzingen_aanleiding"),
        sa.CheckConstraint("(toestemming IS NULL) = (toestemming_op IS NULL)", name="ck_verwijzingen_toestemming"),
        # Nothing happens with a referral the applicant did not agree to.
        sa.CheckConstraint("uitkomst IS NULL OR toestemming", name="ck_verwijzingen_uitkomst"),
    )
    op.create_index("ix_verwijzingen_gemeente_soort", "verwijzingen", ["gemeente", "soort"])


def downgrade() -> None:
    op.drop_table("verwijzingen")
    op.drop_table("verdagingen")
    op.drop_table("kosten")
    op.drop_table("levensvatbaarheidsonderzoeken")
    op.drop_column("beoordelingen", "vorm")
    op.drop_column("verificaties", "feiten")
