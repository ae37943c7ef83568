"""The case page: every field (identity masked per the access rules), the timeline, deadlines,
exactly the actions this user may take (each with its form), attachments, and the printable
registration form (登记表). The forms post to case_actions.py, which writes only through the
domain. What a user may not see is a 404 (the one access gate).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousu.calendar import services as calendar
from tousu.cases import deadlines, disclosure, workflow
from tousu.cases.access import (
    CaseView,
    IdentityAccess,
    files_seen,
    view_of,
    visible_cases,
)
from tousu.cases.models import (
    FINAL_STATUSES,
    Assignment,
    Case,
    Channel,
    Complainant,
    ExtensionRequest,
    Reason,
    ReasonKind,
    Satisfaction,
    Severity,
    Status,
)
from tousu.cases.rights import may
from tousu.cases.severity import REASONS
from tousu.cases.timeline import SeenEvent, case_events, replies, results
from tousu.categories.models import Category
from tousu.documents import kinds as document_kinds
from tousu.documents.letters import Facts
from tousu.documents.service import offered
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.orgs.staff import staff_of

from ..forms_actions import (
    VERB_LABELS,
    ActionContext,
    ActionForm,
    RevealForm,
    UploadForm,
    form_for,
)
from ..http import HtmxHttpRequest
from ..identity import Person, people_for

# The case row and what the page shows of its neighbours, in one query.
CASE_RELATED = (
    "category",
    "unit",
    "centre",
    "merged_into",
    "respondent",
    "registered_by__staff_profile",
)
# Files a browser may show in the page (never SVG or HTML: those could run script).
PREVIEW_IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
PREVIEW_PDF = "application/pdf"
# While these run, the deadline is shown with its remaining working days.
RUNNING = {
    "accept_due": frozenset({Status.REGISTERED}),
    "handle_due": workflow.ACTIVE,
    "unit_due": frozenset({Status.DISPATCHED, Status.HANDLING}),
}
DEADLINE_LABELS: dict[str, Promise] = {
    "accept_due": _("Accept by"),
    "handle_due": _("Handle by"),
    "unit_due": _("Unit's due date"),
}


def load_case(request: HttpRequest, pk: int) -> Case:
    """The case through the one access gate; 404 when the user may not see it."""
    try:
        return visible_cases(request.user).select_related(*CASE_RELATED).get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def display_name(user: Any) -> str:
    if user is None:
        return ""
    profile = getattr(user, "staff_profile", None)  # missing profile: None via select_related
    return (profile.display_name if profile is not None else "") or user.get_username()


def _yes_no(value: bool | None) -> str:
    if value is None:
        return gettext("not determined")
    return gettext("yes") if value else gettext("no")


# --- what the page shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    level: str  # success / error
    text: str


@dataclass(frozen=True)
class DeadlineRow:
    key: str
    label: str | Promise
    due: datetime | None
    running: bool
    current: bool
    remaining: int | None
    state: str  # normal / warning / overdue


@dataclass(frozen=True)
class Detail:
    label: str | Promise
    value: str
    url: str = ""


@dataclass(frozen=True)
class EventRow:
    event: SeenEvent  # as the access gate lets this user see it
    label: str | Promise
    actor: str
    moved: bool
    details: list[Detail]
    from_label: str | Promise
    to_label: str | Promise


@dataclass(frozen=True)
class AttachmentRow:
    attachment: Any
    uploaded_by: str
    preview: str  # image / pdf / ""
    url: str
    inline_url: str


@dataclass(frozen=True)
class DocumentLink:
    """A letter of the case the user may download, as PDF and Word (served by the API)."""

    name: str
    label: str
    pdf: str
    docx: str


@dataclass(frozen=True)
class Action:
    verb: str
    label: str | Promise
    form: ActionForm
    open: bool


@dataclass(frozen=True)
class Units:
    """Every unit once: names for the timeline, the choices for dispatch."""

    by_id: dict[int, tuple[str, str, str, bool]]  # id -> (code, name, kind, active)

    @classmethod
    def load(cls) -> Units:
        rows = Unit.objects.values_list("id", "code", "name", "kind", "is_active")
        return cls({pk: (code, name, kind, active) for pk, code, name, kind, active in rows})

    def name_of_code(self, code: str) -> str:
        for c, name, _kind, _active in self.by_id.values():
            if c == code:
                return name
        return code

    def handling_choices(self) -> list[tuple[str, str]]:
        return sorted(
            (code, name)
            for code, name, kind, active in self.by_id.values()
            if active and kind not in CENTRE_KINDS
        )


def deadline_rows(case: Case, now: datetime) -> list[DeadlineRow]:
    policy = deadlines.policy_of(case)
    rows = []
    for key, statuses in RUNNING.items():
        due: datetime | None = getattr(case, key)
        running = due is not None and case.status in statuses
        current = running and due == case.current_due
        remaining = calendar.remaining_workdays(now, due) if running and due else None
        if current:
            state = deadlines.deadline_state(case, now)
        elif running and due is not None and now > due:
            state = "overdue"
        elif remaining is not None and remaining <= policy.warn_days:
            state = "warning"
        else:
            state = "normal"
        rows.append(DeadlineRow(key, DEADLINE_LABELS[key], due, running, current, remaining, state))
    return rows


def category_lineage(case: Case, units: Units) -> tuple[list[str], str]:
    """The category's path from the root, and the usual handling unit (nearest ancestor's)."""
    if case.category_id is None:
        return [], ""
    rows = {
        pk: (parent, name, unit)
        for pk, parent, name, unit in Category.objects.values_list(
            "id", "parent_id", "name", "default_unit_id"
        )
    }
    path: list[str] = []
    default = ""
    node: int | None = case.category_id
    while node is not None and node in rows and len(path) < 20:
        parent, name, unit_id = rows[node]
        path.insert(0, name)
        if not default and unit_id is not None and unit_id in units.by_id:
            code, _name, kind, active = units.by_id[unit_id]
            if active and kind not in CENTRE_KINDS:
                default = code
        node = parent
    return path, default


def _local_date(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return str(value)
    return timezone.localtime(moment).strftime("%Y-%m-%d")


def event_details(event: SeenEvent, units: Units, sees_confidential: bool) -> list[Detail]:
    """The useful part of an event's data (what the viewer may see of it), labelled."""
    data = event.data or {}
    out: list[Detail] = []
    if data.get("unit"):
        out.append(Detail(_("unit"), units.name_of_code(str(data["unit"]))))
    if data.get("due"):
        out.append(Detail(_("due"), _local_date(data["due"])))
    if data.get("needs_signoff"):
        out.append(Detail(_("sign-off"), gettext("needed")))
    if "days" in data:
        out.append(Detail(_("working days"), str(data["days"])))
    if "workdays_suspended" in data:
        out.append(Detail(_("working days suspended"), str(data["workdays_suspended"])))
    if data.get("severity") in Severity.values:
        out.append(Detail(_("severity"), str(Severity(data["severity"]).label)))
    if event.verb == "register":
        if data.get("suggested_severity") in Severity.values:
            out.append(
                Detail(_("suggested severity"), str(Severity(data["suggested_severity"]).label))
            )
        reasons = [str(REASONS.get(code, code)) for code in data.get("severity_reasons") or []]
        if reasons:
            out.append(Detail(_("because"), "; ".join(reasons)))
    if data.get("satisfaction") in Satisfaction.values:
        out.append(Detail(_("satisfaction"), str(Satisfaction(data["satisfaction"]).label)))
    if "approve" in data:
        out.append(Detail(_("approved"), _yes_no(data["approve"])))
    if "rehandle" in data:
        out.append(Detail(_("handle again"), _yes_no(data["rehandle"])))
    if event.verb == "submit_result":
        out.append(Detail(_("justified"), _yes_no(data.get("justified"))))
        out.append(Detail(_("valid"), _yes_no(data.get("valid"))))
    if event.verb != "register" and data.get("channel") in Channel.values:
        out.append(Detail(_("channel"), str(Channel(data["channel"]).label)))
    if data.get("to"):
        out.append(Detail(_("referred to"), str(data["to"])))
    target = data.get("into") if event.verb == "merge" else data.get("case")
    if data.get("number") and isinstance(target, int):
        label = _("merged into") if event.verb == "merge" else _("case")
        url = reverse("workbench:case", args=[target])
        out.append(Detail(label, str(data["number"]), url))
    if event.verb == "reveal_identity" and data.get("name"):  # a confidential file opened
        out.append(Detail(_("file"), str(data["name"])))
    if event.verb == "issue_document" and data.get("number"):
        kind = document_kinds.KINDS.get(str(data.get("document")))
        name = str(kind.label) if kind is not None else str(data.get("document", ""))
        out.append(Detail(_("document"), f"{name} {data['number']}"))
    if event.verb == "attach":
        if data.get("confidential") and not sees_confidential:
            out.append(Detail(_("file"), gettext("a confidential file")))
        else:
            name = str(data.get("name", ""))
            if data.get("confidential"):
                name += " (" + gettext("confidential") + ")"
            out.append(Detail(_("file"), name))
    return out


