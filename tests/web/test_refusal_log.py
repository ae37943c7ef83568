"""A refused request (403) is an answer, not a fault: it is logged in exactly one line saying
the method, the path, who asked and why — never with a traceback, never twice."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client, RequestFactory

from tests.api.helpers import API
from tousu.cases.errors import Forbidden
from tousu.lib.refusals import log_refusal
from tousu.web.errors import permission_denied

ENGLISH: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en"}


def lines_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What reached the log at warning level or above, from any logger."""
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def the_one_line(caplog: pytest.LogCaptureFixture) -> str:
    records = lines_logged(caplog)
    assert [(r.name, r.levelname) for r in records] == [("tousu.security", "WARNING")]
    assert records[0].exc_info is None
    assert records[0].exc_text is None
    message = records[0].getMessage()
    assert "\n" not in message
    return message


def test_a_verb_the_api_caller_has_no_right_to_is_logged_in_one_line(
    make_case: Any, api_as: Any, caplog: pytest.LogCaptureFixture
) -> None:
    case = make_case()
    analyst = api_as("analyst")
    caplog.clear()

    response = analyst.post(
        f"{API}/cases/{case.pk}/actions/accept", "{}", content_type="application/json", **ENGLISH
    )

    assert response.status_code == 403
    assert the_one_line(caplog) == (
        f"refused POST /api/v1/cases/{case.pk}/actions/accept user=analyst "
        "reason=you may not 'accept' this case"
    )


def test_a_workbench_page_the_user_may_not_open_is_logged_in_one_line(
    org: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    client.force_login(org["clerk"])

    response = client.get("/overview/", **ENGLISH)

    assert response.status_code == 403
    assert the_one_line(caplog) == "refused GET /overview/ user=clerk reason=permission denied"


def test_a_workbench_action_the_user_has_no_right_to_is_logged_in_one_line(
    org: dict[str, Any], make_case: Any, caplog: pytest.LogCaptureFixture
) -> None:
    case = make_case()
    client = Client()
    client.force_login(org["analyst"])
    caplog.clear()

    response = client.post(
        f"/cases/{case.pk}/act/accept/",
        {"version": case.version, "severity": "general", "note": ""},
        **ENGLISH,
    )

    assert response.status_code == 403
    assert the_one_line(caplog) == (
        f"refused POST /cases/{case.pk}/act/accept/ user=analyst reason=permission denied"
    )


def test_a_403_raised_from_the_workflows_refusal_logs_the_workflows_reason(
    org: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    request = RequestFactory().post("/cases/7/act/accept/")
    request.user = org["analyst"]
    try:
        try:
            raise Forbidden("you may not 'accept' this case")
        except Forbidden:
            raise PermissionDenied from None  # as the workbench's views do
    except PermissionDenied as refusal:
        response = permission_denied(request, refusal)

    assert response.status_code == 403
    assert the_one_line(caplog) == (
        "refused POST /cases/7/act/accept/ user=analyst reason=you may not 'accept' this case"
    )


def test_a_form_posted_without_its_csrf_token_is_logged_in_one_line(
    db: Any, caplog: pytest.LogCaptureFixture
) -> None:
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/login/", {"username": "clerk", "password": "x"})

    assert response.status_code == 403
    assert the_one_line(caplog) == (
        "refused POST /login/ user=anonymous reason=CSRF: CSRF cookie not set."
    )


def test_a_path_cannot_forge_a_second_log_line(caplog: pytest.LogCaptureFixture) -> None:
    request = RequestFactory().get("/cases/1/%0Arefused GET /admin/ user=director")
    request.user = type("Anonymous", (), {"is_authenticated": False})()

    log_refusal(request, HttpResponse(status=403), "no\rreason")

    assert the_one_line(caplog) == (
        "refused GET /cases/1/\\x0arefused GET /admin/ user=director user=anonymous "
        "reason=no\\x0dreason"
    )
