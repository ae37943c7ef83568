"""The case page's POST handlers — a workflow verb with its form, revealing an identity, adding
attachments — and the download of an attachment. Each goes through the domain (`workflow.VERBS`,
`disclosure.reveal_identity`, `attachments.attach`) and answers with the case page again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tousu.cases import disclosure, workflow
from tousu.cases.access import (
    visible_attachments,
    visible_cases,
)
from tousu.cases.attachments import attach, open_file
from tousu.cases.errors import Forbidden, InvalidInput, NotAllowed
from tousu.cases.models import (
    Case,
)
from tousu.cases.rights import may
from tousu.orgs.staff import staff_of

from .. import queues
from ..forms_actions import (
    VERB_LABELS,
    RevealForm,
    UploadForm,
    form_for,
)
from ..http import HtmxHttpRequest
from .case import (
    CASE_RELATED,
    PREVIEW_IMAGES,
    PREVIEW_PDF,
    Notice,
    Units,
    action_context,
    category_lineage,
    load_case,
    no_store,
    render_case,
    swaps_page,
)


def _ready(verb: str, case: Case) -> bool:
    if case.status not in workflow.TRANSITIONS[verb].sources:
        return False
    ready = workflow.READY.get(verb)
    return ready is None or ready[0](case)


def _changed_meanwhile(case: Case) -> Notice:
    return Notice(
        "error",
        gettext(
            "Someone else changed this case in the meantime; it is now “%(status)s”. "
            "Check it as it is now and try again if still needed."
        )
        % {"status": case.get_status_display()},
    )


def _refused(
    request: HtmxHttpRequest, pk: int, now: datetime, verb: str, posted: dict[str, Any]
) -> HttpResponse:
    """Someone else acted first: the fresh case, with a clear message. The user's input is kept
    in the action's form when that action is still possible."""
    case = load_case(request, pk)
    bound = None
    if verb in workflow.available_verbs(request.user, case, now):
        units = Units.load()
        _path, default_unit = category_lineage(case, units)
        bound = form_for(verb, action_context(request, case, [verb], units, default_unit))
        bound.initial.update({k: v for k, v in posted.items() if k in bound.fields})
        bound.initial["version"] = case.version
    return render_case(request, case, now, status=409, bound=bound, notice=_changed_meanwhile(case))


def show_errors(form: Any, exc: InvalidInput) -> None:
    """The domain's refusal, field by field, on the form the user filled in."""
    for name, errors in exc.fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


@login_required
@require_POST
def act(request: HtmxHttpRequest, pk: int, verb: str) -> HttpResponse:
    """Apply one workflow verb with its form; the page again with the outcome."""
    if verb not in workflow.VERBS:
        raise Http404
    case = load_case(request, pk)
    now = timezone.now()
    posted = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "version"}}
    if not _ready(verb, case):
        return _refused(request, pk, now, verb, posted)
    if not may(verb, staff_of(request.user), case, now):
        raise PermissionDenied
    version = request.POST.get("version", "")
    if version and version != str(case.version):
        return _refused(request, pk, now, verb, posted)
    units = Units.load()
    _path, default_unit = category_lineage(case, units)
    form = form_for(verb, action_context(request, case, [verb], units, default_unit), request.POST)
    if form.is_valid():
        try:
            workflow.VERBS[verb](case, actor=request.user, now=now, **form.body())
        except InvalidInput as exc:
            show_errors(form, exc)
        except Forbidden:
            raise PermissionDenied from None
        except NotAllowed:  # including Conflict: someone else acted between load and update
            return _refused(request, pk, now, verb, posted)
        else:
            queues.forget_counts(request.user)
            return _done(request, pk, now, verb)
    case = load_case(request, pk)  # nothing was written: the page as it is
    return render_case(request, case, now, status=422, bound=form)


