"""Tousu API v1 (the fixed part: docs/contract.md; what Tousu adds: docs/api.md)."""

from __future__ import annotations

from typing import Any

import pydantic
from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import File, Form, NinjaAPI, Query, Schema, Status, UploadedFile
from ninja.errors import ValidationError
from pydantic import Field, field_validator

from tousu.cases import disclosure, workflow
from tousu.cases.access import (
    get_case_for,
    view_of,
    visible_attachments,
    visible_cases,
    with_views,
)
from tousu.cases.attachments import attach, open_file
from tousu.cases.errors import InvalidInput
from tousu.cases.models import Attachment, Case
from tousu.cases.models import Status as CaseStatus
from tousu.cases.registration import NewCase, NewComplainant, NewRespondent
from tousu.cases.timeline import case_events as events_seen_by
from tousu.categories.models import Category, subtree_ids
from tousu.orgs.models import Unit
from tousu.orgs.staff import staff_of, unit_tree

from . import creation, errors
from .auth import AUTH
from .output import case_out, event_out, iso
from .schemas import VERB_BODIES, CaseIn

api = NinjaAPI(
    title="Tousu API",
    version="1",
    description="Case management for complaint-and-report centres. Auth: `Bearer <token>` "
    "(`tousu token USERNAME`).",
    auth=AUTH,
    urls_namespace="api-v1",
)
errors.install(api)
api.add_router("", "tousu.api.notifications.router")
api.add_router("", "tousu.api.documents.router")
api.add_router("", "tousu.api.stats.router")
api.add_router("", "tousu.api.reports.router")
api.add_router("", "tousu.api.assessment.router")

# The 4xx answers each endpoint declares (the OpenAPI document lists them): 401 without a valid
# token; 422 for a bad path, query or body; 404 for a case the caller may not see; 400 for a body
# that cannot be parsed and 413 for one too large; 403 for a caller who may not do this; 409 for
# a verb the case's status does not allow.
CASE = (401, 404, 422)
BODY = (400, 401, 403, 413, 422)
CASE_VERB = (400, 401, 403, 404, 409, 413, 422)

PAGE_SIZE = 50


def _case_detail_qs(user: Any) -> QuerySet[Case]:
    return with_views(
        visible_cases(user)
        .select_related("category", "unit", "centre", "respondent")
        .prefetch_related("complainants", "demands"),
        user,
    )


def _load(request: HttpRequest, case_id: int) -> Case:
    try:
        return get_case_for(request.user, case_id)
    except Case.DoesNotExist:
        from django.http import Http404

        raise Http404 from None


@api.get("/me", response={200: dict[str, Any], 401: errors.ApiError}, tags=["reference"])
def me(request: HttpRequest) -> dict[str, Any]:
    staff = staff_of(request.user)
    units = (
        Unit.objects.filter(memberships__user__pk=request.user.pk or 0).distinct().order_by("code")
    )
    return {
        "username": request.user.get_username(),
        "roles": staff.role_names,
        "units": [{"code": u.code, "name": u.name} for u in units],
    }


@api.get("/units", response={200: list[dict[str, Any]], 401: errors.ApiError}, tags=["reference"])
def units(request: HttpRequest) -> list[dict[str, Any]]:
    rows = Unit.objects.filter(is_active=True).select_related("parent")
    return [
        {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "parent": u.parent.code if u.parent else None,
        }
        for u in rows
    ]


@api.get(
    "/categories", response={200: list[dict[str, Any]], 401: errors.ApiError}, tags=["reference"]
)
def categories(request: HttpRequest) -> list[dict[str, Any]]:
    rows = Category.objects.filter(is_active=True).select_related("parent")
    return [
        {"code": c.code, "name": c.name, "parent": c.parent.code if c.parent else None}
        for c in rows
    ]


def _new_case(payload: CaseIn) -> NewCase:
    people = list(payload.complainants)
    if payload.complainant is not None:
        people.insert(0, payload.complainant)
    anonymous = bool(payload.complainant and payload.complainant.anonymous) or (
        not people and payload.complainant is None
    )
    respondent = payload.respondent
    return NewCase(
        kind=payload.kind,
        channel=payload.channel,
        title=payload.title,
        content=payload.content,
        facts=payload.facts,
        anonymous=anonymous,
        complainants=[
            NewComplainant(**p.model_dump(exclude={"anonymous"})) for p in people if not p.anonymous
        ],
        party_count=payload.party_count,
        respondent=NewRespondent(**respondent.model_dump()) if respondent else None,
        demands=list(payload.demands),
        category=payload.category,
        address=payload.address or "",
        latitude=payload.latitude,
        longitude=payload.longitude,
        occurred_at=payload.occurred_at,
        received_at=payload.received_at,
        severity=payload.severity,
        safety=payload.safety,
        difficult=payload.difficult,
        centre=payload.centre,
        external_id=payload.external_id,
    )


