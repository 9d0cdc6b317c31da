"""Letters' PDFs stored without PostgreSQL's own compression. A PDF/A letter is mostly compressed
streams already; pglz still shrank ours from 42.8 to 30.0 kB, but spent 0.73 ms of the
database's CPU per letter on it, against 0.10–0.12 ms to store the bytes as they are (2,000 letters
of an e2e run, copied twice each way). Storing the PDF was the second most expensive statement of
an e2e run (`pg_stat_statements`, 1.1 ms per letter). Rows written before keep their compressed
bytes; reading either is the same.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE beschikkingen ALTER COLUMN pdf SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.execute("ALTER TABLE beschikkingen ALTER COLUMN pdf SET STORAGE EXTENDED")
