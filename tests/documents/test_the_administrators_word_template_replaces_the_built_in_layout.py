"""The administrator may put a Word template (docxtpl: Jinja tags in a .docx) in place of the
built-in layout of a letter. It is checked when uploaded — a Word document, whose tags fill in —
and filled in a sandbox with the letter's plain values (nothing else is reachable from it)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.datastructures import MultiValueDict
from docx import Document

from tousu.documents.admin import WordTemplateForm
from tousu.documents.models import Letterhead, WordTemplate

from .conftest import MakeCase, Org, dispatched, docx_text, fetch, png
from .test_the_letterhead_and_seal_appear import HEADING

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _template(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _form(kind: str, data: bytes, name: str = "letter.docx") -> WordTemplateForm:
    return WordTemplateForm(
        data={"kind": kind, "note": ""},
        files=MultiValueDict({"file": [SimpleUploadedFile(name, data, content_type=DOCX_TYPE)]}),
    )


def test_the_uploaded_template_is_filled_in_with_the_letter(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    seal = png(30, 30)
    row = Letterhead(unit=org["centre"], heading=HEADING)
    row.seal.save("seal.png", ContentFile(seal), save=True)
    form = _form(
        "transfer",
        _template(
            "本地模板 {{ heading.name }}",
            "{{ number }} / {{ case_number }}",
            "{{ addressee }}",
            "{% for f in fields %}{{ f.label }}={{ f.value }};{% endfor %}",
            "{{ seal }}",
        ),
    )
    assert form.is_valid(), form.errors
    form.save()
    case = dispatched(org, make_case, title="电梯<故障>&维修")
    data = fetch(clerk, case, "transfer.docx")
    text = docx_text(data)
    assert text.startswith(
        f"本地模板{HEADING}〔2026〕转办第0001号/{case.number}市住房和城乡建设局："
    )
    assert "电梯<故障>&维修" in text  # escaped into the XML, read back as written
    assert "张三" not in text and "5678" not in text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")] == [
            seal
        ]
    # The other letters keep the built-in layout.
    assert "本地模板" not in docx_text(fetch(clerk, case, "registration.docx"))


def test_a_template_reaching_outside_its_values_is_refused() -> None:
    form = _form("transfer", _template("{{ title.__class__.__mro__ }}"))
    assert not form.is_valid()
    assert list(form.errors) == ["file"]
    assert WordTemplate.objects.count() == 0


def test_a_template_that_does_not_parse_is_refused() -> None:
    form = _form("reply", _template("{% for f in fields %}{{ f.label }"))
    assert not form.is_valid()
    assert list(form.errors) == ["file"]


def test_a_file_that_is_not_a_word_document_is_refused() -> None:
    form = _form("reply", b"%PDF-1.7 not a template", name="letter.docx")
    assert not form.is_valid()
    assert list(form.errors) == ["file"]
