"""The Bbz application prefilled from a Tozo case whose last month ends, kept as a draft
(`bbz_concepten`) that the applicant or the counter completes and then submits as a normal
application: one draft per Tozo case, and once submitted it names the application it became.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "bbz_concepten",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("van_aanvraag", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("gemeente", sa.String(4), nullable=False),
        sa.Column("gegevens", postgresql.JSONB, nullable=False),
        sa.Column("aangemaakt_op", TZ, nullable=False),
        sa.Column("aangemaakt_door", sa.Text, nullable=False),
        sa.Column("gewijzigd_op", TZ, nullable=False),
        sa.Column("gewijzigd_door", sa.Text, nullable=False),
        sa.Column("ingediend_als", sa.Uuid, sa.ForeignKey("aanvragen.id")),
        sa.Column("ingediend_op", TZ),
        sa.UniqueConstraint("van_aanvraag", name="uq_bbz_concepten_tozo"),
        sa.UniqueConstraint("ingediend_als", name="uq_bbz_concepten_ingediend"),
        sa.CheckConstraint("(ingediend_als IS NULL) = (ingediend_op IS NULL)", name="ck_bbz_concepten_ingediend"),
    )


def downgrade() -> None:
    op.drop_table("bbz_concepten")
