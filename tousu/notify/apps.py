from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "tousu.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import rekey  # the models are loaded now

        rekey.register()  # the key rotation reseals the outbox's addresses too
        from . import retention

        retention.register()  # a purge for retention empties the case's messages too
