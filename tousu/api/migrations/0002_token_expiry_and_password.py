# Tokens expire and die with their user's password (see tousu/api/models.py).

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone
from django.utils.crypto import salted_hmac


def existing_tokens(apps, schema_editor):
    """Tokens issued before: the full default lifetime from now (not from their creation, which
    would cut off working integrations at the upgrade), bound to the current password."""
    ApiToken = apps.get_model("api", "ApiToken")
    expires_at = timezone.now() + timedelta(days=getattr(settings, "TOUSU_API_TOKEN_DAYS", 90))
    for row in ApiToken.objects.select_related("user"):
        row.expires_at = expires_at
        row.password_fingerprint = salted_hmac(
            "tousu.api.ApiToken.password_fingerprint", row.user.password, algorithm="sha256"
        ).hexdigest()
        row.save(update_fields=["expires_at", "password_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_fingerprint",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
