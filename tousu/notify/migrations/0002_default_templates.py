"""The default message templates, in Chinese and English (the administrator edits them), and the
fan-out's cursor at the latest event: a running centre is told of what happens from now on."""

from typing import Any

from django.db import migrations
from django.db.models import Max

IN_APP = {
    "new_work": (
        "新工单 {{ number }}:{{ title }}{% if due %},办理期限 {{ due }}{% endif %}",
        "New case {{ number }}: {{ title }}{% if due %}, due {{ due }}{% endif %}",
    ),
    "signoff_waiting": (
        "待签批 {{ number }}:{{ title }}",
        "Waiting for your sign-off: {{ number }}: {{ title }}",
    ),
    "extension_requested": (
        "延期申请 {{ number }}:{{ title }}(申请延期 {{ days }} 个工作日)",
        "Extension requested for {{ number }}: {{ title }} ({{ days }} working days)",
    ),
    "result_to_review": (
        "办结待审核 {{ number }}:{{ title }}",
        "Result to review: {{ number }}: {{ title }}",
    ),
    "reminder": (
        "催办 {{ number }}:{{ title }},请抓紧办理",
        "Reminder: {{ number }}: {{ title }} — please act on it",
    ),
    "escalation": (
        "督办 {{ number }}:{{ title }}{% if answer_due %},请于 {{ answer_due }} 前回复{% endif %}",
        "Escalation: {{ number }}: {{ title }}{% if answer_due %}, answer by {{ answer_due }}"
        "{% endif %}",
    ),
    "returned": (
        "退单 {{ number }}:{{ title }},请重新派单",
        "Returned: {{ number }}: {{ title }} — dispatch it again",
    ),
    "material_added": (
        "新增材料 {{ number }}:{{ title }}",
        "Material added to {{ number }}: {{ title }}",
    ),
}
EMAIL_FOOTER = ("\n\n请登录投诉工作台查看。", "\n\nPlease open the case in the Tousu workbench.")
SMS = {
    "acknowledged": (
        "【投诉中心】您的诉求已登记,编号 {{ number }},查询码 {{ tracking_code }}。",
        "[Complaints centre] Your matter is registered as {{ number }}; tracking code "
        "{{ tracking_code }}.",
    ),
    "accepted": (
        "【投诉中心】您的诉求 {{ number }} 已受理,我们将按时办理并答复您。",
        "[Complaints centre] Your matter {{ number }} is accepted; we will handle it and reply.",
    ),
    "not_accepted": (
        "【投诉中心】您的诉求 {{ number }} 不予受理,理由:{{ reason }}。",
        "[Complaints centre] Your matter {{ number }} is not accepted: {{ reason }}.",
    ),
    "replied": (
        "【投诉中心】您的诉求 {{ number }} 答复如下:{{ reply }}",
        "[Complaints centre] Our reply on {{ number }}: {{ reply }}",
    ),
    "callback_request": (
        "【投诉中心】我们就诉求 {{ number }} 回访时未能联系到您,方便时请来电告诉我们您对办理结果的意见。",
        "[Complaints centre] We could not reach you about {{ number }}; please call us to tell "
        "us what you think of how it was handled.",
    ),
}
LANGUAGES = ("zh-hans", "en")


def forwards(apps: Any, schema_editor: Any) -> None:
    Template = apps.get_model("notify", "Template")
    rows = []
    for code, texts in IN_APP.items():
        for language, text, footer in zip(LANGUAGES, texts, EMAIL_FOOTER, strict=True):
            rows.append(Template(code=code, channel="in_app", language=language, body=text))
            rows.append(
                Template(
                    code=code, channel="email", language=language, subject=text, body=text + footer
                )
            )
    for code, texts in SMS.items():
        for language, text in zip(LANGUAGES, texts, strict=True):
            rows.append(Template(code=code, channel="sms", language=language, body=text))
    Template.objects.bulk_create(rows, ignore_conflicts=True)
    CaseEvent = apps.get_model("cases", "CaseEvent")
    latest = CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0
    apps.get_model("notify", "Cursor").objects.get_or_create(
        name="fanout", defaults={"last_event_id": latest}
    )


def backwards(apps: Any, schema_editor: Any) -> None:
    apps.get_model("notify", "Template").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_notifications")]

    operations = [migrations.RunPython(forwards, backwards)]
