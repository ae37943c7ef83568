"""The self-hosted proof-of-work challenge (ALTCHA): with it on, a submission needs a solved,
fresh, unused challenge from the portal's own endpoint; `TOUSU_PORTAL_CHALLENGE=0` turns it off
(the rate limits stay). Solved here with the altcha library, as the widget does in a browser."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from altcha import Challenge, Payload, solve_challenge
from django.test import Client

from tousu.cases.models import Case

from .conftest import valid_form


@pytest.fixture
def challenge_on(settings: Any) -> None:
    settings.TOUSU_PORTAL_CHALLENGE = True
    settings.ALTCHA_CHALLENGE = {"cost": 10, "expires_seconds": 600}  # a quick solve in a test


def _solved(client: Client) -> str:
    answer = client.get("/portal/challenge/")
    assert answer.status_code == 200
    challenge = Challenge.from_dict(answer.json())
    solution = solve_challenge(challenge, timeout=30)
    assert solution is not None
    return Payload(challenge, solution).to_base64()


def test_the_form_shows_the_widget_served_from_our_own_files(
    org: dict[str, Any], challenge_on: None
) -> None:
    answer = Client().get("/portal/new/")
    html = answer.content.decode()
    assert '<altcha-widget name="altcha"' in html and 'challenge="/portal/challenge/"' in html
    assert 'src="/static/altcha_django/altcha.min.js"' in html
    assert "https://" not in html.split("<body", 1)[0]  # nothing fetched from elsewhere
    policy = answer["Content-Security-Policy"]
    assert "worker-src 'self' blob:" in policy and "script-src 'self' 'nonce-" in policy


def test_a_solved_challenge_lets_the_submission_in(org: dict[str, Any], challenge_on: None) -> None:
    client = Client()
    answer = client.post("/portal/new/", valid_form(altcha=_solved(client)))
    assert answer.status_code == 302
    assert Case.objects.count() == 1


def test_a_submission_without_a_solution_is_refused(
    org: dict[str, Any], challenge_on: None
) -> None:
    answer = Client().post("/portal/new/", valid_form())
    assert answer.status_code == 422 and 'data-error-for="altcha"' in answer.content.decode()
    assert Case.objects.count() == 0


def test_a_forged_solution_is_refused(org: dict[str, Any], challenge_on: None) -> None:
    client = Client()
    payload = json.loads(base64.b64decode(_solved(client)))
    payload["solution"]["counter"] += 1
    forged = base64.b64encode(json.dumps(payload).encode()).decode()
    answer = client.post("/portal/new/", valid_form(altcha=forged))
    assert answer.status_code == 422 and Case.objects.count() == 0


def test_a_solution_is_good_for_one_submission_only(
    org: dict[str, Any], challenge_on: None
) -> None:
    client = Client()
    solved = _solved(client)
    first = client.post("/portal/new/", valid_form(altcha=solved))
    replayed = client.post("/portal/new/", valid_form(altcha=solved, phone="13800002222"))
    assert (first.status_code, replayed.status_code) == (302, 422)
    assert Case.objects.count() == 1


def test_switched_off_there_is_no_widget_and_no_endpoint(org: dict[str, Any]) -> None:
    client = Client()
    assert "altcha" not in client.get("/portal/new/").content.decode()
    assert client.get("/portal/challenge/").status_code == 404
    assert client.post("/portal/new/", valid_form()).status_code == 302


def test_switched_off_the_rate_limits_still_hold(org: dict[str, Any], settings: Any) -> None:
    settings.TOUSU_PORTAL_RATE_ADDRESS = "1/h"
    client = Client()
    first = client.post("/portal/new/", valid_form())
    second = client.post("/portal/new/", valid_form(phone="13800002222"))
    assert (first.status_code, second.status_code) == (302, 429)
