"""Results and replies are kept on their events (`submit_result`: `result`, `unit`; `reply`:
`content`, `channel`) so that rework no longer overwrites them (read by `cases.timeline`).

For cases written before, only the latest text survives, in `Case.result` and `Case.reply`: this
migration copies it onto the latest `submit_result` / `reply` event that lacks it. The earlier
results and replies of a case that went through rework were overwritten and are lost; their
events keep their flags only, and the timeline shows no text for them.

The unit of a result is the unit of the case's latest transfer made before the result. Reversing
the migration leaves the copied texts in place (they are true).
"""

from typing import Any

from django.db import migrations

CHUNK = 1000


def _latest_event(event_model: Any, case_id: int, verb: str) -> Any:
    return event_model.objects.filter(case_id=case_id, verb=verb).order_by("-at", "-id").first()


def _unit_at(assignment_model: Any, case_id: int, at: Any) -> str | None:
    transfer = (
        assignment_model.objects.filter(case_id=case_id, created_at__lte=at)
        .select_related("unit")
        .order_by("-created_at", "-id")
        .first()
    )
    return transfer.unit.code if transfer is not None else None


def forwards(apps: Any, schema_editor: Any) -> None:
    case_model = apps.get_model("cases", "Case")
    event_model = apps.get_model("cases", "CaseEvent")
    assignment_model = apps.get_model("cases", "Assignment")
    cases = case_model.objects.exclude(result="", reply="").values_list("id", "result", "reply")
    for case_id, result, reply in cases.iterator(chunk_size=CHUNK):
        if result:
            event = _latest_event(event_model, case_id, "submit_result")
            if event is not None and "result" not in event.data:
                data = event.data | {
                    "result": result,
                    "unit": _unit_at(assignment_model, case_id, event.at),
                }
                event_model.objects.filter(pk=event.pk).update(data=data)
        if reply:
            event = _latest_event(event_model, case_id, "reply")
            if event is not None and "content" not in event.data:
                event_model.objects.filter(pk=event.pk).update(data=event.data | {"content": reply})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_seal_existing_personal_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