def _persons(rows: list[Complainant]) -> list[Person]:
    """Complainants in full: only right after a logged reveal."""
    return [
        Person(
            position=c.position,
            name=c.name,
            gender=c.get_gender_display() if c.gender else "",
            phone=c.phone,
            id_number=c.id_number,
            address=c.address,
            postcode=c.postcode,
            organisation=c.organisation,
            is_representative=c.is_representative,
            special_identity=c.get_special_identity_display() if c.special_identity else "",
        )
        for c in rows
    ]


def action_context(
    request: HttpRequest, case: Case, verbs: list[str], units: Units, default_unit: str
) -> ActionContext:
    reasons: dict[str, list[tuple[str, str]]] = {}
    if {"reject", "return"} & set(verbs):
        for kind, code, text in Reason.objects.filter(
            is_active=True, kind__in=[ReasonKind.NOT_ACCEPTED, ReasonKind.RETURN]
        ).values_list("kind", "code", "text"):
            reasons.setdefault(kind, []).append((code, text))
    return ActionContext(
        case=case,
        user=request.user,
        units=units.handling_choices() if "dispatch" in verbs else [],
        default_unit=default_unit,
        reasons=reasons,
    )


def case_context(
    request: HttpRequest,
    case: Case,
    now: datetime,
    *,
    bound: ActionForm | None = None,
    revealed: list[Complainant] | None = None,
    reveal_form: RevealForm | None = None,
    upload_form: UploadForm | None = None,
    notice: Notice | None = None,
    printing: bool = False,
) -> dict[str, Any]:
    user = request.user
    staff = staff_of(user)
    # Every transfer once: the access gate reads them, the page lists the viewer's own.
    transfers = list(
        Assignment.objects.filter(case=case)
        .select_related("unit", "created_by__staff_profile")
        .order_by("id")
    )
    view = view_of(user, case, transfers)
    access = view.identity
    is_centre = view.as_centre
    units = Units.load()
    path, default_unit = category_lineage(case, units)
    people = _persons(revealed) if revealed is not None else people_for(case, access)
    context: dict[str, Any] = {
        "case": case,
        "view": view,
        "status_label": _status_label(view.status),
        "people": people,
        "revealed": revealed is not None,
        "identity_hidden": access is IdentityAccess.HIDDEN,
        "is_centre": is_centre,
        "respondent": getattr(case, "respondent", None),
        "demands": list(case.demands.all()),
        "category_path": path,
        "severity_reasons": [
            str(REASONS.get(code, code)) for code in view.severity_reasons(case.severity_reasons)
        ],
        "deadlines": deadline_rows(case, now) if view.shows_deadlines else [],
        "state": deadlines.deadline_state(case, now) if view.shows_deadlines else "normal",
        "remaining": deadlines.remaining_workdays(case, now) if view.shows_deadlines else None,
        "registered_by": display_name(case.registered_by),
        "printing": printing,
        "notice": notice,
    }
    if printing:
        return context
    verbs = workflow.available_verbs(user, case, now)
    forms_context = action_context(request, case, verbs, units, default_unit)
    actions = []
    for verb in verbs:
        form = bound if bound is not None and bound.verb == verb else None
        actions.append(
            Action(
                verb,
                VERB_LABELS[verb],
                form or form_for(verb, forms_context),
                open=form is not None,
            )
        )
    assignments = view.own_transfers(transfers)
    extensions = list(
        _extensions_seen(view, assignments, ExtensionRequest.objects.filter(case=case))
        .select_related("requested_by__staff_profile", "decided_by__staff_profile")
        .order_by("id")
    )
    files = list(files_seen(view, case).select_related("uploaded_by__staff_profile").order_by("id"))
    # The timeline names the files this viewer sees from this list (no query of its own).
    names = {a.pk: a.original_name for a in files}
    seen = case_events(view, case, actor_related="actor__staff_profile", file_names=names)
    may_reveal = not case.anonymous and bool(people) and may("reveal_identity", staff, case, now)
    context.update(
        {
            "actions": actions,
            "assignments": [(a, display_name(a.created_by)) for a in assignments],
            "extensions": [
                (x, display_name(x.requested_by), display_name(x.decided_by)) for x in extensions
            ],
            "pending_extension": next((x for x in extensions if x.decided_at is None), None),
            "events": [
                EventRow(
                    event=e,
                    label=VERB_LABELS.get(e.verb, e.verb),
                    actor=display_name(e.actor),
                    moved=bool(e.from_status) and e.from_status != e.to_status,
                    details=event_details(e, units, view.confidential_files),
                    from_label=_status_label(e.from_status),
                    to_label=_status_label(e.to_status),
                )
                for e in seen
            ],
            "results": [
                replace(r, unit=units.name_of_code(r.unit)) if r.unit else r
                for r in results(view, case, seen)
            ],
            "replies": [
                replace(r, channel=str(Channel(r.channel).label))
                if r.channel in Channel.values
                else r
                for r in replies(view, case, seen)
            ],
            "attachments": [_attachment_row(case, a) for a in files],
            "may_attach": case.status not in FINAL_STATUSES and may("attach", staff, case, now),
            "upload_form": upload_form or UploadForm(),
            "may_reveal": may_reveal,
            "reveal_form": reveal_form or RevealForm(),
            "reveal_open": reveal_form is not None,
            "identity_views": identity_view_rows(user, case),
            "documents": document_links(
                user, case, view, Facts(transfers, frozenset(e.verb for e in seen))
            ),
        }
    )
    return context


