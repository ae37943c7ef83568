"""The complainant's messages by e-mail and WeChat (a citizen answered on their own channel,
`notify/citizen.py`), in Chinese and English; the administrator edits them. The e-mail subjects
carry the case number in brackets: a citizen's reply keeps it, and the e-mail channel files the
reply with its case."""

from typing import Any

from django.db import migrations

SIGNATURE = ("\n\n投诉中心(本邮件由系统发出)", "\n\nComplaints centre (sent automatically)")
EMAIL = {
    "acknowledged": (
        (
            "[{{ number }}] 您的诉求已登记",
            "您好:\n\n您的诉求已登记,编号 {{ number }},查询码 {{ tracking_code }}。"
            "我们将在规定时限内办理并答复您。\n\n"
            "如需补充材料,请直接回复本邮件,并保留主题中的编号。",
        ),
        (
            "[{{ number }}] Your matter is registered",
            "Hello,\n\nYour matter is registered as {{ number }}; tracking code "
            "{{ tracking_code }}. We will handle it in the time set and reply to you.\n\n"
            "To add material, reply to this e-mail and keep the number in the subject.",
        ),
    ),
    "accepted": (
        (
            "[{{ number }}] 您的诉求已受理",
            "您好:\n\n您的诉求 {{ number }} 已受理,我们将按时办理并答复您。",
        ),
        (
            "[{{ number }}] Your matter is accepted",
            "Hello,\n\nYour matter {{ number }} is accepted; we will handle it and reply.",
        ),
    ),
    "not_accepted": (
        (
            "[{{ number }}] 您的诉求不予受理",
            "您好:\n\n您的诉求 {{ number }} 不予受理,理由:{{ reason }}。",
        ),
        (
            "[{{ number }}] Your matter is not accepted",
            "Hello,\n\nYour matter {{ number }} is not accepted: {{ reason }}.",
        ),
    ),
    "replied": (
        (
            "[{{ number }}] 对您诉求的答复",
            "您好:\n\n关于您的诉求 {{ number }},答复如下:\n\n{{ reply }}",
        ),
        (
            "[{{ number }}] Our reply",
            "Hello,\n\nOur reply on your matter {{ number }}:\n\n{{ reply }}",
        ),
    ),
    "callback_request": (
        (
            "[{{ number }}] 请与我们联系",
            "您好:\n\n我们就诉求 {{ number }} 回访时未能联系到您。方便时请来电或回复本邮件,"
            "告诉我们您对办理结果的意见。",
        ),
        (
            "[{{ number }}] Please get in touch",
            "Hello,\n\nWe could not reach you about {{ number }}. Please call us or reply to this "
            "e-mail to tell us what you think of how it was handled.",
        ),
    ),
}
WECHAT = {
    "acknowledged": (
        "您的诉求已登记,编号 {{ number }},查询码 {{ tracking_code }}。",
        "Your matter is registered as {{ number }}; tracking code {{ tracking_code }}.",
    ),
    "accepted": (
        "您的诉求 {{ number }} 已受理,我们将按时办理并答复您。",
        "Your matter {{ number }} is accepted; we will handle it and reply.",
    ),
    "not_accepted": (
        "您的诉求 {{ number }} 不予受理,理由:{{ reason }}。",
        "Your matter {{ number }} is not accepted: {{ reason }}.",
    ),
    "replied": (
        "您的诉求 {{ number }} 答复如下:{{ reply }}",
        "Our reply on {{ number }}: {{ reply }}",
    ),
    "callback_request": (
        "我们就诉求 {{ number }} 回访时未能联系到您,方便时请告诉我们您对办理结果的意见。",
        "We could not reach you about {{ number }}; please tell us what you think of how it "
        "was handled.",
    ),
}
LANGUAGES = ("zh-hans", "en")


def forwards(apps: Any, schema_editor: Any) -> None:
    Template = apps.get_model("notify", "Template")
    rows = []
    for code, texts in EMAIL.items():
        for language, (subject, body), signature in zip(LANGUAGES, texts, SIGNATURE, strict=True):
            rows.append(
                Template(
                    code=code,
                    channel="email",
                    language=language,
                    subject=subject,
                    body=body + signature,
                )
            )
    for code, texts in WECHAT.items():
        for language, text in zip(LANGUAGES, texts, strict=True):
            rows.append(Template(code=code, channel="wechat", language=language, body=text))
    # Rows an administrator (or another migration) made already are kept as they are.
    Template.objects.bulk_create(rows, ignore_conflicts=True)


def backwards(apps: Any, schema_editor: Any) -> None:
    apps.get_model("notify", "Template").objects.filter(
        code__in=list(EMAIL), channel__in=["email", "wechat"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notify", "0005_callback_due")]

    operations = [migrations.RunPython(forwards, backwards)]
