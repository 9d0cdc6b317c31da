"""Intake: applications, idempotency keys, evidence, audit trail and processing log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence("aanvraag_volgnummer")))
    op.create_table(
        "aanvragen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("referentie", sa.String(32), nullable=False, unique=True),
        sa.Column("gemeente", sa.String(4), nullable=False),
        sa.Column("regeling", sa.String(40), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("kanaal", sa.String(20), nullable=False),
        sa.Column("ingediend_door", sa.Text, nullable=False),
        sa.Column("medewerker", sa.Text),
        sa.Column("aanvraagdatum", sa.Date, nullable=False),
        sa.Column("ontvangen_op", TZ, nullable=False),
        sa.Column("bsn", sa.String(9), nullable=False),
        sa.Column("partner_bsn", sa.String(9)),
        sa.Column("gegevens", postgresql.JSONB, nullable=False),
        sa.Column("versie", sa.Integer, nullable=False, server_default="1"),
        sa.Column("gewijzigd_op", TZ, nullable=False),
    )
    op.create_index("ix_aanvragen_bsn", "aanvragen", ["bsn"])
    op.create_index("ix_aanvragen_partner_bsn", "aanvragen", ["partner_bsn"])
    op.create_index("ix_aanvragen_gemeente_ontvangen", "aanvragen", ["gemeente", "ontvangen_op", "id"])
    op.create_index("ix_aanvragen_status", "aanvragen", ["status"])
    op.create_table(
        "idempotentie",
        sa.Column("client", sa.Text, primary_key=True),
        sa.Column("sleutel", sa.Text, primary_key=True),
        sa.Column("verzoek_hash", sa.String(64), nullable=False),
        sa.Column("aanvraag_id", sa.Uuid, nullable=False),
        sa.Column("aangemaakt_op", TZ, nullable=False),
    )
    op.create_table(
        "documenten",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("bestandsnaam", sa.Text, nullable=False),
        sa.Column("mediatype", sa.String(40), nullable=False),
        sa.Column("grootte", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("inhoud", sa.LargeBinary, nullable=False),
        sa.Column("geupload_op", TZ, nullable=False),
        sa.Column("geupload_door", sa.Text, nullable=False),
    )
    op.create_index("ix_documenten_aanvraag_id", "documenten", ["aanvraag_id"])
    op.create_table(
        "audit_gebeurtenissen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False),
        sa.Column("tijdstip", TZ, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("kanaal", sa.String(20), nullable=False),
        sa.Column("actie", sa.String(40), nullable=False),
        sa.Column("van_status", sa.String(40)),
        sa.Column("naar_status", sa.String(40)),
        sa.Column("details", postgresql.JSONB, nullable=False, server_default="{}"),
    )
    op.create_index("ix_audit_aanvraag", "audit_gebeurtenissen", ["aanvraag_id", "id"])
    activiteiten = op.create_table(
        "verwerkingsactiviteiten",
        sa.Column("id", sa.String(60), primary_key=True),
        sa.Column("naam", sa.Text, nullable=False),
        sa.Column("doel", sa.Text, nullable=False),
        sa.Column("grondslag", sa.Text, nullable=False),
        sa.Column("bewaartermijn", sa.Text, nullable=False),
    )
    grondslag = "Participatiewet art. 7, 11, 78f; Tozo; Bbz 2004; AVG art. 6 lid 1 onder e"
    op.bulk_insert(
        activiteiten,
        [
            {
                "id": "aanvraag-registreren",
                "naam": "Aanvraag Tozo/Bbz registreren",
                "doel": "Een aanvraag om bijstand voor zelfstandigen in behandeling nemen",
                "grondslag": grondslag,
                "bewaartermijn": "10 jaar na het laatste besluit",
            },
            {
                "id": "aanvraag-raadplegen",
                "naam": "Aanvraag Tozo/Bbz raadplegen",
                "doel": "Een aanvraag behandelen, beoordelen of de aanvrager informeren",
                "grondslag": grondslag,
                "bewaartermijn": "10 jaar na het laatste besluit",
            },
        ],
    )
    op.create_table(
        "verwerkingen",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("trace_id", sa.String(32), nullable=False),
        sa.Column("operatie_id", sa.String(16), nullable=False),
        sa.Column("operatie", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("start", TZ, nullable=False),
        sa.Column("einde", TZ, nullable=False),
        sa.Column(
            "activiteit_id",
            sa.String(60),
            sa.ForeignKey("verwerkingsactiviteiten.id"),
            nullable=False,
        ),
        sa.Column("betrokkene_versleuteld", sa.Text, nullable=False),
        sa.Column("aanvraag_id", sa.Uuid),
    )
    op.create_index("ix_verwerkingen_trace", "verwerkingen", ["trace_id"])


def downgrade() -> None:
    for table in (
        "verwerkingen",
        "verwerkingsactiviteiten",
        "audit_gebeurtenissen",
        "documenten",
        "idempotentie",
        "aanvragen",
    ):
        op.drop_table(table)
    op.execute(sa.schema.DropSequence(sa.Sequence("aanvraag_volgnummer")))