def document_links(user: Any, case: Case, view: CaseView, facts: Facts) -> list[DocumentLink]:
    """The letters of the case this user may download now (tousu/documents), from what the page
    loaded anyway: no query of its own."""

    def url(name: str, fmt: str) -> str:
        return reverse(
            "api-v1:case_document", kwargs={"case_id": case.pk, "filename": f"{name}.{fmt}"}
        )

    return [
        DocumentLink(o.name, o.label, url(o.name, "pdf"), url(o.name, "docx"))
        for o in offered(user, case, view, facts)
    ]


def identity_view_rows(user: Any, case: Case) -> list[dict[str, Any]] | None:
    """ "Who viewed this": every unmasked look at the complainant, for the centre's leaders and
    supervisors (None: the panel is not shown)."""
    if not disclosure.may_see_identity_views(user, case):
        return None
    return [
        {
            "at": v.at,
            "who": display_name(v.actor),
            "reason": v.reason,
            "attachment": v.attachment,
            "file_name": v.file_name,
        }
        for v in disclosure.identity_views(case, actor_related="actor__staff_profile")
    ]


def _status_label(status: str) -> str | Promise:
    return Status(status).label if status in Status.values else status


def _extensions_seen(
    view: CaseView, own: list[Assignment], requests: QuerySet[ExtensionRequest]
) -> QuerySet[ExtensionRequest]:
    """Extension requests: the centre sees all; a unit those made while it held the case."""
    if view.as_centre:
        return requests
    during = Q(pk__in=[])
    for transfer in own:
        period = Q(requested_at__gte=transfer.created_at)
        if transfer.closed_at is not None:
            period &= Q(requested_at__lte=transfer.closed_at)
        during |= period
    return requests.filter(during)


