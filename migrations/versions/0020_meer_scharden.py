"""The stuurinformatie summary counter rows that every submit updates (today's totals, today's and
this week's age row) are split over 16 shards by the backend's process id instead of 4. A
submit holds its shard rows' locks until its durable commit; with 32 connections on 4 shards about
eight transactions queued on each row, and the queueing itself cost the database CPU (an
ON CONFLICT that found the row locked waits, then starts over; each row's dead versions piled up
faster than they were pruned). The intake statement alone, 32 connections, 2,000 statements of
distinct people, database CPU per statement (bench/README, "Submit database side, session 4"):
4 shards 2,000-2,300 µs, 16 shards 1,585-1,625 µs. A figure sums the shards, so the rows
written with the old modulus stay valid and nothing is rewritten; a busy key has at most 16 rows
per day or week instead of 4 for the dashboard to add up.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHARD = """
    CREATE OR REPLACE FUNCTION si_schard() RETURNS smallint LANGUAGE sql STABLE AS $$
      SELECT (pg_backend_pid() % {scharden})::smallint
    $$
"""


def upgrade() -> None:
    op.execute(SCHARD.format(scharden=16))


def downgrade() -> None:
    op.execute(SCHARD.format(scharden=4))
