# The higher platform's webhook (notify/webhooks.py): the channel `webhook`, the kind
# `platform_status`, and its text templates (the payload's `text`; the administrator edits them).
# Variables: number, external_id, verb, from_status, status.

from typing import Any

from django.db import migrations, models

TEXTS = {
    "zh-hans": "工单 {{ number }}(上级平台编号 {{ external_id }}):{{ verb }},状态 {{ status }}",
    "en": "Case {{ number }} (platform id {{ external_id }}): {{ verb }}, status {{ status }}",
}


def forwards(apps: Any, schema_editor: Any) -> None:
    Template = apps.get_model("notify", "Template")
    Template.objects.bulk_create(
        [
            Template(code="platform_status", channel="webhook", language=language, body=text)
            for language, text in TEXTS.items()
        ],
        ignore_conflicts=True,
    )


def backwards(apps: Any, schema_editor: Any) -> None:
    apps.get_model("notify", "Template").objects.filter(code="platform_status").delete()



class Migration(migrations.Migration):

    dependencies = [
        ('notify', '0006_citizen_email_and_wechat_templates'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('new_work', 'new work in your queue'), ('signoff_waiting', 'waiting for your sign-off'), ('extension_requested', 'extension requested'), ('result_to_review', 'result to review'), ('reminder', 'reminder'), ('escalation', 'escalation'), ('returned', 'case returned'), ('material_added', 'material added'), ('after_hours_case', 'case registered out of office hours'), ('digest', 'daily digest for leaders'), ('callback_due', 'callback due'), ('acknowledged', 'acknowledgement of receipt'), ('accepted', 'case accepted'), ('not_accepted', 'case not accepted'), ('replied', 'reply'), ('callback_request', 'callback request'), ('platform_status', 'status change for the higher platform')], max_length=32, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='outbox',
            name='channel',
            field=models.CharField(choices=[('in_app', 'in the workbench'), ('email', 'e-mail'), ('sms', 'SMS'), ('wechat', 'WeChat'), ('webhook', "the higher platform's webhook")], max_length=10, verbose_name='channel'),
        ),
        migrations.AlterField(
            model_name='outbox',
            name='kind',
            field=models.CharField(choices=[('new_work', 'new work in your queue'), ('signoff_waiting', 'waiting for your sign-off'), ('extension_requested', 'extension requested'), ('result_to_review', 'result to review'), ('reminder', 'reminder'), ('escalation', 'escalation'), ('returned', 'case returned'), ('material_added', 'material added'), ('after_hours_case', 'case registered out of office hours'), ('digest', 'daily digest for leaders'), ('callback_due', 'callback due'), ('acknowledged', 'acknowledgement of receipt'), ('accepted', 'case accepted'), ('not_accepted', 'case not accepted'), ('replied', 'reply'), ('callback_request', 'callback request'), ('platform_status', 'status change for the higher platform')], max_length=32, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='sentmessage',
            name='channel',
            field=models.CharField(choices=[('in_app', 'in the workbench'), ('email', 'e-mail'), ('sms', 'SMS'), ('wechat', 'WeChat'), ('webhook', "the higher platform's webhook")], max_length=10),
        ),
        migrations.AlterField(
            model_name='template',
            name='channel',
            field=models.CharField(choices=[('in_app', 'in the workbench'), ('email', 'e-mail'), ('sms', 'SMS'), ('wechat', 'WeChat'), ('webhook', "the higher platform's webhook")], max_length=10, verbose_name='channel'),
        ),
        migrations.AlterField(
            model_name='template',
            name='code',
            field=models.CharField(choices=[('new_work', 'new work in your queue'), ('signoff_waiting', 'waiting for your sign-off'), ('extension_requested', 'extension requested'), ('result_to_review', 'result to review'), ('reminder', 'reminder'), ('escalation', 'escalation'), ('returned', 'case returned'), ('material_added', 'material added'), ('after_hours_case', 'case registered out of office hours'), ('digest', 'daily digest for leaders'), ('callback_due', 'callback due'), ('acknowledged', 'acknowledgement of receipt'), ('accepted', 'case accepted'), ('not_accepted', 'case not accepted'), ('replied', 'reply'), ('callback_request', 'callback request'), ('platform_status', 'status change for the higher platform')], max_length=40, verbose_name='message'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
