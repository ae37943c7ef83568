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

from tousu.assessment.models import Sanction
from tousu.cases.access import get_case_for
from tousu.cases.models import Case
from tousu.documents import service, unit_letters

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


@router.get(
    "/units/{code}/sanctions/{filename}",
    response={200: None, (401, 404, 422): errors.ApiError},
    url_name="sanction_letter",
)
def sanction_letter(request: HttpRequest, code: str, filename: str) -> HttpResponse:
    """`{id}.pdf` or `{id}.docx`: the letter of a sanction of this unit — 效能告诫书 for a
    warning, 通报批评 for a criticism. For the centre's readers of the assessment and the unit's
    own leader; anyone else, another unit's sanction, an unknown id or format: 404."""
    ident, dot, fmt = filename.rpartition(".")
    sanction = (
        Sanction.objects.select_related("unit", "issued_by")
        .filter(pk=int(ident) if ident.isdigit() else 0, unit__code=code)
        .first()
    )
    if not dot or sanction is None or not unit_letters.may_read(request.user, sanction):
        raise Http404
    try:
        rendered = unit_letters.produce(request.user, sanction, fmt, now=timezone.now())
    except service.UnknownDocument:
        raise Http404 from None
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    patch_cache_control(response, no_store=True, private=True)
    return response
