"""A status query "查询 <code> <password>" is answered with the case's progress in the portal's
plain language. A wrong password and an unknown code get the same answer; ten failures within an
hour — here or on the portal's track page, one count — lock the code for an hour, right password
or not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.conftest import MONDAY
from tousu.cases import tracking
from tousu.cases.models import Case
from tousu.cases.registration import register
from tousu.cases.workflow import accept
from tousu.intake.models import InboundMessage
from tousu.orgs.staff import system_user

from .conftest import push, reply_of, text

PASSWORD = "ABCD234567"
NOT_FOUND = (
    "No case matches this code and password. Please check them and try again: "
    "查询 <tracking code> <password>."
)
LOCKED = "Too many wrong tries for this code. Please try again in an hour, or call the centre."


@pytest.fixture
def case(org: dict[str, Any]) -> Case:
    from tests.conftest import new_case

    return register(
        new_case(channel="wechat", query_password=PASSWORD), actor=system_user(), now=MONDAY
    )


def ask(client: Client, words: str, msg_id: str, at: Any = MONDAY) -> str:
    with time_machine.travel(at, tick=False):
        return reply_of(push(client, text(words, msg_id=msg_id), at=at, nonce=msg_id))["Content"]


def test_the_right_code_and_password_tell_the_progress(
    client: Client, case: Case, org: dict[str, Any]
) -> None:
    answer = ask(client, f"查询 {case.tracking_code} {PASSWORD}", "1")
    assert answer.splitlines() == [
        f"Case {case.number}: received.",
        "We have received your case and will decide shortly whether we can accept it.",
        "Received on 03/02/2026.",
        "Working days left: 1.",
    ]
    assert Case.objects.count() == 1  # a query opens no case
    assert list(InboundMessage.objects.values_list("outcome", "note")) == [
        ("answered", "status query")
    ]


def test_the_case_number_lower_case_and_no_dashes_are_understood_too(
    client: Client, case: Case, org: dict[str, Any]
) -> None:
    accept(case, actor=org["clerk"], now=MONDAY)
    compact = case.tracking_code.replace("-", "").lower()
    by_code = ask(client, f"查询 {compact} {PASSWORD.lower()}", "1")
    by_number = ask(client, f"cx　{case.number}　{PASSWORD}", "2")
    assert by_code == by_number
    assert by_code.splitlines()[0] == f"Case {case.number}: accepted."


def test_a_wrong_password_and_an_unknown_code_get_the_same_answer(
    client: Client, case: Case
) -> None:
    assert ask(client, f"查询 {case.tracking_code} WRONG23456", "1") == NOT_FOUND
    assert ask(client, f"查询 ZZZZ-ZZZZ-ZZZZ {PASSWORD}", "2") == NOT_FOUND


def test_ten_failures_lock_the_code_for_an_hour_even_for_the_right_password(
    client: Client, case: Case
) -> None:
    for i in range(10):
        assert ask(client, f"查询 {case.tracking_code} WRONG{i:05d}", f"w{i}") == NOT_FOUND
    assert ask(client, f"查询 {case.tracking_code} {PASSWORD}", "right") == LOCKED
    later = MONDAY + timedelta(hours=1, seconds=1)
    assert ask(client, f"查询 {case.tracking_code} {PASSWORD}", "later", at=later).startswith(
        f"Case {case.number}: received."
    )


def test_failures_on_the_portal_and_on_wechat_make_one_count(client: Client, case: Case) -> None:
    # Five wrong passwords on the portal's track page, five here: the code is locked on both.
    with time_machine.travel(MONDAY, tick=False):
        for i in range(5):
            tried = Client().post(
                "/portal/track/", {"code": case.tracking_code, "password": f"PORTAL{i:04d}"}
            )
            assert tried.status_code == 403
    for i in range(5):
        assert ask(client, f"查询 {case.tracking_code} WRONG{i:05d}", f"w{i}") == NOT_FOUND
    assert ask(client, f"查询 {case.tracking_code} {PASSWORD}", "right") == LOCKED
    with time_machine.travel(MONDAY, tick=False):
        locked = Client().post("/portal/track/", {"code": case.tracking_code, "password": PASSWORD})
    assert locked.status_code == 429


def test_a_redelivered_wrong_query_counts_once(client: Client, case: Case) -> None:
    for i in range(9):
        ask(client, f"查询 {case.tracking_code} WRONG{i:05d}", f"w{i}")
    ask(client, f"查询 {case.tracking_code} WRONG00008", "w8")  # WeChat retries the ninth
    assert ask(client, f"查询 {case.tracking_code} {PASSWORD}", "right").startswith("Case ")


def test_a_query_without_the_password_is_told_how_to_ask(client: Client, case: Case) -> None:
    answer = ask(client, f"查询 {case.tracking_code}", "1")
    how = "To see a case's progress, send: 查询 <tracking code> <password>"
    assert answer.splitlines()[-1] == how
    assert Case.objects.count() == 1


def test_the_reply_is_told_once_there_is_one(client: Client, case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status="replied", reply="路灯已于3月3日修复。")
    answer = ask(client, f"查询 {case.tracking_code} {PASSWORD}", "1")
    assert answer.splitlines() == [
        f"Case {case.number}: replied.",
        "Your case has been answered. We may contact you to ask whether you are satisfied.",
        "Received on 03/02/2026.",
        "Reply: 路灯已于3月3日修复。",
    ]
    assert tracking.check_password(Case.objects.get().query_password, PASSWORD)
