"""A wrong password and an unknown code get the same answer; after 10 failed tries for one code
within an hour that code is locked for an hour, right password or not — unknown codes alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client

from tests.conftest import MONDAY
from tousu.cases.models import TrackFailure, TrackLock

from .conftest import PASSWORD, track

START = MONDAY + timedelta(hours=1)


def _body(answer: Any) -> str:
    html = answer.content.decode()
    return html.split('id="track-refused">', 1)[1].split("</div>", 1)[0]


def test_wrong_password_and_unknown_code_are_answered_alike(citizen_case: Any) -> None:
    wrong = track(Client(), citizen_case.tracking_code, "WRONGPASS2")
    unknown = track(Client(), "ZZZZ-ZZZZ-ZZZZ", PASSWORD)
    assert (wrong.status_code, unknown.status_code) == (403, 403)
    assert _body(wrong) == _body(unknown)
    assert "tousu.portal.tracked" not in wrong.wsgi_request.session


def test_a_missing_field_is_named(org: dict[str, Any]) -> None:
    answer = Client().post("/portal/track/", {"code": "ABCD-EFGH-JKMN"})
    assert answer.status_code == 422 and 'data-error-for="password"' in answer.content.decode()
    assert TrackFailure.objects.count() == 0


def test_ten_failures_within_an_hour_lock_the_code_even_for_the_right_password(
    citizen_case: Any,
) -> None:
    code = citizen_case.tracking_code
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(9):
            assert track(Client(), code, "WRONGPASS2").status_code == 403
            clock.shift(timedelta(minutes=5))
        assert track(Client(), code, "WRONGPASS2").status_code == 403  # the tenth: locks
        locked = track(Client(), code, PASSWORD)
        assert locked.status_code == 429
        assert "tousu.portal.tracked" not in locked.wsgi_request.session
        clock.shift(timedelta(minutes=59))
        assert track(Client(), code, PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=2))
        assert track(Client(), code, PASSWORD).status_code == 302


def test_an_unknown_code_locks_like_a_known_one(org: dict[str, Any]) -> None:
    with time_machine.travel(START, tick=False):
        answers = [track(Client(), "ABCD-EFGH-JKMN", "WRONGPASS2").status_code for _ in range(11)]
    assert answers == [403] * 10 + [429]
    assert TrackLock.objects.count() == 1


def test_failures_older_than_an_hour_do_not_count(citizen_case: Any) -> None:
    code = citizen_case.number
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(9):
            track(Client(), code, "WRONGPASS2")
        clock.shift(timedelta(minutes=61))
        for _ in range(9):
            assert track(Client(), code, "WRONGPASS2").status_code == 403
        assert track(Client(), code, PASSWORD).status_code == 302


def test_the_locked_code_and_the_failures_are_kept_only_as_keyed_hashes(citizen_case: Any) -> None:
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            track(Client(), citizen_case.tracking_code, "WRONGPASS2")
    stored = [lock.code_key for lock in TrackLock.objects.all()]
    assert len(stored) == 1 and citizen_case.tracking_code not in stored[0]
    assert len(stored[0]) == 64
