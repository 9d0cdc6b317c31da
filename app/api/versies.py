"""ETags and If-Match: a case's version number is its ETag; an update names the version it saw."""

from app.api.problems import Probleem


def etag(versie: int) -> str:
    return f'W/"{versie}"'


def versie_uit(if_match: str | None) -> int | None:
    """The version an If-Match header names, None without one; 412 when it is no ETag of ours."""
    if if_match is None:
        return None
    waarde = if_match.strip().removeprefix("W/").strip('"')
    if not (waarde.isascii() and waarde.isdigit()):
        raise Probleem(412, "If-Match moet de ETag van de aanvraag bevatten.")
    return int(waarde)
