"""登记: the intake form a clerk fills in while the caller talks, the live severity suggestion,
and the page that shows the new case's number and tracking code to read out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tousu.cases.access import get_case_for, sees_as_centre
from tousu.cases.attachments import attach
from tousu.cases.errors import Forbidden, InvalidInput, NotAllowed
from tousu.cases.models import Case
from tousu.cases.registration import register
from tousu.cases.rights import INTAKE
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.orgs.staff import staff_of, unit_tree

from .. import queues
from ..forms_intake import (
    BaseComplainantFormSet,
    IntakeForm,
    category_tree,
    complainant_formset,
    place_errors,
    suggestion_for,
)
from ..http import HtmxHttpRequest


def intake_centres(user: Any) -> list[Unit]:
    """The centres (centre, sub-centre, station) where the user holds an intake role; empty for
    everyone who may not register cases."""
    staff = staff_of(user)
    tree = unit_tree()
    own = sorted(
        {
            u
            for role in INTAKE
            for u in staff.roles.get(role, ())
            if tree.kind.get(u) in CENTRE_KINDS
        }
    )
    if not own:
        return []
    by_id = Unit.objects.in_bulk(own)
    return [by_id[u] for u in own if u in by_id]


def _centres_or_403(user: Any) -> list[Unit]:
    centres = intake_centres(user)
    if not centres:
        raise PermissionDenied(gettext("only centre staff may register cases"))
    return centres


def _forms(
    request: HtmxHttpRequest, centres: list[Unit]
) -> tuple[IntakeForm, BaseComplainantFormSet]:
    form = IntakeForm(request.POST, request.FILES, categories=category_tree(), centres=centres)
    return form, complainant_formset(request.POST)


@login_required
def intake(request: HtmxHttpRequest) -> HttpResponse:
    centres = _centres_or_403(request.user)
    now = timezone.now()
    if request.method != "POST":
        received = timezone.localtime(now).replace(second=0, microsecond=0)
        form = IntakeForm(
            categories=category_tree(), centres=centres, initial={"received_at": received}
        )
        people = complainant_formset()
        return _page(request, form, people)

    form, people = _forms(request, centres)
    form_ok = form.is_valid()
    anonymous = bool(form.cleaned_data.get("anonymous"))
    people_ok = anonymous or people.is_valid()
    if form_ok and people_ok:
        rows = [] if anonymous else people.filled_forms()
        new = form.to_new([row.to_new() for row in rows])
        try:
            # One transaction: a file that fails to attach leaves no case behind.
            with transaction.atomic():
                case = register(new, actor=request.user, now=now)
                for name, data in form.files_read:
                    attach(
                        case,
                        actor=request.user,
                        now=now,
                        name=name,
                        data=data,
                        confidential=bool(form.cleaned_data.get("confidential")),
                    )
        except InvalidInput as error:
            place_errors(error.fields, form, people, rows)
        except Forbidden as error:
            raise PermissionDenied(error.message) from error
        except NotAllowed as error:
            form.add_error(None, error.message)
        else:
            queues.forget_counts(request.user)
            return redirect("workbench:intake_done", pk=case.pk)
    return _page(request, form, people, status=422)


# The browser keeps the clerk's unsaved intake under this key (intake.js) — personal data of a
# caller, so it is bound to the user, dropped once the case is saved, on logging out (app.js)
# and after DRAFT_HOURS (intake.js).
DRAFT_KEY_PREFIX = "tousu:intake-draft:"


def draft_key(user: Any) -> str:
    return f"{DRAFT_KEY_PREFIX}{user.pk}"


def _page(
    request: HtmxHttpRequest,
    form: IntakeForm,
    people: BaseComplainantFormSet,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "workbench/intake.html",
        {
            "form": form,
            "people": people,
            "categories": form.categories,
            "suggestion": suggestion_for(form, people),
            "draft_key": draft_key(request.user),
            "max_mb": settings.TOUSU_ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "files_dropped": form.is_bound and bool(request.FILES),
        },
        status=status,
    )


@login_required
@require_POST
def intake_severity(request: HtmxHttpRequest) -> HttpResponse:
    """The suggested severity for the form as it stands (htmx, on every relevant change)."""
    centres = _centres_or_403(request.user)
    form, people = _forms(request, centres)
    return render(
        request,
        "workbench/partials/intake_severity.html",
        {"suggestion": suggestion_for(form, people)},
    )


@login_required
def intake_done(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The new case's number and tracking code, in large type to read out to the caller."""
    _centres_or_403(request.user)
    try:
        case = get_case_for(request.user, pk)
    except Case.DoesNotExist:
        raise Http404 from None
    if not sees_as_centre(request.user, case):
        raise Http404
    return render(
        request,
        "workbench/intake_done.html",
        {
            "case": case,
            "attachment_count": case.attachments.count(),
            "draft_key": draft_key(request.user),
        },
    )
