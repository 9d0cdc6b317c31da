"""`/aanvragen/{id}/documenten`: upload, list and download evidence."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile

from app.api.deps import LEZERS, EngineDep, NuDep, SettingsDep, TraceDep, met_rol
from app.api.problems import Probleem, problem_responses
from app.api.schemas.antwoorden import Document, DocumentLijst
from app.audit.trail import Actor
from app.auth import Gebruiker
from app.workflows import documenten as wf

router = APIRouter(prefix="/aanvragen/{aanvraagId:uuid}/documenten", tags=["documenten"])
Lezer = Annotated[tuple[Gebruiker, Actor], Depends(met_rol(*LEZERS))]


def _document(d: wf.Document) -> Document:
    pad = f"/api/v1/aanvragen/{d.aanvraag_id}/documenten/{d.id}"
    return Document.model_validate(
        {
            "id": d.id,
            "soort": d.soort,
            "bestandsnaam": d.bestandsnaam,
            "mediatype": d.mediatype,
            "grootte": d.grootte,
            "sha256": d.sha256,
            "geuploadOp": d.geupload_op,
            "_links": {"self": {"href": pad}, "inhoud": {"href": pad + "/inhoud"}},
        }
    )


@router.post(
    "",
    status_code=201,
    response_model=Document,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415),
    summary="Een bewijsstuk toevoegen (PDF, PNG of JPEG)",
)
async def voeg_toe(
    aanvraagId: UUID,
    bestand: Annotated[UploadFile, File(description="PDF, PNG of JPEG")],
    soort: Annotated[wf.Documentsoort, Form()],
    response: Response,
    wie: Lezer,
    engine: EngineDep,
    settings: SettingsDep,
    nu: NuDep,
) -> Document:
    gebruiker, actor = wie
    inhoud = await bestand.read(settings.max_document_bytes + 1)
    if len(inhoud) > settings.max_document_bytes:
        raise Probleem(413, f"Een document mag hoogstens {settings.max_document_bytes} bytes zijn.")
    if not inhoud:
        raise Probleem(400, invalid_params=[{"name": "bestand", "code": "required", "reason": "Het bestand is leeg."}])
    doc = await wf.voeg_toe(
        engine, aanvraagId, gebruiker.gemeenten, actor, soort, bestand.filename or "document", inhoud, nu
    )
    response.headers["Location"] = f"/api/v1/aanvragen/{aanvraagId}/documenten/{doc.id}"
    return _document(doc)


@router.get(
    "",
    response_model=DocumentLijst,
    response_model_by_alias=True,
    responses=problem_responses(400, 401, 403, 404),
    summary="De bewijsstukken bij een aanvraag",
)
async def lijst(aanvraagId: UUID, wie: Lezer, engine: EngineDep) -> DocumentLijst:
    gebruiker, _ = wie
    docs = await wf.lijst(engine, aanvraagId, gebruiker.gemeenten)
    return DocumentLijst(documenten=[_document(d) for d in docs])


@router.get(
    "/{documentId:uuid}/inhoud",
    response_class=Response,
    responses={
        200: {"content": {m: {} for m in sorted(wf.TOEGESTANE_TYPES)}, "description": "Het bestand."},
        **problem_responses(400, 401, 403, 404),
    },
    summary="Een bewijsstuk downloaden",
)
async def download(
    aanvraagId: UUID,
    documentId: UUID,
    wie: Lezer,
    engine: EngineDep,
    settings: SettingsDep,
    trace: TraceDep,
    nu: NuDep,
) -> Response:
    gebruiker, _ = wie
    doc, inhoud = await wf.download(
        engine,
        aanvraagId,
        documentId,
        gebruiker.gemeenten,
        trace,
        settings.logboek_sleutel.get_secret_value(),
        nu,
    )
    return Response(
        inhoud,
        media_type=doc.mediatype,
        headers={
            "Content-Disposition": f'attachment; filename="document-{doc.id}"',
            "Digest": f"sha-256={doc.sha256}",
        },
    )
