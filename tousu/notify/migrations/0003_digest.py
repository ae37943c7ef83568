"""The `digest` kind and its default templates: the leaders' daily digest, in the workbench and
by e-mail, in Chinese and English (the administrator edits them). The variables are plain
numbers and strings and one list of {unit, count} (see tousu/notify/digest.py)."""

from typing import Any

from django.db import migrations, models

UNIT = (
    "{% if row.unit %}{{ row.unit }}{% else %}中心{% endif %}",
    "{% if row.unit %}{{ row.unit }}{% else %}the centre{% endif %}",
)
PERIOD = (
    "{{ since }}{% if since != until %}至{{ until }}{% endif %}",
    "{{ since }}{% if since != until %} to {{ until }}{% endif %}",
)
SUBJECT = ("每日简报 {{ date }}", "Daily digest {{ date }}")
IN_APP = (
    "每日简报 {{ date }}:" + PERIOD[0] + "受理 {{ intake }} 件;超期 {{ overdue }} 件"
    "{% if overdue_by_unit %}({% for row in overdue_by_unit %}" + UNIT[0] + " {{ row.count }}"
    "{% if not forloop.last %},{% endif %}{% endfor %}){% endif %};"
    "待签批 {{ signoffs }} 件;督办未回复 {{ escalations }} 件。",
    "Daily digest {{ date }}: {{ intake }} received (" + PERIOD[1] + "); {{ overdue }} overdue"
    "{% if overdue_by_unit %} ({% for row in overdue_by_unit %}" + UNIT[1] + " {{ row.count }}"
    "{% if not forloop.last %}, {% endif %}{% endfor %}){% endif %}; "
    "{{ signoffs }} waiting for sign-off; {{ escalations }} escalations awaiting an answer.",
)
EMAIL = (
    "每日简报 {{ date }}\n\n" + PERIOD[0] + "受理:{{ intake }} 件\n"
    "超期未办结:{{ overdue }} 件\n"
    "{% for row in overdue_by_unit %}  - " + UNIT[0] + ":{{ row.count }} 件\n{% endfor %}"
    "待签批:{{ signoffs }} 件\n"
    "督办未回复:{{ escalations }} 件\n\n"
    "请登录投诉工作台查看。",
    "Daily digest {{ date }}\n\n"
    "Received (" + PERIOD[1] + "): {{ intake }}\n"
    "Overdue: {{ overdue }}\n"
    "{% for row in overdue_by_unit %}  - " + UNIT[1] + ": {{ row.count }}\n{% endfor %}"
    "Waiting for sign-off: {{ signoffs }}\n"
    "Escalations awaiting an answer: {{ escalations }}\n\n"
    "Please open the Tousu workbench for the cases.",
)
LANGUAGES = ("zh-hans", "en")


def forwards(apps: Any, schema_editor: Any) -> None:
    Template = apps.get_model("notify", "Template")
    rows = []
    for i, language in enumerate(LANGUAGES):
        rows.append(Template(code="digest", channel="in_app", language=language, body=IN_APP[i]))
        rows.append(
            Template(
                code="digest",
                channel="email",
                language=language,
                subject=SUBJECT[i],
                body=EMAIL[i],
            )
        )
    Template.objects.bulk_create(rows, ignore_conflicts=True)


def backwards(apps: Any, schema_editor: Any) -> None:
    apps.get_model("notify", "Template").objects.filter(code="digest").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0002_default_templates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("new_work", "new work in your queue"),
                    ("signoff_waiting", "waiting for your sign-off"),
                    ("extension_requested", "extension requested"),
                    ("result_to_review", "result to review"),
                    ("reminder", "reminder"),
                    ("escalation", "escalation"),
                    ("returned", "case returned"),
                    ("material_added", "material added"),
                    ("digest", "daily digest for leaders"),
                    ("acknowledged", "acknowledgement of receipt"),
                    ("accepted", "case accepted"),
                    ("not_accepted", "case not accepted"),
                    ("replied", "reply"),
                    ("callback_request", "callback request"),
                ],
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="outbox",
            name="kind",
            field=models.CharField(
                choices=[
                    ("new_work", "new work in your queue"),
                    ("signoff_waiting", "waiting for your sign-off"),
                    ("extension_requested", "extension requested"),
                    ("result_to_review", "result to review"),
                    ("reminder", "reminder"),
                    ("escalation", "escalation"),
                    ("returned", "case returned"),
                    ("material_added", "material added"),
                    ("digest", "daily digest for leaders"),
                    ("acknowledged", "acknowledgement of receipt"),
                    ("accepted", "case accepted"),
                    ("not_accepted", "case not accepted"),
                    ("replied", "reply"),
                    ("callback_request", "callback request"),
                ],
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="template",
            name="code",
            field=models.CharField(
                choices=[
                    ("new_work", "new work in your queue"),
                    ("signoff_waiting", "waiting for your sign-off"),
                    ("extension_requested", "extension requested"),
                    ("result_to_review", "result to review"),
                    ("reminder", "reminder"),
                    ("escalation", "escalation"),
                    ("returned", "case returned"),
                    ("material_added", "material added"),
                    ("digest", "daily digest for leaders"),
                    ("acknowledged", "acknowledgement of receipt"),
                    ("accepted", "case accepted"),
                    ("not_accepted", "case not accepted"),
                    ("replied", "reply"),
                    ("callback_request", "callback request"),
                ],
                max_length=40,
                verbose_name="message",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
