"""The case page offers exactly the actions the workflow allows this user now, each with its form;
posting a form moves the case through the workflow function — and nothing else: bad input comes
back next to its field, a case someone else changed first comes back fresh with a message, a
refused right is a 403, and in each of those cases nothing was written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from time_machine import TimeMachineFixture

from tests.api.helpers import advance
from tests.workbench.case_helpers import (
    NOW,
    act_url,
    action_forms,
    case_url,
    client_for,
    field_errors,
    form_data,
    fresh,
    post_action,
    snapshot,
    status_shown,
)
from tests.workflow.helpers import ALL_USERS
from tousu.cases import workflow as wf
from tousu.cases.access import visible_cases
from tousu.cases.models import Case, CaseEvent, Reason, ReasonKind, Status

MakeCase = Callable[..., Case]
CONFLICT = "Someone else changed this case in the meantime"


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


# --- what is offered ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["registered", "accepted", "handling", "replied", "archived"])
@pytest.mark.parametrize("username", ALL_USERS)
def test_the_page_offers_exactly_the_available_verbs(
    org: dict[str, Any], make_case: MakeCase, status: str, username: str
) -> None:
    case = advance(make_case(), org, status, NOW)
    user = org[username]

    response = client_for(user).get(case_url(case))

    if not visible_cases(user).filter(pk=case.pk).exists():
        assert response.status_code == 404
        return
    assert action_forms(response.content.decode()) == wf.available_verbs(user, fresh(case), NOW)


def test_each_offered_action_has_the_hooks_the_browser_tests_use(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)

    html = client_for(org["clerk"]).get(case_url(case)).content.decode()

    assert '<details id="action-dispatch" class="action">' in html
    assert (
        f'<form id="form-dispatch" class="action-form" method="post" '
        f'action="{act_url(case, "dispatch")}" hx-post="{act_url(case, "dispatch")}" '
        f'hx-target="#case-page" hx-swap="outerHTML"'
    ) in html
    assert '<select name="unit" required id="dispatch-unit">' in html
    assert '<option value="unit-a" selected>市住房和城乡建设局</option>' in html  # the usual unit
    assert (
        '<input type="date" name="due" aria-describedby="dispatch-due_helptext" id="dispatch-due">'
    ) in html
    assert '<textarea name="note"' in html
    assert '<button id="submit-dispatch" type="submit" class="primary">Dispatch</button>' in html
    assert '<label for="dispatch-unit">Handling unit:</label>' in html


def test_nobody_else_sees_actions_on_a_closed_matter(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "archived", NOW)

    html = client_for(org["analyst"]).get(case_url(case)).content.decode()

    assert action_forms(html) == []
    assert "There is nothing for you to do on this case now." in html


# --- the whole loop through the forms ----------------------------------------------------------


def test_the_loop_runs_through_the_forms_from_registration_to_archive(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    clerk, handler = client_for(org["clerk"]), client_for(org["unit_a_handler"])
    steps: list[tuple[Any, str, dict[str, Any], str]] = [
        (clerk, "accept", {}, "to dispatch"),
        (clerk, "dispatch", {}, "to sign for"),
        (handler, "sign", {}, "in progress"),
        (handler, "submit_result", {}, "to review"),
        (clerk, "review", {}, "to reply"),
        (clerk, "reply", {}, "to call back"),
        (clerk, "callback", {}, "to archive"),
        (clerk, "archive", {}, "archived"),
    ]
    for client, verb, overrides, label in steps:
        response = post_action(client, fresh(case), verb, **overrides)
        assert response.status_code == 302, verb
        assert response["Location"] == case_url(case)
        page = client.get(response["Location"]).content.decode()
        assert status_shown(page) == label, verb

    done = fresh(case)
    assert done.status == Status.ARCHIVED
    assert done.result == "已督促物业修复电梯"
    assert done.justified is True and done.valid is True
    assert done.reply == "电梯已修复"
    assert done.satisfaction == "satisfied"
    verbs = list(CaseEvent.objects.filter(case=case).values_list("verb", flat=True))
    assert verbs == [
        "register",
        "accept",
        "dispatch",
        "sign",
        "submit_result",
        "review",
        "reply",
        "callback",
        "archive",
    ]


def test_an_htmx_post_answers_the_fresh_page_element_with_a_message(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()

    response = post_action(client_for(org["clerk"]), case, "accept", htmx=True, severity="major")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<article id="case-page"')
    assert status_shown(html) == "to dispatch"
    assert "Done: Accept. The case is now “to dispatch”." in html
    assert fresh(case).severity == "major"


def test_the_success_message_follows_the_redirect(org: dict[str, Any], make_case: MakeCase) -> None:
    client = client_for(org["clerk"])
    case = make_case()

    response = post_action(client, case, "accept", follow=False)
    page = client.get(response["Location"]).content.decode()

    assert "Done: Accept. The case is now “to dispatch”." in page


def test_dispatch_takes_the_chosen_unit_due_date_and_instructions(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)

    post_action(
        client_for(org["clerk"]), case, "dispatch", unit="unit-b", due="2026-03-20", note="速办"
    )

    row = fresh(case)
    assert row.status == Status.DISPATCHED
    assert row.unit_id == org["unit_b"].pk
    assert row.unit_due is not None and row.unit_due.isoformat() == "2026-03-20T15:59:59+00:00"
    assert CaseEvent.objects.get(case=case, verb="dispatch").note == "速办"


def test_return_takes_a_reason_from_the_list(org: dict[str, Any], make_case: MakeCase) -> None:
    Reason.objects.create(kind=ReasonKind.RETURN, code="not-ours", text="不属本单位职责")
    case = advance(make_case(), org, "handling", NOW)
    client = client_for(org["unit_a_handler"])
    html = client.get(case_url(case)).content.decode()
    assert '<option value="not-ours">不属本单位职责</option>' in html

    post_action(client, case, "return", reason="not-ours", reason_other="")

    row = fresh(case)
    assert row.status == Status.ACCEPTED
    event = CaseEvent.objects.get(case=case, verb="return")
    assert (event.note, event.data["reason_code"]) == ("不属本单位职责", "not-ours")


def test_an_extension_is_requested_and_decided_through_the_forms(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    handle_due = case.handle_due

    post_action(client_for(org["unit_a_handler"]), case, "request_extension", days="3")
    deputy_page = client_for(org["deputy"]).get(case_url(case)).content.decode()
    assert "3 more working days requested:" in deputy_page
    post_action(client_for(org["deputy"]), fresh(case), "decide_extension")

    row = fresh(case)
    assert row.extension_pending is False
    assert handle_due is not None and row.handle_due is not None
    assert row.handle_due > handle_due


def test_merge_takes_the_other_case_by_its_number(org: dict[str, Any], make_case: MakeCase) -> None:
    target, case = make_case(), make_case()

    post_action(client_for(org["clerk"]), case, "merge", into=target.number)

    row = fresh(case)
    assert row.status == Status.MERGED
    assert row.merged_into_id == target.pk


def test_the_leader_decides_after_a_second_dissatisfied_callback(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    from tests.workflow.helpers import to_pending_decision

    case = to_pending_decision(make_case(), org, NOW)

    response = post_action(client_for(org["director"]), case, "decide", rehandle="false")

    assert response.status_code == 302
    assert fresh(case).status == Status.CLOSED


# --- bad input, refusals, conflicts ------------------------------------------------------------


def test_a_missing_unit_comes_back_next_to_the_field_and_nothing_changes(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)
    before = snapshot(case)

    response = post_action(client_for(org["clerk"]), case, "dispatch", unit="")

    html = response.content.decode()
    assert response.status_code == 422
    assert field_errors(html, "dispatch-unit") == ["This field is required."]
    assert '<details id="action-dispatch" class="action" open>' in html
    assert "请尽快核实</textarea>" in html  # what the user typed is kept
    assert snapshot(case) == before


def test_a_due_date_in_the_past_is_refused_by_the_workflow_next_to_the_field(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)
    before = snapshot(case)

    response = post_action(client_for(org["clerk"]), case, "dispatch", due="2026-02-27")

    assert response.status_code == 422
    assert field_errors(response.content.decode(), "dispatch-due") == ["must not be in the past"]
    assert snapshot(case) == before


def test_an_htmx_post_with_bad_input_is_swapped_in_with_the_errors(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    before = snapshot(case)

    response = post_action(
        client_for(org["unit_a_handler"]), case, "submit_result", htmx=True, result="  "
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<article id="case-page"')
    assert field_errors(html, "submit_result-result") == ["This field is required."]
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("verb", "status", "user", "overrides", "field_id", "message"),
    [
        ("request_extension", "handling", "unit_a_handler", {"days": "0"}, "request_extension-days",
         "Ensure this value is greater than or equal to 1."),
        ("request_extension", "handling", "unit_a_handler", {"days": "61"},
         "request_extension-days", "Ensure this value is less than or equal to 60."),
        ("review", "result_submitted", "clerk", {"approve": "false", "note": ""}, "review-note",
         "is required"),
        ("reply", "reviewed", "clerk", {"channel": "fax"}, "reply-channel",
         "Select a valid choice. fax is not one of the available choices."),
        ("callback", "replied", "clerk", {"satisfaction": ""}, "callback-satisfaction",
         "This field is required."),
        ("return", "handling", "unit_a_handler", {"reason": "other", "reason_other": ""},
         "return-reason_other", "Write the reason."),
        ("merge", "accepted", "clerk", {"into": "999999999"}, "merge-into",
         "No case with this number."),
    ],
)  # fmt: skip
def test_bad_input_is_shown_next_to_its_field_and_nothing_changes(
    org: dict[str, Any],
    make_case: MakeCase,
    verb: str,
    status: str,
    user: str,
    overrides: dict[str, Any],
    field_id: str,
    message: str,
) -> None:
    case = advance(make_case(), org, status, NOW)
    before = snapshot(case)

    response = post_action(client_for(org[user]), case, verb, **overrides)

    assert response.status_code == 422
    assert field_errors(response.content.decode(), field_id) == [message]
    assert snapshot(case) == before


def test_merging_into_a_case_the_user_cannot_see_is_no_such_case(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case(actor=org["station_clerk"])
    other_centre_case = make_case()  # registered at the centre, above the station
    before = snapshot(case)

    response = post_action(
        client_for(org["station_clerk"]), case, "merge", into=other_centre_case.number
    )

    assert field_errors(response.content.decode(), "merge-into") == ["No case with this number."]
    assert snapshot(case) == before


def test_a_stale_version_shows_the_conflict_message_and_nothing_changes(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)
    stale = form_data("dispatch", case)
    wf.dispatch(fresh(case), actor=org["dispatcher"], now=NOW, unit="unit-b")  # someone else
    before = snapshot(case)

    response = client_for(org["clerk"]).post(act_url(case, "dispatch"), stale)

    html = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in html
    assert status_shown(html) == "to sign for"
    assert snapshot(case) == before


def test_a_stale_version_with_the_action_still_possible_keeps_the_input(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    stale = form_data("submit_result", case, result="整改完毕")
    wf.request_extension(fresh(case), actor=org["unit_a_leader"], now=NOW, days=2, reason="勘查")
    before = snapshot(case)

    response = client_for(org["unit_a_handler"]).post(act_url(case, "submit_result"), stale)

    html = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in html
    assert '<details id="action-submit_result" class="action" open>' in html
    assert "整改完毕</textarea>" in html
    assert f'name="version" value="{fresh(case).version}"' in html
    assert snapshot(case) == before


def test_an_action_no_longer_allowed_in_the_status_shows_the_conflict_message(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)
    before = snapshot(case)

    response = client_for(org["clerk"]).post(act_url(case, "accept"), {"severity": "general"})

    assert response.status_code == 409
    assert CONFLICT in response.content.decode()
    assert snapshot(case) == before


def test_an_htmx_conflict_is_swapped_in_with_the_message(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)

    response = post_action(client_for(org["clerk"]), case, "accept", htmx=True)

    assert response.status_code == 200
    assert CONFLICT in response.content.decode()


@pytest.mark.parametrize(
    ("username", "verb", "status"),
    [
        ("analyst", "accept", "registered"),
        ("supervisor", "dispatch", "accepted"),
        ("intake_only", "dispatch", "accepted"),
        ("clerk", "decide_extension", "handling"),
        ("unit_a_leader", "review", "result_submitted"),
    ],
)
def test_a_user_without_the_right_gets_403_and_nothing_changes(
    org: dict[str, Any], make_case: MakeCase, username: str, verb: str, status: str
) -> None:
    case = advance(make_case(), org, status, NOW)
    if verb == "decide_extension":
        wf.request_extension(case, actor=org["unit_a_handler"], now=NOW, days=2, reason="勘查")
    before = snapshot(case)

    response = post_action(client_for(org[username]), case, verb)

    assert response.status_code == 403
    assert snapshot(case) == before


def test_a_unit_that_cannot_see_the_case_gets_404(org: dict[str, Any], make_case: MakeCase) -> None:
    case = advance(make_case(), org, "dispatched", NOW)
    before = snapshot(case)

    response = post_action(client_for(org["unit_b_handler"]), case, "sign")

    assert response.status_code == 404
    assert snapshot(case) == before


def test_an_unknown_verb_is_404(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()

    response = client_for(org["clerk"]).post(act_url(case, "approve_everything"), {})

    assert response.status_code == 404


def test_actions_are_posted_never_fetched(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()

    response = client_for(org["clerk"]).get(act_url(case, "accept"))

    assert response.status_code == 405
    assert fresh(case).status == Status.REGISTERED
