"""`/dashboard`: the management figures as a page, served by the service itself (no CDN). The page
has no data of its own: it asks the staff member for a bearer token and reads
`/api/v1/stuurinformatie` with it, so the API's roles and municipalities apply unchanged."""

from pathlib import Path

from fastapi import APIRouter, Response

from app.api.problems import Probleem

router = APIRouter(include_in_schema=False)
MAP = Path(__file__).resolve().parent.parent / "dashboard"
BESTANDEN = {
    "dashboard.js": "text/javascript; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
# Only this origin: no inline script or style, no other hosts; the page calls the API here.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def _bestand(naam: str, mediatype: str) -> Response:
    return Response(
        (MAP / naam).read_bytes(),
        media_type=mediatype,
        headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"},
    )


@router.get("/dashboard")
async def pagina() -> Response:
    return _bestand("index.html", "text/html; charset=utf-8")


@router.get("/dashboard/{naam}")
async def bestand(naam: str) -> Response:
    if naam not in BESTANDEN:
        raise Probleem(404, "Dit bestand bestaat niet.")
    return _bestand(naam, BESTANDEN[naam])
