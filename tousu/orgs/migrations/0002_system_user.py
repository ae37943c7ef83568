"""The `system` account: the actor of automatic reminders and escalations (催办/督办 by the
system). Inactive, with an unusable password: it can never log in or hold a token."""

from typing import Any

from django.conf import settings
from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from tousu.orgs.staff import ensure_system_user

    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    ensure_system_user(apps.get_model(app_label, model_name))


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
