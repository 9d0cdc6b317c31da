"""The re-issue after a norm change runs on the workers: `batchzaken` holds every case a re-issue
batch evaluates again, with when it was done and how many months differed. Its primary key makes
planning idempotent and `herberekend_op`, set in the transaction of the case's herziening, makes
the recompute exactly-once: a job a killed worker left behind skips the cases already done.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "batchzaken",
        sa.Column("batch_id", sa.BigInteger, sa.ForeignKey("batches.id"), primary_key=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), primary_key=True),
        sa.Column("herberekend_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verschillen", sa.Integer, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("batchzaken")
