"""事事有回音: the complainant hears of the acknowledgement, the acceptance or not, the reply and
a callback that could not reach them — by SMS to their phone, never naming staff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine

from tests.conftest import MONDAY
from tests.notify.helpers import run_jobs, texts_sent
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.notify.models import Outbox, SentMessage


def test_registration_acknowledges_with_the_number_and_the_tracking_code(
    org: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    run_jobs(MONDAY)

    sent = SentMessage.objects.get()
    assert (sent.channel, sent.address) == ("sms", "13812345678")
    assert sent.body == (
        f"【投诉中心】您的诉求已登记,编号 {case.number},查询码 {case.tracking_code}。"
    )


def test_a_refusal_gives_the_reason(org: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    wf.reject(case, actor=org["clerk"], now=MONDAY, reason="不属于本中心受理范围")
    run_jobs(MONDAY)

    assert texts_sent()[-1] == (
        f"【投诉中心】您的诉求 {case.number} 不予受理,理由:不属于本中心受理范围。"
    )


def test_the_whole_loop_tells_the_complainant_four_times_and_names_nobody(
    org: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    advance(case, "replied", org, MONDAY)
    wf.callback(case, actor=org["clerk"], now=MONDAY, satisfaction="unreachable")
    run_jobs(MONDAY)

    kinds = Outbox.objects.filter(user=None).order_by("id").values_list("kind", flat=True)
    assert list(kinds) == ["acknowledged", "accepted", "replied", "callback_request"]
    bodies = texts_sent()
    assert bodies[2] == f"【投诉中心】您的诉求 {case.number} 答复如下:已整改完毕"
    staff_names = {u.username for u in org["users"].values()}
    assert not any(name in body for name in staff_names for body in bodies)


def test_an_anonymous_complainant_gets_nothing(org: dict[str, Any], make_case: Any) -> None:
    make_case(anonymous=True, complainants=[])
    run_jobs(MONDAY)

    assert Outbox.objects.count() == 0


def test_no_text_at_night_it_waits_for_the_morning(org: dict[str, Any], make_case: Any) -> None:
    late = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)  # 22:30 in Shanghai
    make_case(now=late)
    with time_machine.travel(late, tick=False):
        run_jobs(late)

    row = Outbox.objects.get()
    assert row.state == "pending"
    assert row.next_attempt_at == datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # 08:00 Shanghai
    run_jobs(row.next_attempt_at + timedelta(seconds=1))
    assert Outbox.objects.get().state == "sent"
