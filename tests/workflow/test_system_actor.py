"""The `system` actor of automatic reminders and escalations: a real account that can never log
in, and that may apply exactly the automatic verbs (warn, remind, escalate) — nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import MONDAY
from tests.workflow.helpers import act, advance, fresh, snapshot
from tousu.cases import workflow as wf
from tousu.cases.errors import Forbidden
from tousu.cases.models import Case, CaseEvent, Status
from tousu.orgs.staff import staff_of, system_user

Org = dict[str, Any]
MakeCase = Callable[..., Case]
NOW = MONDAY + timedelta(hours=1)


def test_the_system_account_exists_inactive_and_without_a_usable_password(db: Any) -> None:
    system = system_user()
    stored = get_user_model().objects.get(username="system")
    assert stored.pk == system.pk
    assert (stored.is_active, stored.has_usable_password()) == (False, False)
    assert staff_of(stored).is_system is True


def test_nobody_can_log_in_as_the_system(db: Any) -> None:
    system = system_user()
    client = Client()
    for password in ("", "!", "system"):
        answer = client.post("/login/", {"username": "system", "password": password})
        assert answer.status_code == 200  # the form again, not a redirect into the workbench
        assert "_auth_user_id" not in client.session
    assert staff_of(system).role_names == []


@pytest.mark.parametrize("verb", ["warn", "remind", "escalate"])
def test_the_system_applies_the_automatic_verbs_and_is_named_on_the_event(
    org: Org, make_case: MakeCase, verb: str
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    act(verb, case, system_user(), NOW)
    last = CaseEvent.objects.filter(case=case).latest("id")
    assert (last.verb, last.actor_id, last.data["automatic"]) == (verb, system_user().pk, True)
    assert fresh(case).status == Status.HANDLING


@pytest.mark.parametrize(
    ("status", "verb"),
    [
        (Status.REGISTERED, "accept"),
        (Status.ACCEPTED, "dispatch"),
        (Status.HANDLING, "submit_result"),
        (Status.HANDLING, "suspend"),
        (Status.HANDLING, "disclose_identity"),
        (Status.REPLIED, "callback"),
    ],
)
def test_the_system_may_do_nothing_else_and_a_refusal_changes_nothing(
    org: Org, make_case: MakeCase, status: str, verb: str
) -> None:
    case = advance(make_case(), status, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(Forbidden):
        act(verb, case, system_user(), NOW)
    assert snapshot(case) == before


def test_the_system_is_offered_exactly_the_automatic_verbs(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    assert wf.available_verbs(system_user(), case, NOW) == ["warn", "remind", "escalate"]


def test_a_reactivated_system_account_is_an_ordinary_user_without_rights(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    account = get_user_model().objects.get(pk=system_user().pk)
    account.is_active = True
    account.set_password("someone-chose-one")
    account.save()
    assert staff_of(account).is_system is False
    before = snapshot(case)
    with pytest.raises(Forbidden):
        wf.warn(case, actor=account, now=NOW)
    assert snapshot(case) == before


def test_people_may_not_warn_only_the_system_does(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    for username in ("supervisor", "director", "admin"):
        before = snapshot(case)
        with pytest.raises(Forbidden):
            wf.warn(case, actor=org[username], now=NOW)
        assert snapshot(case) == before