def _attachment_row(case: Case, a: Any) -> AttachmentRow:
    url = reverse("workbench:attachment", args=[case.pk, a.pk])
    # A confidential file is never shown by merely opening the page: each opening is logged as
    # a reveal (`disclosure.confidential_file_opened`), so it is opened by a click only.
    preview = (
        ""
        if a.confidential
        else "image"
        if a.content_type in PREVIEW_IMAGES
        else "pdf"
        if a.content_type == PREVIEW_PDF
        else ""
    )
    return AttachmentRow(a, display_name(a.uploaded_by), preview, url, url + "?inline=1")


def render_case(
    request: HtmxHttpRequest, case: Case, now: datetime, *, status: int = 200, **extra: Any
) -> HttpResponse:
    """The whole page, or for htmx only the #case-page element (swapped in place)."""
    context = case_context(request, case, now, **extra)
    if swaps_page(request):
        # htmx swaps only 2xx responses: a refusal is shown inside the page element instead.
        return render(request, "workbench/partials/case_page.html", context)
    return render(request, "workbench/case.html", context, status=status)


def swaps_page(request: HtmxHttpRequest) -> bool:
    """An htmx request that replaces the #case-page element (not a history restore)."""
    htmx = request.htmx
    return bool(htmx) and htmx.target == "case-page" and not htmx.history_restore_request


def no_store(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True, private=True)
    return response


# --- the views ----------------------------------------------------------------------------------


@login_required
def case_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    return no_store(render_case(request, case, timezone.now()))


@login_required
def case_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration form 登记表 on one A4 page, identity masked per the access rules."""
    case = load_case(request, pk)
    context = case_context(request, case, timezone.now(), printing=True)
    return no_store(render(request, "workbench/case_print.html", context))
