"""The verification queue read in order of receipt. The worker's claim takes the oldest cases
waiting (`ORDER BY ontvangen_op LIMIT n FOR UPDATE SKIP LOCKED`), but the index of migration 0002
led with `volgende_verificatie`, so every claim read and sorted the whole queue: 36 ms per claim
with 12,000 cases waiting (the sort spilled to disk, the rows carry the application), a fifth of
the database's time in the 20,000-application e2e run. In receipt order the claim reads the few
rows it takes: 0.08 ms.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TE_VERIFIEREN = sa.text("status IN ('ontvangen', 'in_verificatie')")


def upgrade() -> None:
    op.drop_index("ix_aanvragen_te_verifieren", table_name="aanvragen")
    op.create_index("ix_aanvragen_te_verifieren", "aanvragen", ["ontvangen_op"], postgresql_where=TE_VERIFIEREN)


def downgrade() -> None:
    op.drop_index("ix_aanvragen_te_verifieren", table_name="aanvragen")
    op.create_index(
        "ix_aanvragen_te_verifieren",
        "aanvragen",
        ["volgende_verificatie", "ontvangen_op"],
        postgresql_where=TE_VERIFIEREN,
    )
