"""Stuurinformatie summaries without hot rows: a change appends its contributions to a delta
table, and `si_samenvatting_bijwerken()` folds the deltas into the summary now and then. The
figures stay exact at every moment: `si_ontvangen` and `si_besloten` are now views of the folded
rows plus the deltas not folded yet, and a fold deletes deltas and adds them to the folded rows in
one transaction, so a reader sees them either here or there, never both or neither.

Why: the trigger of migration 0015 updated today's counter rows in the transaction of every
change (submit, verification, decision). Those rows' locks are held until the durable commit, so
concurrent changes queued on them even split over 16 shards (migration 0020), and each update
left a dead row version for the next to step over. An append has no conflict to check and no
lock to wait for.

- `si_ontvangen_basis`, `si_besloten_basis`: the former tables, folded rows (renamed).
- `si_ontvangen_delta`, `si_besloten_delta`: the contributions not folded yet; no key, no index.
- `si_samenvatting_bijwerken()`: one fold of both, returns the number of deltas folded; the
  `worker` process calls it every few seconds (`app.stuurinformatie.bijwerken`).
- `si_samenvatting_opbouwen()`: the rebuild from the read model, into the folded rows.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""

# ruff: noqa: S608 - the SQL here interpolates only constants of this module and of 0015
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _migratie_0015() -> ModuleType:
    """The contributions (which read-model row adds what to which summary row) as 0015 defined
    them; a migration is never changed once released, so this one builds on its definitions."""
    pad = Path(__file__).with_name("0015_stuurinformatie_samenvatting.py")
    spec = importlib.util.spec_from_file_location("migratie_0015", pad)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


m = _migratie_0015()
SAMENVATTINGEN = {"si_ontvangen": m.ONTVANGEN_TELLERS, "si_besloten": m.BESLOTEN_TELLERS}


def _voeg_toe(tabel: str, bijdragen: list[object], tellers: tuple[str, ...], records: tuple[str, ...]) -> str:
    """The trigger's statement for one summary: the old row's contributions taken away and the
    new row's added, netted per summary row, appended as deltas (only rows whose counts change)."""
    tekens = {"OLD": -1, "NEW": 1}
    rijen = ",\n        ".join(m._bij(b, r, tekens[r], tellers) for r in records for b in bijdragen)
    return f"""
      INSERT INTO {tabel}_delta ({m.SLEUTEL}, {", ".join(tellers)})
      SELECT gemeente, soort, korrel, dag, regeling, waarde, 0, {", ".join(f"sum({t})" for t in tellers)}
      FROM (VALUES
        {rijen}
      ) AS b(geldig, gemeente, soort, korrel, dag, regeling, waarde, {", ".join(tellers)})
      WHERE geldig
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING {" OR ".join(f"sum({t}) <> 0" for t in tellers)};"""


def _vouw(tabel: str, tellers: tuple[str, ...]) -> str:
    """One summary's deltas deleted and added to its folded rows, in key order (a second fold at
    the same time waits for the first's deletes and then finds those rows gone)."""
    return f"""
      WITH weg AS (DELETE FROM {tabel}_delta RETURNING *), rijen AS (
        INSERT INTO {tabel}_basis AS o ({m.SLEUTEL}, {", ".join(tellers)})
        SELECT gemeente, soort, korrel, dag, regeling, waarde, 0, {", ".join(f"sum({t})" for t in tellers)}
        FROM weg GROUP BY 1, 2, 3, 4, 5, 6
        HAVING {" OR ".join(f"sum({t}) <> 0" for t in tellers)}
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT ({m.SLEUTEL}) DO UPDATE SET {", ".join(f"{t} = o.{t} + EXCLUDED.{t}" for t in tellers)}
      )
      SELECT count(*) INTO n FROM weg;
      gevouwen := gevouwen + n;"""


