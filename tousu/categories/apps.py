from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CategoriesConfig(AppConfig):
    name = "tousu.categories"
    verbose_name = _("Case categories")
