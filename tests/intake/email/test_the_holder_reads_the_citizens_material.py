"""The unit handling a case reads what the citizen added — their words and their files — in
the case's timeline, whether it came before or after the case reached the unit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import MONDAY
from tests.intake.email.mails import PNG
from tousu.cases import workflow as wf
from tousu.cases.access import view_of
from tousu.cases.supplement import add_material
from tousu.cases.timeline import events_seen


def test_the_units_handler_reads_the_citizens_words_and_files(
    org: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    add_material(case, now=MONDAY, channel="email", text="物业电话打不通。")
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    later = MONDAY + timedelta(hours=1)
    add_material(case, now=later, channel="email", text="又坏了。", files=[("现场.png", PNG)])

    handler = org["unit_a_handler"]
    seen = events_seen(view_of(handler, case), case, case.events.order_by("id"))
    material = [(e.note, e.data) for e in seen if e.verb == "supplement"]
    [photo] = case.attachments.all()
    assert material == [
        ("物业电话打不通。", {"channel": "email", "files": []}),
        (
            "又坏了。",
            {
                "channel": "email",
                "files": [{"attachment": photo.pk, "type": "image/png", "name": "现场.png"}],
            },
        ),
    ]
