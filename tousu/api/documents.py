"""A case's letters as PDF or Word (docs/documents.md): registration 登记表, transfer 转办函,
supervision 督办函, reply 答复函, not_accepted 不予受理告知书.

404 for a case the caller cannot see, an unknown letter or format; 403 for a letter the caller may
not have (the centre's staff have every letter; a unit, the transfer letter it received); 409 when
the case has nothing for the letter yet (no transfer, no escalation, no reply, not refused)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from ninja import Router

from tousu.cases.access import get_case_for
from tousu.cases.models import Case
from tousu.documents import service

from . import errors

router = Router(tags=["documents"])


@router.get(
    "/cases/{case_id}/documents/{filename}",
    response={200: None, (401, 403, 404, 409, 422): errors.ApiError},
    url_name="case_document",
)
def case_document(request: HttpRequest, case_id: int, filename: str) -> HttpResponse:
    """`{name}.pdf` or `{name}.docx`, `name` one of registration, transfer, supervision, reply,
    not_accepted. The first download numbers the letter (〔2026〕转办第0001号) and logs an
    `issue_document` event; later ones show the same number."""
    name, dot, fmt = filename.rpartition(".")
    try:
        service.case_letter(name, fmt)
        if not dot:
            raise service.UnknownDocument(filename)
        case = get_case_for(request.user, case_id)
    except (service.UnknownDocument, Case.DoesNotExist):
        raise Http404 from None
    rendered = service.produce(
        request.user,
        case,
        name,
        fmt,
        now=timezone.now(),
        request_base=request.build_absolute_uri("/"),
    )
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    patch_cache_control(response, no_store=True, private=True)
    return response
