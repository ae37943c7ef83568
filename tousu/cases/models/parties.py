"""Who complains, about whom, asking what — and the files they bring."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.lib import crypto
from tousu.lib.fields import EncryptedTextField

from .case import Case
from .choices import Gender, OfficialRank, RespondentType, SpecialIdentity

_ROW = ("case_id", "position")


class Complainant(models.Model):  # 诉求人
    """Personal fields are encrypted at rest; name and phone also get a blind index for search."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="complainants"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    is_representative = models.BooleanField(_("representative"), default=False)  # 代表人
    # Sealed for this row: a ciphertext copied to another complainant or field does not open.
    # The row is (case, position) — unique together, known before the INSERT, never changed.
    name = EncryptedTextField(_("name"), blank=True, bound_to=_ROW)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True, bound_to=_ROW)
    phone = EncryptedTextField(_("phone"), blank=True, bound_to=_ROW)
    address = EncryptedTextField(_("address"), blank=True, bound_to=_ROW)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    special_identity = models.CharField(
        _("special identity"), max_length=16, choices=SpecialIdentity.choices, blank=True
    )
    name_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="complainant_position"),
        ]

    def __str__(self) -> str:
        return f"#{self.position}"

    def refresh_indexes(self) -> None:
        self.name_index = crypto.blind_index(self.name or "")
        self.phone_index = crypto.blind_index(self.phone or "")


class Respondent(models.Model):  # 被投诉(举报)对象
    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="respondent"
    )
    type = models.CharField(
        _("type"),
        max_length=12,
        choices=RespondentType.choices,
        default=RespondentType.ORGANISATION,
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    official_rank = models.CharField(
        _("official rank"), max_length=8, choices=OfficialRank.choices, blank=True
    )

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")

    def __str__(self) -> str:
        return self.name


class Demand(models.Model):  # 诉求 (numbered)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="demands"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("demand"))

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="demand_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:40]}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is random (`attachments.attach` picks it): never the client's name, and
    # not the content hash either — the same file uploaded twice is two files under two keys.
    return f"attachments/{filename[:2]}/{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    # The file's own key, sealed by the data key for this case and this stored file.
    file_key = EncryptedTextField(editable=False, default="", bound_to=("case_id", "file"))
    # The name the file came with ("张三身份证.pdf") says whose it is: sealed like the file key.
    original_name = EncryptedTextField(_("file name"), bound_to=("case_id", "file"))
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    # Reveals the complainant (a signed letter, an ID scan): hidden from units until disclosed.
    confidential = models.BooleanField(_("confidential"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.original_name
