"""Delivery: a failing channel (or one that cannot be loaded) is retried with growing waits, then
the message is dead; the admin's retry makes it due again; a message whose worker died mid-send
is sent again, once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tousu.notify.channels import Message
from tousu.notify.delivery import deliver_due, retry
from tousu.notify.fanout import fan_out
from tousu.notify.models import Outbox, SentMessage

SECOND = timedelta(seconds=1)


class Unreachable:
    """An SMS gateway that is down."""

    def send(self, message: Message) -> None:
        raise ConnectionError("gateway down")


@pytest.fixture
def gateway_down(settings: Any) -> None:
    settings.TOUSU_SMS_BACKEND = "tests.notify.test_delivery_retries_then_gives_up.Unreachable"
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_RETRY_SECONDS = 60


def test_a_failing_channel_is_retried_with_growing_waits_then_dead(
    org: dict[str, Any], make_case: Any, gateway_down: None
) -> None:
    make_case()
    fan_out(MONDAY)

    assert deliver_due(MONDAY) == 0
    row = Outbox.objects.get()
    assert (row.state, row.attempts, row.next_attempt_at) == ("failed", 1, MONDAY + 60 * SECOND)
    assert row.last_error == "ConnectionError: gateway down"

    assert deliver_due(MONDAY + 59 * SECOND) == 0  # not due yet: nothing tried
    assert Outbox.objects.get().attempts == 1

    deliver_due(MONDAY + 60 * SECOND)
    row = Outbox.objects.get()
    assert (row.state, row.attempts, row.next_attempt_at) == ("failed", 2, MONDAY + 180 * SECOND)

    deliver_due(MONDAY + 180 * SECOND)
    row = Outbox.objects.get()
    assert (row.state, row.attempts) == ("dead", 3)
    assert deliver_due(MONDAY + timedelta(days=1)) == 0
    assert Outbox.objects.get().state == "dead"


def test_the_admins_retry_sends_a_dead_message_again(
    org: dict[str, Any], make_case: Any, settings: Any
) -> None:
    make_case()
    fan_out(MONDAY)
    Outbox.objects.update(state="dead", attempts=8, last_error="gateway down")

    assert retry(Outbox.objects.all(), MONDAY) == 1
    assert deliver_due(MONDAY) == 1

    row = Outbox.objects.get()
    assert (row.state, row.attempts, row.sent_at) == ("sent", 1, MONDAY)
    assert SentMessage.objects.count() == 1


def test_a_message_whose_worker_died_is_claimed_again_after_its_lease_and_sent_once(
    org: dict[str, Any], make_case: Any, settings: Any
) -> None:
    make_case()
    fan_out(MONDAY)
    # A worker sent it, then was killed before recording it: still `sending`, its lease running.
    row = Outbox.objects.get()
    Outbox.objects.update(state="sending", claim="dead-worker", claimed_until=MONDAY + 300 * SECOND)
    from tousu.notify.channels import backend_for

    backend_for("sms").send(
        Message(row.pk, "sms", row.kind, row.address, "", "已发送", False, MONDAY)
    )

    assert deliver_due(MONDAY + 299 * SECOND) == 0  # another worker leaves it alone meanwhile
    assert deliver_due(MONDAY + 301 * SECOND) == 1

    assert Outbox.objects.get().state == "sent"
    assert SentMessage.objects.count() == 1  # the outbox id is the idempotency key


def test_a_channel_whose_backend_cannot_be_loaded_fails_its_messages_for_a_retry(
    org: dict[str, Any], make_case: Any, settings: Any
) -> None:
    settings.TOUSU_SMS_BACKEND = "tests.nowhere.Gateway"
    make_case()
    fan_out(MONDAY)

    assert deliver_due(MONDAY) == 0

    row = Outbox.objects.get()
    assert (row.state, row.attempts, row.next_attempt_at) == ("failed", 1, MONDAY + 60 * SECOND)
    assert row.last_error == "ModuleNotFoundError: No module named 'tests.nowhere'"
