"""An index for the case history the rules need (`historie.historie`, asked at every verification):
earlier cases of the same person (`ix_aanvragen_bsn`) OR earlier Tozo loans of the same business.
The second half had no index, so PostgreSQL scanned the whole case table for every verification
(bench/e2e: 35 ms at 1,000 applications under load, growing with every application; with both
halves indexed it is a BitmapOr of two index scans). Partial: only loan applications count.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_aanvragen_lening_kvk",
        "aanvragen",
        [sa.text("(gegevens -> 'onderneming' ->> 'kvkNummer')")],
        postgresql_where=sa.text("regeling = 'tozo-bedrijfskapitaal'"),
    )


def downgrade() -> None:
    op.drop_index("ix_aanvragen_lening_kvk", table_name="aanvragen")
