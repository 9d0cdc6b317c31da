"""Export of a batch's letters for the print-and-mail provider: one ZIP with every PDF and a
manifest (CSV) naming per file the reference, the recipient as the envelope shows it, and the
SHA-256 of the bytes, so the provider can check what it prints and the municipality can prove what
was sent.

The ZIP is written to a file the caller gives (the API uses a temporary file), block by block, so
memory stays flat however large the batch, and from a thread, so the event loop never waits on the
disk; PDFs are stored, not deflated (they are compressed already). Every letter exported is a
processing of the applicant's personal data: one Logboek record per letter and data subject."""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, BinaryIO

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.audit import logboek
from app.workflows.batches import lees_batch
from app.workflows.fouten import Conflict

BLOK = 500
MANIFEST = "manifest.csv"
KOLOMMEN = (
    "bestand",
    "kenmerk",
    "soort",
    "briefdatum",
    "naam",
    "adresregel1",
    "adresregel2",
    "adresregel3",
    "land",
    "sha256",
)
OPERATIE = "beschikkingen exporteren voor verzending"


def cel(waarde: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (a name or street from the BRP could
    start with = or +)."""
    return f"'{waarde}" if waarde[:1] in ("=", "+", "-", "@", "\t", "\r") else waarde


class BatchNietKlaar(Conflict):
    code = "batch-niet-klaar"


async def schrijf_zip(
    engine: AsyncEngine,
    batch_id: int,
    gemeenten: Collection[str],
    doel: BinaryIO,
    trace: logboek.Trace,
    sleutel: str,
    nu: datetime,
) -> int:
    """Write the batch's letters and manifest into `doel`; returns the number of letters. Only a
    finished batch is exported: the provider gets the whole set or nothing (409)."""
    batch = await lees_batch(engine, batch_id, gemeenten)
    if batch.status != "klaar":
        raise BatchNietKlaar(f"De batch is nog bezig ({batch.klaar} van {batch.totaal} brieven klaar).")
    manifest = io.StringIO()
    schrijver = csv.writer(manifest, lineterminator="\r\n")
    schrijver.writerow(KOLOMMEN)
    datum = nu.timetuple()[:6]
    aantal, na = 0, 0
    # Every write to `doel` (PDFs, manifest, the central directory at close) runs in a thread:
    # a batch is gigabytes and a slow disk must not stall the event loop that serves the API.
    zip_ = await asyncio.to_thread(zipfile.ZipFile, doel, "w", compression=zipfile.ZIP_STORED)
    try:
        while True:
            async with engine.begin() as conn:
                rows = (
                    await conn.execute(
                        text(
                            "SELECT b.id, b.aanvraag_id, a.referentie || '-' || b.nummer AS kenmerk, b.soort, "
                            "b.briefdatum, b.inhoud->'adres' AS adres, b.sha256, b.pdf, a.bsn, a.partner_bsn "
                            "FROM beschikkingen b JOIN aanvragen a ON a.id = b.aanvraag_id "
                            "WHERE b.batch_id = :b AND b.pdf IS NOT NULL AND b.id > :na ORDER BY b.id LIMIT :n"
                        ),
                        {"b": batch_id, "na": na, "n": BLOK},
                    )
                ).all()
                if not rows:
                    break
                await asyncio.to_thread(_schrijf_blok, zip_, schrijver, rows, datum)
                verwerkingen = []
                for r in rows:
                    betrokkenen = [b for b in (r.bsn, r.partner_bsn) if b]
                    verwerkingen += logboek.records(
                        trace, OPERATIE, logboek.RAADPLEGEN, betrokkenen, nu, nu, sleutel, r.aanvraag_id
                    )
                await logboek.schrijf(conn, verwerkingen)
            aantal += len(rows)
            na = rows[-1].id
        inhoud = manifest.getvalue().encode("utf-8")
        await asyncio.to_thread(zip_.writestr, zipfile.ZipInfo(MANIFEST, date_time=datum), inhoud)
    finally:
        await asyncio.to_thread(zip_.close)
    return aantal


def bestandsnaam(kenmerk: str) -> str:
    return f"beschikking-{kenmerk}.pdf"


def _schrijf_blok(
    zip_: zipfile.ZipFile, schrijver: Any, rows: Sequence[Any], datum: tuple[int, int, int, int, int, int]
) -> None:
    for r in rows:
        bestand = bestandsnaam(r.kenmerk)
        zip_.writestr(zipfile.ZipInfo(bestand, date_time=datum), bytes(r.pdf))
        adres = r.adres or {}
        schrijver.writerow(
            cel(str(v))
            for v in (
                bestand,
                r.kenmerk,
                r.soort,
                r.briefdatum.isoformat(),
                adres.get("naam", ""),
                adres.get("adresregel1", ""),
                adres.get("adresregel2", ""),
                adres.get("adresregel3") or "",
                adres.get("land") or "",
                r.sha256,
            )
        )
