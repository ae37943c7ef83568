"""HTML → PDF with WeasyPrint: A4, the system's Noto CJK fonts, and nothing fetched.

Any Django template renders to a PDF (`render_pdf`); a letter, a unit's letter or a monthly report
alike. Images travel inside the HTML as data: URIs (`data_uri`); the fetcher refuses every other
URL — http(s), file, ftp — so a document never reaches the network or the disk, whatever text a
case brings into it (the template escapes that text anyway). Fonts come from fontconfig
(fonts-noto-cjk): "Noto Serif CJK SC" for the text, "Noto Sans CJK SC" for headings and tables
(`documents/base.css`, which every document template includes).

WeasyPrint is imported on first use: it takes about a second to import, which a process that
never renders a PDF should not pay.
"""

from __future__ import annotations

import base64
import ssl
from typing import Any

from django.template.loader import render_to_string

PDF_TYPE = "application/pdf"
ALLOWED_PROTOCOLS = frozenset({"data"})


def data_uri(data: bytes, content_type: str) -> str:
    """An image (or any resource) inside the document itself."""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    # data: only. Everything else is refused before any connection is attempted (the TLS
    # context is a bare one: no https request is ever made, and loading the system's
    # certificates for each document would cost more than the rest of a letter's setup).
    return URLFetcher(
        allowed_protocols=ALLOWED_PROTOCOLS,
        timeout=1,
        allow_redirects=False,
        ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT),
    )


def html_to_pdf(html: str) -> bytes:
    """A PDF of this HTML (A4 unless its CSS says otherwise)."""
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template (in the active language) and make it a PDF."""
    return html_to_pdf(render_to_string(template_name, context))
