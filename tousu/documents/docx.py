"""Word documents (.docx): built in code with python-docx, or from the administrator's template
(docxtpl, rendered in a Jinja sandbox).

The building blocks here serve any document (a letter, a unit's letter, a report): an A4
`new_document` whose styles name the CJK font for East Asian text too — python-docx's `font.name`
sets only the Latin font (`w:ascii`/`w:hAnsi`), and Word would then show Chinese in whatever its
default East Asian font is; `set_font` sets `w:eastAsia` as well.

An administrator's template is a .docx with Jinja tags (`{{ title }}`, `{% for f in fields %}` …,
docxtpl's syntax). It is rendered in Jinja's `SandboxedEnvironment`, with autoescaping (text from
a case cannot break the document's XML), and its context holds plain values only — strings, lists,
dicts, and the images docxtpl places — so a template reaches nothing but the document's own data.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
RED = RGBColor(0xC0, 0x00, 0x00)


class TemplateProblem(Exception):
    """The administrator's template cannot be rendered (broken Jinja, a forbidden access)."""


def set_font(element: Any, name: str) -> None:
    """Set the font of a style or run for Latin and East Asian text alike."""
    element.font.name = name
    rpr = element.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def new_document(font: str = SERIF, size: float = 12) -> DocumentObject:
    """An empty A4 document (margins after GB/T 9704: 3.7 cm top, 2.8 left, 2.6 right) whose
    normal and table styles use `font`."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    set_font(normal, font)
    normal.font.size = Pt(size)
    for name in ("Table Grid", "Normal Table"):
        if name in [s.name for s in document.styles]:
            set_font(document.styles[name], font)
    return document


def add_text(
    document: DocumentObject | Any,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    font: str | None = None,
    align: str = "left",
    color: RGBColor | None = None,
    indent: bool = False,
    space_after: float = 0,
) -> Paragraph:
    """A paragraph of one run (line breaks kept); `document` may be a document, cell or footer."""
    paragraph = document.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:  # 首行缩进两字
        paragraph.paragraph_format.first_line_indent = Pt(2 * (size or 12))
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        set_font(run, font or SERIF)
        run.bold = bold
        if size is not None:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def rule(paragraph: Paragraph, color: str = "C00000", size: int = 12) -> None:
    """A line under the paragraph (the red line below a letter's head)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    ppr.append(borders)


def add_image(
    document: DocumentObject, data: bytes, *, width_cm: float, align: str = "right"
) -> Paragraph:
    """A PNG or JPEG image in a paragraph of its own."""
    paragraph = document.add_paragraph()
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.CENTER
    )
    paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(width_cm))
    return paragraph


def to_bytes(document: DocumentObject) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_template(
    template: bytes,
    context: Mapping[str, Any],
    images: Mapping[str, tuple[bytes, float]] | None = None,
) -> bytes:
    """The administrator's docxtpl template filled in with `context` (plain values) and `images`
    (name → (PNG/JPEG bytes, width in cm)), sandboxed. TemplateProblem if it cannot be."""
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    try:
        document = DocxTemplate(io.BytesIO(template))
        values = dict(context)
        for name, (data, width) in (images or {}).items():
            values[name] = InlineImage(document, io.BytesIO(data), width=Cm(width))
        document.render(values, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except TemplateError as exc:
        raise TemplateProblem(str(exc)) from exc
    except Exception as exc:  # not a Word document, a damaged one, a broken image
        raise TemplateProblem(f"{type(exc).__name__}: {exc}") from exc
    return out.getvalue()
