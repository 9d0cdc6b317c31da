"""The staff a team lead can hand a case to: per municipality, the roles each colleague's token
carried when they last used a work queue (`app.workflows.werkvoorraad.leg_rollen_vast`).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "medewerkers",
        sa.Column("gemeente", sa.String(4), primary_key=True),
        sa.Column("sub", sa.Text, primary_key=True),
        sa.Column("rollen", postgresql.ARRAY(sa.Text), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("medewerkers")
