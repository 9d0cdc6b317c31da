"""Decisions as letters: one beschikking row per decision (its letter data, later its PDF bytes and
SHA-256, which never change once set), batches of rendering work, and pgqueuer's own schema for
the rendering jobs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgqueuer.adapters.persistence.schema_ddl import render_install, render_uninstall
from pgqueuer.domain.settings import DBSettings
from sqlalchemy.dialects import postgresql
from sqlalchemy.util import await_only

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def _script(sql: str) -> None:
    """Run a multi-statement script (with plpgsql bodies) on the raw asyncpg connection:
    SQLAlchemy's asyncpg adapter prepares every statement, and a prepared statement holds one."""
    raw = op.get_bind().connection.dbapi_connection
    assert raw is not None
    await_only(raw.driver_connection.execute(sql))  # type: ignore[attr-defined]


def upgrade() -> None:
    op.create_table(
        "beschikkingen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("nummer", sa.Integer, nullable=False),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("besloten_op", TZ, nullable=False),
        sa.Column("briefdatum", sa.Date, nullable=False),
        sa.Column("inhoud", postgresql.JSONB, nullable=False),
        sa.Column("vervangt", sa.BigInteger, sa.ForeignKey("beschikkingen.id")),
        sa.Column("pdf", sa.LargeBinary),
        sa.Column("sha256", sa.String(64)),
        sa.Column("gerenderd_op", TZ),
        sa.Column("batch_id", sa.BigInteger),
        sa.UniqueConstraint("aanvraag_id", "nummer", name="uq_beschikkingen_nummer"),
        sa.CheckConstraint("nummer >= 1", name="ck_beschikkingen_nummer"),
        sa.CheckConstraint(
            "(pdf IS NULL) = (sha256 IS NULL) AND (pdf IS NULL) = (gerenderd_op IS NULL)",
            name="ck_beschikkingen_pdf_heel",
        ),
    )
    # The letters still to render: what a batch of pending letters walks, kept small.
    op.create_index("ix_beschikkingen_open", "beschikkingen", ["id"], postgresql_where=sa.text("pdf IS NULL"))
    op.create_index("ix_beschikkingen_batch", "beschikkingen", ["batch_id"])
    # Bytes, hash and render time are written once; after that the row's letter is immutable.
    op.execute(
        """
        CREATE FUNCTION beschikking_onveranderlijk() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.pdf IS NOT NULL AND (NEW.pdf IS DISTINCT FROM OLD.pdf OR NEW.sha256 IS DISTINCT FROM OLD.sha256
              OR NEW.inhoud IS DISTINCT FROM OLD.inhoud OR NEW.gerenderd_op IS DISTINCT FROM OLD.gerenderd_op) THEN
            RAISE EXCEPTION 'beschikking % is al gerenderd en verandert niet meer', OLD.id;
          END IF;
          RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER tr_beschikkingen_onveranderlijk BEFORE UPDATE ON beschikkingen "
        "FOR EACH ROW EXECUTE FUNCTION beschikking_onveranderlijk()"
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("aangemaakt_op", TZ, nullable=False),
        sa.Column("aangemaakt_door", sa.Text, nullable=False),
        sa.Column("totaal", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.String(20), nullable=False),
    )
    _script(render_install(DBSettings()))


def downgrade() -> None:
    _script(render_uninstall(DBSettings()))
    op.drop_table("batches")
    op.execute("DROP TRIGGER tr_beschikkingen_onveranderlijk ON beschikkingen")
    op.execute("DROP FUNCTION beschikking_onveranderlijk()")
    op.drop_table("beschikkingen")
