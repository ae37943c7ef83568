"""A default scheme, so that every unit has a score from the start: the administrator changes it
(before a month is frozen with it) or copies it as a new version. docs/assessment.md."""

from datetime import date
from decimal import Decimal

from django.db import migrations

ITEMS = [
    # figure, points
    ("on_time_rate", "40"),
    ("satisfaction_rate", "60"),
]
DEDUCTIONS = [
    # basis, points per case, cap
    ("late_completed", "1", "10"),
    ("returned", "0.5", "5"),
    ("reworked", "1", "10"),
    ("upheld_complaint", "2", None),
    ("criticism", "5", None),
    ("warning", "10", None),
]


def forwards(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    Item = apps.get_model("assessment", "Item")
    Deduction = apps.get_model("assessment", "Deduction")
    if Scheme.objects.exists():
        return
    scheme = Scheme.objects.create(
        name="默认考核方案", valid_from=date(2000, 1, 1), base=Decimal("0"),
        note="按时办结率 40 分 + 满意率 60 分,扣分项见下。",
    )
    for figure, points in ITEMS:
        Item.objects.create(scheme=scheme, figure=figure, points=Decimal(points), when_empty="full")
    for basis, points, cap in DEDUCTIONS:
        Deduction.objects.create(
            scheme=scheme, basis=basis, points=Decimal(points),
            cap=Decimal(cap) if cap is not None else None,
        )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
