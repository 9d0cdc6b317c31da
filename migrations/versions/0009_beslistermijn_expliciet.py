"""The beslistermijn is set by the workflow, not by a trigger: verification writes it from the
rules outcome and a hersteltermijn moves it (Awb 4:15), so a reader finds both in
`app.workflows` and a trigger cannot silently overwrite a suspended deadline.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP TRIGGER tr_aanvragen_beslistermijn ON aanvragen")
    op.execute("DROP FUNCTION zet_beslistermijn()")


def downgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION zet_beslistermijn() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.beslistermijn_einde IS NULL AND NEW.status = 'te_controleren' THEN
            SELECT (v.regeluitkomst->'procedure'->>'beslistermijnEinde')::date,
                   (v.regeluitkomst->'procedure'->>'streefdatumBeslissing')::date
              INTO NEW.beslistermijn_einde, NEW.streefdatum
              FROM verificaties v
             WHERE v.aanvraag_id = NEW.id AND v.regeluitkomst IS NOT NULL
             ORDER BY v.id DESC LIMIT 1;
          END IF;
          RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER tr_aanvragen_beslistermijn BEFORE UPDATE OF status ON aanvragen "
        "FOR EACH ROW EXECUTE FUNCTION zet_beslistermijn()"
    )
