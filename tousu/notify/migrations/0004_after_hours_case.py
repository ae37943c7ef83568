"""The `after_hours_case` kind and its default templates: a case registered out of office hours,
told to the duty clerks on shift (值班), in the workbench and by e-mail, in Chinese and English
(the administrator edits them). Variables: `number`, `title`."""

from typing import Any

from django.db import migrations, models

TEXTS = (
    "非工作时间新登记 {{ number }}:{{ title }},请值班人员及时处理",
    "Registered out of office hours: {{ number }}: {{ title }} — for the duty clerk",
)
EMAIL_FOOTER = ("\n\n请登录投诉工作台查看。", "\n\nPlease open the case in the Tousu workbench.")
LANGUAGES = ("zh-hans", "en")


def forwards(apps: Any, schema_editor: Any) -> None:
    Template = apps.get_model("notify", "Template")
    rows = []
    for language, text, footer in zip(LANGUAGES, TEXTS, EMAIL_FOOTER, strict=True):
        rows.append(
            Template(code="after_hours_case", channel="in_app", language=language, body=text)
        )
        rows.append(
            Template(
                code="after_hours_case",
                channel="email",
                language=language,
                subject=text,
                body=text + footer,
            )
        )
    Template.objects.bulk_create(rows, ignore_conflicts=True)


def backwards(apps: Any, schema_editor: Any) -> None:
    apps.get_model("notify", "Template").objects.filter(code="after_hours_case").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0003_digest"),
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
                    ("after_hours_case", "case registered out of office hours"),
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
                    ("after_hours_case", "case registered out of office hours"),
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
                    ("after_hours_case", "case registered out of office hours"),
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
