"""Field types of the API with their checks; each failure carries the code that ends up in
`invalidParams[].code`."""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictInt
from pydantic_core import PydanticCustomError
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException


def elfproef(bsn: str) -> bool:
    """The BSN eleven-test: weights 9..2 and -1 on the last digit, sum divisible by 11."""
    if len(bsn) != 9 or not (bsn.isascii() and bsn.isdigit()):
        return False
    c = [int(t) for t in bsn]  # written out below: a generator with zip cost more than the check
    som = 9 * c[0] + 8 * c[1] + 7 * c[2] + 6 * c[3] + 5 * c[4] + 4 * c[5] + 3 * c[6] + 2 * c[7] - c[8]
    return som % 11 == 0 and bsn != "000000000"


# Precompiled: re.fullmatch with a pattern string looks it up in re's cache on every call.
_BSN = re.compile(r"[0-9]{9}")
_MAAND = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIJDSTIP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _bsn(waarde: str) -> str:
    if not _BSN.fullmatch(waarde):
        raise PydanticCustomError("pattern", "Een BSN bestaat uit 9 cijfers.")
    if not elfproef(waarde):
        raise PydanticCustomError("bsn", "Dit BSN voldoet niet aan de elfproef.")
    return waarde


def _iban(waarde: str) -> str:
    try:
        return str(IBAN(waarde).compact)
    except SchwiftyException as err:
        raise PydanticCustomError("iban", "Dit IBAN is ongeldig: {fout}", {"fout": str(err)}) from err


def _maand(waarde: str) -> str:
    if not _MAAND.fullmatch(waarde):
        raise PydanticCustomError("pattern", "Een maand schrijft u als JJJJ-MM, bijvoorbeeld 2020-04.")
    return waarde


def _iso_datum(waarde: Any) -> Any:
    # Pydantic would read 0 or "0" as 1 January 1970; a date is written as JJJJ-MM-DD, nothing else.
    if isinstance(waarde, str) and _DATUM.fullmatch(waarde):
        return waarde
    if isinstance(waarde, date) and not isinstance(waarde, datetime):
        return waarde
    raise PydanticCustomError("date", "Geef een datum als JJJJ-MM-DD.")


def _iso_tijdstip(waarde: Any) -> Any:
    if isinstance(waarde, datetime) or (isinstance(waarde, str) and _TIJDSTIP.match(waarde)):
        return waarde
    raise PydanticCustomError("datetime", "Geef een tijdstip als JJJJ-MM-DDTuu:mm:ss+01:00.")


def _tijdstip_in_utc(waarde: datetime) -> datetime:
    # 0001-01-01T00:00:00+00:04 parses, but lies before the first moment Python (and the database
    # driver, which sends it in UTC) can hold: a 400, not the 500 of a failed conversion.
    try:
        waarde.astimezone(UTC)
    except OverflowError as err:
        raise PydanticCustomError("datetime", "Dit tijdstip ligt buiten het bereik van 0001 tot 9999.") from err
    return waarde


Datum = Annotated[date, BeforeValidator(_iso_datum)]
Tijdstip = Annotated[datetime, BeforeValidator(_iso_tijdstip), AfterValidator(_tijdstip_in_utc)]
# The patterns are in the document too (json_schema_extra), so clients and generated tests know
# the shape; the validators keep their own Dutch messages.
Bsn = Annotated[str, AfterValidator(_bsn), Field(examples=["999970124"], json_schema_extra={"pattern": r"^[0-9]{9}$"})]
KvkNummer = Annotated[str, Field(pattern=r"^[0-9]{8}$", examples=["69599084"])]
Iban = Annotated[str, AfterValidator(_iban), Field(examples=["NL91ABNA0417164300"])]
Maand = Annotated[
    str,
    AfterValidator(_maand),
    Field(examples=["2020-04"], json_schema_extra={"pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$"}),
]
GemeenteCode = Annotated[str, Field(pattern=r"^[0-9]{4}$", examples=["0363"])]
Landcode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", examples=["NL"])]
# Money is integer euro cents, never a float and never negative in what an applicant declares.
Bedrag = Annotated[StrictInt, Field(ge=0, le=100_000_000_00, description="In eurocenten.")]
Ja = StrictBool
Tekst = Annotated[str, Field(min_length=1, max_length=200)]