@api.post(
    "/cases",
    response={(200, 201): dict[str, Any], BODY: errors.ApiError},
    tags=["cases"],
)
def create_case(request: HttpRequest, payload: CaseIn, response: HttpResponse) -> Status:
    """201 with the new case; 200 with the case registered before, when the `Idempotency-Key`
    was sent before (with the same body) or the `external_id` is known on this channel."""
    now = timezone.now()
    case_id, created = creation.create(request, payload, _new_case(payload), now)
    case = _case_detail_qs(request.user).filter(pk=case_id).first()
    if case is None:  # registered before, for a centre the caller cannot see
        raise InvalidInput.one("external_id", gettext("a case with this id is registered already"))
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201 if created else 200, case_out(case, request.user, now, detail=True))


class CaseFilters(Schema):
    status: list[str] = Field(default_factory=list)
    kind: str | None = None
    unit: str | None = None
    category: str | None = None
    overdue: bool | None = None
    due_soon: bool | None = None
    q: str | None = Field(None, max_length=100)
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=200)

    @field_validator("kind", "q")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        # These reach SQL as text; PostgreSQL cannot hold NUL (a 500 instead of a 422).
        if value is not None and "\x00" in value:
            raise ValueError(gettext("must not contain NUL characters"))
        return value


def _filtered(user: Any, f: CaseFilters, now: Any) -> QuerySet[Case]:
    qs = visible_cases(user)
    statuses = [s for part in f.status for s in part.split(",") if s]
    bad = [s for s in statuses if s not in CaseStatus.values]
    if bad:
        message = gettext("unknown status %(status)s") % {"status": repr(bad[0])}
        raise ValidationError([{"loc": ["query", "status"], "msg": message}])
    if statuses:
        qs = qs.filter(status__in=statuses)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.unit:
        uid = unit_tree().id_for_code(f.unit)
        qs = qs.filter(unit_id=uid) if uid is not None else qs.none()
    if f.category:
        qs = qs.filter(category_id__in=subtree_ids(f.category))
    if f.overdue is not None:
        qs = qs.filter(current_due__lt=now) if f.overdue else qs.exclude(current_due__lt=now)
    if f.due_soon:
        qs = qs.filter(warn_at__lte=now, current_due__gte=now)
    if f.q:
        term = f.q.strip()
        matches = Q(number=term) | Q(title__icontains=term)
        staff = staff_of(user)
        if staff.is_centre_staff:
            # The tracking code is the citizen's key: only the centre that registered the case
            # may look it up — a unit must not probe codes (nor a centre user in a unit's role).
            own = Q() if staff.is_superuser else Q(centre_id__in=staff.centre_scope)
            matches |= Q(tracking_code=term.upper()) & own
        qs = qs.filter(matches)
    return qs


@api.get("/cases", response={200: dict[str, Any], (401, 422): errors.ApiError}, tags=["cases"])
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    now = timezone.now()
    qs = _filtered(request.user, filters, now)
    total = qs.count()
    start = (filters.page - 1) * filters.page_size
    rows = with_views(
        qs.select_related("category", "unit", "centre")
        .prefetch_related("complainants")
        .order_by(F("current_due").asc(nulls_last=True), "-id")[start : start + filters.page_size],
        request.user,
    )
    return {
        "items": [case_out(c, request.user, now) for c in rows],
        "total": total,
        "page": filters.page,
        "page_size": filters.page_size,
    }


@api.get("/cases/counts", response={200: dict[str, Any], 401: errors.ApiError}, tags=["cases"])
def case_counts(request: HttpRequest) -> dict[str, Any]:
    """Queue counts for the caller: per status, overdue and due soon."""
    now = timezone.now()
    # One pass over the visible cases (it is a scan of all of them: two passes cost twice).
    rows = (
        visible_cases(request.user)
        .order_by()
        .values("status")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=Q(current_due__lt=now)),
            due_soon=Count("id", filter=Q(warn_at__lte=now, current_due__gte=now)),
            extension_pending=Count("id", filter=Q(extension_pending=True)),
        )
    )
    by_status = dict.fromkeys(CaseStatus.values, 0)
    urgency = {"overdue": 0, "due_soon": 0, "extension_pending": 0}
    for row in rows:
        if row["status"] in by_status:
            by_status[row["status"]] = row["n"]
        urgency["overdue"] += row["overdue"]
        urgency["due_soon"] += row["due_soon"]
        urgency["extension_pending"] += row["extension_pending"]
    return {"by_status": by_status, **urgency}


