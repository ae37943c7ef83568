"""The `callback_due` kind (回访到期) and its default templates: a replied case entering its
callback's warning window, told to the centre's callback staff, in the workbench and by e-mail,
in Chinese and English (the administrator edits them). Variables: `number`, `title`, `due` (the
callback's date). An overdue callback is a `reminder` (催办), whose templates exist already."""

from typing import Any

from django.db import migrations, models

TEXTS = (
    "回访到期 {{ number }}:{{ title }}{% if due %},请于 {{ due }} 前完成回访{% endif %}",
    "Callback due: {{ number }}: {{ title }}{% if due %} — call back by {{ due }}{% endif %}",
)
EMAIL_FOOTER = ("\n\n请登录投诉工作台查看。", "\n\nPlease open the case in the Tousu workbench.")
LANGUAGES = ("zh-hans", "en")


def forwards(apps: Any, schema_editor: Any) -> None:
    Template = apps.get_model("notify", "Template")
    rows = []
    for language, text, footer in zip(LANGUAGES, TEXTS, EMAIL_FOOTER, strict=True):
        rows.append(Template(code="callback_due", channel="in_app", language=language, body=text))
        rows.append(
            Template(
                code="callback_due",
                channel="email",
                language=language,
                subject=text,
                body=text + footer,
            )
        )
    Template.objects.bulk_create(rows, ignore_conflicts=True)


def backwards(apps: Any, schema_editor: Any) -> None:
    apps.get_model("notify", "Template").objects.filter(code="callback_due").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0004_after_hours_case"),
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
                    ("callback_due", "callback due"),
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
                    ("callback_due", "callback due"),
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
                    ("callback_due", "callback due"),
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
