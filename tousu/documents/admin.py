"""Admin: the centres' letterheads and Word templates are edited here; the number series and the
register of issued documents are read-only (numbers are allocated by issuing documents only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import docx
from .letter import Fields, Letter, Paragraph
from .letterhead import Heading
from .models import DocumentSeries, IssuedDocument, Letterhead, WordTemplate, word_document
from .qr import QRCode


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    # The unit is limited to the centres (the field's limit_choices_to, and Letterhead.clean).
    fields = ["unit", "heading", "address", "postcode", "phone", "seal", "footer"]
    list_display = ["heading", "unit", "phone", "has_seal"]
    search_fields = ["heading", "unit__name", "unit__code"]

    @admin.display(boolean=True, description=_("seal"))
    def has_seal(self, obj: Letterhead) -> bool:
        return bool(obj.seal)


def sample_letter() -> Letter:
    """A letter with sample values: a new Word template must render it."""
    return Letter(
        kind="transfer",
        title="转办函",
        number="〔2026〕转办第0001号",
        heading=Heading(name="××市12345政务服务便民热线中心", phone="12345"),
        on=date(2026, 3, 2),
        case_number="260300001",
        addressee="市住房和城乡建设局:",
        blocks=(Paragraph("示例"), Fields((("标题", "示例"),))),
        closing="特此函告。",
        qr=QRCode("https://example.invalid/portal/track/"),
        qr_caption="示例",
    )


class WordTemplateForm(forms.ModelForm):
    class Meta:
        model = WordTemplate
        fields = ["kind", "file", "note"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload is None or not hasattr(upload, "read"):
            return upload
        word_document(upload)  # before anything tries to open it
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        letter = sample_letter()
        assert letter.qr is not None
        try:
            docx.render_template(data, letter.context(), {"qr": (letter.qr.png, 2.5)})
        except docx.TemplateProblem as exc:
            raise forms.ValidationError(
                gettext("The template cannot be filled in: %(problem)s") % {"problem": exc}
            ) from exc
        return upload


@admin.register(WordTemplate)
class WordTemplateAdmin(admin.ModelAdmin):
    form = WordTemplateForm
    list_display = ["kind", "note", "uploaded_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(ReadOnlyAdmin):
    list_display = ["kind", "year", "last"]
    list_filter = ["kind", "year"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "case", "issued_at", "issued_by"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "case__number"]
    list_select_related = ["case", "issued_by"]
