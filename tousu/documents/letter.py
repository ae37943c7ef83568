"""A letter's content, once, for both formats: the PDF (HTML template → WeasyPrint) and the Word
document (built in code, or the administrator's template).

A `Letter` is plain data — head, number, title, addressee, body blocks, closing, date, seal, QR
code — in the active language: the builders in `letters/` write its sentences with `gettext`,
the templates add the fixed labels with `{% translate %}`. Any document laid out as a letter
(a unit's letter, a notice) builds a `Letter` and gets both formats from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from . import docx
from .letterhead import Heading
from .pdf import html_to_pdf
from .qr import QRCode


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body (first line indented) / quote (a text given as written) / plain
    type: str = "paragraph"


@dataclass(frozen=True)
class Section:
    title: str
    type: str = "section"


@dataclass(frozen=True)
class Fields:
    """A two-column table: label, value (values keep their line breaks)."""

    rows: tuple[tuple[str, str], ...]
    type: str = "fields"


Block = Paragraph | Section | Fields


@dataclass(frozen=True)
class Letter:
    kind: str
    title: str
    number: str  # the document number 文号
    heading: Heading
    on: date  # the date of the letter (its first issue)
    case_number: str = ""
    addressee: str = ""
    blocks: tuple[Block, ...] = ()
    closing: str = ""  # 特此函告。
    qr: QRCode | None = None
    qr_caption: str = ""
    notes: tuple[str, ...] = ()  # small print at the end (contact, confidentiality)
    signature_lines: tuple[str, ...] = ()  # a form's "Received by ___ Date ___"
    template: str = "documents/letter.html"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def date_text(self) -> str:
        """2026年3月2日 (in Chinese; March 2, 2026 in English)."""
        return str(formats.date_format(self.on, "DATE_FORMAT"))

    def context(self) -> dict[str, Any]:
        """The letter as plain values: what an administrator's Word template reads."""
        h = self.heading
        return {
            "kind": self.kind,
            "title": self.title,
            "number": self.number,
            "case_number": self.case_number,
            "date": self.date_text,
            "addressee": self.addressee,
            "closing": self.closing,
            "heading": {
                "name": h.name,
                "address": h.address,
                "postcode": h.postcode,
                "phone": h.phone,
                "footer": h.footer,
            },
            "paragraphs": [b.text for b in self.blocks if isinstance(b, Paragraph)],
            "fields": [
                {"label": label, "value": value}
                for b in self.blocks
                if isinstance(b, Fields)
                for label, value in b.rows
            ],
            "blocks": [_plain(b) for b in self.blocks],
            "notes": list(self.notes),
            "qr_url": self.qr.url if self.qr else "",
            "qr_caption": self.qr_caption,
            **self.extra,
        }


def _plain(block: Block) -> dict[str, Any]:
    if isinstance(block, Fields):
        return {"type": "fields", "rows": [{"label": k, "value": v} for k, v in block.rows]}
    if isinstance(block, Section):
        return {"type": "section", "text": block.title}
    return {"type": block.style, "text": block.text}


def to_html(letter: Letter) -> str:
    return render_to_string(letter.template, {"letter": letter})


def to_pdf(letter: Letter) -> bytes:
    return html_to_pdf(to_html(letter))


def to_docx(letter: Letter, template: bytes | None = None) -> bytes:
    """The Word document: the administrator's template when there is one, else the built-in
    layout."""
    if template is not None:
        images: dict[str, tuple[bytes, float]] = {}
        if letter.heading.seal is not None:
            images["seal"] = (letter.heading.seal.data, 4.0)
        if letter.qr is not None:
            images["qr"] = (letter.qr.png, 2.5)
        return docx.render_template(template, letter.context(), images)
    return docx.to_bytes(_built(letter))


def _built(letter: Letter) -> Any:
    document = docx.new_document()
    h = letter.heading
    docx.add_text(document, h.name, size=22, bold=True, align="center", color=docx.RED)
    number = docx.add_text(document, letter.number, size=12, align="center", space_after=6)
    docx.rule(number)
    docx.add_text(document, letter.title, size=18, bold=True, align="center", space_after=12)
    if letter.addressee:
        docx.add_text(document, letter.addressee, size=14)
    for block in letter.blocks:
        if isinstance(block, Section):
            docx.add_text(document, block.title, size=14, bold=True, font=docx.SANS)
        elif isinstance(block, Fields):
            table = document.add_table(rows=0, cols=2)
            table.style = document.styles["Table Grid"]
            for label, value in block.rows:
                cells = table.add_row().cells
                cells[0].paragraphs[0].add_run(label).bold = True
                docx.set_font(cells[0].paragraphs[0].runs[0], docx.SANS)
                cells[1].paragraphs[0].text = ""
                first = True
                for line in value.split("\n"):
                    paragraph = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
                    docx.set_font(paragraph.add_run(line), docx.SERIF)
                    first = False
            document.add_paragraph()
        elif block.style == "quote":
            docx.add_text(document, block.text, size=14, indent=True)
        else:
            docx.add_text(document, block.text, size=14, indent=block.style == "body")
    if letter.closing:
        docx.add_text(document, letter.closing, size=14, indent=True)
    for line in letter.signature_lines:
        docx.add_text(document, line, size=12, space_after=6)
    document.add_paragraph()
    if h.seal is not None:
        docx.add_image(document, h.seal.data, width_cm=4.0)
    docx.add_text(document, h.name, size=14, align="right")
    docx.add_text(document, letter.date_text, size=14, align="right", space_after=12)
    if letter.qr is not None:
        docx.add_image(document, letter.qr.png, width_cm=2.5, align="center")
        docx.add_text(document, letter.qr_caption, size=10, align="center")
    for note in letter.notes:
        docx.add_text(document, note, size=10)
    if h.footer:
        footer = document.sections[0].footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = footer.add_run(h.footer)
        docx.set_font(run, docx.SERIF)
        run.font.size = Pt(9)
    return document
