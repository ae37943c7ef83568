"""Two requests with the same Idempotency-Key at the same moment — both past the look-up before
either has written its key — still make one case: the second fails on the key when the first
commits, rolls its own case back and answers with the first one's case."""

from __future__ import annotations

import json
import threading
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from tests.api.helpers import API, case_body
from tousu.api import idempotency
from tousu.api.models import ApiToken, IdempotencyKey
from tousu.cases.models import Case, CaseEvent


class BothPastTheLookup:
    """`transaction` for the idempotency module: each request waits at the start of its
    transaction until both have looked the key up and found nothing."""

    def __init__(self) -> None:
        self.barrier = threading.Barrier(2)

    def atomic(self) -> AbstractContextManager[Any]:
        self.barrier.wait(timeout=10)
        return transaction.atomic()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_the_same_key_at_the_same_moment_makes_one_case(
    org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idempotency, "transaction", BothPastTheLookup())
    _row, secret = ApiToken.issue(org["clerk"])
    body = json.dumps(case_body())
    answers: list[Any] = [None, None]

    def post(i: int) -> None:
        try:
            answers[i] = Client(headers={"Authorization": f"Bearer {secret}"}).post(
                API + "/cases",
                body,
                content_type="application/json",
                headers={"Idempotency-Key": "same-moment"},
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request is stuck"

    assert sorted(a.status_code for a in answers) == [200, 201], [a.content for a in answers]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
