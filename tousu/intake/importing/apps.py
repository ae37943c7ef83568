from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportingConfig(AppConfig):
    name = "tousu.intake.importing"
    label = "importing"
    verbose_name = _("Bulk import")

    def ready(self) -> None:
        from tousu.cases import rekey

        from .models import ImportJob

        # The key rotation seals the imports' rows and file names again too.
        rekey.register(rekey.SealedModel("bulk imports", ImportJob, ("file_name", "rows")))
