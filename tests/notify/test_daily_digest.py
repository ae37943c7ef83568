"""The leaders' daily digest: once a working day after eight, to the deputy and the director, in
the workbench and by e-mail, with the centre's intake, overdue cases by unit, sign-offs waiting
and escalations awaiting an answer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.notify.helpers import told
from tousu.cases import workflow as wf
from tousu.notify.delivery import deliver_due
from tousu.notify.digest import send_digest
from tousu.notify.models import Notification, Outbox, Preference


def shanghai(day: str, clock: str) -> datetime:
    """A local time in the centre (UTC+8), as the UTC instant the worker passes in."""
    local = datetime.fromisoformat(f"{day}T{clock}+08:00")
    return local.astimezone(UTC)


TUESDAY = "2026-06-02"  # an ordinary working day, three months after MONDAY


@pytest.fixture
def leaders_with_mail(org: dict[str, Any]) -> dict[str, Any]:
    for name in ("deputy", "director"):
        org[name].email = f"{name}@centre.example"
        org[name].save(update_fields=["email"])
    return org


def digests() -> list[tuple[str, str, str]]:
    return sorted(
        Outbox.objects.filter(kind="digest").values_list("user__username", "channel", "dedupe_key")
    )


def test_before_eight_nobody_gets_a_digest(leaders_with_mail: dict[str, Any]) -> None:
    assert send_digest(shanghai(TUESDAY, "07:59")) == 0

    assert digests() == []


def test_after_eight_each_leader_gets_one_in_the_workbench_and_one_by_mail_once_a_day(
    leaders_with_mail: dict[str, Any],
) -> None:
    org = leaders_with_mail
    deputy, director = org["deputy"].pk, org["director"].pk

    assert send_digest(shanghai(TUESDAY, "08:00")) == 4
    assert send_digest(shanghai(TUESDAY, "08:05")) == 0
    assert send_digest(shanghai(TUESDAY, "17:30")) == 0

    assert digests() == [
        ("deputy", "email", f"digest:2026-06-02:u{deputy}:email"),
        ("deputy", "in_app", f"digest:2026-06-02:u{deputy}:in_app"),
        ("director", "email", f"digest:2026-06-02:u{director}:email"),
        ("director", "in_app", f"digest:2026-06-02:u{director}:in_app"),
    ]
    # Nobody else leads the centre: the supervisor, clerks and units get none.
    assert Outbox.objects.exclude(kind="digest").count() == 0


def test_the_next_working_day_brings_the_next_digest(leaders_with_mail: dict[str, Any]) -> None:
    send_digest(shanghai(TUESDAY, "08:00"))

    assert send_digest(shanghai("2026-06-03", "08:10")) == 4
    assert Outbox.objects.filter(kind="digest").count() == 8


@pytest.mark.parametrize(
    ("day", "why"),
    [("2026-06-06", "Saturday"), ("2026-06-07", "Sunday"), ("2026-10-01", "National Day")],
)
def test_no_digest_on_a_day_off(leaders_with_mail: dict[str, Any], day: str, why: str) -> None:
    assert send_digest(shanghai(day, "09:00")) == 0

    assert digests() == []


def test_the_make_up_saturday_after_national_day_is_a_working_day(
    leaders_with_mail: dict[str, Any],
) -> None:
    assert send_digest(shanghai("2026-10-10", "08:30")) == 4


def test_a_leader_who_muted_the_digest_gets_none(leaders_with_mail: dict[str, Any]) -> None:
    org = leaders_with_mail
    Preference.objects.create(user=org["director"], muted_kinds=["digest"])

    assert send_digest(shanghai(TUESDAY, "08:00")) == 2
    assert {user for user, _channel, _key in digests()} == {"deputy"}


def test_the_configured_time_is_honoured(leaders_with_mail: dict[str, Any], settings: Any) -> None:
    settings.TOUSU_DIGEST_AT = "09:30"

    assert send_digest(shanghai(TUESDAY, "09:29")) == 0
    assert send_digest(shanghai(TUESDAY, "09:30")) == 4


# --- the figures ----------------------------------------------------------------------------------


def _at_unit(org: dict[str, Any], make_case: Any, unit: str, **overrides: Any) -> Any:
    case = make_case(**overrides)
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit=unit)
    if case.status == "dispatched":
        wf.sign(case, actor=org[f"{unit.replace('-', '_')}_handler"], now=MONDAY)
    return case


@pytest.fixture
def centre_in_june(leaders_with_mail: dict[str, Any], make_case: Any) -> dict[str, Any]:
    """Cases registered in March, long overdue by June: three at unit A (one of them waiting
    for sign-off), one at unit B under an open 督办, one never accepted; a 督办 answered at unit
    A. Then the intake: one case on Friday 29 May, two on Monday 1 June, one on Tuesday at 7."""
    org = leaders_with_mail
    _at_unit(org, make_case, "unit-a")
    answered = _at_unit(org, make_case, "unit-a")
    _at_unit(org, make_case, "unit-a", severity="important")  # waits for sign-off
    at_b = _at_unit(org, make_case, "unit-b")
    make_case()  # never accepted: overdue at the centre itself
    wf.escalate(at_b, actor=org["deputy"], now=MONDAY, note="逾期未办")
    wf.escalate(answered, actor=org["deputy"], now=MONDAY, note="逾期未办")
    wf.answer_escalation(answered, actor=org["unit_a_handler"], now=MONDAY, note="已约业主")
    friday = shanghai("2026-05-29", "10:00")  # accept by Monday: overdue on Tuesday
    make_case(now=friday, received_at=friday)
    for clock in ("09:00", "16:00"):
        monday = shanghai("2026-06-01", clock)
        make_case(now=monday, received_at=monday)
    early = shanghai(TUESDAY, "07:00")
    make_case(now=early, received_at=early)
    return org


def test_the_digest_counts_the_centres_cases_exactly(centre_in_june: dict[str, Any]) -> None:
    send_digest(shanghai(TUESDAY, "08:00"))

    row = Outbox.objects.get(kind="digest", user=centre_in_june["director"], channel="in_app")
    assert row.context == {
        "date": "2026-06-02",
        "since": "2026-06-01",
        "until": "2026-06-01",
        "intake": 2,
        "overdue": 6,
        "overdue_by_unit": [
            {"unit": "市住房和城乡建设局", "count": 3},
            {"unit": "", "count": 2},
            {"unit": "市市场监督管理局", "count": 1},
        ],
        "signoffs": 1,
        "escalations": 1,
    }


def test_on_a_monday_the_intake_covers_friday_to_sunday(centre_in_june: dict[str, Any]) -> None:
    send_digest(shanghai("2026-06-01", "08:00"))

    row = Outbox.objects.get(kind="digest", user=centre_in_june["deputy"], channel="in_app")
    assert (row.context["since"], row.context["until"], row.context["intake"]) == (
        "2026-05-29",
        "2026-05-31",
        1,
    )


def test_the_leaders_read_it_in_the_workbench_and_in_their_mail(
    centre_in_june: dict[str, Any], mailoutbox: list[Any]
) -> None:
    now = shanghai(TUESDAY, "08:00")
    send_digest(now)
    deliver_due(now)

    assert told(centre_in_june["deputy"]) == [
        "每日简报 2026-06-02:2026-06-01受理 2 件;超期 6 件(市住房和城乡建设局 3,中心 2,"
        "市市场监督管理局 1);待签批 1 件;督办未回复 1 件。"
    ]
    assert Notification.objects.get(recipient=centre_in_june["deputy"]).case is None
    mail = {m.to[0]: m for m in mailoutbox}
    assert sorted(mail) == ["deputy@centre.example", "director@centre.example"]
    assert mail["director@centre.example"].subject == "每日简报 2026-06-02"
    assert mail["director@centre.example"].body == (
        "每日简报 2026-06-02\n\n"
        "2026-06-01受理:2 件\n"
        "超期未办结:6 件\n"
        "  - 市住房和城乡建设局:3 件\n"
        "  - 中心:2 件\n"
        "  - 市市场监督管理局:1 件\n"
        "待签批:1 件\n"
        "督办未回复:1 件\n\n"
        "请登录投诉工作台查看。"
    )


def test_an_english_speaking_leader_reads_it_in_english(centre_in_june: dict[str, Any]) -> None:
    Preference.objects.create(user=centre_in_june["deputy"], language="en", channels=["in_app"])
    now = shanghai(TUESDAY, "08:00")
    send_digest(now)
    deliver_due(now)

    assert told(centre_in_june["deputy"]) == [
        "Daily digest 2026-06-02: 2 received (2026-06-01); 6 overdue (市住房和城乡建设局 3, "
        "the centre 2, 市市场监督管理局 1); 1 waiting for sign-off; 1 escalations awaiting an "
        "answer."
    ]


def test_the_digest_takes_a_fixed_number_of_queries_whatever_the_cases(
    centre_in_june: dict[str, Any], django_assert_num_queries: Any
) -> None:
    # Leaders and the unit tree, preferences and the keys already written, the four figures,
    # the insert: the cases themselves are only counted.
    with django_assert_num_queries(9):
        send_digest(shanghai(TUESDAY, "08:00"))
    # Once written, a later run stops after finding the keys.
    with django_assert_num_queries(4):
        send_digest(shanghai(TUESDAY, "08:05"))