def _done(request: HtmxHttpRequest, pk: int, now: datetime, verb: str) -> HttpResponse:
    try:
        case = visible_cases(request.user).select_related(*CASE_RELATED).get(pk=pk)
    except Case.DoesNotExist:  # the action took the case out of this user's sight
        messages.success(request, gettext("Done: %(action)s.") % {"action": VERB_LABELS[verb]})
        home = reverse("workbench:home")
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = home
            return response
        return redirect(home)
    text = gettext("Done: %(action)s. The case is now “%(status)s”.") % {
        "action": VERB_LABELS[verb],
        "status": case.get_status_display(),
    }
    if swaps_page(request):
        return render_case(request, case, now, notice=Notice("success", text))
    messages.success(request, text)
    return redirect("workbench:case", pk=pk)


@login_required
@require_POST
def reveal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Show the complainants in full, once, logged with the reason; never stored."""
    case = load_case(request, pk)
    now = timezone.now()
    if not may("reveal_identity", staff_of(request.user), case, now):
        raise PermissionDenied
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            people = disclosure.reveal_identity(
                case, actor=request.user, now=now, reason=form.cleaned_data["reason"]
            )
        except InvalidInput as exc:
            show_errors(form, exc)
        except Forbidden:
            raise PermissionDenied from None
        except NotAllowed as exc:
            return render_case(request, case, now, status=409, notice=Notice("error", exc.message))
        else:
            notice = Notice(
                "success",
                gettext("The full identity is shown below, this once. The reveal has been logged."),
            )
            return no_store(render_case(request, case, now, revealed=people, notice=notice))
    return render_case(request, case, now, status=422, reveal_form=form)


def _sizes_ok(form: UploadForm) -> bool:
    """Every file within the limit, by the size the upload declared — checked before any of
    them is read into memory; the others are errors on the form."""
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    too_big = gettext("is larger than %(size)s MB") % {"size": limit // (1024 * 1024)}
    for upload_file in form.cleaned_data["file"]:
        if upload_file.size is not None and upload_file.size > limit:
            form.add_error("file", f"{upload_file.name or ''}: {too_big}")
    return not form.errors


@login_required
@require_POST
def upload(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add files to the case (all of them or none)."""
    case = load_case(request, pk)
    now = timezone.now()
    if not may("attach", staff_of(request.user), case, now):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid() and _sizes_ok(form):
        files = form.cleaned_data["file"]
        current = ""
        try:
            with transaction.atomic():
                for upload_file in files:
                    current = upload_file.name or ""
                    attach(
                        case,
                        actor=request.user,
                        now=now,
                        name=current,
                        data=upload_file.read(),
                        confidential=form.cleaned_data["confidential"],
                    )
        except InvalidInput as exc:
            for errors in exc.fields.values():
                for error in errors:
                    form.add_error("file", f"{current}: {error}")
        except Forbidden:
            raise PermissionDenied from None
        except NotAllowed as exc:
            return render_case(request, case, now, status=409, notice=Notice("error", exc.message))
        else:
            text = gettext("%(count)s file(s) added.") % {"count": len(files)}
            if swaps_page(request):
                return render_case(request, case, now, notice=Notice("success", text))
            messages.success(request, text)
            return redirect("workbench:case", pk=pk)
    return render_case(request, case, now, status=422, upload_form=form)


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """A file of the case, for those who may see it (confidential ones: the centre, or a unit
    after disclosure). `?inline=1` shows images and PDFs in the browser."""
    case = load_case(request, pk)
    row = visible_attachments(request.user, case).filter(pk=attachment_id).first()
    if row is None:
        raise Http404
    row.case = case
    # A confidential file shows who complained: opening it is logged like a reveal.
    disclosure.confidential_file_opened(row, actor=request.user, now=timezone.now())
    inline = request.GET.get("inline") == "1" and (
        row.content_type in PREVIEW_IMAGES or row.content_type == PREVIEW_PDF
    )
    response = FileResponse(
        open_file(row),
        content_type=row.content_type,
        as_attachment=not inline,
        filename=row.original_name,
    )
    patch_cache_control(response, private=True, max_age=0)
    return response
