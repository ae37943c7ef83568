"""Official documents 公文: the centres' letterheads, the document number series, the register
of documents issued, and the Word templates the administrator may put in place of the built-in
ones (see docs/documents.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousu.lib.filetypes import sniff
from tousu.orgs.models import CENTRE_KINDS

from . import kinds

SEAL_TYPES = frozenset({"image/png", "image/jpeg"})
SEAL_MAX_BYTES = 2 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


def _head(value: File) -> bytes:
    """The first bytes of an uploaded or stored file (its position restored)."""
    value.seek(0)
    data = value.read(4096)
    value.seek(0)
    return data


def seal_image(value: File) -> None:
    """A seal is a PNG or JPEG image, recognised by its content; at most 2 MB."""
    if value.size is not None and value.size > SEAL_MAX_BYTES:
        raise ValidationError(gettext("The seal image must be at most 2 MB."), code="too_large")
    kind = sniff(_head(value))
    if kind is None or kind[0] not in SEAL_TYPES:
        raise ValidationError(gettext("The seal must be a PNG or JPEG image."), code="type")


def word_document(value: File) -> None:
    """A template is a Word document (.docx), recognised by its content; at most 5 MB."""
    if value.size is not None and value.size > TEMPLATE_MAX_BYTES:
        raise ValidationError(gettext("The template must be at most 5 MB."), code="too_large")
    value.seek(0)
    data = value.read()
    value.seek(0)
    kind = sniff(data)
    if kind is None or kind[0] != DOCX_TYPE:
        raise ValidationError(gettext("The template must be a Word document (.docx)."), code="type")


class Letterhead(models.Model):
    """What a centre's letters carry: its heading line, address, phone, seal and footer. A case's
    letters use the letterhead of its centre, or of the nearest centre above it that has one."""

    unit = models.OneToOneField(
        "orgs.Unit",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="letterhead",
        limit_choices_to={"kind__in": sorted(k.value for k in CENTRE_KINDS)},
    )
    heading = models.CharField(
        _("heading"),
        max_length=100,
        help_text=_("The issuing centre's name at the head of every letter and above its seal."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    seal = models.FileField(
        _("seal"),
        upload_to="letterheads/",
        blank=True,
        validators=[seal_image],
        help_text=_("A PNG or JPEG image of the seal, ideally with a transparent background."),
    )
    footer = models.TextField(_("footer"), blank=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return self.heading

    def clean(self) -> None:
        super().clean()
        if self.unit_id is not None and self.unit.kind not in CENTRE_KINDS:
            raise ValidationError({"unit": gettext("Only a centre has a letterhead.")})


class DocumentSeries(models.Model):
    """The running number of one kind of document in one year (〔2026〕转办第0001号)."""

    kind = models.CharField(_("kind of document"), max_length=32)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("document number series")
        verbose_name_plural = _("document number series")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="document_series_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class IssuedDocument(models.Model):
    """One document issued, with its number: the register 发文登记. A case letter is issued once
    per case, kind and basis (the transfer, escalation or event it is about): downloading it again
    shows the same number."""

    kind = models.CharField(_("kind of document"), max_length=32)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("document number"), max_length=64)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issued_documents",
    )
    # What the document's content rests on, e.g. "assignment:12" (a transfer letter is about one
    # transfer), "escalation:3", "event:45"; empty when there is one such document per case.
    basis = models.CharField(_("basis"), max_length=64, blank=True, default="")
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"], name="issued_document_number_once"
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "basis"],
                condition=Q(case__isnull=False),
                name="issued_document_once_per_case",
            ),
            models.UniqueConstraint(
                fields=["kind", "basis"],
                condition=Q(case__isnull=True) & ~Q(basis=""),
                name="issued_document_once_per_basis",
            ),
        ]
        indexes = [models.Index(fields=["case", "kind"], name="issued_document_case")]

    def __str__(self) -> str:
        return self.number


class WordTemplate(models.Model):
    """The administrator's own Word template for one kind of document (docxtpl: Jinja tags in a
    .docx); without one, the built-in layout is generated."""

    kind = models.CharField(
        _("kind of document"), max_length=32, unique=True, choices=kinds.choices
    )
    file = models.FileField(
        _("template"), upload_to="document-templates/", validators=[word_document]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("Word template")
        verbose_name_plural = _("Word templates")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.kind
