"""The further decision after the boekjaar on Bbz levensonderhoud given as an interest-free loan
(Bbz art. 11 lid 2, 12, 13): one per case and boekjaar (`omzettingen`, append-only; the amounts
are in its letter), and two ledger kinds for the loan it settles: `om_niet` (> 0, the part of
the loan that became a gift) and `lening` (< 0, the part that stays a loan because of the
assets). Neither moves money, so the cash sums of the ledger (recht, saldo) leave them out.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOORTEN_OUD = "('toekenning', 'voorschot', 'nabetaling', 'terugvordering', 'betaling')"
SOORTEN_NIEUW = "('toekenning', 'voorschot', 'nabetaling', 'terugvordering', 'betaling', 'om_niet', 'lening')"
TEKEN_OUD = (
    "(soort IN ('toekenning', 'nabetaling') AND bedrag_cent > 0) "
    "OR (soort IN ('terugvordering', 'betaling') AND bedrag_cent < 0) OR soort = 'voorschot'"
)
TEKEN_NIEUW = (
    "(soort IN ('toekenning', 'nabetaling', 'om_niet') AND bedrag_cent > 0) "
    "OR (soort IN ('terugvordering', 'betaling', 'lening') AND bedrag_cent < 0) OR soort = 'voorschot'"
)


def _betalingen(soorten: str, teken: str) -> None:
    op.drop_constraint("ck_betalingen_soort", "betalingen")
    op.drop_constraint("ck_betalingen_teken", "betalingen")
    op.create_check_constraint("ck_betalingen_soort", "betalingen", f"soort IN {soorten}")
    op.create_check_constraint("ck_betalingen_teken", "betalingen", teken)


def upgrade() -> None:
    op.create_table(
        "omzettingen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("boekjaar", sa.SmallInteger, nullable=False),
        sa.Column("netto_inkomen", sa.BigInteger, nullable=False),
        sa.Column("vermogen", sa.BigInteger, nullable=False),
        sa.Column("motivering", sa.Text),
        sa.Column("besloten_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("besloten_door", sa.Text, nullable=False),
        sa.Column("beschikking_id", sa.BigInteger, sa.ForeignKey("beschikkingen.id"), nullable=False),
        # Bbz art. 12 lid 1: one further decision per boekjaar; another view of it is an objection.
        sa.UniqueConstraint("aanvraag_id", "boekjaar", name="uq_omzettingen_boekjaar"),
        sa.CheckConstraint("netto_inkomen >= 0 AND vermogen >= 0", name="ck_omzettingen_bedragen"),
    )
    op.execute(
        "CREATE TRIGGER tr_omzettingen_onveranderlijk BEFORE UPDATE OR DELETE ON omzettingen "
        "FOR EACH ROW EXECUTE FUNCTION weiger_wijziging()"
    )
    _betalingen(SOORTEN_NIEUW, TEKEN_NIEUW)


def downgrade() -> None:
    op.execute("DELETE FROM betalingen WHERE soort IN ('om_niet', 'lening')")
    _betalingen(SOORTEN_OUD, TEKEN_OUD)
    op.execute("DROP TRIGGER tr_omzettingen_onveranderlijk ON omzettingen")
    op.drop_table("omzettingen")
