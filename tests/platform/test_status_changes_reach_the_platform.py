"""Every status change of a case the higher platform handed over is pushed to its webhook: signed
with HMAC-SHA256, retried with backoff when the platform fails, each event once under an id the
platform can drop repeats by. Against a real HTTP receiver on this machine."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

import pytest

from tests.api.helpers import advance
from tests.conftest import MONDAY, new_case
from tests.platform.conftest import SECRET, Receiver
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.cases.registration import register
from tousu.notify.delivery import deliver_due
from tousu.notify.models import Outbox
from tousu.notify.webhooks import push

HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)


@pytest.fixture
def handed_over(org: dict[str, Any]) -> Case:
    """A case the platform pushed (its account is the clerk here), then accepted at the centre."""
    case = register(
        new_case(channel="platform", external_id="SJ-2026-000042"), actor=org["clerk"], now=MONDAY
    )
    wf.accept(case, actor=org["clerk"], now=MONDAY + SECOND)
    return case


def verified(received: Any) -> dict[str, Any]:
    """The body, after checking the signature as the platform must."""
    timestamp = received.headers["X-Tousu-Timestamp"]
    expected = hmac.new(
        SECRET.encode(), timestamp.encode() + b"." + received.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(received.headers["X-Tousu-Signature"], f"sha256={expected}")
    body: dict[str, Any] = json.loads(received.body)
    assert received.headers["X-Tousu-Event-Id"] == body["event_id"]
    return body


def test_each_status_change_is_pushed_signed_in_order(
    org: dict[str, Any], handed_over: Case, receiver: Receiver
) -> None:
    assert push(MONDAY + HOUR) == 2

    assert deliver_due(MONDAY + HOUR) == 2

    bodies = [verified(r) for r in receiver.received]
    assert [(b["verb"], b["from_status"], b["status"]) for b in bodies] == [
        ("register", None, "registered"),
        ("accept", "registered", "accepted"),
    ]
    first = bodies[0]
    assert first["type"] == "case.status_changed"
    assert (first["external_id"], first["number"]) == ("SJ-2026-000042", handed_over.number)
    assert first["occurred_at"] == "2026-03-02T10:00:00+08:00"
    assert first["sequence"] < bodies[1]["sequence"]
    assert first["text"] == (
        f"工单 {handed_over.number}(上级平台编号 SJ-2026-000042):register,状态 registered"
    )
    assert receiver.received[0].headers["X-Tousu-Timestamp"] == str(
        int((MONDAY + HOUR).timestamp())
    )
    assert set(Outbox.objects.values_list("state", flat=True)) == {"sent"}


def test_the_reply_and_a_reason_go_with_their_change(
    org: dict[str, Any], receiver: Receiver
) -> None:
    replied = register(
        new_case(channel="platform", external_id="SJ-1"), actor=org["clerk"], now=MONDAY
    )
    advance(replied, org, "replied")
    rejected = register(
        new_case(channel="platform", external_id="SJ-2"), actor=org["clerk"], now=MONDAY
    )
    wf.reject(rejected, actor=org["clerk"], now=MONDAY + HOUR, reason="不属于本中心受理范围")
    push(MONDAY + 2 * HOUR)

    deliver_due(MONDAY + 2 * HOUR)

    bodies = {(b["external_id"], b["verb"]): b for b in map(verified, receiver.received)}
    assert bodies[("SJ-1", "reply")]["reply"] == "电梯已修复"
    assert bodies[("SJ-2", "reject")]["reason"] == "不属于本中心受理范围"
    assert "reply" not in bodies[("SJ-1", "accept")]


def test_a_failing_platform_gets_the_event_again_later_under_the_same_id(
    org: dict[str, Any], handed_over: Case, receiver: Receiver
) -> None:
    receiver.answers = [500, 500]
    push(MONDAY + HOUR)

    assert deliver_due(MONDAY + HOUR) == 0
    assert set(Outbox.objects.values_list("state", flat=True)) == {"failed"}
    assert deliver_due(MONDAY + HOUR + 59 * SECOND) == 0  # not due yet: nothing sent
    assert len(receiver.received) == 2

    assert deliver_due(MONDAY + HOUR + 60 * SECOND) == 2

    ids = [verified(r)["event_id"] for r in receiver.received]
    assert ids[2:] == ids[:2]  # the same events, the same ids
    assert set(Outbox.objects.values_list("state", flat=True)) == {"sent"}
    row = Outbox.objects.order_by("pk").first()
    assert row is not None
    assert row.attempts == 2


def test_pushing_and_delivering_again_sends_nothing_twice(
    org: dict[str, Any], handed_over: Case, receiver: Receiver
) -> None:
    push(MONDAY + HOUR)
    deliver_due(MONDAY + HOUR)

    assert push(MONDAY + 2 * HOUR) == 0
    assert deliver_due(MONDAY + 2 * HOUR) == 0

    assert len(receiver.received) == 2
    assert Outbox.objects.count() == 2


def test_a_message_sent_again_carries_the_same_event_id_for_the_platform_to_drop(
    org: dict[str, Any], handed_over: Case, receiver: Receiver
) -> None:
    push(MONDAY + HOUR)
    deliver_due(MONDAY + HOUR)
    # As if the worker had died after sending, before recording: the rows are sent once more.
    Outbox.objects.update(state="failed")

    deliver_due(MONDAY + 2 * HOUR)

    ids = [verified(r)["event_id"] for r in receiver.received]
    assert len(ids) == 4
    assert len(set(ids)) == 2


def test_when_the_platform_cannot_be_reached_the_whole_batch_waits(
    org: dict[str, Any], handed_over: Case, receiver: Receiver, settings: Any
) -> None:
    push(MONDAY + HOUR)
    settings.TOUSU_PLATFORM_WEBHOOK_URL = "http://127.0.0.1:9/nobody-listens"

    assert deliver_due(MONDAY + HOUR) == 0

    rows = list(Outbox.objects.order_by("pk"))
    assert [r.state for r in rows] == ["failed", "failed"]
    assert all("cannot be reached" in r.last_error for r in rows)
    assert receiver.received == []


def test_only_status_changes_of_platform_cases_are_pushed(
    org: dict[str, Any], make_case: Any, handed_over: Case, receiver: Receiver
) -> None:
    make_case()  # from the phone line: the platform has no business with it
    wf.dispatch(handed_over, actor=org["clerk"], now=MONDAY + 2 * SECOND, unit="unit-a")
    wf.sign(handed_over, actor=org["unit_a_handler"], now=MONDAY + 3 * SECOND)
    wf.remind(handed_over, actor=org["supervisor"], now=MONDAY + 4 * SECOND, note="请加快")

    push(MONDAY + HOUR)

    verbs = list(Outbox.objects.order_by("pk").values_list("context__verb", flat=True))
    assert verbs == ["register", "accept", "dispatch", "sign"]  # the reminder changes no status


def test_without_a_webhook_url_nothing_is_queued_and_the_place_is_kept(
    org: dict[str, Any], handed_over: Case, settings: Any
) -> None:
    settings.TOUSU_PLATFORM_WEBHOOK_URL = ""

    assert push(MONDAY + HOUR) == 0
    assert Outbox.objects.count() == 0

    settings.TOUSU_PLATFORM_WEBHOOK_URL = "http://127.0.0.1:9/later"
    assert push(MONDAY + HOUR) == 2
    assert Outbox.objects.count() == 2
