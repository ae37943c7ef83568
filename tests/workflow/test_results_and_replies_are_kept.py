"""Rework asks the unit for another result and the centre for another reply; every version stays
on its event, as written, and the centre reads them oldest first (`cases.timeline`; the case
keeps the latest). Cases from before get their latest text copied onto its event by migration
0007; what a unit reads of them is told in tests/access."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from pytest_django.fixtures import DjangoAssertNumQueries

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, fresh
from tousu.cases import timeline
from tousu.cases import workflow as wf
from tousu.cases.access import view_of
from tousu.cases.models import Case, CaseEvent, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
TUESDAY = MONDAY + timedelta(days=1)
WEDNESDAY = MONDAY + timedelta(days=2)
THURSDAY = MONDAY + timedelta(days=3)


def as_the_centre_reads_them(org: Org, case: Case) -> tuple[list[Any], list[Any]]:
    view = view_of(org["clerk"], case)
    seen = timeline.case_events(view, case)
    return timeline.results(view, case, seen), timeline.replies(view, case, seen)


def test_a_result_sent_back_and_submitted_again_keeps_both_texts(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.submit_result(
        case, actor=org["unit_a_handler"], now=TUESDAY, result="已电话督促物业", justified=True
    )
    wf.review(case, actor=org["clerk"], now=WEDNESDAY, approve=False, note="未附整改照片")
    wf.submit_result(
        case,
        actor=org["unit_a_leader"],
        now=THURSDAY,
        result="电梯已修复,附照片",
        justified=True,
        valid=True,
    )
    assert fresh(case).result == "电梯已修复,附照片"  # the case holds the latest
    results, _replies = as_the_centre_reads_them(org, case)
    assert results == [
        timeline.Result(
            at=TUESDAY, unit="unit-a", text="已电话督促物业", justified=True, valid=None
        ),
        timeline.Result(
            at=THURSDAY, unit="unit-a", text="电梯已修复,附照片", justified=True, valid=True
        ),
    ]


def test_a_second_reply_after_a_dissatisfied_callback_keeps_the_first(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.REVIEWED, org, MONDAY)
    wf.reply(case, actor=org["clerk"], now=TUESDAY, content="电梯已修复", channel="phone")
    wf.callback(case, actor=org["supervisor"], now=WEDNESDAY, satisfaction="dissatisfied")
    advance(case, Status.REVIEWED, org, WEDNESDAY)
    wf.reply(case, actor=org["dispatcher"], now=THURSDAY, content="已更换主板", channel="sms")
    assert (fresh(case).reply, fresh(case).reply_channel) == ("已更换主板", "sms")
    assert as_the_centre_reads_them(org, case)[1] == [
        timeline.Reply(at=TUESDAY, channel="phone", text="电梯已修复"),
        timeline.Reply(at=THURSDAY, channel="sms", text="已更换主板"),
    ]
    assert CaseEvent.objects.filter(case=case, verb="reply").latest("id").data == {
        "content": "已更换主板",
        "channel": "sms",
        "callback_days": 3,  # the period the callback was given (tests/callbacks/)
    }


def test_results_and_replies_are_read_with_the_timeline_in_one_query(
    org: Org, make_case: MakeCase, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    case = advance(make_case(), Status.REPLIED, org, MONDAY)
    wf.callback(case, actor=org["supervisor"], now=TUESDAY, satisfaction="dissatisfied")
    advance(case, Status.REPLIED, org, WEDNESDAY)
    view = view_of(org["clerk"], case)
    with django_assert_num_queries(1):
        seen = timeline.case_events(view, case)
        assert len(timeline.results(view, case, seen)) == 2
        assert len(timeline.replies(view, case, seen)) == 2


# --- migration 0007: the latest text of older cases ---------------------------------------------

MIGRATION = "0007_keep_results_and_replies_on_events"


def _old_style(case: Case, verb: str, data: dict[str, Any], at: Any) -> CaseEvent:
    """An event as it was written before the texts were kept."""
    return CaseEvent.objects.create(
        case=case, verb=verb, at=at, from_status="", to_status=Status.HANDLING, data=data
    )


def test_the_migration_copies_the_latest_texts_onto_the_latest_events_only(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    older = _old_style(case, "submit_result", {"justified": True, "valid": None}, TUESDAY)
    latest = _old_style(case, "submit_result", {"justified": False, "valid": None}, WEDNESDAY)
    reply = _old_style(case, "reply", {"channel": "phone"}, THURSDAY)
    Case.objects.filter(pk=case.pk).update(result="第二次结果", reply="第二次答复")
    untouched = make_case(title="没有结果的件")
    untouched_before = list(CaseEvent.objects.filter(case=untouched).values_list("id", "data"))

    state = MigrationExecutor(connection).loader.project_state(("cases", MIGRATION))
    module = importlib.import_module(f"tousu.cases.migrations.{MIGRATION}")
    module.forwards(state.apps, None)

    data = dict(CaseEvent.objects.filter(case=case).values_list("id", "data"))
    assert data[older.pk] == {"justified": True, "valid": None}  # lost, and says so: no text
    assert data[latest.pk] == {
        "justified": False,
        "valid": None,
        "result": "第二次结果",
        "unit": "unit-a",
    }
    assert data[reply.pk] == {"channel": "phone", "content": "第二次答复"}
    assert [r.text for r in as_the_centre_reads_them(org, case)[0]] == ["", "第二次结果"]
    assert (
        list(CaseEvent.objects.filter(case=untouched).values_list("id", "data")) == untouched_before
    )


def test_the_migration_leaves_events_that_already_hold_their_text(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.RESULT_SUBMITTED, org, MONDAY)
    Case.objects.filter(pk=case.pk).update(result="另一个文本")
    state = MigrationExecutor(connection).loader.project_state(("cases", MIGRATION))
    importlib.import_module(f"tousu.cases.migrations.{MIGRATION}").forwards(state.apps, None)
    assert [r.text for r in as_the_centre_reads_them(org, case)[0]] == ["已核实并督促整改"]
