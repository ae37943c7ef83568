"""GET /requests and /requests/{id}: the public list of Open311 requests.

Public means anybody may read it, so it carries only what is fit for anybody: the request's
number, its service, its status in plain words, when it was received, last changed and is due,
and which body handles it. `description` is the case's title — for Open311 requests the
service's name (and the address where the service publishes locations), built by `submit`, never
what the reporter wrote. The location only where the service publishes locations. Never a name,
a phone number, an e-mail address, the content, the reply, a staff member or a note.

Only requests that came in through Open311 are listed, and only while their category is a
published service: cases from the phone line or the portal are not the public's to browse, and a
case a clerk moved to an unpublished category (a report on an official, say) leaves the list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext

from tousu.cases.models import Case, CaseEvent, Channel, Status
from tousu.cases.models.choices import FINAL_STATUSES
from tousu.cases.progress import STAGE_OF, stage_label

from .catalogue import Open311Error
from .formats import clean
from .models import Service

# The spec's two statuses. A case is closed once the centre is done with it: closed after the
# callback, archived, or ended otherwise (not accepted, referred, merged, withdrawn).
CLOSED = frozenset({Status.CLOSED, *FINAL_STATUSES})
MAX_SPAN = timedelta(days=90)  # the spec's longest date range
MAX_IDS = 100


@dataclass
class Filters:
    ids: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    statuses: set[str] = field(default_factory=set)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def filters_of(params: QueryDict, now: datetime) -> Filters:
    """The spec's filters; `service_request_id` overrides all others. Without dates: the last
    90 days; a range may span 90 days at most."""
    for name in ("service_request_id", "service_code", "start_date", "end_date", "status"):
        if "\x00" in params.get(name, ""):
            raise Open311Error(400, f"{name}: " + gettext("must not contain NUL characters"))
    ids = _split(params.get("service_request_id", ""))
    if ids:
        if len(ids) > MAX_IDS:
            raise Open311Error(
                400, "service_request_id: " + gettext("at most %(max)s") % {"max": MAX_IDS}
            )
        return Filters(ids=ids)
    statuses = set(_split(params.get("status", "").lower()))
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status: " + gettext("must be open, closed or both"))
    start, end = _range(_moment(params, "start_date"), _moment(params, "end_date"), now)
    if end < start:
        raise Open311Error(400, "end_date: " + gettext("must not be before start_date"))
    if end - start > MAX_SPAN:
        raise Open311Error(
            400, "start_date, end_date: " + gettext("may span %(days)s days at most") % {"days": 90}
        )
    return Filters(
        codes=_split(params.get("service_code", "")), start=start, end=end, statuses=statuses
    )


def _range(
    start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """The dates given, the missing end of them 90 days from the other; neither: up to now."""
    if start is not None:
        return start, end or start + MAX_SPAN
    end = end or now
    return end - MAX_SPAN, end


def _moment(params: QueryDict, name: str) -> datetime | None:
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Open311Error(
            400, f"{name}: " + gettext("must be a W3C datetime, e.g. 2026-03-02T08:00:00+08:00")
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # the centre's local time
    return moment


def public_requests() -> QuerySet[Case]:
    last_change = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-pk").values("at")[:1]
    return (
        Case.objects.filter(
            channel=Channel.OPEN311,
            category__is_active=True,
            category__in=Service.objects.values("category"),
        )
        .select_related("category", "unit", "centre")
        .annotate(updated_at=Subquery(last_change))
    )


def matching(filters: Filters) -> QuerySet[Case]:
    qs = public_requests()
    if filters.ids:
        return qs.filter(number__in=filters.ids).order_by("-received_at", "-pk")
    qs = qs.filter(received_at__gte=filters.start, received_at__lte=filters.end)
    if filters.codes:
        qs = qs.filter(category__code__in=filters.codes)
    if filters.statuses == {"open"}:
        qs = qs.exclude(status__in=CLOSED)
    elif filters.statuses == {"closed"}:
        qs = qs.filter(status__in=CLOSED)
    return qs.order_by("-received_at", "-pk")[: settings.TOUSU_OPEN311_MAX_REQUESTS]


def requests_out(cases: list[Case]) -> list[dict[str, Any]]:
    locations = dict(
        Service.objects.filter(category__in={c.category_id for c in cases}).values_list(
            "category_id", "publish_location"
        )
    )
    return [request_out(c, bool(c.category_id and locations.get(c.category_id))) for c in cases]


def request_out(case: Case, publish_location: bool) -> dict[str, Any]:
    category = case.category
    assert category is not None  # the public list holds only cases of published services
    closed = case.status in CLOSED
    located = publish_location and bool(case.address or case.latitude is not None)
    return {
        "service_request_id": case.number,
        "status": "closed" if closed else "open",
        "status_notes": status_notes(case),
        "service_name": clean(category.name),
        "service_code": category.code,
        "description": clean(case.title),
        "agency_responsible": clean((case.unit or case.centre).name),
        "service_notice": None,
        "requested_datetime": _w3c(case.received_at),
        "updated_datetime": _w3c(getattr(case, "updated_at", None) or case.registered_at),
        "expected_datetime": None if closed else _w3c(_expected(case)),
        "address": clean(case.address) if located and case.address else None,
        "address_id": None,
        "zipcode": None,
        "lat": float(case.latitude) if located and case.latitude is not None else None,
        "long": float(case.longitude) if located and case.longitude is not None else None,
        "media_url": None,
    }


def status_notes(case: Case) -> str:
    """The stage of the case as the citizen's track page words it (cases/progress.py)."""
    return str(stage_label(STAGE_OF.get(case.status, "received")))


def _expected(case: Case) -> datetime | None:
    # The centre's deadline the public waits on: to accept, then to handle.
    if case.status == Status.REGISTERED:
        return case.accept_due
    return case.handle_due or case.current_due


def _w3c(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None
