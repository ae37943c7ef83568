"""批量导入: upload a spreadsheet, see its rows checked with the bad cells marked, confirm, and
watch the background import (htmx polls the progress; without JavaScript the page refreshes).

Only intake staff (the roles that register cases, at a centre) may import; each sees only the
imports they uploaded (another's is a 404). The work is `tousu.intake.importing`; the import
itself runs in `tousu worker` (the task `run_import`)."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tousu.cases.models import Case
from tousu.intake.importing import jobs, workbooks
from tousu.intake.importing.models import ImportJob, ImportState
from tousu.intake.importing.reading import FileProblem
from tousu.intake.importing.tasks import run_import
from tousu.orgs.models import Unit

from ..http import HtmxHttpRequest
from .intake import intake_centres

log = logging.getLogger("tousu.workbench")
RECENT = 10


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    # Only asked when the clerk registers for several centres; otherwise their one centre.
    centre = forms.ChoiceField(label=gettext_lazy("Centre"), required=False)

    def __init__(self, *args: Any, centres: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centres = {str(u.pk): u for u in centres}
        field = self.fields["centre"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(u.pk), u.name) for u in centres]
        field.initial = str(centres[0].pk)
        if len(centres) == 1:
            field.widget = forms.HiddenInput()

    def clean_centre(self) -> Unit:
        chosen = self.cleaned_data.get("centre") or next(iter(self.centres))
        return self.centres[chosen]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.TOUSU_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("is larger than %(size)s MB") % {"size": limit // (1024 * 1024)}
            )
        return upload


def _centres_or_403(user: Any) -> list[Unit]:
    centres = intake_centres(user)
    if not centres:
        raise PermissionDenied(gettext("only centre staff may import cases"))
    return centres


def _job_or_404(request: HtmxHttpRequest, pk: int) -> ImportJob:
    _centres_or_403(request.user)
    job = (
        ImportJob.objects.filter(pk=pk, created_by_id=request.user.pk)
        .select_related("centre")
        .first()
    )
    if job is None:
        raise Http404
    return job


@login_required
def imports(request: HtmxHttpRequest) -> HttpResponse:
    """The upload form and the user's recent imports; POST checks the file and shows its preview."""
    centres = _centres_or_403(request.user)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, centres=centres)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = jobs.upload(
                    upload.read(),
                    upload.name or "",
                    user=request.user,
                    centre=form.cleaned_data["centre"],
                    now=timezone.now(),
                )
            except FileProblem as problem:
                form.add_error("file", problem.message)
            else:
                log.info("import %s checked: %s rows", job.pk, job.total)
                return redirect("workbench:import_job", pk=job.pk)
        return _upload_page(request, form, status=422)
    return _upload_page(request, UploadForm(centres=centres))


def _upload_page(request: HtmxHttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    recent = ImportJob.objects.filter(created_by_id=request.user.pk).defer("rows")[:RECENT]
    return render(
        request,
        "workbench/import.html",
        {
            "form": form,
            "recent": recent,
            "columns": workbooks.columns_table(),
            "max_rows": settings.TOUSU_IMPORT_MAX_ROWS,
            "max_mb": settings.TOUSU_IMPORT_MAX_BYTES // (1024 * 1024),
        },
        status=status,
    )


@login_required
@require_GET
def import_template(request: HtmxHttpRequest) -> HttpResponse:
    _centres_or_403(request.user)
    response = HttpResponse(workbooks.template(), content_type=workbooks.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="tousu-import-template.xlsx"'
    return response


@login_required
@require_GET
def import_job(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The preview of a checked file, or the progress and outcome of its import."""
    job = _job_or_404(request, pk)
    context: dict[str, Any] = {"job": job, **_progress(job)}
    if job.state == ImportState.READY:
        rows, left_out = jobs.preview(job)
        earlier = {r.earlier for r in rows if r.earlier is not None}
        context |= {
            "rows": rows,
            "left_out": left_out,
            "headers": [header for _key, header in job.headers],
            "numbers": dict(Case.objects.filter(pk__in=earlier).values_list("pk", "number")),
        }
    return render(request, "workbench/import_job.html", context)


@login_required
@require_GET
def import_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The progress box alone (htmx polls it while the import runs)."""
    job = _job_or_404(request, pk)
    return render(request, "workbench/import_progress.html", {"job": job, **_progress(job)})


def _progress(job: ImportJob) -> dict[str, Any]:
    now = timezone.now()
    active = job.state in (ImportState.QUEUED, ImportState.RUNNING)
    stalled = jobs.resumable(job, now) and job.state == ImportState.RUNNING
    return {
        "active": active and not stalled,
        "stalled": stalled,
        "retry": job.state == ImportState.FAILED or stalled,
        "percent": min(100, job.processed * 100 // job.valid) if job.valid else 100,
    }


@login_required
@require_POST
def import_start(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Confirm: queue the import for the worker (once, however often the button is pressed)."""
    job = _job_or_404(request, pk)
    if jobs.confirm(job, timezone.now()):
        try:
            run_import.enqueue(job.pk)
        except Exception as exc:
            log.error("import %s: the task queue refused it: %s", job.pk, type(exc).__name__)
            jobs.unqueue(job, gettext("the task queue is not available; try again later"))
        else:
            log.info("import %s queued", job.pk)
    return redirect("workbench:import_job", pk=job.pk)


@login_required
@require_POST
def import_discard(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    if jobs.discard(job):
        messages.info(request, gettext("The file was discarded; nothing was imported."))
        return redirect("workbench:imports")
    return redirect("workbench:import_job", pk=job.pk)


@login_required
@require_GET
def import_errors(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The rows with problems as a workbook: correct them there and import it again."""
    job = _job_or_404(request, pk)
    if job.state not in (ImportState.READY, ImportState.DONE) or not job.problems:
        raise Http404
    response = HttpResponse(workbooks.error_report(job), content_type=workbooks.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="tousu-import-{job.pk}-problems.xlsx"'
    return response
