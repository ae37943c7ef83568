"""Default supervision policies: one for every case, a quicker one for important and major cases.
`cases.supervision_policy` falls back to the same numbers when no row matches."""

from typing import Any

from django.db import migrations

POLICIES = [
    # name, severity, remind_after, escalate_after, next_level_after, answer_days
    ("督办 默认 default", "", 0, 2, 2, 2),
    ("督办 重要件 important cases", "important", 0, 1, 1, 1),
    ("督办 重大件 major cases", "major", 0, 1, 1, 1),
]


def forwards(apps: Any, schema_editor: Any) -> None:
    SupervisionPolicy = apps.get_model("cases", "SupervisionPolicy")
    for name, severity, remind, escalate, next_level, answer in POLICIES:
        SupervisionPolicy.objects.get_or_create(
            kind="",
            severity=severity,
            defaults={
                "name": name,
                "remind_after": remind,
                "escalate_after": escalate,
                "next_level_after": next_level,
                "answer_days": answer,
                "levels": 3,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_supervision")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
