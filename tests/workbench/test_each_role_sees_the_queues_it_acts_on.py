"""Each person sees the queues whose cases they may act on — by the rights of the queue's verbs
(`cases/rights.py`) — and the deadline queues (due soon, overdue) everyone has. Another role's
queue is not there: not in the navigation, not counted, and its address answers 404 as the access
gate does for a case one may not see. The administrator sees every queue."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from tests.api.helpers import advance
from tests.workbench.case_helpers import NOW, client_for
from tousu.cases.models import Case
from tousu.workbench import queues

MakeCase = Callable[..., Case]
EVERYONE = ["due_soon", "overdue"]
# In the order of the navigation.
EXPECTED = {
    # 受理员 who also dispatches (派单); handles what the centre keeps (自办); calls back.
    "clerk": [
        "to_accept",
        "to_dispatch",
        "in_progress",
        "to_review",
        "to_reply",
        "to_call_back",
        "callbacks_due",
        "to_recheck",
        *EVERYONE,
        "escalations",
    ],
    "intake_only": [
        "to_accept",
        "in_progress",
        "to_review",
        "to_reply",
        "to_call_back",
        "callbacks_due",
        "to_recheck",
        *EVERYONE,
        "escalations",
    ],
    "deputy": [
        "to_accept",
        "to_dispatch",
        "to_sign_off",
        "in_progress",
        "extensions",
        "to_review",
        "to_reply",
        "to_call_back",
        "callbacks_due",
        "to_recheck",
        *EVERYONE,
        "escalations",
    ],
    "supervisor": ["to_call_back", "callbacks_due", "to_recheck", *EVERYONE, "escalations"],
    "analyst": EVERYONE,
    "unit_a_handler": ["to_sign", "in_progress", *EVERYONE, "escalations"],
    "unit_a_leader": ["to_sign", "in_progress", *EVERYONE, "escalations"],
    "admin": [q.key for q in queues.QUEUES],
}


def navigation(html: str) -> list[str]:
    return re.findall(r'class="queue-link queue-(\w+)', html)


@pytest.mark.parametrize("username", list(EXPECTED))
def test_the_navigation_and_the_counts_hold_the_queues_of_the_persons_roles(
    org: dict[str, Any], username: str
) -> None:
    user = org[username]

    html = client_for(user).get(reverse("workbench:home")).content.decode()

    assert navigation(html) == EXPECTED[username]
    assert list(queues.counts(user, NOW)) == EXPECTED[username]


def test_another_roles_queue_is_a_404_even_with_cases_in_it(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    advance(make_case(), org, "dispatched", NOW)  # waits for unit A's signature
    make_case()  # waits to be accepted

    not_theirs = [
        client_for(org["clerk"]).get(reverse("workbench:queue", args=["to_sign"])),
        client_for(org["unit_a_handler"]).get(reverse("workbench:queue", args=["to_accept"])),
        client_for(org["analyst"]).get(
            reverse("workbench:queue", args=["to_accept"]),
            headers={"HX-Request": "true", "HX-Target": "case-list"},
        ),
    ]
    theirs = client_for(org["unit_a_handler"]).get(reverse("workbench:queue", args=["to_sign"]))

    assert [r.status_code for r in not_theirs] == [404, 404, 404]
    assert theirs.status_code == 200


def test_the_home_page_opens_the_first_of_the_persons_own_queues_with_work(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    make_case()  # to accept: the clerk's work, not the supervisor's
    advance(make_case(), org, "replied", NOW)

    html = client_for(org["supervisor"]).get(reverse("workbench:home")).content.decode()

    assert "<title>To call back" in html
