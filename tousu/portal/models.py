"""What the portal keeps of its own: the privacy notice the citizen consents to (and who consented
to which version), plain words that lead to a category, and the failed tries of the track page."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PrivacyNotice(models.Model):
    """个人信息保护法: what the centre does with the personal data a citizen gives, shown on the
    form; submitting needs consent to it. One row, edited by the administrator; every change is
    a new version, and each case records the version its citizen consented to."""

    text_zh_hans = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notice")

    def __str__(self) -> str:
        return str(_("Privacy notice, version %(version)s") % {"version": self.version})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            self.version = F("version") + 1
        super().save(*args, **kwargs)
        if self.pk is not None:
            self.refresh_from_db(fields=["version"])

    def text(self) -> str:
        """In the language of the request: Chinese unless English is asked for."""
        language = (get_language() or "zh-hans").lower()
        return self.text_en if language.startswith("en") else self.text_zh_hans


def current_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.order_by("pk").first()


class Consent(models.Model):
    """The citizen who submitted this case consented to this version of the privacy notice."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    notice_version = models.PositiveIntegerField(_("privacy notice version"))
    at = models.DateTimeField(_("consented at"))

    class Meta:
        verbose_name = _("consent to the privacy notice")
        verbose_name_plural = _("consents to the privacy notice")

    def __str__(self) -> str:
        return f"{self.case_id}: v{self.notice_version}"


class CategoryWords(models.Model):
    """The words citizens use for a category (电梯, 漏水, 噪音…): the category finder matches them
    as well as the category's name and its parents' names."""

    category = models.OneToOneField(
        "categories.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="portal_words",
    )
    words = models.TextField(
        _("words citizens use"), help_text=_("separated by spaces, commas or new lines")
    )

    class Meta:
        verbose_name = _("words for a category")
        verbose_name_plural = _("words for categories")

    def __str__(self) -> str:
        return str(self.category)
