"""What every portal page shares: the centre's name, the error mapping, the CSP of a page with
the challenge widget."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP

from tousu.orgs.models import CENTRE_KINDS, Unit


def centre_name() -> str:
    """The centre that takes the public's cases (`TOUSU_PUBLIC_CENTRE`, else the first one)."""
    units = Unit.objects.filter(kind__in=CENTRE_KINDS, is_active=True)
    code = settings.TOUSU_PUBLIC_CENTRE
    unit = (units.filter(code=code) if code else units.filter(parent__isnull=True)).order_by("pk")
    return unit.values_list("name", flat=True).first() or ""


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, {"centre": centre_name(), **context}, status=status)


def allow_challenge_worker(response: HttpResponse) -> HttpResponse:
    """The challenge widget computes in a Web Worker it starts from a blob: URL; the page that
    shows it allows that (and nothing else more than every other page)."""
    config = dict(settings.SECURE_CSP)
    config["worker-src"] = [CSP.SELF, "blob:"]
    response._csp_config = config  # type: ignore[attr-defined]
    return response


def place_errors(form: forms.Form, fields: dict[str, list[str]], names: dict[str, str]) -> None:
    """The domain's errors (registration, supplement) on the form's fields: `names` maps the
    domain's field names to the form's; anything else goes on the form as a whole."""
    for field, messages in fields.items():
        target = names.get(field)
        if target is None and field.startswith("files["):
            target = "attachments"
        if target is None and field in form.fields:
            target = field
        for message in messages:
            form.add_error(target, message)
