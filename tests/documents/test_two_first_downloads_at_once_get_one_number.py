"""Numbers under concurrency (PostgreSQL: real concurrent writers; SQLite serialises its writers):
the first downloads of one letter at the same moment give it one number and one event; the first
letters of different cases at the same moment get distinct, consecutive numbers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from tousu.cases.models import Case, CaseEvent
from tousu.documents import numbering
from tousu.documents.models import IssuedDocument

from .conftest import NOW, MakeCase, Org

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a real race needs concurrent writers; SQLite serialises the whole database",
)


def _race(n: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(n)
    outcomes: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[i] = work(i)
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return outcomes


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_one_letter_downloaded_by_several_at_once_gets_one_number(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    n = 5
    clerks = [get_user_model().objects.get(username="clerk") for _ in range(n)]
    copies = [Case.objects.get(pk=case.pk) for _ in range(n)]

    outcomes = _race(
        n,
        lambda i: numbering.issue("registration", case=copies[i], actor=clerks[i], now=NOW)[0],
    )

    assert [o for o in outcomes if not isinstance(o, IssuedDocument)] == []
    assert {o.number for o in outcomes} == {"〔2026〕登记第0001号"}
    assert IssuedDocument.objects.count() == 1
    assert CaseEvent.objects.filter(case=case, verb="issue_document").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_letters_of_different_cases_at_once_get_consecutive_numbers(
    org: Org, make_case: MakeCase
) -> None:
    n = 6
    cases = [make_case() for _ in range(n)]
    clerks = [get_user_model().objects.get(username="clerk") for _ in range(n)]

    outcomes = _race(
        n,
        lambda i: numbering.issue("registration", case=cases[i], actor=clerks[i], now=NOW)[0],
    )

    assert [o for o in outcomes if not isinstance(o, IssuedDocument)] == []
    assert sorted(o.number for o in outcomes) == [
        f"〔2026〕登记第{seq:04d}号" for seq in range(1, n + 1)
    ]
