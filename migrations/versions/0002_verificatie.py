"""Verification against the registers: the work state on the case and the stored answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("aanvragen", sa.Column("verificatie_claim", sa.Uuid))
    op.add_column("aanvragen", sa.Column("verificatie_lease_tot", TZ))
    op.add_column("aanvragen", sa.Column("verificatie_pogingen", sa.Integer, nullable=False, server_default="0"))
    op.add_column("aanvragen", sa.Column("volgende_verificatie", TZ))
    # The verification worker's queue is the case table itself: only cases still to verify.
    op.create_index(
        "ix_aanvragen_te_verifieren",
        "aanvragen",
        ["volgende_verificatie", "ontvangen_op"],
        postgresql_where=sa.text("status IN ('ontvangen', 'in_verificatie')"),
    )
    op.create_table(
        "verificaties",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("tijdstip", TZ, nullable=False),
        sa.Column("compleet", sa.Boolean, nullable=False),
        sa.Column("registers", postgresql.JSONB, nullable=False),
        sa.Column("mislukt", postgresql.JSONB, nullable=False),
        sa.Column("bevindingen", postgresql.JSONB, nullable=False),
        sa.Column("regeluitkomst", postgresql.JSONB),
    )
    op.create_index("ix_verificaties_aanvraag", "verificaties", ["aanvraag_id", "id"])
    op.execute(
        "INSERT INTO verwerkingsactiviteiten (id, naam, doel, grondslag, bewaartermijn) VALUES "
        "('registers-raadplegen', 'Registers raadplegen voor een aanvraag', "
        "'Gegevens van KvK, BRP en UWV vergelijken met wat de aanvrager opgaf', "
        "'Participatiewet art. 64; Wet SUWI art. 62; Handelsregisterwet 2007 art. 21; Wet BRP art. 3.3', "
        "'10 jaar na het laatste besluit')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM verwerkingen WHERE activiteit_id = 'registers-raadplegen'")
    op.execute("DELETE FROM verwerkingsactiviteiten WHERE id = 'registers-raadplegen'")
    op.drop_table("verificaties")
    op.drop_index("ix_aanvragen_te_verifieren", table_name="aanvragen")
    for kolom in ("volgende_verificatie", "verificatie_pogingen", "verificatie_lease_tot", "verificatie_claim"):
        op.drop_column("aanvragen", kolom)