SAMENVATTEN = f"""
    CREATE OR REPLACE FUNCTION si_samenvatten() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        {_voeg_toe("si_ontvangen", m.ONTVANGEN_BIJDRAGEN, m.ONTVANGEN_TELLERS, ("NEW",))}
        IF NEW.besloten IS NOT NULL THEN
          {_voeg_toe("si_besloten", m.BESLOTEN_BIJDRAGEN, m.BESLOTEN_TELLERS, ("NEW",))}
        END IF;
        INSERT INTO si_personen AS p (gemeente, persoon, aantal) VALUES (NEW.gemeente, NEW.persoon, 1)
        ON CONFLICT (gemeente, persoon) DO UPDATE SET aantal = p.aantal + 1;
      ELSIF TG_OP = 'UPDATE' THEN
        IF {m._veranderd(m.ONTVANGEN_HANGT_AF_VAN)} THEN
          {_voeg_toe("si_ontvangen", m.ONTVANGEN_BIJDRAGEN, m.ONTVANGEN_TELLERS, ("OLD", "NEW"))}
        END IF;
        IF {m._veranderd(m.BESLOTEN_HANGT_AF_VAN)} THEN
          {_voeg_toe("si_besloten", m.BESLOTEN_BIJDRAGEN, m.BESLOTEN_TELLERS, ("OLD", "NEW"))}
        END IF;
        IF OLD.persoon <> NEW.persoon OR OLD.gemeente <> NEW.gemeente THEN
          UPDATE si_personen SET aantal = aantal - 1 WHERE gemeente = OLD.gemeente AND persoon = OLD.persoon;
          INSERT INTO si_personen AS p (gemeente, persoon, aantal) VALUES (NEW.gemeente, NEW.persoon, 1)
          ON CONFLICT (gemeente, persoon) DO UPDATE SET aantal = p.aantal + 1;
        END IF;
      ELSE
        {_voeg_toe("si_ontvangen", m.ONTVANGEN_BIJDRAGEN, m.ONTVANGEN_TELLERS, ("OLD",))}
        {_voeg_toe("si_besloten", m.BESLOTEN_BIJDRAGEN, m.BESLOTEN_TELLERS, ("OLD",))}
        UPDATE si_personen SET aantal = aantal - 1 WHERE gemeente = OLD.gemeente AND persoon = OLD.persoon;
      END IF;
      RETURN NULL;
    END $$
"""

BIJWERKEN = f"""
    CREATE FUNCTION si_samenvatting_bijwerken() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
      n bigint;
      gevouwen bigint := 0;
    BEGIN
      {"".join(_vouw(tabel, tellers) for tabel, tellers in SAMENVATTINGEN.items())}
      RETURN gevouwen;
    END $$
"""

OPBOUWEN = f"""
    CREATE OR REPLACE FUNCTION si_samenvatting_opbouwen() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE si_ontvangen_basis, si_ontvangen_delta, si_besloten_basis, si_besloten_delta, si_personen;
      {m._opbouw("si_ontvangen_basis", m.ONTVANGEN_BIJDRAGEN, m.ONTVANGEN_TELLERS)}
      {m._opbouw("si_besloten_basis", m.BESLOTEN_BIJDRAGEN, m.BESLOTEN_TELLERS)}
      INSERT INTO si_personen (gemeente, persoon, aantal)
      SELECT gemeente, persoon, count(*) FROM stuurinformatie GROUP BY 1, 2;
    END $$
"""


def upgrade() -> None:
    for tabel in SAMENVATTINGEN:
        op.execute(f"ALTER TABLE {tabel} RENAME TO {tabel}_basis")
        op.execute(f"CREATE TABLE {tabel}_delta (LIKE {tabel}_basis INCLUDING DEFAULTS)")
        op.execute(f"CREATE VIEW {tabel} AS SELECT * FROM {tabel}_basis UNION ALL SELECT * FROM {tabel}_delta")
    op.execute(SAMENVATTEN)
    op.execute(BIJWERKEN)
    op.execute(OPBOUWEN)


def downgrade() -> None:
    op.execute("SELECT si_samenvatting_bijwerken()")
    op.execute("DROP FUNCTION si_samenvatting_bijwerken()")
    for tabel in SAMENVATTINGEN:
        op.execute(f"DROP VIEW {tabel}")
        op.execute(f"DROP TABLE {tabel}_delta")
        op.execute(f"ALTER TABLE {tabel}_basis RENAME TO {tabel}")
    for functie in m.FUNCTIES[1:]:  # si_samenvatten and si_samenvatting_opbouwen as 0015 made them
        op.execute(functie.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
