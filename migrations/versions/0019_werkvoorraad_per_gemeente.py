"""The human work queues per municipality: a claim asks for the next free case of one stage in the
caller's municipality by deadline (`werkvoorraad._kies`). The queue index of 0003 is by stage and
deadline only, so with several municipalities in one database every claim fetched the cases of all
of them and threw most away (bench/werkvoorraad, 1,000,000 applications over ten municipalities:
328 rows read and 293 filtered per claim, 241 buffers, 1.27 ms; with this index 35 rows, 56
buffers, 0.73 ms). The 0003 index stays for callers across municipalities (a team lead's backlog,
the sweeps), which want one deadline order over all of them.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_aanvragen_werkvoorraad_gemeente",
        "aanvragen",
        ["status", "gemeente", "beslistermijn_einde", "ontvangen_op"],
        postgresql_where=sa.text("status IN ('te_controleren', 'te_beoordelen', 'te_reviewen', 'hersteltermijn')"),
    )


def downgrade() -> None:
    op.drop_index("ix_aanvragen_werkvoorraad_gemeente", table_name="aanvragen")
