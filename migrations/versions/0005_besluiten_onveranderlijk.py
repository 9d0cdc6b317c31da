"""The records of the human steps are append-only: a check, an assessment or a review, once
stored, is never edited or deleted; a correction is a new record (and after a decision, a new
decision).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABELLEN = ("controles", "beoordelingen", "reviews")


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION weiger_wijziging() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'een vastgelegde % wordt niet gewijzigd of verwijderd; leg een nieuwe vast',
            TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END $$
        """
    )
    for tabel in TABELLEN:
        op.execute(
            f"CREATE TRIGGER tr_{tabel}_onveranderlijk BEFORE UPDATE OR DELETE ON {tabel} "
            "FOR EACH ROW EXECUTE FUNCTION weiger_wijziging()"
        )


def downgrade() -> None:
    for tabel in TABELLEN:
        op.execute(f"DROP TRIGGER tr_{tabel}_onveranderlijk ON {tabel}")
    op.execute("DROP FUNCTION weiger_wijziging()")