@api.get("/cases/{case_id}", response={200: dict[str, Any], CASE: errors.ApiError}, tags=["cases"])
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = get_object_or_404(_case_detail_qs(request.user), pk=case_id)
    return case_out(case, request.user, timezone.now(), detail=True)


@api.get(
    "/cases/{case_id}/events",
    response={200: list[dict[str, Any]], CASE: errors.ApiError},
    tags=["cases"],
)
def case_events(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case = _load(request, case_id)
    return [event_out(e) for e in events_seen_by(view_of(request.user, case), case)]


@api.post(
    "/cases/{case_id}/actions/{verb}",
    response={200: dict[str, Any], CASE_VERB: errors.ApiError},
    tags=["cases"],
)
def act(request: HttpRequest, case_id: int, verb: str) -> Any:
    """Apply a workflow verb; the body depends on the verb (see the contract)."""
    body_schema = VERB_BODIES.get(verb)
    if body_schema is None:
        return errors.error(
            api,
            request,
            400,
            "unknown_verb",
            gettext("unknown verb %(verb)s") % {"verb": repr(verb)},
            {"verb": [gettext("must be one of %(choices)s") % {"choices": ", ".join(VERB_BODIES)}]},
        )
    case = _load(request, case_id)
    try:
        data = api.parser.parse_body(request) if request.body else {}
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return errors.error(api, request, 400, "bad_request", gettext("the body is not valid JSON"))
    if not isinstance(data, dict):
        return errors.error(
            api, request, 400, "bad_request", gettext("the body must be a JSON object")
        )
    try:
        body = body_schema.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError([dict(e) for e in exc.errors()]) from None
    now = timezone.now()
    workflow.VERBS[verb](case, actor=request.user, now=now, **body.model_dump())
    return case_out(_case_detail_qs(request.user).get(pk=case.pk), request.user, now, detail=True)


@api.post(
    "/cases/{case_id}/attachments",
    response={201: dict[str, Any], CASE_VERB: errors.ApiError},
    tags=["cases"],
)
def upload(
    request: HttpRequest,
    case_id: int,
    file: File[UploadedFile],
    confidential: Form[bool] = False,
) -> Status:
    """Add a file; `confidential` ones (a signed letter, an ID scan) stay hidden from units."""
    case = _load(request, case_id)
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    if file.size is not None and file.size > limit:  # refused before it is read into memory
        raise errors.TooLarge(
            "file", gettext("is larger than %(size)s MB") % {"size": limit // (1024 * 1024)}
        )
    row = attach(
        case,
        actor=request.user,
        now=timezone.now(),
        name=file.name or "file",
        data=file.read(),
        confidential=confidential,
    )
    return Status(201, _attachment_out(row))


def _attachment_out(row: Attachment) -> dict[str, Any]:
    return {
        "id": row.pk,
        "name": row.original_name,
        "content_type": row.content_type,
        "size": row.size,
        "confidential": row.confidential,
        "uploaded_at": iso(row.uploaded_at),
    }


@api.get(
    "/cases/{case_id}/attachments",
    response={200: list[dict[str, Any]], CASE: errors.ApiError},
    tags=["cases"],
)
def attachments(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case = _load(request, case_id)
    return [_attachment_out(a) for a in visible_attachments(request.user, case)]


@api.get(
    "/cases/{case_id}/attachments/{attachment_id}",
    response={200: None, CASE: errors.ApiError},  # None: the file itself, no JSON
    tags=["cases"],
)
def download(request: HttpRequest, case_id: int, attachment_id: int) -> FileResponse:
    case = _load(request, case_id)
    row = get_object_or_404(visible_attachments(request.user, case), pk=attachment_id)
    row.case = case
    # A confidential file shows who complained: opening it is logged like a reveal.
    disclosure.confidential_file_opened(row, actor=request.user, now=timezone.now())
    return FileResponse(
        open_file(row),
        content_type=row.content_type,
        as_attachment=True,
        filename=row.original_name,
    )
