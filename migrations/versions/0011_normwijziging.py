"""Batches per municipality, and the re-issue after a norm change.

- `batches.gemeenten`: the municipalities the batch covers (those of the operator's token); a
  batch only touches and shows letters of those.
- `herzieningsverschillen`: the report of a re-issue, per case and month the old and new amount.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "batches", sa.Column("gemeenten", postgresql.ARRAY(sa.String(4)), nullable=False, server_default="{}")
    )
    op.create_table(
        "herzieningsverschillen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.BigInteger, sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("oude_beschikking", sa.BigInteger, sa.ForeignKey("beschikkingen.id"), nullable=False),
        sa.Column("nieuwe_beschikking", sa.BigInteger, sa.ForeignKey("beschikkingen.id"), nullable=False),
        sa.Column("maand", sa.String(7), nullable=False),
        sa.Column("oud_cent", sa.BigInteger, nullable=False),
        sa.Column("nieuw_cent", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_herzieningsverschillen_batch", "herzieningsverschillen", ["batch_id", "id"])


def downgrade() -> None:
    op.drop_table("herzieningsverschillen")
    op.drop_column("batches", "gemeenten")
