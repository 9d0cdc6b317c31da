"""Payments: one ledger per case (`betalingen`), append-only like the human steps (migration
0005's trigger function refuses UPDATE and DELETE), and the SEPA credit-transfer files
(`betaalbestanden`, pain.001.001.03), one per municipality per execution date.

Every entry is signed integer cents from the applicant's side: an award, an advance or an extra
payment adds what the municipality owes, a recovery subtracts it, a payment subtracts what was
transferred. The sum per case is therefore what is still to pay (> 0) or to recover (< 0).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "betaalbestanden",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("gemeente", sa.String(4), nullable=False),
        sa.Column("uitvoerdatum", sa.Date, nullable=False),
        sa.Column("bericht_id", sa.String(35), nullable=False, unique=True),
        sa.Column("aangemaakt_op", TZ, nullable=False),
        sa.Column("aangemaakt_door", sa.Text, nullable=False),
        sa.Column("aantal", sa.Integer, nullable=False),
        sa.Column("totaal_cent", sa.BigInteger, nullable=False),
        sa.Column("xml", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        # One file per municipality and day: asking again returns the same file, never a second
        # transfer of the same money.
        sa.UniqueConstraint("gemeente", "uitvoerdatum", name="uq_betaalbestanden_dag"),
    )
    op.create_table(
        "betalingen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("maand", sa.Date),
        sa.Column("bedrag_cent", sa.BigInteger, nullable=False),
        sa.Column("beschikking_id", sa.BigInteger, sa.ForeignKey("beschikkingen.id")),
        sa.Column("betaalbestand_id", sa.BigInteger, sa.ForeignKey("betaalbestanden.id")),
        sa.Column("geboekt_op", TZ, nullable=False),
        sa.Column("omschrijving", sa.Text, nullable=False),
        sa.CheckConstraint(
            "soort IN ('toekenning', 'voorschot', 'nabetaling', 'terugvordering', 'betaling')",
            name="ck_betalingen_soort",
        ),
        sa.CheckConstraint("bedrag_cent <> 0", name="ck_betalingen_niet_nul"),
        sa.CheckConstraint(
            "(soort IN ('toekenning', 'nabetaling') AND bedrag_cent > 0) "
            "OR (soort IN ('terugvordering', 'betaling') AND bedrag_cent < 0) OR soort = 'voorschot'",
            name="ck_betalingen_teken",
        ),
        sa.CheckConstraint("maand IS NULL OR extract(day FROM maand) = 1", name="ck_betalingen_maand"),
        # A payment comes from a payment file; everything else from a decision.
        sa.CheckConstraint(
            "(soort = 'betaling') = (betaalbestand_id IS NOT NULL) "
            "AND (soort IN ('betaling', 'voorschot') OR beschikking_id IS NOT NULL)",
            name="ck_betalingen_bron",
        ),
    )
    op.create_index("ix_betalingen_aanvraag", "betalingen", ["aanvraag_id", "id"])
    op.create_index("ix_betalingen_bestand", "betalingen", ["betaalbestand_id"])
    for tabel in ("betalingen", "betaalbestanden"):
        op.execute(
            f"CREATE TRIGGER tr_{tabel}_onveranderlijk BEFORE UPDATE OR DELETE ON {tabel} "
            "FOR EACH ROW EXECUTE FUNCTION weiger_wijziging()"
        )
    op.add_column("gemeente_instellingen", sa.Column("betaal_iban", sa.String(34)))
    op.add_column("gemeente_instellingen", sa.Column("betaal_bic", sa.String(11)))


def downgrade() -> None:
    op.drop_column("gemeente_instellingen", "betaal_bic")
    op.drop_column("gemeente_instellingen", "betaal_iban")
    for tabel in ("betalingen", "betaalbestanden"):
        op.execute(f"DROP TRIGGER tr_{tabel}_onveranderlijk ON {tabel}")
    op.drop_table("betalingen")
    op.drop_table("betaalbestanden")
