"""QR codes (segno, pure Python) to the citizen's tracking page.

The code holds the page's address only: never the case's tracking code, never its query password
(the password is kept only as a hash; the citizen types both on the page)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class QRCode:
    url: str

    def _code(self) -> segno.QRCode:
        return segno.make(self.url, error="m", micro=False)

    @property
    def svg_uri(self) -> str:
        """For HTML/PDF: a vector image as a data: URI."""
        return str(self._code().svg_data_uri(scale=4, border=2, dark="#000", light="#fff"))

    @property
    def png(self) -> bytes:
        """For Word: a PNG image."""
        out = io.BytesIO()
        self._code().save(out, kind="png", scale=8, border=2)
        return out.getvalue()


def track_url(request_base: str = "") -> str:
    """The public tracking page's absolute address: under `TOUSU_PUBLIC_URL` when it is set (the
    address citizens reach Tousu at), else under the address of the request being answered."""
    base = (settings.TOUSU_PUBLIC_URL or request_base).rstrip("/")
    return base + reverse("portal:track")
