"""Delivery reads each template once per run and records a chunk's outcomes in a few statements:
fifty messages to the log backend cost the same queries as five, sent, failed or dead alike."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MONDAY
from tousu.notify.channels import Message
from tousu.notify.delivery import deliver_due
from tousu.notify.models import Outbox, SentMessage, Template


def _due(count: int, *, template: str = "accepted") -> None:
    Outbox.objects.bulk_create(
        Outbox(
            dedupe_key=f"test:{template}:{i}",
            channel="sms",
            kind="accepted",
            address=f"138{i:08d}",
            template=template,
            context={"number": f"T{i}"},
            next_attempt_at=MONDAY,
            created_at=MONDAY,
        )
        for i in range(count)
    )


@pytest.fixture
def sms_template(db: Any) -> None:
    Template.objects.update_or_create(
        code="accepted", channel="sms", language="zh-hans", defaults={"body": "{{ number }} 已受理"}
    )


@pytest.mark.parametrize("count", [5, 50])
def test_sending_costs_the_same_queries_for_five_messages_and_fifty(
    sms_template: None, django_assert_num_queries: Any, count: int
) -> None:
    _due(count)
    # claim (2), the rows, the templates; the log backend: savepoint, which are there, INSERT,
    # release; the outcomes: savepoint, one UPDATE, release.
    with django_assert_num_queries(11):
        assert deliver_due(MONDAY) == count
    assert SentMessage.objects.count() == count
    assert set(Outbox.objects.values_list("state", "attempts")) == {("sent", 1)}


class Unreachable:
    def send(self, message: Message) -> None:
        raise ConnectionError("gateway down")


@pytest.mark.parametrize("count", [5, 50])
def test_failing_and_dead_messages_cost_the_same_queries_for_five_and_fifty(
    sms_template: None, django_assert_num_queries: Any, settings: Any, count: int
) -> None:
    settings.TOUSU_SMS_BACKEND = (
        "tests.notify.test_delivery_costs_the_same_queries_for_few_messages_and_many.Unreachable"
    )
    _due(count)
    _due(count, template="no-such-template")
    # claim (2), the rows, the templates; the outcomes: savepoint, one UPDATE for the failed
    # (one error, one retry time), one for the dead (one error), release.
    with django_assert_num_queries(8):
        assert deliver_due(MONDAY, limit=2 * count) == 0
    assert set(Outbox.objects.values_list("state", "attempts", "last_error")) == {
        ("dead", 1, "no template for no-such-template / sms / zh-hans"),
        ("failed", 1, "ConnectionError: gateway down"),
    }
