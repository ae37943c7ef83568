"""补充材料 (`cases.supplement`, shared by the e-mail, SMS, WeChat and portal channels): the
citizen's text and files join an open case as one event; a closed case, nothing at all, or a file
the limits refuse is refused whole, with nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.intake.email.mails import EXE, PNG
from tousu.cases import workflow as wf
from tousu.cases.errors import InvalidInput, NotAllowed
from tousu.cases.models import Attachment, CaseEvent
from tousu.cases.supplement import add_material
from tousu.orgs.staff import system_user


def test_text_and_files_are_one_event_by_the_system(org: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    event = add_material(
        case, now=MONDAY, channel="email", text=" 补充说明 ", files=[("a.png", PNG)]
    )

    [row] = Attachment.objects.filter(case=case)
    assert (event.verb, event.note, event.actor_id) == ("supplement", "补充说明", system_user().pk)
    assert event.data == {
        "channel": "email",
        "files": [{"attachment": row.pk, "type": "image/png"}],
    }
    assert (event.from_status, event.to_status) == ("registered", "registered")


def test_a_closed_case_takes_no_material(org: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    wf.reject(case, actor=org["clerk"], now=MONDAY, reason="不属于本中心受理范围")
    before = CaseEvent.objects.count()

    with pytest.raises(NotAllowed):
        add_material(case, now=MONDAY, channel="email", text="补充", files=[("a.png", PNG)])
    assert (CaseEvent.objects.count(), Attachment.objects.count()) == (before, 0)


@pytest.mark.parametrize(
    ("text", "files", "fields"),
    [
        ("", [], ["text"]),
        ("补充", [("a.png", PNG), ("b.exe", EXE)], ["files[1]"]),
        ("x" * 20001, [], ["text"]),
    ],
)
def test_bad_material_is_refused_whole(
    org: dict[str, Any], make_case: Any, text: str, files: list[Any], fields: list[str]
) -> None:
    case = make_case()
    before = CaseEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        add_material(case, now=MONDAY, channel="email", text=text, files=files)
    assert sorted(refused.value.fields) == fields
    assert (CaseEvent.objects.count(), Attachment.objects.count()) == (before, 0)
