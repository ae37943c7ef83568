"""`tousu purge` anonymises the cases that ended before the retention period: the complainants'
sealed fields and blind indexes, the contact address and query password, the citizen's words,
a person's particulars as respondent, the files (rows and encrypted files), the free text of the
events and of the messages sent — and writes one "purge" event on each. Cases still open, or
ended within the retention, are left exactly as they were."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from time_machine import TimeMachineFixture

from tests.api.helpers import db_state
from tests.confidentiality.helpers import PURGE_AT, ended_case
from tests.notify.helpers import run_jobs
from tests.workbench.case_helpers import NOW
from tousu.cases.models import Case, CaseEvent, Complainant, Respondent
from tousu.notify.models import Outbox, SentMessage
from tousu.orgs.staff import system_user

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def raw(table: str, pk: int, *columns: str) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])
        [row] = cursor.fetchall()
    return tuple(row)


def files_on_disk(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


@pytest.fixture
def ended(org: dict[str, Any], make_case: MakeCase, time_machine: TimeMachineFixture) -> Case:
    time_machine.move_to(NOW, tick=False)
    case = ended_case(make_case, org)
    run_jobs(NOW)  # the citizen and the staff were told: outbox rows, messages "sent" to the log
    time_machine.move_to(PURGE_AT, tick=False)
    return case


def test_the_complainants_sealed_fields_and_indexes_are_emptied(ended: Case, media: Path) -> None:
    person = ended.complainants.get()

    purge()

    columns = ("name", "id_number", "phone", "address", "postcode", "organisation")
    assert raw("cases_complainant", person.pk, *columns, "name_index", "phone_index") == (("",) * 8)
    kept = Complainant.objects.get(pk=person.pk)
    assert (kept.position, kept.case_id) == (1, ended.pk)


def test_the_case_keeps_its_facts_for_statistics_and_loses_the_citizens_words(
    ended: Case,
) -> None:
    purge()

    case = Case.objects.get(pk=ended.pk)
    assert (case.contact_address, case.query_password) == ("", "")
    assert (case.content, case.facts, case.result, case.reply, case.address) == ("",) * 5
    assert (case.latitude, case.longitude) == (Decimal("39.910000"), Decimal("116.420000"))
    assert case.title == ended.title
    assert (case.status, case.kind, case.channel, case.unit_id) == (
        ended.status,
        ended.kind,
        ended.channel,
        ended.unit_id,
    )
    assert (case.closed_at, case.satisfaction, case.justified) == (
        ended.closed_at,
        "satisfied",
        True,
    )
    assert case.version == ended.version + 1
    assert list(case.demands.values_list("text", flat=True)) == [""]


def test_a_person_as_respondent_is_anonymised_an_organisation_keeps_its_name(
    org: dict[str, Any], make_case: MakeCase, ended: Case, time_machine: TimeMachineFixture
) -> None:
    from tests.confidentiality.helpers import ended_case
    from tousu.cases.registration import NewRespondent

    time_machine.move_to(NOW, tick=False)
    company = ended_case(
        make_case,
        org,
        respondent=NewRespondent(
            name="幸福物业管理有限公司", responsible_person="赵经理", phone="01012345678"
        ),
    )
    time_machine.move_to(PURGE_AT, tick=False)

    purge()

    person = Respondent.objects.get(case=ended)
    assert (person.name, person.address, person.phone, person.responsible_person) == ("",) * 4
    firm = Respondent.objects.get(case=company)
    assert (firm.name, firm.responsible_person, firm.phone) == ("幸福物业管理有限公司", "", "")


def test_the_files_are_deleted_rows_and_encrypted_files_alike(
    ended: Case, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    assert len(files_on_disk(media)) == 2

    with django_capture_on_commit_callbacks(execute=True):  # the files go once it committed
        purge()

    assert ended.attachments.count() == 0
    assert files_on_disk(media) == []


def test_the_events_stay_without_their_free_text(ended: Case) -> None:
    before = list(
        CaseEvent.objects.filter(case=ended)
        .order_by("id")
        .values_list("id", "verb", "at", "to_status")
    )

    purge()

    events = CaseEvent.objects.filter(case=ended).order_by("id")
    assert list(events.exclude(verb="purge").values_list("id", "verb", "at", "to_status")) == before
    assert set(events.values_list("note", flat=True)) == {""}
    reply = events.get(verb="reply").data
    result = events.get(verb="submit_result").data
    assert (reply["content"], reply["channel"]) == ("", "phone")
    assert (result["result"], result["unit"], result["justified"]) == ("", "unit-a", True)


def test_one_purge_event_by_the_system_tells_what_was_removed(ended: Case) -> None:
    purge()

    [event] = CaseEvent.objects.filter(case=ended, verb="purge")
    assert (event.actor, event.at) == (system_user(), PURGE_AT)
    assert (event.from_status, event.to_status) == ("archived", "archived")
    assert event.data["complainants"] == 1
    assert event.data["attachments"] == 2
    assert event.data["messages"] == Outbox.objects.filter(case=ended).count() > 0


def test_the_messages_about_the_case_lose_address_and_text(ended: Case) -> None:
    outbox = list(Outbox.objects.filter(case=ended).values_list("pk", flat=True))
    assert SentMessage.objects.filter(outbox_id__in=outbox).exists()

    purge()

    for pk in outbox:
        assert raw("notify_outbox", pk, "address") == ("",)
        assert Outbox.objects.get(pk=pk).context == {}
    assert set(SentMessage.objects.filter(outbox_id__in=outbox).values_list("address", "body")) == {
        ("", "")
    }


def test_open_and_recently_ended_cases_are_left_alone(
    org: dict[str, Any], make_case: MakeCase, ended: Case, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    still_open = make_case()
    recent_start = PURGE_AT.replace(year=2029)
    time_machine.move_to(recent_start, tick=False)
    recent = make_case(now=recent_start)
    from tests.api.helpers import advance

    advance(recent, org, "closed", recent_start)
    time_machine.move_to(PURGE_AT, tick=False)
    before = {
        pk: state
        for pk, *state in Case.objects.filter(pk__in=[still_open.pk, recent.pk]).values_list(
            "pk", "content", "version", "contact_address"
        )
    }

    printed = purge()

    assert printed.splitlines()[-1] == "cases ended before 2027-03-03: purged=1"
    assert Case.objects.get(pk=still_open.pk).complainants.get().phone == "13812345678"
    assert Case.objects.get(pk=recent.pk).complainants.get().name == "张三"
    after = {
        pk: state
        for pk, *state in Case.objects.filter(pk__in=[still_open.pk, recent.pk]).values_list(
            "pk", "content", "version", "contact_address"
        )
    }
    assert after == before
    assert not CaseEvent.objects.filter(verb="purge").exclude(case=ended).exists()
    assert db_state()["cases"]  # the cases themselves stay
