"""Default deadline policies (the contract's working-day periods) and the usual reasons."""

from django.db import migrations

POLICIES = [
    # name, kind, handle_days
    ("咨询 consultation", "consultation", 2),
    ("建议 suggestion", "suggestion", 10),
    ("求助 help", "help", 10),
    ("表扬 praise", "praise", 10),
    ("投诉 complaint", "complaint", 15),
    ("举报 report", "report", 15),
]
REASONS = [
    ("not_accepted", "out_of_scope", "不属于本中心受理范围"),
    ("not_accepted", "in_litigation", "已进入诉讼、仲裁、行政复议程序"),
    ("not_accepted", "already_handled", "已依法处理完毕且无新情况、新理由"),
    ("not_accepted", "no_substance", "无具体诉求或事实不清"),
    ("not_accepted", "duplicate", "重复投诉,已并入在办工单"),
    ("return", "not_our_duty", "不属于本单位职责范围"),
    ("return", "wrong_address", "地址不在本单位辖区"),
    ("return", "insufficient_information", "信息不全,无法办理"),
]


def forwards(apps, schema_editor):
    DeadlinePolicy = apps.get_model("cases", "DeadlinePolicy")
    Reason = apps.get_model("cases", "Reason")
    for name, kind, days in POLICIES:
        DeadlinePolicy.objects.get_or_create(
            kind=kind, category=None, severity="",
            defaults={"name": name, "accept_days": 1, "handle_days": days, "unit_days": 7,
                      "warn_days": 2},
        )
    for order, (kind, code, text) in enumerate(REASONS):
        Reason.objects.get_or_create(
            kind=kind, code=code, defaults={"text": text, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
